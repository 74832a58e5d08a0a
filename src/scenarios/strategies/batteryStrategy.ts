import { commitNet } from './commitNet.js'
import { forecastClearingPrice } from './forecastClearingPrice.js'
import { profileStrategy } from './profileStrategy.js'
import type { SyncStrategy } from './types.js'

/** Parameters of the {@link batteryStrategy} (scenario JSON: `strategy: { "type": "battery", ... }`). */
export type BatteryStrategyParams = {
  /** Cover the home's load from the battery only when the price forecast is at least this; 0 = always. */
  dischargeAboveWeiPerKWh: bigint
  /** When the price forecast is at least this, empty the battery onto the market (as far as its power allows) instead of charging. */
  sellAboveWeiPerKWh: bigint | undefined
  /** Past clearing prices averaged for the forecast. */
  priceWindow: number
}

export const BATTERY_STRATEGY_DEFAULTS: BatteryStrategyParams = {
  dischargeAboveWeiPerKWh: 0n,
  sellAboveWeiPerKWh: undefined,
  priceWindow: 3,
}

/**
 * The `battery` strategy for a PV + battery home; the price forecast is the mean of the last
 * `priceWindow` clearing prices (none before the first settlement). Each interval:
 *
 * 1. If `sellAboveWeiPerKWh` is set and the forecast reaches it: discharge all the battery can
 *    deliver and commit the home's resulting net position (usually a sale).
 * 2. Else, with a surplus (generation ≥ load): store what the battery takes, sell the rest.
 * 3. Else (a deficit): cover it from the battery when `dischargeAboveWeiPerKWh` is 0 or the
 *    forecast reaches it, and buy the rest.
 *
 * Commitments are at the scenario's limit prices, like `profile`. Without a battery it is `profile`.
 *
 * @example
 * // scenario JSON: { "role": "prosumer", "battery": { "capacityWh": 10000 }, "strategy": { "type": "battery" } }
 */
export const batteryStrategy: SyncStrategy = (context) => {
  const { forecast, battery, limitPrices, clearingPrices } = context
  if (battery === undefined) return profileStrategy(context)
  const params = { ...BATTERY_STRATEGY_DEFAULTS, ...(context.params as Partial<BatteryStrategyParams>) }
  const price = forecastClearingPrice(clearingPrices, params.priceWindow)
  const netWh = forecast.generationWh - forecast.loadWh
  const commit = (wh: bigint) => commitNet(wh, limitPrices.productionWeiPerKWh, limitPrices.consumptionWeiPerKWh)

  if (params.sellAboveWeiPerKWh !== undefined && price !== undefined && price >= params.sellAboveWeiPerKWh) {
    const dischargeWh = battery.dischargeableWh
    return { battery: { dischargeWh }, commitments: commit(netWh + dischargeWh) }
  }
  if (netWh >= 0n) {
    const chargeWh = netWh < battery.chargeableWh ? netWh : battery.chargeableWh
    return { battery: { chargeWh }, commitments: commit(netWh - chargeWh) }
  }
  const deficitWh = -netWh
  const cover =
    params.dischargeAboveWeiPerKWh === 0n || (price !== undefined && price >= params.dischargeAboveWeiPerKWh)
  const dischargeWh = !cover ? 0n : deficitWh < battery.dischargeableWh ? deficitWh : battery.dischargeableWh
  return { battery: { dischargeWh }, commitments: commit(dischargeWh - deficitWh) }
}
