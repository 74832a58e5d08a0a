import type { Receipt } from '../chain/types.js'
import type { MechanismKeeperContext } from '../mechanisms/MarketMechanism.js'

/** The keeper expires `interval` in `expireInterval(interval, maxItems)` transactions until it is done. */
export async function runKeeperExpire(
  context: MechanismKeeperContext,
  interval: number,
  maxItems: number,
): Promise<Receipt[]> {
  const receipts: Receipt[] = []
  for (let done = false; !done; ) {
    const { receipt, result } = await context.chain.send({
      ...context.market,
      functionName: 'expireInterval',
      args: [interval, BigInt(maxItems)],
      from: context.keeper,
    })
    context.gas.record('expireInterval', receipt, { interval, batched: true })
    receipts.push(receipt)
    done = result
  }
  return receipts
}
