import type { Receipt } from '../chain/types.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import { type KeeperSettleBatches, keeperContextOf, runKeeperSettle } from '../market/runKeeperSettle.js'
import { readRound } from '../mechanisms/readRound.js'
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
  /** The uniform price (wei per kWh × 10^priceDecimals), 0 for a mechanism without one. */
  price: bigint
  priceDecimals: number
  /** Σ paid by consumers. */
  tradedValueWei: bigint
  /** Σ received by producers. */
  receivedWei: bigint
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
  batches: KeeperSettleBatches,
  commitments: CommitmentIndex,
): Promise<SettleIntervalResult> {
  const { receipts, settled } = await runKeeperSettle(sim.mechanism, keeperContextOf(sim), interval, batches)
  const trades: Trade[] = settled.map(({ commitmentId, energyWh, amountWei }) => {
    const known = commitments.get(commitmentId)
    if (known === undefined) throw new Error(`settled commitment ${commitmentId} was not made by this run`)
    commitments.delete(commitmentId)
    return { commitmentId, tokenId: known.tokenId, side: known.side, energyWh, amountWei }
  })
  const round = await readRound(sim.chain, sim.contracts.market.address, interval)
  return {
    trades,
    receipts,
    supplyWh: round.supplyWh,
    demandWh: round.demandWh,
    producedWh: round.producedWh,
    consumedWh: round.consumedWh,
    tradedWh: round.tradedWh,
    price: round.price,
    priceDecimals: round.priceDecimals,
    tradedValueWei: round.paidWei,
    receivedWei: round.receivedWei,
    surplusWei: round.paidWei - round.receivedWei,
  }
}
