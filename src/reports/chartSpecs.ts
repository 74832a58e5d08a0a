import type { SweepResult } from '../scenarios/sweep.js'
import type { ScenarioResult } from '../scenarios/types.js'
import { operationGasPoints, settlementFigures } from './sweepTables.js'

/**
 * A Vega-Lite (v6) specification with its data inlined: render it with `vega-lite` + `vega`
 * (`dem-sim/cli` exports `renderSvg`), or paste it into the Vega editor.
 */
export type ChartSpec = { $schema: string; [key: string]: unknown }

/** The gas limits a chart marks: the block gas limit and osaka's per-transaction cap (EIP-7825). */
export type GasLimits = { blockGasLimit: bigint; transactionGasCap: bigint }

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
export const WIDTH = 640
export const HEIGHT = 300
const SUBTITLE_FONT_SIZE = 11
// Without a canvas, Vega estimates text widths on the high side: generous label limits avoid ellipses.
export const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  title: { subtitleFontSize: SUBTITLE_FONT_SIZE },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
}

/**
 * A chart's title with its subtitle broken into lines no wider than the plot. Without a canvas
 * (in Node) Vega sizes text at 0.8 × the font size per character, so one long subtitle line made
 * the whole SVG that wide — half of it empty.
 *
 * @param text the title
 * @param subtitle what the chart shows, in a sentence or two
 * @param width the plot's width in pixels
 * @returns a Vega-Lite title
 * @example
 * chartTitle('Gas per operation', 'scenario "paper"; keeper operations per commitment')
 */
export function chartTitle(text: string, subtitle: string, width = WIDTH): { text: string; subtitle: string[] } {
  const perLine = Math.floor(width / (0.8 * SUBTITLE_FONT_SIZE))
  const lines: string[] = []
  for (const word of subtitle.split(' ')) {
    const last = lines.at(-1)
    if (last !== undefined && last.length + 1 + word.length <= perLine) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return { text, subtitle: lines }
}

/**
 * The seed paper's figure with settlement included: gas per operation (grouped bars), one bar
 * per number of users. User and oracle operations per call; the keeper's batched
 * `processBuffer` and `settle` per commitment.
 */
export function gasPerOperationChart(sweep: Pick<SweepResult, 'points' | 'users' | 'name'>): ChartSpec {
  const values = operationGasPoints(sweep).map((p) => ({ ...p, usersLabel: `${p.users} users` }))
  const operations = [...new Set(values.map((v) => v.operation))]
  const labels = sweep.users.map((users) => `${users} users`)
  return {
    $schema: SCHEMA,
    title: chartTitle(
      'Gas per operation vs number of users',
      `${describe(sweep.name)}user and oracle operations per call, batched keeper and meter operations per commitment`,
    ),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'operation',
        type: 'nominal',
        sort: operations,
        title: null,
        // Slanted: upright, ten names such as "processBuffer per commitment" ran into each other.
        axis: { labelAngle: -35, labelAlign: 'right', labelBaseline: 'middle' },
      },
      xOffset: { field: 'usersLabel', type: 'nominal', sort: labels },
      y: { field: 'gas', type: 'quantitative', title: 'gas', axis: { format: '~s' } },
      color: { field: 'usersLabel', type: 'nominal', sort: labels, title: null, scale: { scheme: 'tableau10' } },
    },
    config: CONFIG,
  }
}

/**
 * Settlement gas vs number of users (log–log): the heaviest interval's settlement in total —
 * what one transaction settling it all would need — and the largest of the batched transactions
 * it actually took, against the 30M block gas limit and the 2^24 per-transaction cap.
 */
export function settlementGasChart(sweep: Pick<SweepResult, 'points' | 'name'>, limits?: GasLimits): ChartSpec {
  const first = sweep.points[0]?.result.maxTransactionGas
  const blockGasLimit = Number(limits?.blockGasLimit ?? first?.blockGasLimit ?? 30_000_000n)
  const transactionGasCap = Number(limits?.transactionGasCap ?? first?.transactionGasCap ?? 2n ** 24n)
  const figures = sweep.points.map(({ users, result }) => ({ users, ...settlementFigures(result) }))
  // Where one transaction settles the interval, the two series coincide: draw the second only if it shows.
  const batched = figures.some((f) => f.maxSettleTxGas !== f.maxIntervalSettleGas)
  const values = figures.flatMap((f) => [
    {
      users: f.users,
      series: batched ? 'settling one interval, all transactions' : 'settling one interval (one transaction)',
      gas: Number(f.maxIntervalSettleGas),
    },
    ...(batched ? [{ users: f.users, series: 'largest settle transaction', gas: Number(f.maxSettleTxGas) }] : []),
  ])
  const rules = [
    { gas: blockGasLimit, label: `block gas limit ${formatMillions(blockGasLimit)}` },
    ...(transactionGasCap < blockGasLimit
      ? [{ gas: transactionGasCap, label: `per-transaction cap 2^24 (EIP-7825)` }]
      : []),
  ]
  const x = { field: 'users', type: 'quantitative', scale: { type: 'log' }, title: 'users', axis: { format: '~s' } }
  const y = { field: 'gas', type: 'quantitative', scale: { type: 'log' }, title: 'gas', axis: { format: '~s' } }
  return {
    $schema: SCHEMA,
    title: chartTitle(
      'Settlement gas vs number of users',
      `${describe(sweep.name)}the heaviest interval's settlement, ${batched ? 'batched by the keeper' : 'one transaction each'}`,
    ),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y,
          color: { field: 'series', type: 'nominal', title: null, scale: { scheme: 'tableau10' } },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: {
              range: [
                [1, 0],
                [5, 3],
              ],
            },
          },
        },
      },
      {
        data: { values: rules },
        mark: { type: 'rule', strokeDash: [6, 4], color: '#b22222' },
        encoding: { y: { field: 'gas', type: 'quantitative' } },
      },
      {
        data: { values: rules },
        mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: '#b22222', fontSize: 11 },
        encoding: {
          y: { field: 'gas', type: 'quantitative' },
          x: { datum: values.length === 0 ? 1 : Math.min(...values.map((v) => v.users)) },
          text: { field: 'label' },
        },
      },
    ],
    resolve: { scale: { y: 'shared' } },
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom', columns: 3 } },
  }
}

