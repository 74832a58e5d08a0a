import { gweiToWei } from '../scenarios/kpis/gweiToWei.js'
import type { BreakEven, Economics } from '../scenarios/kpis/types.js'
import { weiToCurrency } from '../scenarios/kpis/weiToCurrency.js'
import { JOIN_BASES, joinBasisLabel } from './breakEvenTables.js'
import { type ChartSpec, CONFIG, describe, HEIGHT, SCHEMA, WIDTH } from './chartSpecs.js'

/** The gas prices the chart spans (gwei): from the cheapest rollups to a congested L1. */
export const BREAK_EVEN_CHART_GWEI = { from: 0.001, to: 100 } as const
/** Points per decade of gas price on each line. */
const STEPS_PER_DECADE = 25

/**
 * Net savings against gas price (log scale, 0.001–100 gwei): for each run (mechanism and order
 * path) and each way of counting joins, what local trade saved before gas less the gas paid at
 * that price. Where a line crosses zero the run breaks even. Each network of the economics is a
 * rule at its gas price (a rollup's L2 gas price) and a point on every line at its effective gas
 * price — its L1 data fee included. The savings axis is symmetric-log, so that losses at 100 gwei
 * and savings near zero gas both show.
 *
 * @param run the scenario's name, the runs' `kpis.breakEven` and the economics (currency, ether price, networks)
 * @example
 * import { breakEvenChart } from 'dem-sim'
 * const spec = breakEvenChart({ name: result.name, breakEvens: [result.kpis.breakEven], economics: result.kpis.economics })
 */
export function breakEvenChart(run: {
  name: string
  breakEvens: readonly BreakEven[]
  economics: Pick<Economics, 'currency' | 'ethPrice' | 'networks'>
}): ChartSpec {
  const { currency, ethPrice, networks } = run.economics
  const horizonDays = run.breakEvens[0]?.horizonDays ?? 0
  const money = (wei: bigint) => weiToCurrency(wei, ethPrice)
  const runLabel = (b: BreakEven) => `${b.mechanism}, ${b.orderPath}`
  const runs = run.breakEvens.map(runLabel)
  const bases = JOIN_BASES.map((basis) => joinBasisLabel(basis, horizonDays))
  const decades = Math.log10(BREAK_EVEN_CHART_GWEI.to / BREAK_EVEN_CHART_GWEI.from)
  const prices = Array.from({ length: decades * STEPS_PER_DECADE + 1 }, (_, k) =>
    Number((BREAK_EVEN_CHART_GWEI.from * 10 ** (k / STEPS_PER_DECADE)).toPrecision(6)),
  )
  const lines = run.breakEvens.flatMap((b) =>
    JOIN_BASES.flatMap((basis, i) =>
      prices.map((gwei) => ({
        run: runLabel(b),
        joins: bases[i],
        gwei,
        netSavings: money(b.tradeSavingsWei - b[basis].gasUsed * gweiToWei(gwei)),
      })),
    ),
  )
  const marks = run.breakEvens.flatMap((b) =>
    JOIN_BASES.flatMap((basis, i) =>
      b[basis].networks.map((n) => ({
        run: runLabel(b),
        joins: bases[i],
        network: n.name,
        gwei: n.effectiveGasPriceGwei,
        netSavings: n.inCurrency.netSavings,
      })),
    ),
  )
  const rules = networks.map((n) => ({ network: n.name, gwei: n.gasPriceGwei }))
  const x = {
    field: 'gwei',
    type: 'quantitative',
    title: 'gas price (gwei)',
    scale: { type: 'log', domain: [BREAK_EVEN_CHART_GWEI.from, BREAK_EVEN_CHART_GWEI.to], clamp: true },
    axis: { format: '~g' },
  }
  const y = {
    field: 'netSavings',
    type: 'quantitative',
    title: `net savings ${currency}`,
    scale: { type: 'symlog' },
    // A symmetric-log axis gets no useful ticks of its own: 0 and the powers of ten either side.
    axis: { values: powersOfTen(lines.map((l) => l.netSavings)), format: ',.0f' },
  }
  const color = { field: 'run', type: 'nominal', sort: runs, title: null, scale: { scheme: 'tableau10' } }
  const strokeDash = { field: 'joins', type: 'nominal', sort: bases, title: null }
  const networkNames = networks.map((n) => n.name)
  return {
    $schema: SCHEMA,
    title: {
      text: `Net savings against gas price (${currency})`,
      subtitle: [
        `${describe(run.name)}savings from local trade before gas, less the gas of joins, commitments, keeper and oracle`,
        "rules: each network's gas price; points: its cost with the L1 data fee",
      ],
    },
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { data: { values: [{ netSavings: 0 }] }, mark: { type: 'rule', color: '#555' }, encoding: { y } },
      {
        data: { values: rules },
        mark: { type: 'rule', strokeDash: [2, 3], color: '#888' },
        encoding: { x },
      },
      {
        data: { values: rules },
        mark: { type: 'text', angle: 270, align: 'right', baseline: 'bottom', dx: -4, y: 0, fontSize: 10 },
        encoding: { x, text: { field: 'network' } },
      },
      { data: { values: lines }, mark: { type: 'line' }, encoding: { x, y, color, strokeDash } },
      {
        data: { values: marks },
        mark: { type: 'point', filled: true, size: 50, tooltip: true },
        encoding: {
          x,
          y,
          color,
          shape: { field: 'network', type: 'nominal', sort: networkNames, title: 'network' },
        },
      },
    ],
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'right' } },
  }
}

/** 0 and ±10^k for every k from 10^0 up to the largest magnitude among the values. */
function powersOfTen(values: readonly number[]): number[] {
  const largest = Math.max(1, ...values.map(Math.abs))
  const top = Math.ceil(Math.log10(largest))
  const hasNegative = values.some((v) => v < 0)
  const hasPositive = values.some((v) => v > 0)
  const ticks = [0]
  for (let k = 0; k <= top; k++) {
    if (hasPositive) ticks.push(10 ** k)
    if (hasNegative) ticks.unshift(-(10 ** k))
  }
  return ticks
}
