import { decodeCommitmentWord } from '../mechanisms/decodeCommitmentWord.js'

/**
 * The segments the pool filed (`OrdersFiled` events), kept by whoever keeps the market: the pool
 * stores only their hashes, so every call that reads an order's word needs its segment again.
 */
export type OrderSegments = {
  /** Keeps a segment as `OrdersFiled` published it: its header (first id | count << 32), then its words. */
  add(segment: readonly bigint[]): void
  /** The segments holding an order of `interval`, one after another, as `withOrders` takes them; empty if none. */
  forInterval(interval: number): bigint[]
  /** A filed order's word by id, if one of the segments holds it. */
  wordOf(id: bigint): bigint | undefined
  /** Every filed order the segments hold, by id in the order filed. */
  filed(): { id: bigint; word: bigint }[]
  /** Profile `tokenId`'s next nonce for an order signed here (0, 1, ...), taken. */
  takeNonce(tokenId: bigint): bigint
  /** What is kept now: a mark for {@link OrderSegments.revertTo}. */
  mark(): OrderSegmentsMark
  /** Forgets the segments added and the nonces taken after `mark` (the chain was reverted past them). */
  revertTo(mark: OrderSegmentsMark): void
}

/** A point to return to (see {@link OrderSegments.mark}). */
export type OrderSegmentsMark = { readonly segments: number; readonly nonces: ReadonlyMap<bigint, bigint> }

const MASK_32 = (1n << 32n) - 1n

/**
 * An empty {@link OrderSegments}.
 *
 * @returns the store
 * @example
 * import { createOrderSegments } from 'dem-sim'
 * const segments = createOrderSegments()
 * segments.add([2n ** 31n | (1n << 32n), word])
 */
export function createOrderSegments(): OrderSegments {
  const segments: { segment: readonly bigint[]; intervals: ReadonlySet<number> }[] = []
  const words = new Map<bigint, bigint>()
  const nonces = new Map<bigint, bigint>()
  return {
    add(segment) {
      const firstId = (segment[0] as bigint) & MASK_32
      const intervals = new Set<number>()
      segment.slice(1).forEach((word, k) => {
        if (word === 0n) return
        words.set(firstId + BigInt(k), word)
        intervals.add(decodeCommitmentWord(word).interval)
      })
      segments.push({ segment: [...segment], intervals })
    },
    forInterval(interval) {
      return segments.filter((s) => s.intervals.has(interval)).flatMap((s) => s.segment)
    },
    wordOf(id) {
      return words.get(id)
    },
    filed() {
      return [...words].map(([id, word]) => ({ id, word }))
    },
    takeNonce(tokenId) {
      const nonce = nonces.get(tokenId) ?? 0n
      nonces.set(tokenId, nonce + 1n)
      return nonce
    },
    mark() {
      return { segments: segments.length, nonces: new Map(nonces) }
    },
    revertTo(mark) {
      nonces.clear()
      for (const [tokenId, nonce] of mark.nonces) nonces.set(tokenId, nonce)
      for (const { segment } of segments.splice(mark.segments)) {
        const firstId = (segment[0] as bigint) & MASK_32
        for (let k = 1; k < segment.length; k++) words.delete(firstId + BigInt(k - 1))
      }
    },
  }
}
