import { DemError, type DemErrorOptions } from '../errors/DemError.js'
import type { Receipt } from './types.js'

/** A call's arguments do not fit the ABI, or the function or account is not known. */
export class InvalidArgumentError extends DemError {
  override name = 'InvalidArgumentError'
}

/** The sender is not one of the chain's accounts. */
export class UnknownAccountError extends DemError {
  override name = 'UnknownAccountError'
  readonly address: string
  constructor(address: string) {
    super(`unknown account ${address}: send from one of chain.accounts or an index into it`)
    this.address = address
  }
}

/**
 * The transaction was refused before it ran, as a node would refuse it: the sender cannot
 * pay for value plus gas, the gas limit is below the intrinsic cost or above the cap, ...
 * Nothing was mined; no state changed (not even the nonce).
 */
export class TransactionRejectedError extends DemError {
  override name = 'TransactionRejectedError'
}

export type ExecutionErrorOptions = DemErrorOptions & {
  receipt: Receipt
}

/**
 * The transaction was mined but failed. The state is as before it, except for what Ethereum
 * charges: the sender's nonce and gas fee. `receipt.gasUsed` is what a node would report.
 */
export abstract class TransactionFailedError extends DemError {
  readonly receipt: Receipt
  constructor(shortMessage: string, options: ExecutionErrorOptions) {
    super(shortMessage, options)
    this.receipt = options.receipt
  }
}

export type RevertDetails = {
  /** The raw revert data. */
  data: `0x${string}`
  /** The custom error's name, `Error` for `revert("reason")`, `Panic` for assert/overflow; undefined if not decodable. */
  errorName: string | undefined
  /** The decoded arguments, by position. */
  args: readonly unknown[]
  /** The decoded arguments by their names in the ABI (by position where unnamed). */
  namedArgs: Readonly<Record<string, unknown>>
  /** The reason string of `Error(string)`, or the panic's meaning. */
  reason: string | undefined
}

/** The contract reverted (REVERT opcode): a custom error, a reason string, a panic, or no data. */
export class TransactionRevertedError extends TransactionFailedError {
  override name = 'TransactionRevertedError'
  readonly data: `0x${string}`
  readonly errorName: string | undefined
  readonly args: readonly unknown[]
  readonly namedArgs: Readonly<Record<string, unknown>>
  readonly reason: string | undefined
  constructor(details: RevertDetails & { receipt: Receipt; context: string }) {
    super(`${details.context} reverted: ${describeRevert(details)}`, { receipt: details.receipt })
    this.data = details.data
    this.errorName = details.errorName
    this.args = details.args
    this.namedArgs = details.namedArgs
    this.reason = details.reason
  }
}

/** Execution stopped with an exceptional halt: out of gas, invalid opcode, stack error, ... All gas is consumed. */
export class ExecutionHaltedError extends TransactionFailedError {
  override name = 'ExecutionHaltedError'
  readonly haltReason: string
  constructor(haltReason: string, context: string, receipt: Receipt) {
    super(`${context} failed: ${haltReason}`, { receipt })
    this.haltReason = haltReason
  }
}

/** A read-only call reverted or halted. Nothing is mined and nothing changes. */
export class CallFailedError extends DemError {
  override name = 'CallFailedError'
  readonly revert: RevertDetails | undefined
  constructor(shortMessage: string, revert?: RevertDetails) {
    super(shortMessage)
    this.revert = revert
  }
}

/** `revert(id)` was given an id that is unknown or was discarded by an earlier revert. */
export class UnknownSnapshotError extends DemError {
  override name = 'UnknownSnapshotError'
}

/** `snapshot()` or `revert()` was called while transactions or calls were still running. */
export class ChainBusyError extends DemError {
  override name = 'ChainBusyError'
}

/** The block clock was asked to go backwards or by a negative amount. */
export class InvalidTimeError extends DemError {
  override name = 'InvalidTimeError'
}

export function describeRevert(details: Pick<RevertDetails, 'errorName' | 'args' | 'reason' | 'data'>): string {
  if (details.errorName === undefined) {
    return details.data === '0x' ? 'no reason given' : `undecoded revert data ${details.data}`
  }
  if (details.reason !== undefined) return `${details.errorName}: ${details.reason}`
  return `${details.errorName}(${details.args.map(formatArg).join(', ')})`
}

function formatArg(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string') return value
  return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
}
