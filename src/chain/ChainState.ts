import type { AddressHex, Hex } from './types.js'

/** One account of a {@link ChainState}; quantities as hex so the whole state is plain JSON. */
export type ChainStateAccount = {
  nonce: Hex
  balance: Hex
  /** Runtime code, when the account is a contract. */
  code?: Hex
  /** keccak256 of `code`, so loading need not hash it again (EXTCODEHASH answers it as given). */
  codeHash?: Hex
  /** Non-zero storage slots, 32-byte hex key → value without leading zeros. */
  storage?: Record<Hex, Hex>
}

/**
 * Everything a chain holds that transactions can change, as JSON: accounts (nonce, balance,
 * code, storage) and the block clock. `chain.dumpState()` makes one; `createChain({ state })`
 * starts from one, e.g. from a post-deployment state generated at build time.
 */
export type ChainState = {
  blockNumber: Hex
  timestamp: Hex
  accounts: Record<AddressHex, ChainStateAccount>
}
