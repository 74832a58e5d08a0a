import type { ScenarioKpis } from '../scenarios/kpis/types.js'
import type { ReportTable } from './ReportTable.js'

/** What a comparison of variants needs of each run. */
export type VariantPoint = { label: string; result: { mechanism: string; kpis: ScenarioKpis } }

/**
 * Variants of a scenario side by side (from {@link sweepVariants}): the community's KPIs of
 * each run — self-sufficiency, local trade, grid exchange, battery throughput, bills, gas and
 * savings in the currency of the first run's economics.
 *
 * @example
 * import { sweepVariants, tableToText, variantKpiTable } from 'dem-sim'
 * console.log(tableToText(variantKpiTable((await sweepVariants(variants)).points)))
 */
export function variantKpiTable(points: readonly VariantPoint[]): ReportTable {
  const currency = points[0]?.result.kpis.economics.currency ?? 'EUR'
  const percent = (value: number | null) => (value === null ? undefined : Math.round(value * 1000) / 10)
  const kWh = (energyWh: bigint) => Number(energyWh) / 1000
  return {
    name: 'variants',
    title: 'Variants compared: household KPIs of the community',
    columns: [
      { header: 'variant' },
      { header: 'mechanism' },
      { header: 'batteries' },
      { header: 'self-sufficiency %', align: 'right' },
      { header: 'self-consumption %', align: 'right' },
      { header: 'traded kWh' },
      { header: 'grid import kWh' },
      { header: 'grid export kWh' },
      { header: 'traded %', align: 'right' },
      { header: 'battery kWh through' },
      { header: `bill ${currency}` },
      { header: `grid-only ${currency}` },
      { header: `savings before gas ${currency}` },
      { header: `gas ${currency}` },
      { header: `savings ${currency}` },
    ],
    rows: points.map(({ label, result: { mechanism, kpis } }) => {
      const k = kpis.community.total
      return [
        label,
        mechanism,
        kpis.users.filter((u) => u.battery).length,
        percent(k.selfSufficiency),
        percent(k.selfConsumption),
        kWh(k.boughtLocalWh),
        kWh(k.gridImportWh),
        kWh(k.gridExportWh),
        percent(k.tradedShare),
        kWh(k.batteryThroughputWh),
        k.inCurrency.bill,
        k.inCurrency.gridOnlyBill,
        k.inCurrency.energySavings,
        k.inCurrency.gasCost,
        k.inCurrency.savings,
      ]
    }),
  }
}
