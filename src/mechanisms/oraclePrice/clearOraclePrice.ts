import type { BookEntry, ClearingOutcome, ClearingReadings } from '../MarketMechanism.js'

/**
 * The `oracle-price` rules (contracts/README.md, "Settlement and rounding"): the price feed's
 * answer `p` is the uniform price; producers with `limit·10^d ≤ p` and consumers with
 * `limit·10^d ≥ p` are in the money; `E = min(S, D, P, C)` is shared pro rata along each side in
 * book order by cumulative floors, so Σ paid = Σ received = floor(p·E / (1000·10^d)) to the wei.
 */
export function clearOraclePrice(book: readonly BookEntry[], readings: ClearingReadings): ClearingOutcome {
  const { price, producedWh, consumedWh } = readings
  const scale = 10n ** BigInt(readings.priceDecimals)
  const unit = 1000n * scale
  const inTheMoney = (e: BookEntry) => (e.side === 'production' ? e.limitPriceWeiPerKWh * scale <= price : e.limitPriceWeiPerKWh * scale >= price)
  let supplyWh = 0n
  let demandWh = 0n
  for (const e of book) {
    if (!inTheMoney(e)) continue
    if (e.side === 'production') supplyWh += e.energyWh
    else demandWh += e.energyWh
  }
  const tradedWh = min(min(supplyWh, demandWh), min(producedWh, consumedWh))
  const sides = {
    production: { total: supplyWh, cumWh: 0n, cumTradedWh: 0n, cumWei: 0n },
    consumption: { total: demandWh, cumWh: 0n, cumTradedWh: 0n, cumWei: 0n },
  }
  const trades = book.map((e) => {
    if (tradedWh === 0n || !inTheMoney(e)) return { commitmentId: e.commitmentId, energyWh: 0n, amountWei: 0n }
    const side = sides[e.side]
    side.cumWh += e.energyWh
    const cumTradedWh = (tradedWh * side.cumWh) / side.total
    const cumWei = (price * cumTradedWh) / unit
    const trade = { commitmentId: e.commitmentId, energyWh: cumTradedWh - side.cumTradedWh, amountWei: cumWei - side.cumWei }
    side.cumTradedWh = cumTradedWh
    side.cumWei = cumWei
    return trade
  })
  const valueWei = (price * tradedWh) / unit
  return { price, supplyWh, demandWh, tradedWh, paidWei: valueWei, receivedWei: valueWei, surplusWei: 0n, trades }
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b)
