import type { BreakEven, Economics } from '../scenarios/kpis/types.js'
import { weiToCurrency } from '../scenarios/kpis/weiToCurrency.js'
import type { Cell, ReportTable } from './ReportTable.js'

/** The two ways joins are counted, in the order tables and charts show them. */
export const JOIN_BASES = ['joinsInFull', 'joinsAmortised'] as const
export type JoinBasis = (typeof JOIN_BASES)[number]

/** How a basis reads in headers and legends: `joins in full`, `joins over 365 days`. */
export function joinBasisLabel(basis: JoinBasis, horizonDays: number): string {
  return basis === 'joinsInFull' ? 'joins in full' : `joins over ${horizonDays} days`
}

/** A gas price in gwei to 4 significant digits (prices span 10^-3 to 10^2), or why there is none. */
export function gweiCell(gwei: number | null): string {
  return gwei === null ? 'never' : String(Number(gwei.toPrecision(4)))
}

/**
 * Where each run breaks even — one row per mechanism and order path: the community's savings
 * from local trade before gas, the gas of its joins and of the market's operation, and the gas
 * price at which the savings pay for that gas, with joins counted in full and amortised over the
 * horizon. Deployment is apart: whoever sets the market up pays it once.
 *
 * @param breakEvens the runs' `kpis.breakEven`
 * @param economics the currency and ether price amounts are shown at (the scenario's)
 * @example
 * import { breakEvenTable, tableToText } from 'dem-sim'
 * console.log(tableToText(breakEvenTable([result.kpis.breakEven], result.kpis.economics)))
 */
export function breakEvenTable(
  breakEvens: readonly BreakEven[],
  economics: Pick<Economics, 'currency' | 'ethPrice'>,
): ReportTable {
  const horizonDays = breakEvens[0]?.horizonDays ?? 0
  return {
    name: 'break-even',
    title: 'Break-even gas price',
    columns: [
      { header: 'mechanism' },
      { header: 'order path' },
      { header: `trade savings before gas ${economics.currency}` },
      { header: 'transactions' },
      { header: 'join gas' },
      { header: 'operation gas' },
      ...JOIN_BASES.map((basis) => ({
        header: `break-even gwei, ${joinBasisLabel(basis, horizonDays)}`,
        align: 'right' as const,
      })),
      { header: 'deployment gas (apart)' },
    ],
    rows: breakEvens.map((b): Cell[] => [
      b.mechanism,
      b.orderPath,
      weiToCurrency(b.tradeSavingsWei, economics.ethPrice),
      b.footprint.join.transactions + b.footprint.operation.transactions,
      b.footprint.join.gasUsed,
      b.footprint.operation.gasUsed,
      ...JOIN_BASES.map((basis) => gweiCell(b[basis].breakEvenGasPriceGwei)),
      b.footprint.deployment.gasUsed,
    ]),
  }
}

/**
 * The networks the economics price runs on: an L1 by its gas price, a rollup by its L2 gas price
 * and its fee per byte of compressed data posted to L1.
 *
 * @param economics the scenario's economics
 * @example
 * import { networksTable, tableToText } from 'dem-sim'
 * console.log(tableToText(networksTable(scenario.economics)))
 */
export function networksTable(economics: Pick<Economics, 'networks' | 'transactionOverheadBytes'>): ReportTable {
  return {
    name: 'networks',
    title: 'Networks priced',
    columns: [
      { header: 'network' },
      { header: 'gas price gwei', align: 'right' },
      { header: 'data fee gwei/byte', align: 'right' },
      { header: 'overhead bytes/transaction', align: 'right' },
    ],
    rows: economics.networks.map((n) => [
      n.name,
      String(n.gasPriceGwei),
      String(n.dataFeeGweiPerByte),
      n.dataFeeGweiPerByte === 0 ? undefined : economics.transactionOverheadBytes,
    ]),
  }
}

/**
 * Each run priced on each network of the economics ({@link networksTable}): the effective gas
 * price — the L1 gas price that would cost the same, joins amortised — and the net savings (savings
 * before gas less the cost) with joins counted in full and amortised.
 *
 * @param breakEvens the runs' `kpis.breakEven`
 * @param economics the currency amounts are shown in
 * @example
 * import { networkSavingsTable, tableToMarkdown } from 'dem-sim'
 * console.log(tableToMarkdown(networkSavingsTable([result.kpis.breakEven], result.kpis.economics)))
 */
export function networkSavingsTable(
  breakEvens: readonly BreakEven[],
  economics: Pick<Economics, 'currency'>,
): ReportTable {
  const horizonDays = breakEvens[0]?.horizonDays ?? 0
  return {
    name: 'break-even-networks',
    title: 'Net savings by network',
    columns: [
      { header: 'mechanism' },
      { header: 'order path' },
      { header: 'network' },
      { header: 'effective gwei', align: 'right' },
      ...JOIN_BASES.map((basis) => ({ header: `net ${economics.currency}, ${joinBasisLabel(basis, horizonDays)}` })),
    ],
    rows: breakEvens.flatMap((b) =>
      b.joinsAmortised.networks.map((network, n): Cell[] => [
        b.mechanism,
        b.orderPath,
        network.name,
        gweiCell(network.effectiveGasPriceGwei),
        ...JOIN_BASES.map((basis) => b[basis].networks[n]?.inCurrency.netSavings),
      ]),
    ),
  }
}
