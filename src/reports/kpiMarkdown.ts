import type { ScenarioKpis } from '../scenarios/kpis/types.js'
import { breakEvenTable, networkSavingsTable, networksTable } from './breakEvenTables.js'
import { kpiDaysTable, kpiSummaryTable, kpiUsersTable } from './kpiTables.js'
import { tableToMarkdown, type ReportTable } from './ReportTable.js'

/** At most this many users are listed in the Markdown report; `kpis-users.csv` has them all. */
const MAX_USERS_LISTED = 50

/**
 * The household KPIs as Markdown sections: the community's figures, the definitions they follow,
 * where the run breaks even (when the KPIs have it), the community per day and each user's (the
 * first 50). Part of {@link scenarioMarkdown}.
 *
 * @param kpis a run's KPIs
 * @param options SVG charts (relative paths) to embed after the community's figures and in the break-even section
 */
export function kpiMarkdown(
  kpis: ScenarioKpis,
  options: {
    charts?: readonly { file: string; caption: string }[]
    breakEvenCharts?: readonly { file: string; caption: string }[]
  } = {},
): string {
  const users = kpiUsersTable(kpis, { columns: 'summary' })
  const listed =
    users.rows.length > MAX_USERS_LISTED ? { ...users, rows: users.rows.slice(0, MAX_USERS_LISTED) } : users
  return [
    section(kpiSummaryTable(kpis), DEFINITIONS),
    ...(options.charts ?? []).map(({ file, caption }) => `![${caption}](${file})\n`),
    ...(kpis.breakEven === undefined
      ? []
      : [
          section(breakEvenTable([kpis.breakEven], kpis.economics), BREAK_EVEN_DEFINITIONS),
          ...(options.breakEvenCharts ?? []).map(({ file, caption }) => `![${caption}](${file})\n`),
          section(networksTable(kpis.economics), NETWORK_DEFINITIONS),
          section(networkSavingsTable([kpis.breakEven], kpis.economics)),
        ]),
    section(kpiDaysTable(kpis, { columns: 'summary' })),
    section(
      listed,
      users.rows.length > MAX_USERS_LISTED
        ? `The first ${MAX_USERS_LISTED} of ${users.rows.length} users; \`kpis-users.csv\` lists all.`
        : undefined,
    ),
  ].join('\n')
}

const DEFINITIONS = [
  'Per user and interval: self-sufficiency is the share of the load not drawn from the grid (covered by own generation, the battery and local purchases);',
  'self-consumption the share of the generation not sold or fed in (used at home or stored); traded share the local part of all energy bought, sold, imported and exported.',
  'The bill is what was paid locally less what was received, plus grid imports at the import price, less feed-in at the feed-in price; the grid-only bill prices the same load',
  'and generation, netted per interval, at the grid tariff alone (no market, no battery). Savings = grid-only bill − bill − gas. Groups are sums of their intervals; ratios are of the sums.',
  'The `kpis-*.csv` files hold the exact Wh and wei.',
].join(' ')

const BREAK_EVEN_DEFINITIONS = [
  "The break-even gas price is where local trade's savings before gas (the whole community's bill had the energy traded locally gone through the grid, minus its bill) equal the gas of everything the community sends:",
  "its joins, every commitment, the keeper's and the oracle reporter's transactions. Joins are counted in full, then spread over the horizon",
  "(the run bears run / horizon of them). Deploying the contracts is apart. A battery's own savings are not counted: they need no chain. See docs/economics.md.",
].join(' ')

const NETWORK_DEFINITIONS = [
  "An L1 charges gas × gas price; a rollup gas × its L2 gas price plus a data fee per byte it posts to L1: each transaction's calldata",
  'compressed with FastLZ, plus a fixed overhead per transaction. In the next table, the effective gas price is the cost over the gas (joins amortised).',
].join(' ')

function section(table: ReportTable, note?: string): string {
  return `## ${table.title}\n\n${note === undefined ? '' : `${note}\n\n`}${tableToMarkdown(table)}`
}
