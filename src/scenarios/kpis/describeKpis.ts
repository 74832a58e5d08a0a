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
  const gasCostWeiPerKWhTraded = perKWh(totals.gasCostWei, tradedLocalWh)
  return {
    ...totals,
    selfSufficiency: ratio(totals.selfSuppliedWh, totals.loadWh),
    selfConsumption: ratio(totals.selfConsumedWh, totals.generationWh),
    tradedShare: ratio(tradedLocalWh, exchangedWh),
    batteryThroughputWh: totals.batteryChargeWh + totals.batteryDischargeWh,
    tradedLocalWh,
    localBuyPriceWeiPerKWh: perKWh(totals.paidWei, totals.boughtLocalWh),
    localSellPriceWeiPerKWh: perKWh(totals.receivedWei, totals.soldLocalWh),
    gasCostWeiPerKWhTraded,
    inCurrency: {
      bill: money(totals.billWei),
      gridOnlyBill: money(totals.gridOnlyBillWei),
      energySavings: money(totals.energySavingsWei),
      savings: money(totals.savingsWei),
      gasCost: money(totals.gasCostWei),
      gasCostPerKWhTraded: gasCostWeiPerKWhTraded === null ? null : money(gasCostWeiPerKWhTraded),
    },
  }
}

/** Wei per kWh, rounded down; `null` for no energy. */
function perKWh(wei: bigint, energyWh: bigint): bigint | null {
  return energyWh === 0n ? null : (wei * 1000n) / energyWh
}

function ratio(part: bigint, whole: bigint): number | null {
  return whole === 0n ? null : Number(part) / Number(whole)
}
