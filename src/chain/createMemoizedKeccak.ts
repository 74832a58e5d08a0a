import { keccak_256 } from '@noble/hashes/sha3.js'

/** Inputs up to this many bytes are remembered: addresses, topics and the 64-byte mapping-slot preimages. */
const MAX_MEMOIZED_INPUT_BYTES = 64

/**
 * A keccak-256 that remembers the hashes of short inputs, for the chain's `Common`.
 *
 * Per transaction the EVM hashes the same few words again and again — each log's address and
 * topics for the receipt's bloom filter, `keccak(key . slot)` for every mapping read — and most
 * recur across transactions (event signatures, contract addresses, each user's slots). A hash of
 * up to 64 bytes costs a full keccak permutation; a look-up costs a short string key (two bytes per
 * UTF-16 code unit, a third of a hex key's length, built in one call). Each caller gets a copy, so no
 * one can change a remembered hash.
 *
 * @param maxEntries forget everything once this many hashes are remembered (bounded memory)
 * @returns a drop-in `keccak256` for `new Common({ customCrypto: { keccak256 } })`
 */
export function createMemoizedKeccak(maxEntries = 1 << 16): (data: Uint8Array) => Uint8Array {
  const memo = new Map<string, Uint8Array>()
  const pairs = new Uint16Array(MAX_MEMOIZED_INPUT_BYTES / 2)
  const keyOf = (data: Uint8Array): string => {
    const count = data.length >> 1
    for (let i = 0; i < count; i++) pairs[i] = ((data[2 * i] as number) << 8) | (data[2 * i + 1] as number)
    const key = String.fromCharCode.apply(null, pairs.subarray(0, count) as unknown as number[])
    // The length ends every key, so inputs of different lengths never share one.
    return data.length & 1
      ? `${key}${String.fromCharCode(data[data.length - 1] as number)}${data.length}`
      : `${key}${data.length}`
  }
  return (data) => {
    if (data.length > MAX_MEMOIZED_INPUT_BYTES) return keccak_256(data)
    const key = keyOf(data)
    let hash = memo.get(key)
    if (hash === undefined) {
      if (memo.size >= maxEntries) memo.clear()
      hash = keccak_256(data)
      memo.set(key, hash)
    }
    return hash.slice()
  }
}
