import type {
  Abi,
  AbiStateMutability,
  ContractConstructorArgs,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
} from './abiTypes.js'

export type Hex = `0x${string}`
export type AddressHex = `0x${string}`

/** Hardforks the chain can run on, oldest first; contracts need an `evmVersion` no newer than it. */
export type ChainHardfork = 'berlin' | 'london' | 'paris' | 'shanghai' | 'cancun' | 'prague' | 'osaka'

/** A funded account the chain can send from. */
export type ChainAccount = {
  readonly address: AddressHex
  /** Deterministic from the chain's seed and the account's index, or the key you gave; usable with viem's `privateKeyToAccount`. */
  readonly privateKey: Hex
}

/** An account given by index into `chain.accounts` or by address. */
export type AccountRef = number | AddressHex

/** An event log, decoded when the emitting contract's ABI is known to the chain. */
export type DecodedLog = {
  address: AddressHex
  topics: readonly Hex[]
  data: Hex
  /** The event's name, when decoded. */
  eventName: string | undefined
  /** The event's arguments by name, when decoded. */
  args: Readonly<Record<string, unknown>> | undefined
}

/** What an Ethereum node's receipt says, plus the decoded logs. */
export type Receipt = {
  /** Keccak of the signed transaction when signing is on; otherwise a synthetic hash unique per (sender, nonce). */
  transactionHash: Hex
  blockNumber: bigint
  timestamp: bigint
  from: AddressHex
  to: AddressHex | undefined
  /** Set for a successful deployment. */
  contractAddress: AddressHex | undefined
  status: 'success' | 'reverted'
  /** Gas charged as a node on the same hardfork reports it: intrinsic (incl. calldata and its floor) + execution − refund. */
  gasUsed: bigint
  /** Price paid per gas unit. */
  effectiveGasPriceWei: bigint
  /** `gasUsed × effectiveGasPriceWei`, taken from the sender. */
  feeWei: bigint
  /** The transaction's calldata (init code for a deployment); a node keeps it with the transaction, not the receipt. */
  input: Hex
  logs: readonly DecodedLog[]
}

/** A compiled contract as the build step writes it. */
export type Artifact<abi extends Abi = Abi> = {
  readonly contractName?: string
  readonly abi: abi
  readonly bytecode: Hex
}

/** A raw transaction: an ETH transfer, or pre-encoded calldata. */
export type TransactionRequest = {
  from?: AccountRef
  /** Omitted for a contract creation. */
  to?: AddressHex
  data?: Hex
  value?: bigint
  gasLimit?: bigint
}

/** A transaction may call any function, even a view one (it then just costs gas). */
export type WriteMutability = AbiStateMutability
export type ReadMutability = 'view' | 'pure'

export type DeployParameters<abi extends Abi> = {
  artifact: Artifact<abi>
  args?: ContractConstructorArgs<abi>
  from?: AccountRef
  value?: bigint
  gasLimit?: bigint
}

export type SendParameters<abi extends Abi, functionName extends ContractFunctionName<abi, WriteMutability>> = {
  address: AddressHex
  abi: abi
  functionName: functionName
  args?: ContractFunctionArgs<abi, WriteMutability, functionName>
  from?: AccountRef
  value?: bigint
  gasLimit?: bigint
}

export type SendReturnType<abi extends Abi, functionName extends ContractFunctionName<abi, WriteMutability>> = {
  receipt: Receipt
  /** What the function returned during execution (a node's receipt does not say; the chain finds out). */
  result: ContractFunctionReturnType<abi, WriteMutability, functionName>
}

export type CallParameters<abi extends Abi, functionName extends ContractFunctionName<abi, ReadMutability>> = {
  address: AddressHex
  abi: abi
  functionName: functionName
  args?: ContractFunctionArgs<abi, ReadMutability, functionName>
  /** Any address: a call needs no funds and no key. */
  from?: AccountRef
}

/** An identifier returned by `snapshot()`. */
export type SnapshotId = number

/**
 * What the market, scenarios, CLI and testing kit need from a chain: accounts, transactions with
 * receipts (gas, decoded logs, typed revert errors), read-only calls, balances, the block clock and
 * snapshots. `createChain()` implements it in memory, `connectChain()` over JSON-RPC.
 *
 * The clock and snapshot methods are synchronous: they take effect for the next transaction or
 * call. A backend that must tell a node queues the request before that next operation, and a
 * failure surfaces as a typed error from it.
 */
export interface Chain {
  /** The EVM rules the chain runs. */
  readonly hardfork: ChainHardfork
  readonly chainId: bigint
  /** Accounts the chain can send from, in creation order. */
  readonly accounts: readonly ChainAccount[]
  /** Adds `count` funded accounts (derived from the chain's seed) and returns them. */
  addAccounts(count: number): Promise<readonly ChainAccount[]>
  /**
   * Lets the chain send from `address` without its key, as dev nodes do; fund it with `setBalance`.
   * Sending from an unknown address impersonates it on demand.
   */
  impersonate(address: AddressHex): Promise<void>

  /** The number of the block the next transaction is mined in. */
  readonly blockNumber: bigint
  /** The timestamp (seconds) of the block the next transaction is mined in. */
  readonly timestamp: bigint
  /** Mines `blocks` empty blocks; the timestamp stays. */
  mine(blocks?: number): void
  /** Sets the timestamp of the next block. Time cannot go backwards. */
  setTime(timestamp: bigint): void
  /** Moves the timestamp of the next block forward by `seconds`. */
  increaseTime(seconds: bigint): void

  getBalance(address: AddressHex): Promise<bigint>
  setBalance(address: AddressHex, balanceWei: bigint): Promise<void>
  getNonce(address: AddressHex): Promise<bigint>
  getCode(address: AddressHex): Promise<Hex>
  /** One 32-byte storage slot of the account at `address`, as an unsigned integer (0 when never written). */
  getStorageAt(address: AddressHex, slot: bigint): Promise<bigint>

  /** Sends a raw transaction (ETH transfer, or pre-encoded calldata). */
  sendTransaction(request: TransactionRequest): Promise<Receipt>
  /** Deploys a compiled contract and remembers its ABI for decoding later logs and errors. */
  deploy<const abi extends Abi>(parameters: DeployParameters<abi>): Promise<{ address: AddressHex; receipt: Receipt }>
  /** Sends a transaction calling `functionName` on the contract at `address`. */
  send<const abi extends Abi, functionName extends ContractFunctionName<abi, WriteMutability>>(
    parameters: SendParameters<abi, functionName>,
  ): Promise<SendReturnType<abi, functionName>>
  /** Runs a read-only call against the current state; nothing is mined and nothing changes. */
  call<const abi extends Abi, functionName extends ContractFunctionName<abi, ReadMutability>>(
    parameters: CallParameters<abi, functionName>,
  ): Promise<ContractFunctionReturnType<abi, ReadMutability, functionName>>
  /** Remembers `abi` for decoding the logs and errors of the contract at `address`. */
  registerAbi(address: AddressHex, abi: Abi): void

  /** Records the full state and the block clock. */
  snapshot(): SnapshotId
  /** Restores the state recorded by `snapshot()`; the snapshot stays usable, later ones are discarded. */
  revert(id: SnapshotId): void
  /** Forgets a snapshot. */
  release(id: SnapshotId): void
}
