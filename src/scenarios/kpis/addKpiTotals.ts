import type { KpiTotals } from './types.js'

/** Totals of no records: every sum 0. */
export const EMPTY_KPI_TOTALS: Readonly<KpiTotals> = Object.freeze({
  records: 0,
  loadWh: 0n,
  generationWh: 0n,
  selfSuppliedWh: 0n,
  selfConsumedWh: 0n,
  boughtLocalWh: 0n,
  soldLocalWh: 0n,
  gridImportWh: 0n,
  gridExportWh: 0n,
  batteryChargeWh: 0n,
  batteryDischargeWh: 0n,
  paidWei: 0n,
  receivedWei: 0n,
  gridImportCostWei: 0n,
  gridFeedInWei: 0n,
  billWei: 0n,
  gridOnlyBillWei: 0n,
  gasUsed: 0n,
  gasCostWei: 0n,
  energySavingsWei: 0n,
  tradeSavingsWei: 0n,
  savingsWei: 0n,
})

/**
 * Sums KPI totals field by field: a day from its intervals, a user's run from its days, the
 * community from its users. Exact (integers), so every way of grouping the same records agrees.
 *
 * @example
 * import { addKpiTotals, householdTotals } from 'dem-sim'
 * const day = addKpiTotals(records.map((r) => householdTotals(r, { tariff, gasPriceWei })))
 */
export function addKpiTotals(totals: readonly KpiTotals[]): KpiTotals {
  const sum: KpiTotals = { ...EMPTY_KPI_TOTALS }
  const keys = Object.keys(sum) as (keyof KpiTotals)[]
  for (const t of totals) {
    sum.records += t.records
    for (const key of keys) if (key !== 'records') (sum[key] as bigint) += t[key] as bigint
  }
  return sum
}
