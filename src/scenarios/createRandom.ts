/** A seeded pseudo-random source: the same seed gives the same sequence on every run and platform. */
export type Random = {
  /** A float in [0, 1). */
  next(): number
  /** A float in [-1, 1). */
  signed(): number
  /** A bigint uniformly in [min, max] (inclusive). */
  bigintBetween(min: bigint, max: bigint): bigint
}

/**
 * Creates a mulberry32 generator (32-bit state, period 2^32) — small, fast and deterministic,
 * which is all a scenario needs; not for cryptography. `stream` derives independent
 * generators from one seed (e.g. one per user), so that adding users does not change the
 * numbers drawn for the existing ones.
 *
 * @param seed any integer; only its low 32 bits count
 * @param stream an optional sub-stream index
 * @example
 * const random = createRandom(42, 7)
 * random.next() // the same float on every run
 */
export function createRandom(seed: number, stream = 0): Random {
  let state = mix32((seed >>> 0) ^ mix32(stream + 0x9e3779b9))
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    signed: () => next() * 2 - 1,
    bigintBetween(min: bigint, max: bigint): bigint {
      if (max <= min) return min
      // 53 random bits are plenty: the spread of a limit price never needs more resolution.
      const fraction = BigInt(Math.floor(next() * 2 ** 26)) * 2n ** 27n + BigInt(Math.floor(next() * 2 ** 27))
      return min + ((max - min + 1n) * fraction) / 2n ** 53n
    },
  }
}

/** A 32-bit integer hash (the murmur3 finalizer), to spread seeds and stream numbers. */
function mix32(value: number): number {
  let h = value >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
