import { DemError } from '../errors/DemError.js'

/** A batch larger than fits one transaction under the per-transaction gas cap; nothing was sent. */
export class OrderBatchTooLargeError extends DemError {
  override name = 'OrderBatchTooLargeError'
  readonly maxOrders: number
  constructor(orders: number, maxOrders: number) {
    super(`a batch of ${orders} orders does not fit one transaction; at most ${maxOrders} do`, {
      details: 'split it into batches of at most that many (each is its own submitOrders transaction)',
    })
    this.maxOrders = maxOrders
  }
}
