import type { Abi } from 'abitype'

export type Hex = `0x${string}`
export type AddressHex = `0x${string}`

/** Hardforks the chain can run on; contracts are compiled for the matching `evmVersion`. */
export type ChainHardfork = 'shanghai' | 'cancun' | 'prague' | 'osaka'

/** A funded account the chain can send from. */
export type ChainAccount = {
  readonly address: AddressHex
  /** Deterministic from the chain's seed and the account's index; usable with viem's `privateKeyToAccount`. */
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
  logs: readonly DecodedLog[]
}

/** A compiled contract as the build step writes it. */
export type Artifact<abi extends Abi = Abi> = {
  readonly contractName?: string
  readonly abi: abi
  readonly bytecode: Hex
}
