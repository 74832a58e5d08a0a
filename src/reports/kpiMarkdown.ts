import type { ScenarioKpis } from '../scenarios/kpis/types.js'
import { tableToMarkdown, type ReportTable } from './ReportTable.js'
import { kpiDaysTable, kpiSummaryTable, kpiUsersTable } from './kpiTables.js'

/** At most this many users are listed in the Markdown report; `kpis-users.csv` has them all. */
const MAX_USERS_LISTED = 50

/**
 * The household KPIs as Markdown sections: the community's figures, the definitions they follow,
 * the community per day and each user's (the first 50). Part of {@link scenarioMarkdown}.
 *
 * @param kpis a run's KPIs
 * @param options SVG charts (relative paths) to embed after the community's figures
 */
export function kpiMarkdown(
  kpis: ScenarioKpis,
  options: { charts?: readonly { file: string; caption: string }[] } = {},
): string {
  const users = kpiUsersTable(kpis, { columns: 'summary' })
  const listed =
    users.rows.length > MAX_USERS_LISTED ? { ...users, rows: users.rows.slice(0, MAX_USERS_LISTED) } : users
  return [
    section(kpiSummaryTable(kpis), DEFINITIONS),
    ...(options.charts ?? []).map(({ file, caption }) => `![${caption}](${file})\n`),
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

function section(table: ReportTable, note?: string): string {
  return `## ${table.title}\n\n${note === undefined ? '' : `${note}\n\n`}${tableToMarkdown(table)}`
}
