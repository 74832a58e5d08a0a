import type { HouseholdRecord } from '../HouseholdRecord.js'
import { householdTotals } from '../kpis/householdTotals.js'
import type { Scenario } from '../types.js'

/**
 * A household's money in one interval, as a learning agent's reward (wei): minus its bill (what
 * it paid on the market less what it received, plus its grid import at the import tariff, less
 * its grid export at the feed-in tariff — the KPIs' `billWei`, {@link householdTotals}), minus
 * its battery's wear on the energy discharged, rounded down to whole wei, and minus the gas of its
 * transactions at `gasPriceWei` (the KPIs' `gasCostWei`; 0 leaves gas out).
 *
 * @param record the household's completed record (its interval settled)
 * @param grid the scenario's tariff, one price per interval
 * @param wearWeiPerKWh the battery's wear cost per kWh discharged (0 without one)
 * @param gasPriceWei what its gas costs per unit (e.g. `scenario.economics.gasPriceWei`); default 0
 * @example
 * import { householdRewardWei } from 'dem-sim'
 * const rewardWei = householdRewardWei(record, scenario.grid, 0n, scenario.economics.gasPriceWei)
 */
export function householdRewardWei(
  record: HouseholdRecord,
  grid: Scenario['grid'],
  wearWeiPerKWh = 0n,
  gasPriceWei = 0n,
): bigint {
  const { billWei, gasCostWei } = householdTotals(record, { tariff: grid, gasPriceWei })
  const wearWei = (record.batteryDischargeWh * wearWeiPerKWh) / 1000n
  return -billWei - wearWei - gasCostWei
}
