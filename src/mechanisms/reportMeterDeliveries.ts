import { SimulatedMeter } from '../artifacts/index.js'
import type { Chain } from '../chain/createChain.js'
import type { AddressHex, Receipt } from '../chain/types.js'
import type { GasRecorder } from './MarketMechanism.js'

/**
 * Deliveries per `reportDeliveries` transaction: at worst each is a fresh storage word (≈ 23,500
 * gas; the meter packs four neighbouring profiles per word), so 500 stay under 12M gas and well
 * inside the 2^24 per-transaction cap however many producers report.
 */
export const DELIVERIES_PER_REPORT = 500

/** Who reports to which meter, and where gas is recorded. */
export type MeterReportContext = { chain: Chain; gas: GasRecorder; meter: AddressHex; reporter: AddressHex }

/**
 * The reporter sends `deliveries` (token id → Wh) for `interval` to the meter, 500 a transaction,
 * then declares them complete (`finalizeDeliveries`), so that the interval can settle at once;
 * gas is recorded per operation.
 *
 * @param context the chain, meter and reporter
 * @param interval the interval reported
 * @param deliveries each producer's delivered Wh, by profile token id
 * @returns the receipts, in order
 * @example
 * import { reportMeterDeliveries } from 'dem-sim'
 * await reportMeterDeliveries({ chain, gas, meter, reporter }, 0, new Map([[1n, 2_000n]]))
 */
export async function reportMeterDeliveries(
  context: MeterReportContext,
  interval: number,
  deliveries: ReadonlyMap<bigint, bigint>,
): Promise<Receipt[]> {
  const entries = [...deliveries]
  const receipts: Receipt[] = []
  for (let from = 0; from < entries.length; from += DELIVERIES_PER_REPORT) {
    const batch = entries.slice(from, from + DELIVERIES_PER_REPORT)
    const { receipt } = await context.chain.send({
      address: context.meter,
      abi: SimulatedMeter.abi,
      functionName: 'reportDeliveries',
      args: [interval, batch.map(([tokenId]) => tokenId), batch.map(([, energyWh]) => energyWh)],
      from: context.reporter,
    })
    context.gas.record('reportDeliveries', receipt, { interval, batched: true })
    receipts.push(receipt)
  }
  const { receipt } = await context.chain.send({
    address: context.meter,
    abi: SimulatedMeter.abi,
    functionName: 'finalizeDeliveries',
    args: [interval],
    from: context.reporter,
  })
  context.gas.record('finalizeDeliveries', receipt, { interval })
  receipts.push(receipt)
  return receipts
}
