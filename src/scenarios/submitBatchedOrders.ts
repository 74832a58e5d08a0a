import type { DemSimulator } from '../market/DemSimulator.js'
import type { OrderSkipReason } from '../market/submitOrders.js'
import { entryLockFor } from '../mechanisms/lockFor.js'
import type { Household } from './createHouseholds.js'
import type { CheckedDecision } from './strategies/checkDecision.js'

/** One commitment a household of a batched group decided, in the run's interval `i`. */
export type QueuedOrder = { h: Household; c: CheckedDecision['commitments'][number]; i: number }

/** What the ledger does with each order's outcome. */
export type BatchedOrderOutcomes = {
  /** The order was filed under `orderId`, locking `lockedWei`; `gasUsed` is its share of the batch. */
  filed(order: QueuedOrder, orderId: bigint, lockedWei: bigint, gasUsed: bigint): void
  /** The pool skipped the order for `reason`; `gasUsed` is its share of the batch. */
  skipped(order: QueuedOrder, reason: OrderSkipReason | 'unknown', gasUsed: bigint): void
}

/**
 * Submits a batched group's orders of one interval as signed orders, `batchSize` a transaction, the
 * chain's interval numbers from `base`. A batch's gas is shared by its orders, the remainder charged
 * to the first.
 *
 * @param sim the market
 * @param queue the orders, in the order the households decided them
 * @param batchSize orders per `submitOrders` transaction
 * @param base the chain's interval number of the run's interval 0
 * @param outcomes what to do with each filed or skipped order
 */
export async function submitBatchedOrders(
  sim: DemSimulator,
  queue: readonly QueuedOrder[],
  batchSize: number,
  base: number,
  outcomes: BatchedOrderOutcomes,
): Promise<void> {
  for (let from = 0; from < queue.length; from += batchSize) {
    const batch = queue.slice(from, from + batchSize)
    const result = await sim.submitOrders(
      batch.map(({ h, c }) => ({
        user: h.user,
        interval: base + c.interval,
        energyWh: c.energyWh,
        side: c.side,
        limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
      })),
    )
    const share = result.receipt.gasUsed / BigInt(batch.length)
    const remainder = result.receipt.gasUsed - share * BigInt(batch.length)
    for (const [k, order] of batch.entries()) {
      const gasUsed = share + (k === 0 ? remainder : 0n)
      const filed = result.filed.find((f) => f.index === k)
      const { c } = order
      if (filed !== undefined) {
        const lockedWei = entryLockFor(c)
        outcomes.filed(order, filed.orderId, lockedWei, gasUsed)
      } else outcomes.skipped(order, result.skipped.find((s) => s.index === k)?.reason ?? 'unknown', gasUsed)
    }
  }
}
