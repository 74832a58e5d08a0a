import { commitNet } from './commitNet.js'
import type { SyncStrategy } from './types.js'

/**
 * The `profile` strategy: commits the home's forecast net position at the scenario's limit prices —
 * a producer its generation, a consumer its load, a prosumer the difference. Ignores any battery.
 * What every scenario without strategies does.
 *
 * @example
 * import { profileStrategy } from 'dem-sim'
 * const myStrategy = (context) => profileStrategy(context) // start from today's behaviour
 */
export const profileStrategy: SyncStrategy = ({ forecast, limitPrices }) => ({
  commitments: commitNet(
    forecast.generationWh - forecast.loadWh,
    limitPrices.productionWeiPerKWh,
    limitPrices.consumptionWeiPerKWh,
  ),
})
