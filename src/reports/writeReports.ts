import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SweepResult } from '../scenarios/sweep.js'
import type { ScenarioResult } from '../scenarios/types.js'
import { energyChart, gasPerOperationChart, settlementGasChart, wallTimeChart, type ChartSpec } from './chartSpecs.js'
import { billsChart, priceChart, stateOfChargeChart } from './kpiCharts.js'
import {
  kpiDaysTable,
  kpiHouseholdIntervalsTable,
  kpiIntervalsTable,
  kpiUserDaysTable,
  kpiUsersTable,
} from './kpiTables.js'
import { scenarioMarkdown, sweepMarkdown } from './markdownReports.js'
import { tableToCsv } from './ReportTable.js'
import { deploymentsTable, gasTable, intervalsTable, usersTable } from './scenarioTables.js'
import { operationGasTable, scalingTable, settlementTable, timingTable } from './sweepTables.js'
import { toJson } from './toJson.js'

export type WriteReportsOptions = {
  /** The directory to write to; created if missing. */
  outDir: string
  /** Draws a chart as SVG (`renderSvg` from `dem-sim/cli`). Without it, only the charts' Vega-Lite specs are written. */
  renderSvg?: ((spec: ChartSpec) => Promise<string>) | undefined
}

/**
 * Writes a scenario run's reports: `result.json` (bigints as decimal strings), `gas.csv`,
 * `deployments.csv`, `intervals.csv`, `users.csv`, the household KPIs (`kpis-users.csv`,
 * `kpis-user-days.csv`, `kpis-days.csv`, `kpis-intervals.csv`, `kpis-household-intervals.csv`),
 * the charts — energy, battery state of charge (when a household has a battery), bills and
 * savings, local price vs grid tariff — as `.vl.json` specs, plus `.svg` when a renderer is
 * given, and `report.md`. The data files come first, so that a chart that cannot be drawn loses none of them.
 *
 * @param result the run
 * @param options where to write, and how to draw charts
 * @returns the paths written
 * @example
 * import { runScenario, writeScenarioReports } from 'dem-sim'
 * import { renderSvg } from 'dem-sim/cli'
 * await writeScenarioReports(await runScenario(definition), { outDir: 'results', renderSvg })
 */
export async function writeScenarioReports(result: ScenarioResult, options: WriteReportsOptions): Promise<string[]> {
  const write = await writer(options.outDir)
  await write('result.json', toJson(result))
  for (const table of [gasTable(result), deploymentsTable(result), intervalsTable(result), usersTable(result)])
    await write(`${table.name}.csv`, tableToCsv(table))
  const { kpis } = result
  for (const table of [
    kpiUsersTable(kpis),
    kpiUserDaysTable(kpis),
    kpiDaysTable(kpis),
    kpiIntervalsTable(kpis),
    kpiHouseholdIntervalsTable(result.households, kpis),
  ]) {
    await write(`${table.name}.csv`, tableToCsv(table))
  }
  const charts = await writeCharts(
    [['energy', energyChart(result), 'In-the-money supply and demand, metered and traded energy per interval']],
    options,
    write,
  )
  const kpiCharts = await writeCharts(
    [
      ...(result.kpis.users.some((u) => u.battery)
        ? [['state-of-charge', stateOfChargeChart(result), 'Battery state of charge over the day'] as const]
        : []),
      ['bills', billsChart(result), 'Bills and savings per household'],
      ['prices', priceChart(result), 'Local price vs grid tariff'],
    ],
    options,
    write,
  )
  await write('report.md', scenarioMarkdown(result, { charts, kpiCharts }))
  return write.written
}

/**
 * Writes a sweep's reports: `sweep.json`, `gas-per-operation.csv`, `scaling.csv`,
 * `settlement.csv`, `timing.csv`, each run's `gas-<users>.csv`, the charts — gas per operation vs
 * users, settlement gas vs users with the gas limits, wall time (`.vl.json` specs, `.svg` with a
 * renderer) — and `report.md`. All but wall time (`timing.csv` and the `wall-time` chart) are the
 * same, byte for byte, on every run of the same sweep, sharded or not. The data files come first.
 *
 * @param sweep the sweep
 * @param options where to write, and how to draw charts
 * @returns the paths written
 * @example
 * import { sweep, writeSweepReports } from 'dem-sim'
 * await writeSweepReports(await sweep(definition, { users: [2, 10, 50] }), { outDir: 'results' })
 */
export async function writeSweepReports(sweep: SweepResult, options: WriteReportsOptions): Promise<string[]> {
  const write = await writer(options.outDir)
  await write('sweep.json', toJson(withoutTiming(sweep)))
  for (const table of [operationGasTable(sweep), scalingTable(sweep), settlementTable(sweep), timingTable(sweep)])
    await write(`${table.name}.csv`, tableToCsv(table))
  for (const { users, result } of sweep.points) await write(`gas-${users}.csv`, tableToCsv(gasTable(result)))
  const charts = await writeCharts(
    [
      ['gas-per-operation', gasPerOperationChart(sweep), 'Gas per operation vs number of users'],
      ['settlement-gas', settlementGasChart(sweep), 'Settlement gas vs number of users'],
    ],
    options,
    write,
  )
  await writeCharts([['wall-time', wallTimeChart(sweep), 'Wall time vs number of users']], options, write)
  await write('report.md', sweepMarkdown(sweep, { charts }))
  return write.written
}

/** Writes files into `outDir` (created if missing), remembering their paths. */
async function writer(outDir: string) {
  await mkdir(outDir, { recursive: true })
  const written: string[] = []
  return Object.assign(
    async (file: string, content: string) => {
      await writeFile(join(outDir, file), content)
      written.push(join(outDir, file))
    },
    { written },
  )
}

async function writeCharts(
  charts: readonly (readonly [name: string, spec: ChartSpec, caption: string])[],
  options: WriteReportsOptions,
  write: (file: string, content: string) => Promise<void>,
): Promise<{ file: string; caption: string }[]> {
  const embedded: { file: string; caption: string }[] = []
  for (const [name, spec, caption] of charts) {
    await write(`${name}.vl.json`, toJson(spec))
    if (options.renderSvg !== undefined) {
      await write(`${name}.svg`, await options.renderSvg(spec))
      embedded.push({ file: `${name}.svg`, caption })
    }
  }
  return embedded
}

/** A sweep without its wall-clock figures: what every run of it has in common. */
function withoutTiming(sweep: SweepResult) {
  return {
    name: sweep.name,
    users: sweep.users,
    points: sweep.points.map(({ users, result: { timing: _timing, ...result } }) => ({ users, result })),
  }
}
