import type { Abi } from 'abitype'
import { encodeFunctionData } from 'viem'
import type { AddressHex, Hex } from '../../../chain/types.js'
import type { DemSimulator } from '../../../market/DemSimulator.js'
import type { MarketModel } from '../../MarketModel.js'
import type { HostileAccount, MarketRun, MarketRunModel } from '../../MarketRun.js'
import type { HostileAction, Sender, TokenTarget } from './HostileAction.js'

/** The one transaction a hostile action sends (through the receiver's `execute` when its sender is the receiver). */
export type HostileCall = { to: AddressHex; data: Hex; valueWei: bigint; label: string }

/** The receiver's re-entry counters: calls it attempted when paid, and those that succeeded. */
export type ReentryCounters = { attempts: bigint; successes: bigint }

/**
 * One entry of the hostile table, built for the state the command runs in: the call, the model's
 * prediction of it, and what it may move besides the hostile account's own profiles.
 */
export type HostileStep = {
  /** Who sends the call. Default the hostile EOA. */
  sender?: Sender
  call: HostileCall
  /** The model's prediction: a model transaction that fails as the call must, or returns its result. */
  predict: () => unknown
  /** Profiles whose ownership, depositor or approval may change. */
  ownership?: readonly bigint[]
  /** Profiles whose collateral may move. */
  valueMovers?: readonly bigint[]
  /** Profiles the call creates, from the predicted result: they may change in every way. */
  created?: (predicted: unknown) => readonly bigint[]
  /** Profiles whose collateral may have moved, as the model stands after the call (a settlement's book). */
  moversAfter?: () => readonly bigint[]
  /** Intervals a raw keeper call worked on: how far it got comes from its events. */
  progressIntervals?: readonly number[]
  /** A call anyone may make (a keeper's): it may change other users' state. */
  keeperLike?: boolean
  /** Observe every interval the model knows after it. */
  observeIntervals?: boolean
  /** The predicted result is the id of a commitment it files. */
  commits?: boolean
  /** Transactions that cannot fail ran before the call, so its failure does not mean nothing changed. */
  setupChanged?: boolean
  /**
   * The model cannot tell whether the call succeeds (its prediction then changes nothing): a
   * revert with an error this accepts must change nothing, and a success is taken from the chain.
   */
  mayFailWith?: (errorName: string | undefined) => boolean
  /** The interval whose keeper work the call interferes with: its gas is counted as a griefer's. */
  griefs?: number
  /** The receiver's counters before the call (read from the chain) and as the prediction fills them. */
  reentry?: { before: ReentryCounters; predicted: ReentryCounters }
}

/** What an entry of the hostile table sees: both sides of the run and the hostile account's resolved targets. */
export type HostileContext = {
  m: MarketRunModel
  r: MarketRun
  model: MarketModel
  contracts: DemSimulator['contracts']
  hostile: HostileAccount
  /** The profiles the hostile EOA and its receiver control. */
  hostileTokens: readonly bigint[]
  senderAddress(sender: Sender): AddressHex
  /** The token id `target` means now. */
  token(target: TokenTarget): bigint
  /** The command, for the messages of its setup steps. */
  describe(): string
  /** Runs another hostile action first, as a command of its own (checked as every command is). */
  act(action: HostileAction): Promise<void>
}

/** An entry of the hostile table: the step an action takes in the current state. */
export type HostileEntry<A extends HostileAction> = (action: A, h: HostileContext) => HostileStep | Promise<HostileStep>

/** One entry per kind of hostile action. */
export type HostileEntries<K extends HostileAction['kind'] = HostileAction['kind']> = {
  [Kind in K]: HostileEntry<Extract<HostileAction, { kind: Kind }>>
}

/** A call of `functionName` on a contract, labelled for the command's description. */
export function hostileCall(
  label: string,
  contract: { address: AddressHex; abi: Abi },
  functionName: string,
  args: readonly unknown[],
  valueWei = 0n,
): HostileCall {
  const data = encodeFunctionData({ abi: contract.abi, functionName, args } as never)
  return { label, to: contract.address, data, valueWei }
}
