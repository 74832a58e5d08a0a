import type { Economics, Kpis, KpiTotals } from './types.js'
import { weiToCurrency } from './weiToCurrency.js'

/**
 * The KPIs of a set of records from their exact totals: the ratios (floating-point quotients of
 * the integer sums, `null` when the denominator is 0), battery throughput, gas per kWh traded
 * and the money in the economics' currency. Ratios of a group are of its sums, never averages of
 * its members' ratios.
 *
 * @param totals from {@link householdTotals} and {@link addKpiTotals}
 * @param economics the ether price that amounts in the currency use
 * @returns the totals with the KPIs beside them
 * @example
 * import { describeKpis } from 'dem-sim'
 * describeKpis(totals, scenario.economics).selfSufficiency // 0.75
 */
export function describeKpis(totals: KpiTotals, economics: Pick<Economics, 'ethPrice'>): Kpis {
  const tradedLocalWh = totals.boughtLocalWh + totals.soldLocalWh
  const exchangedWh = tradedLocalWh + totals.gridImportWh + totals.gridExportWh
  const money = (wei: bigint) => weiToCurrency(wei, economics.ethPrice)
  const gasCostWeiPerKWhTraded = tradedLocalWh === 0n ? null : (totals.gasCostWei * 1000n) / tradedLocalWh
  return {
    ...totals,
    selfSufficiency: ratio(totals.selfSuppliedWh, totals.loadWh),
    selfConsumption: ratio(totals.selfConsumedWh, totals.generationWh),
    tradedShare: ratio(tradedLocalWh, exchangedWh),
    batteryThroughputWh: totals.batteryChargeWh + totals.batteryDischargeWh,
    tradedLocalWh,
    gasCostWeiPerKWhTraded,
    inCurrency: {
      bill: money(totals.billWei),
      gridOnlyBill: money(totals.gridOnlyBillWei),
      savings: money(totals.savingsWei),
      gasCost: money(totals.gasCostWei),
      gasCostPerKWhTraded: gasCostWeiPerKWhTraded === null ? null : money(gasCostWeiPerKWhTraded),
    },
  }
}

function ratio(part: bigint, whole: bigint): number | null {
  return whole === 0n ? null : Number(part) / Number(whole)
}
