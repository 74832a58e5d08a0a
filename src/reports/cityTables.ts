import type { CityResult } from '../scenarios/city/types.js'
import type { Economics } from '../scenarios/kpis/types.js'
import { kpiRowsTable, type KpiTableOptions } from './kpiTables.js'
import { type ReportTable, tableToMarkdown } from './ReportTable.js'

type CityFigures = Pick<CityResult, 'name' | 'communities' | 'kpis'>

/**
 * One row per community: its market (mechanism, households, transactions, gas, energy traded)
 * and its households' KPIs.
 *
 * @param city the city's run (or the merge of its shards)
 * @param economics the currency of the amounts
 * @param options exact columns for CSV, or the summary ones for Markdown
 * @returns the table
 * @example
 * import { communitiesTable, tableToCsv } from 'dem-sim'
 * await writeFile('communities.csv', tableToCsv(communitiesTable(run, city.economics)))
 */
export function communitiesTable(
  city: Pick<CityResult, 'communities'>,
  economics: Pick<Economics, 'currency'>,
  options: KpiTableOptions = {},
): ReportTable {
  return kpiRowsTable(
    'communities',
    'Communities',
    economics,
    ['community', 'mechanism', 'households', 'transactions', 'gas', 'traded Wh'].map((header) => ({ header })),
    city.communities.map((c) => [
      [c.name, c.mechanism, c.users, c.totals.transactions, c.totals.gasUsed, c.totals.tradedWh],
      c.kpis,
    ]),
    options,
  )
}

/**
 * The city's KPIs in one row: every household of every community, sums and the ratios of the sums.
 *
 * @param city the city's run (or the merge of its shards)
 * @param economics the currency of the amounts
 * @param options exact columns for CSV, or the summary ones for Markdown
 * @returns the table
 * @example
 * import { cityKpisTable, tableToText } from 'dem-sim'
 * console.log(tableToText(cityKpisTable(run, city.economics, { columns: 'summary' })))
 */
export function cityKpisTable(
  city: CityFigures,
  economics: Pick<Economics, 'currency'>,
  options: KpiTableOptions = {},
): ReportTable {
  const households = city.communities.reduce((n, c) => n + c.users, 0)
  const totals = city.communities.reduce(
    (sum, c) => ({ transactions: sum.transactions + c.totals.transactions, gas: sum.gas + c.totals.gasUsed }),
    { transactions: 0, gas: 0n },
  )
  return kpiRowsTable(
    'kpis-city',
    'The city',
    economics,
    ['city', 'communities', 'households', 'transactions', 'gas'].map((header) => ({ header })),
    [[[city.name, city.communities.length, households, totals.transactions, totals.gas], city.kpis]],
    options,
  )
}

/**
 * A city's Markdown report: the city's KPIs, then each community's.
 *
 * @param city the city's run (or the merge of its shards)
 * @param economics what the amounts are priced at
 * @returns the report's text
 * @example
 * import { cityMarkdown } from 'dem-sim'
 * await writeFile('report.md', cityMarkdown(run, city.economics))
 */
export function cityMarkdown(
  city: CityFigures,
  economics: Pick<Economics, 'currency' | 'gasPriceGwei' | 'ethPrice'>,
): string {
  return [
    `# ${city.name}: a city of ${city.communities.length} energy communities`,
    '',
    `Each community is its own market on its own chain. Amounts in ${economics.currency} at ${economics.ethPrice} ${economics.currency}/ETH and ${economics.gasPriceGwei} gwei.`,
    '',
    '## The city',
    '',
    tableToMarkdown(cityKpisTable(city, economics, { columns: 'summary' })),
    '## Communities',
    '',
    tableToMarkdown(communitiesTable(city, economics, { columns: 'summary' })),
  ].join('\n')
}
