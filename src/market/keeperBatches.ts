/**
 * Keeper batch sizes, the one source for the simulator, the scenario runner and the CLI.
 *
 * Sized by gas for the worst mix, not the common one (measured on osaka, `test/liveness.test.ts`):
 * a `processBuffer` item costs up to ≈ 109,000 gas when every commitment of the batch is a
 * production commitment in a different interval (its interval's records and its profile's
 * production mark are all fresh storage; ≈ 9,600 when they share one), so 120 stay under ≈ 13.1M;
 * a `settle` work item (a commitment tallied or paid, its producer's delivery read, or a book entry
 * of the other side scanned past) costs up to ≈ 14,500 gas, so 800 stay under ≈ 11.6M and 1,000
 * under ≈ 14.5M — all under osaka's 2^24 (16,777,216) per-transaction cap.
 */
export const KEEPER_BATCHES = {
  /** `processBuffer` and `expireInterval` items per transaction. */
  process: { default: 120, max: 120 },
  /** `settle` work items per transaction. */
  settle: { default: 800, max: 1_000 },
  /**
   * Signed orders per `submitOrders` transaction (an aggregator's batch): an order costs up to
   * ≈ 129,500 gas when each is a different profile's production in an interval of its own with a
   * nonce in a fresh word (its interval's book, records and marks are all fresh storage;
   * `npm run bench:orders` prints the worst batch), so 110 stay under ≈ 14.3M, within 90% of 2^24.
   */
  orders: { default: 100, max: 110 },
} as const
