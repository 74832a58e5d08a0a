import { type ChartSpec, CONFIG, chartTitle, SCHEMA, WIDTH } from './chartSpecs.js'
import type { VariantPoint } from './variantTables.js'

/**
 * Variants of a scenario side by side (from {@link sweepVariants}), one bar per variant coloured
 * by mechanism, in three panels: what the community saved against the grid-only bill before gas
 * (gas depends on the chain's fees and is in {@link variantKpiTable}),
 * the energy traded locally, and self-sufficiency.
 *
 * @param points the variants' labels and results
 * @param title a subtitle, e.g. the scenario's name and size
 */
export function variantComparisonChart(points: readonly VariantPoint[], title?: string): ChartSpec {
  const currency = points[0]?.result.kpis.economics.currency ?? 'EUR'
  const labels = points.map((p) => p.label)
  const values = points.map(({ label, result: { mechanism, kpis } }) => {
    const k = kpis.community.total
    return {
      variant: label,
      mechanism,
      energySavings: k.inCurrency.energySavings,
      tradedKWh: Number(k.boughtLocalWh) / 1000,
      selfSufficiency: k.selfSufficiency === null ? 0 : Math.round(k.selfSufficiency * 1000) / 10,
    }
  })
  const mechanisms = [...new Set(values.map((v) => v.mechanism))]
  const panel = (field: string, axisTitle: string, showLabels: boolean) => ({
    width: WIDTH,
    height: 140,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'variant',
        type: 'nominal',
        sort: labels,
        title: null,
        axis: showLabels ? { labelAngle: -30, labelAlign: 'right' } : { labels: false, ticks: false },
      },
      y: { field, type: 'quantitative', title: axisTitle },
      color: {
        field: 'mechanism',
        type: 'nominal',
        sort: mechanisms,
        title: 'mechanism',
        scale: { scheme: 'tableau10' },
      },
    },
  })
  return {
    $schema: SCHEMA,
    title: chartTitle('Mechanisms and strategies compared', title ?? 'the community over the run'),
    data: { values },
    vconcat: [
      panel('energySavings', `saved before gas, ${currency}`, false),
      panel('tradedKWh', 'traded kWh', false),
      panel('selfSufficiency', 'self-sufficiency %', true),
    ],
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'top' } },
  }
}
