import type { HouseholdRecord } from '../scenarios/HouseholdRecord.js'
import { describeKpis } from '../scenarios/kpis/describeKpis.js'
import { householdTotals } from '../scenarios/kpis/householdTotals.js'
import type { Kpis, ScenarioKpis } from '../scenarios/kpis/types.js'
import type { Cell, ReportColumn, ReportTable } from './ReportTable.js'
import { hourLabel } from './scenarioTables.js'

/** A column of KPIs: its header and how a {@link Kpis} value is shown in it. */
type KpiColumn = { header: string; cell: (kpis: Kpis) => Cell; align?: 'right' }

/** Ratios as they are in CSV (6 decimals), percentages with one decimal in Markdown and text. */
const ratioCell = (value: number | null): Cell => (value === null ? undefined : Math.round(value * 1e6) / 1e6)
const percentCell = (value: number | null): Cell => (value === null ? undefined : Math.round(value * 1000) / 10)
const orEmpty = (value: bigint | number | null): Cell => (value === null ? undefined : value)

/** Every KPI, exact: the CSV files' columns. */
function exactColumns(currency: string): KpiColumn[] {
  return [
    { header: 'load Wh', cell: (k) => k.loadWh },
    { header: 'generation Wh', cell: (k) => k.generationWh },
    { header: 'self-supplied Wh', cell: (k) => k.selfSuppliedWh },
    { header: 'self-consumed Wh', cell: (k) => k.selfConsumedWh },
    { header: 'self-sufficiency', cell: (k) => ratioCell(k.selfSufficiency), align: 'right' },
    { header: 'self-consumption', cell: (k) => ratioCell(k.selfConsumption), align: 'right' },
    { header: 'bought local Wh', cell: (k) => k.boughtLocalWh },
    { header: 'sold local Wh', cell: (k) => k.soldLocalWh },
    { header: 'grid import Wh', cell: (k) => k.gridImportWh },
    { header: 'grid export Wh', cell: (k) => k.gridExportWh },
    { header: 'traded share', cell: (k) => ratioCell(k.tradedShare), align: 'right' },
    { header: 'battery charge Wh', cell: (k) => k.batteryChargeWh },
    { header: 'battery discharge Wh', cell: (k) => k.batteryDischargeWh },
    { header: 'battery throughput Wh', cell: (k) => k.batteryThroughputWh },
    { header: 'paid local wei', cell: (k) => k.paidWei },
    { header: 'received local wei', cell: (k) => k.receivedWei },
    { header: 'local buy price wei/kWh', cell: (k) => orEmpty(k.localBuyPriceWeiPerKWh), align: 'right' },
    { header: 'local sell price wei/kWh', cell: (k) => orEmpty(k.localSellPriceWeiPerKWh), align: 'right' },
    { header: 'grid import cost wei', cell: (k) => k.gridImportCostWei },
    { header: 'grid feed-in wei', cell: (k) => k.gridFeedInWei },
    { header: 'bill wei', cell: (k) => k.billWei },
    { header: 'grid-only bill wei', cell: (k) => k.gridOnlyBillWei },
    { header: 'gas', cell: (k) => k.gasUsed },
    { header: 'gas cost wei', cell: (k) => k.gasCostWei },
    { header: 'gas cost wei/kWh traded', cell: (k) => orEmpty(k.gasCostWeiPerKWhTraded), align: 'right' },
    { header: 'energy savings wei', cell: (k) => k.energySavingsWei },
    { header: 'savings wei', cell: (k) => k.savingsWei },
    { header: `bill ${currency}`, cell: (k) => k.inCurrency.bill },
    { header: `grid-only bill ${currency}`, cell: (k) => k.inCurrency.gridOnlyBill },
    { header: `energy savings ${currency}`, cell: (k) => k.inCurrency.energySavings },
    { header: `gas cost ${currency}`, cell: (k) => k.inCurrency.gasCost },
    { header: `savings ${currency}`, cell: (k) => k.inCurrency.savings },
  ]
}

