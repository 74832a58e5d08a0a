import { type ClearingOutcome, type IntervalBook, type MeterReadings, matchMeritOrder, payOut } from '../meritOrder.js'

/**
 * The pay-as-bid (discriminatory) rule, exactly as `PayAsBidMarket` settles: the merit-order
 * match, then each consumer pays ceil(traded × its bid / 1000) and each producer receives
 * floor(traded × its offer / 1000). Σ paid ≥ Σ received; the difference is the market's surplus.
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the oracle's metered energy and per-profile deliveries
 * @returns totals, surplus and one trade per commitment (consumers first); no uniform price
 * @example
 * import { clearPayAsBid } from 'dem-sim'
 * const { surplusWei } = clearPayAsBid(book, readings)
 */
export function clear(book: IntervalBook, readings: MeterReadings): ClearingOutcome {
  return payOut(book, matchMeritOrder(book, readings), {
    consumerPaysWei: (limit, _cumBeforeWh, tradedWh) => (tradedWh * limit + 999n) / 1000n,
    producerReceivesWei: (limit, _cumBeforeWh, tradedWh) => (tradedWh * limit) / 1000n,
  })
}
