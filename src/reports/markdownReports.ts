import type { SweepResult } from '../scenarios/sweep.js'
import type { ScenarioResult } from '../scenarios/types.js'
import { kpiMarkdown } from './kpiMarkdown.js'
import { tableToMarkdown, type ReportTable } from './ReportTable.js'
import {
  deploymentsTable,
  gasReportHeader,
  gasTable,
  intervalsTable,
  summaryTable,
  usersTable,
} from './scenarioTables.js'
import { operationGasTable, scalingTable, settlementTable } from './sweepTables.js'

/** At most this many users are listed in a Markdown report; the CSV has them all. */
const MAX_USERS_LISTED = 50

export type MarkdownReportOptions = {
  /** SVG files (relative paths) to embed, with their captions. */
  charts?: readonly { file: string; caption: string }[]
  /** SVG files of the household KPIs, embedded in their sections. */
  kpiCharts?: readonly { file: string; caption: string }[]
  /** SVG files of the break-even analysis, embedded in its section. */
  breakEvenCharts?: readonly { file: string; caption: string }[]
}

/**
 * A scenario run as a Markdown document: summary, gas per operation, market outcomes per
 * interval, per-user totals (the first 50; `users.csv` has all) and the household KPIs.
 */
export function scenarioMarkdown(result: ScenarioResult, options: MarkdownReportOptions = {}): string {
  const users = usersTable(result)
  const listed =
    users.rows.length > MAX_USERS_LISTED ? { ...users, rows: users.rows.slice(0, MAX_USERS_LISTED) } : users
  return [
    `# Scenario ${result.name} (${result.mechanism})\n`,
    section(summaryTable(result)),
    ...charts(options),
    section(gasTable(result), gasReportHeader(result)),
    section(deploymentsTable(result)),
    section(intervalsTable(result)),
    section(
      listed,
      users.rows.length > MAX_USERS_LISTED
        ? `The first ${MAX_USERS_LISTED} of ${users.rows.length} users; \`users.csv\` lists all.`
        : undefined,
    ),
    kpiMarkdown(result.kpis, { charts: options.kpiCharts, breakEvenCharts: options.breakEvenCharts }),
  ].join('\n')
}

/**
 * A sweep as a Markdown document: gas per operation by number of users, how the runs scale, and
 * the heaviest settlement against the limits. Only what every run of the sweep shares: wall time
 * is left to `timing.csv`.
 */
export function sweepMarkdown(
  sweep: Pick<SweepResult, 'name' | 'users' | 'points'>,
  options: MarkdownReportOptions = {},
): string {
  return [
    `# Sweep of scenario ${sweep.name}: ${sweep.users.join(', ')} users\n`,
    `${sweep.points.length} runs. Gas is what each transaction's receipt reports; keeper operations are per commitment in the first table. Wall time, which varies from run to run, is in \`timing.csv\`.\n`,
    ...charts(options),
    section(operationGasTable(sweep)),
    section(scalingTable(sweep)),
    section(settlementTable(sweep)),
  ].join('\n')
}

function section(table: ReportTable, note?: string): string {
  return `## ${table.title}\n\n${note === undefined ? '' : `${note}\n\n`}${tableToMarkdown(table)}`
}

function charts(options: MarkdownReportOptions): string[] {
  return (options.charts ?? []).map(({ file, caption }) => `![${caption}](${file})\n`)
}
