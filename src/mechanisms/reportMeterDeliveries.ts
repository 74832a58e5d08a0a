import { SimulatedMeter } from '../artifacts/index.js'
import type { Receipt } from '../chain/types.js'
import type { MechanismOracleContext } from './MarketMechanism.js'

/**
 * Deliveries per `reportDeliveries` transaction: at worst each is a fresh storage word (≈ 23,500
 * gas; the meter packs four neighbouring profiles per word), so 500 stay under 12M gas and well
 * inside the 2^24 per-transaction cap however many producers report.
 */
export const DELIVERIES_PER_REPORT = 500

/**
 * The reporter sends `deliveries` (token id → Wh) for `interval` to the meter, 500 a transaction,
 * then declares them complete (`finalizeDeliveries`), so that the interval can settle at once;
 * gas is recorded per operation.
 */
export async function reportMeterDeliveries(
  context: MechanismOracleContext,
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
    context.gas.record('reportDeliveries', receipt, { interval })
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
