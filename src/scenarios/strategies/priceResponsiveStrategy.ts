import { commitNet } from './commitNet.js'
import { forecastClearingPrice } from './forecastClearingPrice.js'
import type { SyncStrategy } from './types.js'

/** Parameters of the {@link priceResponsiveStrategy} (scenario JSON: `strategy: { "type": "price-responsive", ... }`). */
export type PriceResponsiveStrategyParams = {
  /** Past clearing prices averaged for the forecast. */
  window: number
  /** Producers ask the forecast × (1 − margin), consumers bid the forecast × (1 + margin); 0 ≤ margin ≤ 1. */
  margin: number
}

export const PRICE_RESPONSIVE_DEFAULTS: PriceResponsiveStrategyParams = { window: 4, margin: 0.1 }

/**
 * The `price-responsive` strategy: commits the same energy as `profile` (the forecast net
 * position), with limit prices from a forecast of the clearing price — the mean of the last
 * `window` clearing prices. A producer asks the forecast × (1 − margin) but never less than the
 * grid's feed-in price; a consumer bids the forecast × (1 + margin) but never more than the
 * grid's import price (nor than its collateral can lock). Before any interval has settled it uses the scenario's limit prices.
 *
 * @example
 * // scenario JSON: { "strategy": { "type": "price-responsive", "window": 4, "margin": 0.1 } }
 */
export const priceResponsiveStrategy: SyncStrategy = ({
  forecast,
  clearingPrices,
  tariff,
  limitPrices,
  availableCollateralWei,
  params,
}) => {
  const { window, margin } = { ...PRICE_RESPONSIVE_DEFAULTS, ...(params as Partial<PriceResponsiveStrategyParams>) }
  const netWh = forecast.generationWh - forecast.loadWh
  const price = forecastClearingPrice(clearingPrices, window)
  if (price === undefined)
    return { commitments: commitNet(netWh, limitPrices.productionWeiPerKWh, limitPrices.consumptionWeiPerKWh) }
  const marginPpm = BigInt(Math.round(margin * 1e6))
  const ask = max((price * (1_000_000n - marginPpm)) / 1_000_000n, tariff.feedInWeiPerKWh)
  let bid = min((price * (1_000_000n + marginPpm)) / 1_000_000n, tariff.importWeiPerKWh)
  // A consumer locks ⌈energy × bid / 1000⌉: bid no more than the collateral covers.
  if (netWh < 0n) bid = min(bid, (availableCollateralWei * 1000n) / -netWh)
  return { commitments: commitNet(netWh, ask, bid) }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}