/**
 * Energy per interval as the market saw it: the supply and demand its clearing matched (in the
 * money at a uniform price, or reached by a merit-order match), the metered production and
 * consumption, and the energy traded — at most each of the four, on every mechanism. Step lines, since each value holds for a whole interval; the x axis in hours from the
 * start of the run's first day, labelled with the hour of the day.
 */
export function energyChart(result: Pick<ScenarioResult, 'intervals' | 'name' | 'userCount'>): ChartSpec {
  const series: [string, (o: ScenarioResult['intervals'][number]) => bigint][] = [
    ['matched supply', (o) => o.supplyWh],
    ['matched demand', (o) => o.demandWh],
    ['metered production', (o) => o.producedWh],
    ['metered consumption', (o) => o.consumedWh],
    ['traded', (o) => o.tradedWh],
  ]
  const hours = unwrapHours(result.intervals.map((o) => o.hour))
  const step = hours.length > 1 ? (hours[hours.length - 1] as number) - (hours[hours.length - 2] as number) : 1
  // A step line ends where its last interval ends: repeat the last value there.
  const ends = [...hours, (hours[hours.length - 1] ?? 0) + step]
  const values = ends.flatMap((hour, i) => {
    const o = result.intervals[Math.min(i, result.intervals.length - 1)]
    return o === undefined ? [] : series.map(([name, get]) => ({ hour, series: name, kWh: Number(get(o)) / 1000 }))
  })
  const names = series.map(([name]) => name)
  return {
    $schema: SCHEMA,
    title: chartTitle(
      'Matched supply and demand, metered and traded energy',
      `${describe(result.name)}${result.userCount} users; traded is at most each of the other four`,
    ),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: {
        field: 'hour',
        type: 'quantitative',
        title: 'hour of the day',
        scale: { domain: [ends[0] ?? 0, ends[ends.length - 1] ?? 1], nice: false },
        axis: { tickMinStep: 1, labelExpr: "format(datum.value % 24, '02d') + ':00'" },
      },
      y: { field: 'kWh', type: 'quantitative', title: 'kWh per interval' },
      color: {
        field: 'series',
        type: 'nominal',
        sort: names,
        title: null,
        scale: { domain: names, range: ['#e8a33d', '#4c78a8', '#b8860b', '#2f5d8a', '#2ca02c'] },
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        sort: names,
        scale: {
          domain: names,
          range: [
            [1, 0],
            [1, 0],
            [4, 3],
            [4, 3],
            [1, 0],
          ],
        },
      },
      strokeWidth: { condition: { test: "datum.series === 'traded'", value: 3 }, value: 1.5 },
    },
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom', columns: 3 } },
  }
}

/** Hours of the day at each interval's start as hours from midnight of the first day: a new day begins when the hour does not grow. */
export function unwrapHours(hours: readonly number[]): number[] {
  let day = 0
  return hours.map((hour, i) => {
    if (i > 0 && hour <= (hours[i - 1] as number)) day++
    return hour + 24 * day
  })
}

/** Wall time of each run vs number of users (log–log). */
export function wallTimeChart(sweep: Pick<SweepResult, 'points' | 'name'>): ChartSpec {
  const values = sweep.points.map(({ users, result }) => ({ users, seconds: result.timing.totalMs / 1000 }))
  return {
    $schema: SCHEMA,
    title: chartTitle('Wall time vs number of users', `${describe(sweep.name)}one run per user count`),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'users', type: 'quantitative', scale: { type: 'log' }, title: 'users', axis: { format: '~s' } },
      y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds' },
    },
    config: CONFIG,
  }
}

/** `scenario "solar-day"; ` — nothing for an unnamed scenario. */
export function describe(name: string): string {
  return name === 'scenario' ? '' : `scenario "${name}"; `
}

function formatMillions(gas: number): string {
  return gas % 1_000_000 === 0 ? `${gas / 1_000_000}M` : `${(gas / 1_000_000).toFixed(1)}M`
}

/**
 * Mechanisms side by side: the keeper's settlement gas per commitment (ranking included) against
 * the number of users, one line per mechanism.
 */
export function mechanismComparisonChart(sweeps: readonly Pick<SweepResult, 'points'>[]): ChartSpec {
  const values = sweeps.flatMap((sweep) =>
    sweep.points.map(({ users, result }) => {
      const keeperGas = result.gas.filter((row) => row.settles).reduce((sum, row) => sum + row.total, 0n)
      return {
        mechanism: result.mechanism,
        users,
        gas: Number(keeperGas / BigInt(Math.max(1, result.totals.commitments))),
      }
    }),
  )
  return {
    $schema: SCHEMA,
    title: chartTitle(
      'Settlement gas per commitment by mechanism',
      'the transactions that settle (ranking included), divided by the commitments made',
    ),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'users', type: 'quantitative', scale: { type: 'log' }, title: 'users' },
      y: { field: 'gas', type: 'quantitative', title: 'gas per commitment', axis: { format: '~s' } },
      color: { field: 'mechanism', type: 'nominal', title: null, scale: { scheme: 'tableau10' } },
    },
    config: CONFIG,
  }
}
