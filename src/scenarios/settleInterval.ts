import type { Receipt } from '../chain/types.js'
import type { DemSimulator } from '../market/DemSimulator.js'
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
 * The keeper settles a closed interval in transactions of `maxItems` commitments, exactly as
 * {@link DemSimulator.settle} does (same transactions, same gas, recorded in `sim.gas` as
 * `settle`), but takes each trade's owner and side from `commitments` instead of calling the
 * pool once per trade, and the totals from the `IntervalSettled` event. At 1,000 users those
 * per-trade calls cost more wall time than the settlement transactions themselves.
 */
export async function settleInterval(sim: DemSimulator, interval: number, maxItems: number, commitments: CommitmentIndex): Promise<SettleIntervalResult> {
  const receipts: Receipt[] = []
  const trades: Trade[] = []
  let summary: Readonly<Record<string, unknown>> | undefined
  for (let done = false; !done; ) {
    const { receipt, result } = await sim.chain.send({
      ...sim.contracts.market,
      functionName: 'settle',
      args: [interval, BigInt(maxItems)],
      from: sim.roles.keeper,
    })
    sim.gas.record('settle', receipt, { interval })
    receipts.push(receipt)
    done = result
    for (const log of receipt.logs) {
      if (log.eventName === 'CommitmentSettled' && log.args !== undefined) {
        const commitmentId = log.args.commitmentId as bigint
        const known = commitments.get(commitmentId)
        if (known === undefined) throw new Error(`settled commitment ${commitmentId} was not made by this run`)
        commitments.delete(commitmentId)
        trades.push({ commitmentId, tokenId: known.tokenId, side: known.side, energyWh: log.args.energyWh as bigint, amountWei: log.args.amountWei as bigint })
      } else if (log.eventName === 'IntervalSettled') {
        summary = log.args
      }
    }
  }
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
