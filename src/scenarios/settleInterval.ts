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
  /** The uniform price (wei per kWh × 10^priceDecimals): the feed's answer, or the discovered one. */
  price: bigint
  /** Σ paid by consumers. */
  tradedValueWei: bigint
  /** What the market kept (pay-as-bid's spread). */
  surplusWei: bigint
}

/**
 * The keeper settles a closed interval with the simulator's own loop (same transactions, same
 * gas, recorded in `sim.gas`), but takes each trade's owner and side from `commitments` instead
 * of calling the pool once per trade. At 1,000 users those per-trade calls cost more wall time
 * than the settlement transactions themselves.
 */
export async function settleInterval(
  sim: DemSimulator,
  interval: number,
  maxItems: number,
  commitments: CommitmentIndex,
): Promise<SettleIntervalResult> {
  const { receipts, settled, summary } = await runKeeperSettle(sim.mechanism, keeperContextOf(sim), interval, maxItems)
  const trades: Trade[] = settled.map(({ commitmentId, energyWh, amountWei }) => {
    const known = commitments.get(commitmentId)
    if (known === undefined) throw new Error(`settled commitment ${commitmentId} was not made by this run`)
    commitments.delete(commitmentId)
    return { commitmentId, tokenId: known.tokenId, side: known.side, energyWh, amountWei }
  })
  const totals = await sim.chain.call({ ...sim.contracts.pool, functionName: 'intervalTotalsOf', args: [interval] })
  return {
    trades,
    receipts,
    supplyWh: summary?.supplyWh ?? 0n,
    demandWh: summary?.demandWh ?? 0n,
    producedWh: totals.producedWh,
    consumedWh: totals.consumedWh,
    tradedWh: summary?.tradedWh ?? 0n,
    price: summary?.price ?? 0n,
    tradedValueWei: summary?.paidWei ?? 0n,
    surplusWei: summary?.surplusWei ?? 0n,
  }
}
