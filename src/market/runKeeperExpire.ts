import type { Receipt } from '../chain/types.js'
import type { MechanismKeeperContext } from '../mechanisms/MarketMechanism.js'
import { sendKeeperCall } from '../mechanisms/sendKeeperCall.js'

/**
 * The keeper expires `interval` in `expireInterval(interval, maxItems)` transactions until it is
 * done, each handed the interval's order segments when it holds signed orders.
 */
export async function runKeeperExpire(
  context: MechanismKeeperContext,
  interval: number,
  maxItems: number,
): Promise<Receipt[]> {
  const receipts: Receipt[] = []
  for (let done = false; !done; ) {
    const call = { abi: context.market.abi, functionName: 'expireInterval', args: [interval, BigInt(maxItems)] }
    const { receipt, done: expired } = await sendKeeperCall(context, interval, call, { batched: true })
    receipts.push(receipt)
    done = expired
  }
  return receipts
}
