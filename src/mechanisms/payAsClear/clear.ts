import type { ClearingOutcome, IntervalBook, MeterReadings } from '../clearing.js'
import { matchMeritOrder, payOut } from '../meritOrder.js'

/**
 * The pay-as-clear (uniform price) rule, exactly as `PayAsClearMarket` settles: the merit-order
 * match, then one price p = floor((a + b) / 2) of the marginal producer's offer a and the marginal
 * consumer's bid b; in book order each side's k-th entry pays (or receives)
 * floor(p × T_k / 1000) − floor(p × T_{k−1} / 1000) over its side's cumulative traded Wh T.
 * Σ paid == Σ received; the price is 0 when nothing trades.
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the oracle's metered energy and per-profile deliveries
 * @returns price, totals and one trade per commitment (consumers first)
 * @example
 * import { clearPayAsClear } from 'dem-sim'
 * const outcome = clearPayAsClear(book, { producedWh: 5_000n, consumedWh: 5_000n, deliveredWh: new Map([[1n, 2_000n]]) })
 */
export function clear(book: IntervalBook, readings: MeterReadings): ClearingOutcome {
  const match = matchMeritOrder(book, readings)
  const price = match.tradedWh === 0n ? 0n : (match.marginalOfferWeiPerKWh + match.marginalBidWeiPerKWh) / 2n
  const share = (_limit: bigint, cumBeforeWh: bigint, tradedWh: bigint): bigint =>
    tradedWh === 0n ? 0n : (price * (cumBeforeWh + tradedWh)) / 1000n - (price * cumBeforeWh) / 1000n
  return payOut(book, readings, match, { consumerPaysWei: share, producerReceivesWei: share }, price)
}
