import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** Inputs up to this many bytes are remembered: addresses, topics and the 64-byte mapping-slot preimages. */
const MAX_MEMOIZED_INPUT_BYTES = 64

/**
 * A keccak-256 that remembers the hashes of short inputs, for the chain's `Common`.
 *
 * Per transaction the EVM hashes the same few words again and again — each log's address and
 * topics for the receipt's bloom filter, `keccak(key . slot)` for every mapping read — and most
 * recur across transactions (event signatures, contract addresses, each user's slots). A hash of
 * up to 64 bytes costs a full keccak permutation; a look-up costs a hex key. Each caller gets a
 * copy, so no one can change a remembered hash.
 *
 * @param maxEntries forget everything once this many hashes are remembered (bounded memory)
 * @returns a drop-in `keccak256` for `new Common({ customCrypto: { keccak256 } })`
 */
export function createMemoizedKeccak(maxEntries = 1 << 16): (data: Uint8Array) => Uint8Array {
  const memo = new Map<string, Uint8Array>()
  return (data) => {
    if (data.length > MAX_MEMOIZED_INPUT_BYTES) return keccak_256(data)
    const key = bytesToHex(data)
    let hash = memo.get(key)
    if (hash === undefined) {
      if (memo.size >= maxEntries) memo.clear()
      hash = keccak_256(data)
      memo.set(key, hash)
    }
    return hash.slice()
  }
}
