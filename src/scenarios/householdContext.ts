import { InvalidArgumentError } from '../chain/errors.js'
import type { Household } from './createHouseholds.js'
import { hourOfInterval } from './profileShapes.js'
import type { ClearingPrice, StrategyContext } from './strategies/types.js'
import type { Scenario } from './types.js'

/**
 * What household `h` knows before it decides the run's interval `interval`: its forecast (the
 * draw of that interval), its history, battery, collateral and memory, the tariff, and the
 * clearing prices settled so far.
 *
 * @param scenario the run's scenario
 * @param h the household, its next draw prepared
 * @param interval the run's interval to decide
 * @param clearingPrices the run's settled clearing prices, oldest first
 * @returns the strategy's context (live views of the household's lists)
 */
export function householdContext(
  scenario: Scenario,
  h: Household,
  interval: number,
  clearingPrices: readonly ClearingPrice[],
): StrategyContext {
  if (h.next === undefined) throw new InvalidArgumentError('the run is over: every interval has run')
  return {
    user: h.index,
    role: h.role,
    group: h.group.name,
    interval,
    intervals: scenario.intervals,
    hour: hourOfInterval(interval, scenario.startHour, scenario.intervalSeconds),
    intervalSeconds: scenario.intervalSeconds,
    forecast: { loadWh: h.next.loadWh, generationWh: h.next.generationWh },
    history: h.history,
    battery: h.battery?.view(),
    clearingPrices,
    settled: h.settled,
    tariff: {
      importWeiPerKWh: scenario.grid.importWeiPerKWh[interval] as bigint,
      feedInWeiPerKWh: scenario.grid.feedInWeiPerKWh[interval] as bigint,
    },
    limitPrices: {
      productionWeiPerKWh: h.next.productionLimitWeiPerKWh,
      consumptionWeiPerKWh: h.next.consumptionLimitWeiPerKWh,
    },
    availableCollateralWei: h.collateralWei - h.lockedWei,
    random: h.random,
    params: h.group.strategy.params,
    state: h.state,
  }
}
