import type { BookCommitment, ClearingOutcome, ClearingTrade, IntervalBook, MeterReadings } from './clearing.js'
import { countedProductionWh } from './clearing.js'

/** The uniform price a pro-rata market clears an interval at: wei per kWh × 10^priceDecimals. */
export type UniformPrice = { readonly price: bigint; readonly priceDecimals: number }

/**
 * The pro-rata rule of `ProRataMarket` (docs/market.md): at the uniform price `p`, producers with
 * `limit·10^d ≤ p` and consumers with `limit·10^d ≥ p` are in the money; a consumer counts for its
 * committed energy, a producer for at most its own metered delivery; `S`, `D` are the counted
 * totals and `E = min(S, D, P, C)` is shared by count along each side in book order with
 * cumulative floors, so Σ paid = Σ received = floor(p·E / (1000·10^d)) to the wei.
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the metered energy and each producer's delivery
 * @param uniform the price and its decimals
 * @returns the totals and one trade per commitment, consumers first
 * @example
 * import { clearProRata } from 'dem-sim'
 * const outcome = clearProRata(book, readings, { price: 150n, priceDecimals: 0 })
 */
export function clearProRata(book: IntervalBook, readings: MeterReadings, uniform: UniformPrice): ClearingOutcome {
  const { price, priceDecimals } = uniform
  const scale = 10n ** BigInt(priceDecimals)
  const unit = 1000n * scale
  const countedWh = (e: BookCommitment): bigint => {
    if (e.side === 'consumption') return e.limitPriceWeiPerKWh * scale >= price ? e.energyWh : 0n
    return e.limitPriceWeiPerKWh * scale <= price ? countedProductionWh(e, readings) : 0n
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
    price,
    priceDecimals,
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
