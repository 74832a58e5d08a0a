import { encodeFunctionData } from 'viem'
import type { AddressHex, Hex } from '../../../chain/types.js'
import type { MarketModel } from '../../MarketModel.js'
import type { MarketRun, MarketRunModel } from '../../MarketRun.js'
import { ModelFailure } from '../../ModelFailure.js'
import { ZERO_ADDRESS } from '../../types.js'
import type { ReentryMode } from './HostileAction.js'
import type { ReentryCounters } from './HostileStep.js'

/** What the malicious receiver does when paid, on chain (`setBehaviour`'s arguments) and in the model. */
export type ReceiverBehaviour = {
  to: AddressHex
  data: Hex
  bubble: boolean
  refuse: boolean
  /** The model's side of the re-entry, counting it; undefined when the receiver does nothing. */
  model: ((counters: ReentryCounters) => void) | undefined
  /** Profiles whose collateral the re-entry may move. */
  movers: bigint[]
  /** The re-entry is a keeper's call, which may change other users' state. */
  keeperLike: boolean
}

/** The receiver's re-entry counters on chain (zero without a receiver). */
export async function receiverCounters(r: MarketRun): Promise<ReentryCounters> {
  const receiver = r.hostile?.receiver
  if (receiver === undefined) return { attempts: 0n, successes: 0n }
  const read = (functionName: string) =>
    r.sim.chain.call({ address: receiver.address, abi: receiver.abi, functionName } as never) as Promise<bigint>
  return { attempts: await read('reentryAttempts'), successes: await read('reentrySuccesses') }
}

/** The call the receiver makes when paid, and what the model does for it. */
export function receiverBehaviour(
  m: MarketRunModel,
  r: MarketRun,
  mode: ReentryMode,
  tokenId: bigint,
  amountWei: bigint,
  hostileTokens: readonly bigint[],
): ReceiverBehaviour {
  const c = r.sim.contracts
  const receiver = r.hostile?.receiver?.address as AddressHex
  const model: MarketModel = m.model
  const none: ReceiverBehaviour = {
    to: ZERO_ADDRESS,
    data: '0x',
    bubble: false,
    refuse: false,
    model: undefined,
    movers: [],
    keeperLike: false,
  }
  const nested = (bubble: boolean, op: () => unknown) => (counters: ReentryCounters) => {
    counters.attempts += 1n
    try {
      model.transaction(op)
      counters.successes += 1n
    } catch (error) {
      if (!(error instanceof ModelFailure) || bubble) throw error
    }
  }
  const reenter = (to: AddressHex, data: Hex, op: () => unknown): ReceiverBehaviour => ({
    ...none,
    to,
    data,
    bubble: mode.kind !== 'none' && mode.kind !== 'refuse' && mode.bubble,
    model: nested(mode.kind !== 'none' && mode.kind !== 'refuse' && mode.bubble, op),
  })
  switch (mode.kind) {
    case 'none':
      return none
    case 'refuse':
      return { ...none, refuse: true, model: () => model.forbidden('MaliciousReceiverRefused', {}) }
    case 'withdrawAgain':
      return reenter(
        c.profile.address,
        encodeFunctionData({ abi: c.profile.abi, functionName: 'withdrawCollateral', args: [tokenId, amountWei] }),
        () => model.withdrawCollateral({ from: receiver, tokenId, amountWei }),
      )
    case 'addCollateral':
      return reenter(
        c.profile.address,
        encodeFunctionData({ abi: c.profile.abi, functionName: 'addCollateral', args: [tokenId] }),
        () => model.addCollateral({ from: receiver, tokenId, valueWei: 0n }),
      )
    case 'withdrawVictim': {
      const victims = m.users.map((u) => u.tokenId).filter((id) => !hostileTokens.includes(id))
      const index = mode.victim.kind === 'victim' ? mode.victim.index : 0
      const victim = victims.length === 0 ? 1n : (victims[index % victims.length] as bigint)
      return reenter(
        c.profile.address,
        encodeFunctionData({ abi: c.profile.abi, functionName: 'withdrawCollateral', args: [victim, 1n] }),
        () => model.withdrawCollateral({ from: receiver, tokenId: victim, amountWei: 1n }),
      )
    }
    case 'processBuffer':
      return {
        ...reenter(
          c.market.address,
          encodeFunctionData({ abi: c.market.abi, functionName: 'processBuffer', args: [mode.maxItems] }),
          () => model.processBuffer(mode.maxItems),
        ),
        keeperLike: true,
      }
    case 'commit': {
      const interval = model.currentInterval
      const { energyWh, side, limitPriceWeiPerKWh } = mode
      return reenter(
        c.pool.address,
        encodeFunctionData({
          abi: c.pool.abi,
          functionName: 'commit',
          args: [tokenId, interval, energyWh, side === 'production' ? 0 : 1, limitPriceWeiPerKWh],
        }),
        () => model.commit({ from: receiver, tokenId, interval, energyWh, side, limitPriceWeiPerKWh }),
      )
    }
  }
}
