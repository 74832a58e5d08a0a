import { bytesToHex, privateToAddress } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { getAddress } from 'viem'
import { DEFAULT_SEED_ADDRESSES } from './defaultSeedAddresses.js'
import type { AddressHex, ChainAccount, Hex } from './types.js'

export const DEFAULT_SEED = 'dem-sim'
/** How many of the default seed's addresses are precomputed in `defaultSeedAddresses.ts`. */
export const DEFAULT_SEED_ADDRESS_COUNT = 2_000

function derivePrivateKey(seed: string, index: number): Uint8Array {
  return keccak_256(new TextEncoder().encode(`${seed}/account/${index}`))
}

/** The address of the `index`-th account of `seed`, computed from its key (secp256k1). */
export function deriveAddress(seed: string, index: number): AddressHex {
  return getAddress(bytesToHex(privateToAddress(derivePrivateKey(seed, index))))
}

/**
 * Derives the `index`-th account of a chain from its seed: the private key is
 * keccak256("<seed>/account/<index>"). Not for real funds — anyone knowing the seed has the key.
 */
export function deriveAccount(seed: string, index: number): ChainAccount {
  const privateKey = bytesToHex(derivePrivateKey(seed, index)) as Hex
  const precomputed =
    seed === DEFAULT_SEED && index < DEFAULT_SEED_ADDRESS_COUNT
      ? DEFAULT_SEED_ADDRESSES.slice(index * 40, index * 40 + 40)
      : undefined
  return { address: precomputed ? (`0x${precomputed}` as AddressHex) : deriveAddress(seed, index), privateKey }
}
