import { encodeFunctionData } from 'viem'
import type { AddressHex } from '../../../chain/types.js'
import type { MaliciousReceiver } from '../../deployMaliciousReceiver.js'
import { both, resolveInterval } from '../helpers.js'
import type { HostileAction, ReentryMode, Sender } from './HostileAction.js'
import { type HostileContext, type HostileEntries, type HostileStep, hostileCall } from './HostileStep.js'
import { receiverBehaviour, receiverCounters } from './receiverReentry.js'

/** Its own profiles, legitimately but at the edges, and the receiver's withdrawals that re-enter. */
export const ownProfileActions: HostileEntries<
  'register' | 'fundReceiver' | 'ownDeposit' | 'ownTransfer' | 'ownCommit' | 'ownWithdrawCollateral'
> = {
  register: (action, { contracts: c, model, senderAddress }) => ({
    sender: action.sender,
    call: hostileCall(
      `register(${action.valueWei}${action.inPool ? ', in pool' : ''})`,
      c.profile,
      action.inPool ? 'registerUserInPool' : 'registerUser',
      [7, 4],
      action.valueWei,
    ),
    predict: () =>
      model.registerUser({
        from: senderAddress(action.sender),
        valueWei: action.valueWei,
        location: 7,
        energyType: 4,
        inPool: action.inPool,
      }),
    created: (id) => [id as bigint],
  }),
  fundReceiver: (action, { model, hostile }) => {
    const receiver = hostile.receiver as MaliciousReceiver
    // `execute` is payable: the value stays with the receiver, its `receive` does not run.
    return {
      call: hostileCall(
        `fundReceiver(${action.valueWei})`,
        receiver,
        'execute',
        [hostile.address, '0x', 0n],
        action.valueWei,
      ),
      predict: () => model.transfer({ from: hostile.address, to: receiver.address, valueWei: action.valueWei }),
    }
  },
  ownDeposit: (action, h) => {
    const id = h.token(action.token)
    const sender = senderOf(h, h.model.controllerOf(id))
    const me = h.senderAddress(sender)
    return {
      sender,
      call: hostileCall(`safeTransferFrom(self, pool, ${id})`, h.contracts.profile, 'safeTransferFrom', [
        me,
        h.contracts.pool.address,
        id,
      ]),
      predict: () =>
        h.model.transferFrom({ sender: me, from: me, to: h.contracts.pool.address, tokenId: id, safe: true }),
      ownership: [id],
    }
  },
  ownTransfer: (action, h) => {
    // Between the hostile EOA and its receiver, both ways.
    const id = h.token(action.token)
    const sender = senderOf(h, h.model.profile(id)?.owner)
    const me = h.senderAddress(sender)
    const to =
      sender === 'receiver' ? h.hostile.address : ((h.hostile.receiver?.address ?? h.hostile.address) as AddressHex)
    const functionName = action.safe ? 'safeTransferFrom' : 'transferFrom'
    return {
      sender,
      call: hostileCall(`${functionName}(self, ${to}, ${id})`, h.contracts.profile, functionName, [me, to, id]),
      predict: () =>
        h.model.transferFrom({
          sender: me,
          from: me,
          to,
          tokenId: id,
          safe: action.safe,
          recipientIsContract: to !== h.hostile.address,
          acceptsTokens: true,
        }),
      ownership: [id],
    }
  },
  ownCommit: (action, h) => {
    const id = h.token(action.token)
    const sender = senderOf(h, h.model.controllerOf(id))
    const interval = resolveInterval(h.model, action.target)
    const { energyWh, side, limitPriceWeiPerKWh } = action
    return {
      sender,
      call: hostileCall(
        `commit(own ${id}, ${interval}, ${energyWh} Wh, ${side}, limit ${limitPriceWeiPerKWh})`,
        h.contracts.pool,
        'commit',
        [id, interval, energyWh, side === 'production' ? 0 : 1, limitPriceWeiPerKWh],
      ),
      predict: () =>
        h.model.commit({ from: h.senderAddress(sender), tokenId: id, interval, energyWh, side, limitPriceWeiPerKWh }),
      commits: true,
    }
  },
  ownWithdrawCollateral: (action, h) => withdrawThroughReceiver(action, h),
}

