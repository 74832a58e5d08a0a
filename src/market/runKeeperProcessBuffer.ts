import type { MechanismKeeperContext } from '../mechanisms/MarketMechanism.js'
import type { ProcessBufferResult } from './types.js'

/**
 * The keeper drains the market buffer in `processBuffer(maxItems)` transactions until it is empty
 * (or sends one with `once`), each recorded as `processBuffer`; expired commitments come from the
 * events.
 */
export async function runKeeperProcessBuffer(
  context: MechanismKeeperContext,
  maxItems: number,
  once: boolean,
): Promise<ProcessBufferResult> {
  const { chain, market, keeper } = context
  const result: ProcessBufferResult = { processed: 0, expired: [], receipts: [] }
  do {
    const { receipt, result: processed } = await chain.send({
      ...market,
      functionName: 'processBuffer',
      args: [BigInt(maxItems)],
      from: keeper,
    })
    context.gas.record('processBuffer', receipt, { batched: true })
    result.processed += Number(processed)
    result.receipts.push(receipt)
    for (const log of receipt.logs)
      if (log.eventName === 'CommitmentExpired') result.expired.push(log.args?.commitmentId as bigint)
    if (processed === 0n) break
  } while (!once && (await chain.call({ ...market, functionName: 'bufferLength' })) > 0n)
  return result
}
