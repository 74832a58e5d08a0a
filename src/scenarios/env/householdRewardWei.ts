import { gridFlowsOf, type HouseholdRecord } from '../HouseholdRecord.js'
import type { Scenario } from '../types.js'

/**
 * A household's money in one interval, as a learning agent's reward (wei): what it received
 * minus what it paid on the market, minus its grid import at the import tariff, plus its grid
 * export at the feed-in tariff ({@link gridFlowsOf}), minus its battery's wear on the energy
 * discharged. Each term is rounded down to whole wei.
 *
 * @param record the household's completed record (its interval settled)
 * @param grid the scenario's tariff, one price per interval
 * @param wearWeiPerKWh the battery's wear cost per kWh discharged (0 without one)
 * @example
 * import { householdRewardWei } from 'dem-sim'
 * const rewardWei = householdRewardWei(record, scenario.grid)
 */
export function householdRewardWei(record: HouseholdRecord, grid: Scenario['grid'], wearWeiPerKWh = 0n): bigint {
  const { gridImportWh, gridExportWh } = gridFlowsOf(record)
  const importWei = (gridImportWh * (grid.importWeiPerKWh[record.interval] ?? 0n)) / 1000n
  const exportWei = (gridExportWh * (grid.feedInWeiPerKWh[record.interval] ?? 0n)) / 1000n
  const wearWei = (record.batteryDischargeWh * wearWeiPerKWh) / 1000n
  return record.receivedWei - record.paidWei - importWei + exportWei - wearWei
}
