import type { Side } from './contractEnums.js'

/** A commitment's terms as the pool packs them into one storage word (see contracts/libraries/CommitmentWord.sol). */
export type CommitmentTerms = {
  tokenId: bigint
  interval: number
  energyWh: bigint
  limitPriceWeiPerKWh: bigint
  side: Side
}

const mask = (bits: bigint) => (1n << bits) - 1n

/**
 * Unpacks a commitment word: tokenId 48 | interval 32 | energyWh 64 | limit 96 | side 8, low bit first.
 * Reading words in bulk (`commitmentWordsOf`) costs one call instead of one per commitment.
 */
export function decodeCommitmentWord(word: bigint): CommitmentTerms {
  return {
    tokenId: word & mask(48n),
    interval: Number((word >> 48n) & mask(32n)),
    energyWh: (word >> 80n) & mask(64n),
    limitPriceWeiPerKWh: (word >> 144n) & mask(96n),
    side: ((word >> 240n) & mask(8n)) === 1n ? 'consumption' : 'production',
  }
}