/** Who sends for a profile of the hostile account: its receiver when the receiver controls it, else the EOA. */
function senderOf(h: HostileContext, controller: AddressHex | undefined): Sender {
  const who = controller ?? h.hostile.address
  return who.toLowerCase() === h.hostile.receiver?.address.toLowerCase() ? 'receiver' : 'eoa'
}

/**
 * The receiver withdraws its own collateral and re-enters (or refuses) when paid: it registers a
 * profile first if it has none, and is told its behaviour in a transaction of its own.
 */
async function withdrawThroughReceiver(
  action: Extract<HostileAction, { kind: 'ownWithdrawCollateral' }>,
  h: HostileContext,
): Promise<HostileStep> {
  const { model, contracts: c, r } = h
  const receiver = h.hostile.receiver as MaliciousReceiver
  const setupChanged = model.profilesControlledBy(receiver.address).length === 0
  if (setupChanged) await registerReceiverProfile(h, receiver)
  const receiverTokens = model.profilesControlledBy(receiver.address)
  const id = receiverTokens[(action.token.kind === 'own' ? action.token.index : 0) % receiverTokens.length] as bigint
  const p = model.profile(id)
  const amountWei =
    action.amountWei === 'available' ? (p === undefined ? 1n : p.collateralWei - p.lockedWei) : action.amountWei
  const behaviour = receiverBehaviour(h.m, r, action.reentry, id, amountWei, h.hostileTokens)
  // The behaviour is set first, in its own transaction that cannot fail.
  await r.sim.chain.sendTransaction({
    from: h.hostile.address,
    to: receiver.address,
    data: encodeFunctionData({
      abi: receiver.abi,
      functionName: 'setBehaviour',
      args: [behaviour.to, behaviour.data, behaviour.bubble, behaviour.refuse],
    } as never),
  })
  const before = await receiverCounters(r)
  const predicted = { attempts: 0n, successes: 0n }
  return {
    sender: 'receiver',
    call: hostileCall(
      `withdrawCollateral(own ${id}, ${amountWei}) with ${describeReentry(action.reentry)}`,
      c.profile,
      'withdrawCollateral',
      [id, amountWei],
    ),
    predict: () => {
      predicted.attempts = 0n
      predicted.successes = 0n
      const hook = behaviour.model
      return model.withdrawCollateral({
        from: receiver.address,
        tokenId: id,
        amountWei,
        onReceive: hook === undefined ? undefined : () => hook(predicted),
      })
    },
    valueMovers: [id, ...behaviour.movers],
    keeperLike: behaviour.keeperLike,
    observeIntervals: true,
    setupChanged,
    reentry: { before, predicted },
  }
}

/** The receiver registers a profile of its own, with ETH the hostile EOA sends along. */
async function registerReceiverProfile(h: HostileContext, receiver: MaliciousReceiver): Promise<void> {
  const { model, contracts: c, hostile } = h
  const valueWei = 10n ** 6n
  const data = encodeFunctionData({ abi: c.profile.abi, functionName: 'registerUserInPool', args: [9, 4] })
  await both(
    `${h.describe()} (the receiver registers a profile first)`,
    () =>
      model.transaction(() => {
        model.transfer({ from: hostile.address, to: receiver.address, valueWei })
        return model.registerUser({ from: receiver.address, valueWei, location: 9, energyType: 4, inPool: true })
      }),
    () =>
      h.r.sim.chain.sendTransaction({
        from: hostile.address,
        to: receiver.address,
        value: valueWei,
        data: encodeFunctionData({
          abi: receiver.abi,
          functionName: 'execute',
          args: [c.profile.address, data, valueWei],
        } as never),
      }),
  )
}

function describeReentry(mode: ReentryMode): string {
  return mode.kind === 'none' ? 'no re-entry' : `re-entry ${mode.kind}`
}
