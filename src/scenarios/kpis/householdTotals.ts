import { gridFlowsOf, type HouseholdRecord } from '../HouseholdRecord.js'
import type { GridTariff, KpiTotals } from './types.js'

export type HouseholdTotalsParameters = {
  tariff: GridTariff
  /** Wei per gas (`Economics.gasPriceWei`). */
  gasPriceWei: bigint
}

/**
 * The KPI totals of one record (one user, one interval): its grid exchange ({@link gridFlowsOf}),
 * what it covered and used itself, its bill with the market and with the grid alone at the
 * interval's tariff, and its gas. The one place where these are defined; every aggregate is a
 * sum of these ({@link addKpiTotals}).
 *
 * @param record the household's interval
 * @param parameters the tariff (indexed by `record.interval`) and the gas price
 * @returns exact totals of that record
 * @throws RangeError when the tariff has no price for the record's interval
 * @example
 * import { householdTotals } from 'dem-sim'
 * householdTotals(record, { tariff: scenario.grid, gasPriceWei: 1_000_000_000n }).billWei
 */
export function householdTotals(record: HouseholdRecord, parameters: HouseholdTotalsParameters): KpiTotals {
  const { tariff, gasPriceWei } = parameters
  const importPrice = tariff.importWeiPerKWh[record.interval]
  const feedInPrice = tariff.feedInWeiPerKWh[record.interval]
  if (importPrice === undefined || feedInPrice === undefined)
    throw new RangeError(`the grid tariff has no price for interval ${record.interval}`)
  const { gridImportWh, gridExportWh } = gridFlowsOf(record)
  const gridImportCostWei = (gridImportWh * importPrice) / 1000n
  const gridFeedInWei = (gridExportWh * feedInPrice) / 1000n
  const billWei = record.paidWei - record.receivedWei + gridImportCostWei - gridFeedInWei
  const netLoadWh = record.loadWh - record.generationWh
  const gridOnlyBillWei = netLoadWh >= 0n ? (netLoadWh * importPrice) / 1000n : -((-netLoadWh * feedInPrice) / 1000n)
  const gasCostWei = record.gasUsed * gasPriceWei
  const withoutTradeBillWei =
    ((gridImportWh + record.boughtLocalWh) * importPrice) / 1000n -
    ((gridExportWh + record.soldLocalWh) * feedInPrice) / 1000n
  return {
    records: 1,
    loadWh: record.loadWh,
    generationWh: record.generationWh,
    selfSuppliedWh: record.loadWh - min(record.loadWh, gridImportWh),
    selfConsumedWh: record.generationWh - min(record.generationWh, record.soldLocalWh + gridExportWh),
    boughtLocalWh: record.boughtLocalWh,
    soldLocalWh: record.soldLocalWh,
    gridImportWh,
    gridExportWh,
    batteryChargeWh: record.batteryChargeWh,
    batteryDischargeWh: record.batteryDischargeWh,
    paidWei: record.paidWei,
    receivedWei: record.receivedWei,
    gridImportCostWei,
    gridFeedInWei,
    billWei,
    gridOnlyBillWei,
    gasUsed: record.gasUsed,
    gasCostWei,
    energySavingsWei: gridOnlyBillWei - billWei,
    savingsWei: gridOnlyBillWei - billWei - gasCostWei,
    tradeSavingsWei: withoutTradeBillWei - billWei,
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}
