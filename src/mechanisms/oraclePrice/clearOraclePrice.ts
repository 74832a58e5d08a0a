import type { ClearingReadings } from '../MarketMechanism.js'
import type { BookCommitment, ClearingOutcome, ClearingTrade, IntervalBook } from '../meritOrder.js'

/**
 * The `oracle-price` rules (contracts/README.md, "Settlement and rounding"): the price feed's
 * answer `p` is the uniform price; producers with `limit·10^d ≤ p` and consumers with
 * `limit·10^d ≥ p` are in the money; a consumer counts for its committed energy, a producer for
 * `min(committed, delivered)` (its own metered delivery, zero when unreported); `S`, `D` are the
 * counted totals and `E = min(S, D, P, C)` is shared pro rata by count along each side in book
 * order by cumulative floors, so Σ paid = Σ received = floor(p·E / (1000·10^d)) to the wei.
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the price feed's answer and decimals, the metered energy
 * @returns the totals and one trade per commitment, consumers first
 * @example
 * import { clearOraclePrice } from 'dem-sim'
 * const outcome = clearOraclePrice(book, { price: 150n, priceDecimals: 0, producedWh: 4_000n, consumedWh: 3_000n, deliveredWh: new Map([[1n, 2_000n]]) })
 */
export function clearOraclePrice(
  book: IntervalBook,
  readings: ClearingReadings,
): ClearingOutcome & { supplyWh: bigint; demandWh: bigint } {
  const price = readings.price ?? 0n
  const scale = 10n ** BigInt(readings.priceDecimals ?? 0)
  const unit = 1000n * scale
  const inTheMoney = (e: BookCommitment) =>
    e.side === 'production' ? e.limitPriceWeiPerKWh * scale <= price : e.limitPriceWeiPerKWh * scale >= price
  const countedWh = (e: BookCommitment): bigint => {
    if (!inTheMoney(e)) return 0n
    if (e.side === 'consumption') return e.energyWh
    const deliveredWh = readings.deliveredWh.get(e.tokenId) ?? 0n
    return deliveredWh < e.energyWh ? deliveredWh : e.energyWh
  }
  const total = (side: readonly BookCommitment[]) => side.reduce((sum, e) => sum + countedWh(e), 0n)
  const supplyWh = total(book.producers)
  const demandWh = total(book.consumers)
  const tradedWh = min(min(supplyWh, demandWh), min(readings.producedWh, readings.consumedWh))
  const share = (side: readonly BookCommitment[], sideWh: bigint): ClearingTrade[] => {
    let cumWh = 0n
    let cumTradedWh = 0n
    let cumWei = 0n
    return side.map((e) => {
      const counted = countedWh(e)
      if (tradedWh === 0n || counted === 0n) return { commitmentId: e.commitmentId, energyWh: 0n, amountWei: 0n }
      cumWh += counted
      const nextTradedWh = (tradedWh * cumWh) / sideWh
      const nextWei = (price * nextTradedWh) / unit
      const trade = { commitmentId: e.commitmentId, energyWh: nextTradedWh - cumTradedWh, amountWei: nextWei - cumWei }
      cumTradedWh = nextTradedWh
      cumWei = nextWei
      return trade
    })
  }
  const valueWei = (price * tradedWh) / unit
  return {
    priceWeiPerKWh: price / scale,
    supplyWh,
    demandWh,
    tradedWh,
    paidWei: valueWei,
    receivedWei: valueWei,
    surplusWei: 0n,
    trades: [...share(book.consumers, demandWh), ...share(book.producers, supplyWh)],
  }
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b)
