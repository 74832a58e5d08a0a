import type { Receipt } from '../chain/types.js'
import type { MarketMechanism, MechanismKeeperContext } from '../mechanisms/MarketMechanism.js'
import { sendKeeperCall } from '../mechanisms/sendKeeperCall.js'

/** A `CommitmentSettled` event: what one commitment traded and paid or received. */
export type SettledCommitment = { commitmentId: bigint; energyWh: bigint; amountWei: bigint }

export type KeeperSettleResult = {
  receipts: Receipt[]
  settled: SettledCommitment[]
}

/** The keeper's batch sizes: work items per `settle` call, commitments per `processBuffer` call. */
export type KeeperSettleBatches = { maxItems: number; processBatch: number }

/** The parts of a simulator a keeper step uses. */
type KeeperHost = {
  chain: MechanismKeeperContext['chain']
  gas: MechanismKeeperContext['gas']
  contracts: { market: MechanismKeeperContext['market']; pool: { address: MechanismKeeperContext['pool'] } }
  roles: { keeper: MechanismKeeperContext['keeper'] }
  orders?: MechanismKeeperContext['orders']
}

/** The keeper's view of a simulator. */
export function keeperContextOf(sim: KeeperHost): MechanismKeeperContext {
  return {
    chain: sim.chain,
    gas: sim.gas,
    market: sim.contracts.market,
    pool: sim.contracts.pool.address,
    keeper: sim.roles.keeper,
    ...(sim.orders === undefined ? {} : { orders: sim.orders }),
  }
}

/**
 * The keeper loop for one closed interval, shared by the simulator and the scenario runner:
 * `settle(interval, maxItems)` until it returns true, each call preceded by draining the buffer
 * (`processBuffer(processBatch)`: a commitment filed inside `settle` would count against a settle
 * batch, sized for cheaper items) and by what the mechanism's phase needs first (its
 * `beforeSettle`); each call reading an interval that holds signed orders is handed its segments
 * (`withOrders`). Every `settle` is recorded in the ledger as `settle`, the rest under their own
 * operation names.
 */
export async function runKeeperSettle(
  mechanism: MarketMechanism,
  context: MechanismKeeperContext,
  interval: number,
  batches: KeeperSettleBatches,
): Promise<KeeperSettleResult> {
  const { maxItems, processBatch } = batches
  const receipts: Receipt[] = []
  const settled: SettledCommitment[] = []
  for (let done = false; !done; ) {
    receipts.push(...(await drainBuffer(context, processBatch)))
    if (mechanism.beforeSettle !== undefined)
      receipts.push(...(await mechanism.beforeSettle(context, interval, maxItems)))
    const call = { abi: context.market.abi, functionName: 'settle', args: [interval, BigInt(maxItems)] }
    const { receipt, done: settledAll } = await sendKeeperCall(context, interval, call, {
      batched: true,
      settles: true,
    })
    receipts.push(receipt)
    done = settledAll
    for (const log of receipt.logs) {
      if (log.eventName === 'CommitmentSettled' && log.args !== undefined) {
        settled.push({
          commitmentId: log.args.commitmentId as bigint,
          energyWh: log.args.energyWh as bigint,
          amountWei: log.args.amountWei as bigint,
        })
      }
    }
  }
  return { receipts, settled }
}

/** `processBuffer(processBatch)` until the buffer is empty; the receipts. */
async function drainBuffer(context: MechanismKeeperContext, processBatch: number): Promise<Receipt[]> {
  const receipts: Receipt[] = []
  while ((await context.chain.call({ ...context.market, functionName: 'bufferLength' })) > 0n) {
    const { receipt } = await context.chain.send({
      ...context.market,
      functionName: 'processBuffer',
      args: [BigInt(processBatch)],
      from: context.keeper,
    })
    context.gas.record('processBuffer', receipt, { batched: true })
    receipts.push(receipt)
  }
  return receipts
}
