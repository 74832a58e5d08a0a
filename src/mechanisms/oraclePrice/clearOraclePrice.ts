import type { ClearingOutcome, ClearingReadings, IntervalBook } from '../clearing.js'
import { clearProRata } from '../proRata.js'

/**
 * The `oracle-price` rule: the price feed's answer `p` (wei/kWh × 10^priceDecimals) is the
 * uniform price, and the in-the-money commitments share `min(S, D, P, C)` pro rata at it
 * ({@link clearProRata}).
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the price feed's answer and decimals, the metered energy, each producer's delivery
 * @returns the totals and one trade per commitment, consumers first
 * @example
 * import { clearOraclePrice } from 'dem-sim'
 * const outcome = clearOraclePrice(book, { price: 150n, priceDecimals: 0, producedWh: 4_000n, consumedWh: 3_000n, deliveredWh: new Map([[1n, 2_000n]]) })
 */
export function clearOraclePrice(book: IntervalBook, readings: ClearingReadings): ClearingOutcome {
  return clearProRata(book, readings, { price: readings.price ?? 0n, priceDecimals: readings.priceDecimals ?? 0 })
}
