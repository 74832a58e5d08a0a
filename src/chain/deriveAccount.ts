import { bytesToHex, privateToAddress } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { getAddress } from 'viem'
import type { ChainAccount, Hex } from './types.js'

/**
 * Derives the `index`-th account of a chain from its seed: the private key is
 * keccak256("<seed>/account/<index>"). Not for real funds — anyone knowing the seed has the key.
 */
export function deriveAccount(seed: string, index: number): ChainAccount {
  const privateKey = keccak_256(new TextEncoder().encode(`${seed}/account/${index}`))
  return {
    address: getAddress(bytesToHex(privateToAddress(privateKey))),
    privateKey: bytesToHex(privateKey) as Hex,
  }
}
