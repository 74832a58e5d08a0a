import { DemError } from '../errors/DemError.js'

/**
 * A book holds signed order `orderId`, and no segment the reader was given holds its word: the
 * pool keeps only the segments' hashes, so the words come from the `OrdersFiled` events of the
 * batches that filed them (a simulator keeps them as it submits).
 */
export class UnknownOrderError extends DemError {
  override name = 'UnknownOrderError'
  readonly orderId: bigint

  constructor(orderId: bigint) {
    super(`order ${orderId} is in a book, but no known segment holds its word`, {
      details: "pass the segments of the batches that filed it (their OrdersFiled events) as the book source's orders",
    })
    this.orderId = orderId
  }
}
