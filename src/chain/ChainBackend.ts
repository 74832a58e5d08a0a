import type { AccountBook, Sender } from './createAccountBook.js'
import type { AbiRegistry } from './createAbiRegistry.js'
import type { AddressHex, ChainHardfork, Hex, Receipt, SnapshotId } from './types.js'

/** The clock both chains keep: the block the next transaction is mined in. */
export type ChainClock = { blockNumber: bigint; timestamp: bigint }

/** A transaction whose sender, destination and amounts were checked. */
export type CheckedTransaction = {
  sender: Sender
  to: AddressHex | undefined
  data: Hex
  value: bigint
  gasLimit: bigint
}

/**
 * What differs between the embedded chain and a JSON-RPC node; the chain actions (deploy, send,
 * call, balances, snapshots…) are written once over it (`createChainActions`). Every method but the
 * snapshot ones runs inside `exclusive`, one at a time.
 */
export type ChainBackend<Mark> = {
  readonly hardfork: ChainHardfork
  readonly chainId: bigint
  readonly clock: ChainClock
  readonly abis: AbiRegistry
  readonly book: AccountBook
  /** The gas limit of a transaction or call that names none. */
  readonly defaultGasLimit: bigint
  /** Runs operations one at a time, in call order. */
  exclusive<T>(operation: () => Promise<T>): Promise<T>
  /** Mines one transaction; a revert or halt is mined too and thrown as a typed error carrying the receipt. */
  runTransaction(transaction: CheckedTransaction, context: string): Promise<{ receipt: Receipt; returnValue: Hex }>
  /** A read-only call on the state of the block the next transaction lands in; a failure is thrown as CallFailedError. */
  runCall(call: { from: AddressHex; to: AddressHex; data: Hex }, functionName: string): Promise<Hex>
  /** Gives a new account its starting balance. */
  fund(address: AddressHex): Promise<void>
  /** Lets the chain send from an address without its key. */
  impersonate(address: AddressHex): Promise<void>
  getBalance(address: AddressHex): Promise<bigint>
  setBalance(address: AddressHex, balanceWei: bigint): Promise<void>
  getNonce(address: AddressHex): Promise<bigint>
  getCode(address: AddressHex): Promise<Hex>
  getStorageAt(address: AddressHex, slot: bigint): Promise<bigint>
  /** After the clock moved on by `blocks` empty blocks. */
  mined(blocks: number): void
  /** Records the state; what it returns is handed back to revert and release. */
  snapshot(id: SnapshotId): Mark
  /** Restores the state of snapshot `id` at `mark`, which stays usable; `later` are the marks of snapshots it discards. */
  revert(mark: Mark, later: readonly Mark[], id: SnapshotId): Mark
  release(mark: Mark): void
}
