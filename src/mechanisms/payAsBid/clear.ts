import type { ClearingOutcome, IntervalBook, MeterReadings } from '../clearing.js'
import { matchMeritOrder, payOut } from '../meritOrder.js'

/**
 * The pay-as-bid (discriminatory) rule, exactly as `PayAsBidMarket` settles: the merit-order
 * match, then each consumer pays ceil(traded × its bid / 1000) and each producer receives
 * floor(traded × its offer / 1000). Σ paid ≥ Σ received; the difference is the market's surplus.
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the oracle's metered energy and per-profile deliveries
 * @returns totals, surplus and one trade per commitment (consumers first); no uniform price (0)
 * @example
 * import { clearPayAsBid } from 'dem-sim'
 * const { surplusWei } = clearPayAsBid(book, readings)
 */
export function clear(book: IntervalBook, readings: MeterReadings): ClearingOutcome {
  const rules = {
    consumerPaysWei: (limit: bigint, _cumBeforeWh: bigint, tradedWh: bigint) => (tradedWh * limit + 999n) / 1000n,
    producerReceivesWei: (limit: bigint, _cumBeforeWh: bigint, tradedWh: bigint) => (tradedWh * limit) / 1000n,
  }
  return payOut(book, readings, matchMeritOrder(book, readings), rules, 0n)
}