/** The KPIs a reader looks for first: the Markdown report's columns. */
function summaryColumns(currency: string): KpiColumn[] {
  return [
    { header: 'load kWh', cell: (k) => kWh(k.loadWh) },
    { header: 'PV kWh', cell: (k) => kWh(k.generationWh) },
    { header: 'self-sufficiency %', cell: (k) => percentCell(k.selfSufficiency), align: 'right' },
    { header: 'self-consumption %', cell: (k) => percentCell(k.selfConsumption), align: 'right' },
    { header: 'bought local kWh', cell: (k) => kWh(k.boughtLocalWh) },
    { header: 'sold local kWh', cell: (k) => kWh(k.soldLocalWh) },
    { header: 'grid import kWh', cell: (k) => kWh(k.gridImportWh) },
    { header: 'grid export kWh', cell: (k) => kWh(k.gridExportWh) },
    { header: 'traded %', cell: (k) => percentCell(k.tradedShare), align: 'right' },
    { header: 'battery kWh through', cell: (k) => kWh(k.batteryThroughputWh) },
    { header: `bill ${currency}`, cell: (k) => k.inCurrency.bill },
    { header: `grid-only ${currency}`, cell: (k) => k.inCurrency.gridOnlyBill },
    { header: `gas ${currency}`, cell: (k) => k.inCurrency.gasCost },
    { header: `savings ${currency}`, cell: (k) => k.inCurrency.savings },
  ]
}

export type KpiTableOptions = {
  /** `exact` (default): every KPI in Wh and wei, ratios as fractions — for CSV. `summary`: the main ones in kWh and the currency, ratios in percent — for Markdown. */
  columns?: 'exact' | 'summary'
}

function build(
  name: string,
  title: string,
  kpis: { economics: { currency: string } },
  keys: ReportColumn[],
  rows: [Cell[], Kpis][],
  options: KpiTableOptions,
): ReportTable {
  const columns = (options.columns === 'summary' ? summaryColumns : exactColumns)(kpis.economics.currency)
  return {
    name,
    title,
    columns: [...keys, ...columns.map(({ header, align }) => (align === undefined ? { header } : { header, align }))],
    rows: rows.map(([key, k]) => [...key, ...columns.map((column) => column.cell(k))]),
  }
}

/**
 * A table of KPI rows under keys of your own (a city's communities, a sweep's runs): the same
 * KPI columns as every other KPI table.
 *
 * @param name the file-name stem
 * @param title the table's title
 * @param economics the currency of the amounts
 * @param keys the key columns
 * @param rows each row's key cells and its KPIs
 * @param options exact columns (CSV) or the summary ones (Markdown)
 * @returns the table
 * @example
 * import { kpiRowsTable } from 'dem-sim'
 * kpiRowsTable('kpis-communities', 'KPIs per community', city.economics, [{ header: 'community' }], rows)
 */
export function kpiRowsTable(
  name: string,
  title: string,
  economics: Pick<ScenarioKpis['economics'], 'currency'>,
  keys: ReportColumn[],
  rows: [Cell[], Kpis][],
  options: KpiTableOptions = {},
): ReportTable {
  return build(name, title, { economics }, keys, rows, options)
}

/**
 * The community's KPIs over the run as a two-column table (measure, value): energy, shares,
 * bills against the grid-only tariff, savings and gas, at the run's economics.
 *
 * @example
 * import { kpiSummaryTable, tableToMarkdown } from 'dem-sim'
 * console.log(tableToMarkdown(kpiSummaryTable(result.kpis)))
 */
export function kpiSummaryTable(kpis: ScenarioKpis): ReportTable {
  const k = kpis.community.total
  const { currency, gasPriceGwei, ethPrice } = kpis.economics
  const batteries = kpis.users.filter((u) => u.battery).length
  return {
    name: 'kpis',
    title: 'Household KPIs (community)',
    columns: [{ header: 'measure' }, { header: 'value', align: 'right' }],
    rows: [
      ['households (with a battery)', `${kpis.users.length} (${batteries})`],
      ['load kWh', kWh(k.loadWh)],
      ['generation kWh', kWh(k.generationWh)],
      ['self-sufficiency %', percentCell(k.selfSufficiency)],
      ['self-consumption %', percentCell(k.selfConsumption)],
      ['bought / sold locally kWh', `${formatKWh(k.boughtLocalWh)} / ${formatKWh(k.soldLocalWh)}`],
      ['grid import / export kWh', `${formatKWh(k.gridImportWh)} / ${formatKWh(k.gridExportWh)}`],
      ['traded share %', percentCell(k.tradedShare)],
      ['battery throughput kWh', kWh(k.batteryThroughputWh)],
      [
        'battery equivalent full cycles',
        kpis.community.equivalentFullCycles === null
          ? undefined
          : Math.round(kpis.community.equivalentFullCycles * 1000) / 1000,
      ],
      [`bill with the market ${currency}`, k.inCurrency.bill],
      [`grid-only bill ${currency}`, k.inCurrency.gridOnlyBill],
      [`savings before gas ${currency}`, k.inCurrency.energySavings],
      [`gas ${currency} (${gasPriceGwei} gwei, ${ethPrice} ${currency}/ETH)`, k.inCurrency.gasCost],
      [`savings ${currency} (gas paid)`, k.inCurrency.savings],
      [`gas ${currency} per kWh traded`, orEmpty(k.inCurrency.gasCostPerKWhTraded)],
    ],
  }
}

