import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BreakEven, Economics } from '../scenarios/kpis/types.js'
import type { SweepResult } from '../scenarios/sweep.js'
import type { ScenarioResult } from '../scenarios/types.js'
import { breakEvenChart } from './breakEvenChart.js'
import { breakEvenTable, networkSavingsTable } from './breakEvenTables.js'
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
import { toJson } from '../scenarios/toJson.js'

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
 * where the run breaks even (`break-even.csv`, `break-even-networks.csv`), the charts — energy,
 * battery state of charge (when a household has a battery), bills and savings, local price vs grid
 * tariff, net savings against gas price — as `.vl.json` specs, plus `.svg` when a renderer is
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
  const { breakEven } = kpis
  for (const table of [
    kpiUsersTable(kpis),
    kpiUserDaysTable(kpis),
    kpiDaysTable(kpis),
    kpiIntervalsTable(kpis),
    kpiHouseholdIntervalsTable(result.households, kpis),
    ...(breakEven === undefined
      ? []
      : [breakEvenTable([breakEven], kpis.economics), networkSavingsTable([breakEven], kpis.economics)]),
  ]) {
    await write(`${table.name}.csv`, tableToCsv(table))
  }
  const charts = await writeCharts(
    [['energy', energyChart(result), 'Matched supply and demand, metered and traded energy per interval']],
    options,
    write,
  )
  const kpiCharts = await writeCharts(
    [
      ...(kpis.users.some((u) => u.battery)
        ? [['state-of-charge', stateOfChargeChart(result), 'Battery state of charge over the day'] as const]
        : []),
      ['bills', billsChart(result), 'Bills and savings per household'],
      ['prices', priceChart(result), 'Local price vs grid tariff'],
    ],
    options,
    write,
  )
  const breakEvenCharts =
    breakEven === undefined
      ? []
      : await writeCharts(
          [
            [
              'break-even',
              breakEvenChart({ name: result.name, breakEvens: [breakEven], economics: kpis.economics }),
              'Net savings against gas price',
            ],
          ],
          options,
          write,
        )
  await write('report.md', scenarioMarkdown(result, { charts, kpiCharts, breakEvenCharts }))
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

/**
 * Writes where a scenario breaks even under several mechanisms (from {@link breakEvenByMechanism}):
 * `break-even.json` (bigints as decimal strings), `break-even.csv`, `break-even-networks.csv` and
 * the chart of net savings against gas price (`break-even.vl.json`, plus `.svg` with a renderer).
 *
 * @param run the scenario's name and economics, and the break-evens
 * @param options the folder, and a renderer for the SVG
 * @returns the paths written
 * @example
 * import { breakEvenByMechanism, loadScenario, writeBreakEvenReports } from 'dem-sim'
 * import { renderSvg } from 'dem-sim/cli'
 * const scenario = await loadScenario('examples/scenarios/battery-day.json')
 * const breakEvens = await breakEvenByMechanism(scenario)
 * await writeBreakEvenReports({ name: scenario.name, economics: scenario.economics, breakEvens }, { outDir: 'out', renderSvg })
 */
export async function writeBreakEvenReports(
  run: { name: string; economics: Economics; breakEvens: readonly BreakEven[] },
  options: WriteReportsOptions,
): Promise<string[]> {
  const write = await writer(options.outDir)
  await write('break-even.json', toJson({ name: run.name, economics: run.economics, breakEvens: run.breakEvens }))
  for (const table of [
    breakEvenTable(run.breakEvens, run.economics),
    networkSavingsTable(run.breakEvens, run.economics),
  ])
    await write(`${table.name}.csv`, tableToCsv(table))
  await writeCharts([['break-even', breakEvenChart(run), 'Net savings against gas price']], options, write)
  return write.written
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
