import { MAX_RANK_POSITIONS } from '../mechanisms/meritOrderMarket/rankInterval.js'

/**
 * Keeper batch sizes, the one source for the simulator, the scenario runner and the CLI.
 *
 * Sized by gas for the costliest item, not the common one (built on every mechanism by
 * test/support/costliestItems.ts; `npx tsx bench/keeperBatches.bench.ts` prints the figures, on
 * osaka; test/keeperBatches.test.ts asserts every default stays ≤ 90% of osaka's 2^24 =
 * 16,777,216 per-transaction cap):
 * - `processBuffer`: a production commitment into an interval of its own (fresh round record, book
 *   slot, production mark and pool total) costs ≈ 98,300 gas, so 120 take ≈ 11.8M (70%);
 * - `expireInterval` shares that batch: 120 releases of profiles of their own take ≈ 1.2M (7%);
 * - `settle`: a producer paid, its delivery in a meter word of its own and its profile cold, costs
 *   ≈ 16,200 gas (the other passes less), so 800 take ≈ 13.0M (77%) and 900 ≈ 14.6M (87%); the
 *   keeper files the buffer with `processBuffer` before settling, never inside `settle`;
 * - `rank` (merit-order markets): a submitted position costs up to ≈ 35,000 gas (a fresh word of the
 *   ranked bitmap, book slot, commitment and meter word, queued), and a call may load as many
 *   queued entries back as it submits plus 256, ≈ 10,900 each, so 240 positions stay under ≈ 14.0M
 *   (83%); the settle batch's 800 would have reached ≈ 40M.
 */
export const KEEPER_BATCHES = {
  /** `processBuffer` and `expireInterval` items per transaction. */
  process: { default: 120, max: 120 },
  /** `settle` work items per transaction. */
  settle: { default: 800, max: 900 },
  /** Book positions per `rank` transaction, both sides together: the keeper's cap whatever the settle batch. */
  rank: { default: MAX_RANK_POSITIONS, max: MAX_RANK_POSITIONS },
  /**
   * Signed orders per `submitOrders` transaction (an aggregator's batch): an order costs up to
   * ≈ 130,200 gas when each is a different profile's production in an interval of its own with a
   * nonce in a fresh word (its interval's book, records and marks are all fresh storage;
   * `npm run bench:orders` prints the worst batch), so 110 take ≈ 14.3M (85% of 2^24).
   */
  orders: { default: 100, max: 110 },
} as const
