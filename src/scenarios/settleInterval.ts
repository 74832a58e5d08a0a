import type { Receipt } from '../chain/types.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import { keeperContextOf, runKeeperSettle } from '../market/runKeeperSettle.js'
import type { Side, Trade } from '../market/types.js'

/** What the runner knows of each commitment it made: whose it is and which side. */
export type CommitmentIndex = Map<bigint, { tokenId: bigint; side: Side }>

export type SettleIntervalResult = {
  trades: Trade[]
  receipts: Receipt[]
  supplyWh: bigint
  demandWh: bigint
  producedWh: bigint
  consumedWh: bigint
  tradedWh: bigint
  /** The price feed's answer (wei per kWh × 10^priceDecimals). */
  price: bigint
  tradedValueWei: bigint
}

/**
 * The keeper settles a closed interval with the simulator's own loop (same transactions, same
 * gas, recorded in `sim.gas`), but takes each trade's owner and side from `commitments` instead
 * of calling the pool once per trade. At 1,000 users those per-trade calls cost more wall time
 * than the settlement transactions themselves.
 */
export async function settleInterval(sim: DemSimulator, interval: number, maxItems: number, commitments: CommitmentIndex): Promise<SettleIntervalResult> {
  const { receipts, settled, summary } = await runKeeperSettle(sim.mechanism, keeperContextOf(sim), interval, maxItems)
  const trades: Trade[] = settled.map(({ commitmentId, energyWh, amountWei }) => {
    const known = commitments.get(commitmentId)
    if (known === undefined) throw new Error(`settled commitment ${commitmentId} was not made by this run`)
    commitments.delete(commitmentId)
    return { commitmentId, tokenId: known.tokenId, side: known.side, energyWh, amountWei }
  })
  const field = (name: string): bigint => (summary?.[name] as bigint | undefined) ?? 0n
  return {
    trades,
    receipts,
    supplyWh: field('supplyWh'),
    demandWh: field('demandWh'),
    producedWh: field('producedWh'),
    consumedWh: field('consumedWh'),
    tradedWh: field('tradedWh'),
    price: field('price'),
    tradedValueWei: field('tradedValueWei'),
  }
}
