import type { ClearingPrice } from './types.js'

/**
 * A forecast of the next clearing price: the mean of the last `window` positive clearing prices
 * (rounded down), or `undefined` before any interval has settled with a price.
 *
 * @example
 * import { forecastClearingPrice } from 'dem-sim'
 * forecastClearingPrice([{ interval: 0, priceWeiPerKWh: 4n }, { interval: 1, priceWeiPerKWh: 6n }], 3) // 5n
 */
export function forecastClearingPrice(prices: readonly ClearingPrice[], window: number): bigint | undefined {
  let total = 0n
  let count = 0n
  for (let i = prices.length - 1; i >= 0 && count < BigInt(window); i--) {
    const price = (prices[i] as ClearingPrice).priceWeiPerKWh
    if (price <= 0n) continue
    total += price
    count++
  }
  return count === 0n ? undefined : total / count
}
