import type * as artifacts from '../artifacts/index.js'
import { DemError, type DemErrorOptions } from '../errors/DemError.js'
import type { Abi, ContractErrorName, DecodedRevert } from './abiTypes.js'
import type { Receipt } from './types.js'

type ArtifactsBarrel = typeof artifacts

/** Every ABI item of the contracts dem-sim ships, from whatever the generated artifacts export. */
export type DemContractsAbi = readonly {
  [name in keyof ArtifactsBarrel]: ArtifactsBarrel[name] extends { abi: infer abi extends Abi } ? abi[number] : never
}[keyof ArtifactsBarrel][]

/** The custom errors of the contracts dem-sim ships, e.g. `'EnergyProfileInsufficientCollateral'`. */
export type DemContractErrorName = ContractErrorName<DemContractsAbi>

/** A call's arguments do not fit the ABI, or the function or account is not known. */
export class InvalidArgumentError extends DemError {
  override name = 'InvalidArgumentError'
}

/** The sender is not one of the chain's accounts and cannot be impersonated. */
export class UnknownAccountError extends DemError {
  override name = 'UnknownAccountError'
  readonly address: string
  constructor(address: string, reason = 'send from one of chain.accounts or an index into it') {
    super(`unknown account ${address}: ${reason}`)
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

/**
 * Decoded revert data, discriminated by `errorName`: narrow on it and `args` / `namedArgs` are
 * typed for that error. `abi` defaults to the contracts dem-sim ships; name your own contracts'
 * ABI for theirs (see {@link isRevertOf}).
 */
export type RevertDetails<abi extends Abi = DemContractsAbi> = {
  /** The raw revert data. */
  data: `0x${string}`
} & DecodedRevert<abi>

/**
 * The contract reverted (REVERT opcode): a custom error, a reason string, a panic, or no data.
 *
 * `errorName` is a union of the custom errors of `abi` (by default the contracts dem-sim ships)
 * plus `'Error'`, `'Panic'` and `undefined`, so a misspelt name does not compile. `revert` holds
 * the same fields as one discriminated union: narrow `revert.errorName` to get typed arguments.
 *
 * @example
 * import { TransactionRevertedError } from 'dem-sim'
 * try { await sim.withdrawCollateral(user, 10n ** 18n) } catch (e) {
 *   if (e instanceof TransactionRevertedError && e.revert.errorName === 'EnergyProfileInsufficientCollateral') {
 *     console.log(e.revert.namedArgs.availableWei) // bigint
 *   }
 * }
 */
export class TransactionRevertedError<abi extends Abi = DemContractsAbi> extends TransactionFailedError {
  override name = 'TransactionRevertedError'
  readonly data: `0x${string}`
  readonly errorName: RevertDetails<abi>['errorName']
  readonly args: RevertDetails<abi>['args']
  readonly namedArgs: RevertDetails<abi>['namedArgs']
  readonly reason: string | undefined
  /** The decoded revert, discriminated by `errorName`. */
  readonly revert: RevertDetails<abi>
  constructor(details: RevertDetails<Abi> & { receipt: Receipt; context: string }) {
    super(`${details.context} reverted: ${describeRevert(details)}`, { receipt: details.receipt })
    const { receipt: _receipt, context: _context, ...revert } = details
    // The chain decoded the data against the ABIs it knows; the type names which ones (`abi`).
    this.revert = revert as unknown as RevertDetails<abi>
    // TypeScript cannot write a union's members into fields indexed by a generic `abi`.
    const fields = revert as unknown as { errorName: never; args: never; namedArgs: never }
    this.data = details.data
    this.errorName = fields.errorName
    this.args = fields.args
    this.namedArgs = fields.namedArgs
    this.reason = details.reason
  }
}

/**
 * Whether `error` is a revert with one of the custom errors of `abi` (or `Error` / `Panic`):
 * narrows it to `TransactionRevertedError<abi>`, for contracts of your own on `createChain`.
 *
 * @param error what was caught
 * @param abi the ABI whose errors to accept
 * @example
 * import { isRevertOf } from 'dem-sim'
 * try { await chain.send({ address, abi: Meter.abi, functionName: 'record', args: [50_000n] }) } catch (e) {
 *   if (isRevertOf(e, Meter.abi) && e.revert.errorName === 'MeterReadingTooHigh') console.log(e.revert.namedArgs.limitWh)
 * }
 */
export function isRevertOf<const abi extends Abi>(error: unknown, abi: abi): error is TransactionRevertedError<abi> {
  if (!(error instanceof TransactionRevertedError)) return false
  const { errorName } = error as TransactionRevertedError<Abi>
  return (
    errorName === 'Error' ||
    errorName === 'Panic' ||
    abi.some((item) => item.type === 'error' && item.name === errorName)
  )
}

/** Execution stopped with an exceptional halt: out of gas, invalid opcode, stack error, ... All gas is consumed. */
export class ExecutionHaltedError extends TransactionFailedError {
  override name = 'ExecutionHaltedError'
  readonly haltReason: string
  constructor(haltReason: string, context: string, receipt: Receipt, options: DemErrorOptions = {}) {
    super(`${context} failed: ${haltReason}`, { ...options, receipt })
    this.haltReason = haltReason
  }
}

/** A read-only call reverted or halted. Nothing is mined and nothing changes. */
export class CallFailedError extends DemError {
  override name = 'CallFailedError'
  readonly revert: RevertDetails | undefined
  constructor(shortMessage: string, revert?: RevertDetails<Abi>) {
    super(shortMessage)
    // As for TransactionRevertedError: decoded against the chain's ABIs, typed as the shipped contracts'.
    this.revert = revert as RevertDetails | undefined
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

export function describeRevert(details: Pick<RevertDetails<Abi>, 'errorName' | 'args' | 'reason' | 'data'>): string {
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

/** The chain was asked for a hardfork it does not run. */
export class UnsupportedHardforkError extends DemError {
  override name = 'UnsupportedHardforkError'
  readonly hardfork: string
  constructor(hardfork: string, supported: readonly string[]) {
    super(`unsupported hardfork ${JSON.stringify(hardfork)}: use one of ${supported.join(', ')}`)
    this.hardfork = hardfork
  }
}

/** A private key or mnemonic given for the chain's accounts is not valid. */
export class InvalidAccountError extends DemError {
  override name = 'InvalidAccountError'
}

/** The node could not be reached, or answered something other than JSON-RPC. */
export class NodeUnreachableError extends DemError {
  override name = 'NodeUnreachableError'
}

/** The node is on another chain than the one asked for. */
export class ChainIdMismatchError extends DemError {
  override name = 'ChainIdMismatchError'
  readonly expectedChainId: bigint
  readonly actualChainId: bigint
  constructor(expectedChainId: bigint, actualChainId: bigint, url: string) {
    super(
      `the node at ${url} is on chain id ${actualChainId}, not ${expectedChainId}: connect to a node of chain ${expectedChainId} or pass chainId: ${actualChainId}`,
    )
    this.expectedChainId = expectedChainId
    this.actualChainId = actualChainId
  }
}

/** The node does not offer a development method the operation needs (anvil, Hardhat and EDR do). */
export class UnsupportedDevMethodError extends DemError {
  override name = 'UnsupportedDevMethodError'
  /** The methods tried, e.g. `['anvil_setBalance', 'hardhat_setBalance']`. */
  readonly methods: readonly string[]
  constructor(methods: readonly string[], what: string, options?: DemErrorOptions) {
    super(
      `the node lacks ${methods.join(' and ')}, needed to ${what}: use a development node (anvil, Hardhat, EDR) or avoid that operation`,
      options,
    )
    this.methods = methods
  }
}

/** A JSON-RPC request failed for a reason other than a revert, e.g. a queued dev call the node refused. */
export class NodeRequestError extends DemError {
  override name = 'NodeRequestError'
  readonly method: string
  readonly code: number | undefined
  constructor(method: string, message: string, code: number | undefined, options?: DemErrorOptions) {
    super(`${method} failed: ${message}`, options)
    this.method = method
    this.code = code
  }
}