/** Each user's KPIs over the run: one row per user, with its strategy and whether it has a battery. */
export function kpiUsersTable(kpis: ScenarioKpis, options: KpiTableOptions = {}): ReportTable {
  const rows: [Cell[], Kpis][] = kpis.users.map((u) => [
    [
      u.user,
      u.strategy,
      u.battery ? 'yes' : 'no',
      orEmpty(u.batteryCapacityWh),
      u.equivalentFullCycles === null ? undefined : Math.round(u.equivalentFullCycles * 1000) / 1000,
    ],
    u.total,
  ])
  const keys = [
    { header: 'user' },
    { header: 'strategy' },
    { header: 'battery' },
    { header: 'capacity Wh' },
    { header: 'full cycles', align: 'right' as const },
  ]
  return build('kpis-users', 'Household KPIs per user', kpis, keys, rows, options)
}

/** The community's KPIs per day of the run. */
export function kpiDaysTable(kpis: ScenarioKpis, options: KpiTableOptions = {}): ReportTable {
  const rows: [Cell[], Kpis][] = kpis.community.days.map((d) => [[d.day, d.firstInterval, d.intervals], d])
  return build(
    'kpis-days',
    'Household KPIs per day (community)',
    kpis,
    [{ header: 'day' }, { header: 'first interval' }, { header: 'intervals' }],
    rows,
    options,
  )
}

/** Each user's KPIs per day of the run. */
export function kpiUserDaysTable(kpis: ScenarioKpis, options: KpiTableOptions = {}): ReportTable {
  const rows: [Cell[], Kpis][] = kpis.users.flatMap((u) =>
    u.days.map((d): [Cell[], Kpis] => [[u.user, u.strategy, d.day], d]),
  )
  return build(
    'kpis-user-days',
    'Household KPIs per user and day',
    kpis,
    [{ header: 'user' }, { header: 'strategy' }, { header: 'day' }],
    rows,
    options,
  )
}

/** The community's KPIs per interval, with the grid tariff and the energy stored in batteries at the interval's end. */
export function kpiIntervalsTable(kpis: ScenarioKpis, options: KpiTableOptions = {}): ReportTable {
  const rows: [Cell[], Kpis][] = kpis.community.intervals.map((i) => [
    [i.interval, i.day, hourLabel(i.hour), i.importWeiPerKWh, i.feedInWeiPerKWh, i.storedWh],
    i,
  ])
  const keys = [
    { header: 'interval' },
    { header: 'day' },
    { header: 'hour' },
    { header: 'import wei/kWh' },
    { header: 'feed-in wei/kWh' },
    { header: 'stored Wh' },
  ]
  return build('kpis-intervals', 'Household KPIs per interval (community)', kpis, keys, rows, options)
}

/**
 * Each user's KPIs in each interval, from the run's household records (priced at the tariff in
 * `kpis.community.intervals`): the finest grain, for CSV.
 */
export function kpiHouseholdIntervalsTable(
  households: readonly HouseholdRecord[],
  kpis: ScenarioKpis,
  options: KpiTableOptions = {},
): ReportTable {
  const tariff = {
    importWeiPerKWh: kpis.community.intervals.map((i) => i.importWeiPerKWh),
    feedInWeiPerKWh: kpis.community.intervals.map((i) => i.feedInWeiPerKWh),
  }
  const rows: [Cell[], Kpis][] = households.map((r) => [
    [r.user, r.strategy, r.interval, hourLabel(kpis.community.intervals[r.interval]?.hour ?? 0), r.stateOfChargeWh],
    describeKpis(householdTotals(r, { tariff, gasPriceWei: kpis.economics.gasPriceWei }), kpis.economics),
  ])
  const keys = [
    { header: 'user' },
    { header: 'strategy' },
    { header: 'interval' },
    { header: 'hour' },
    { header: 'stored Wh' },
  ]
  return build('kpis-household-intervals', 'Household KPIs per user and interval', kpis, keys, rows, options)
}

/** Wh as kWh with up to 3 decimals (exact: 1 Wh is 0.001 kWh). */
function kWh(energyWh: bigint): number {
  return Number(energyWh) / 1000
}

function formatKWh(energyWh: bigint): string {
  return kWh(energyWh).toLocaleString('en-US', { maximumFractionDigits: 1 })
}
