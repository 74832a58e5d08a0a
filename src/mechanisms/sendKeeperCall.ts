import { decodeFunctionResult, encodeFunctionData } from 'viem'
import type { Abi } from '../chain/abiTypes.js'
import type { Receipt } from '../chain/types.js'
import type { MechanismKeeperContext } from './MarketMechanism.js'

/** A keeper call of the market that returns a bool (settle, rank, expireInterval) or nothing (resetRanking). */
export type KeeperCall = { abi: Abi; functionName: string; args: readonly unknown[] }

/**
 * Sends a keeper call of the market for `interval` from the keeper. When the interval holds
 * signed orders, their words live only in the segments the pool published, so the call goes
 * through `withOrders(segments, call)`, which hands them back to the pool first; otherwise it is
 * sent as it is. Either way the gas is recorded under the call's own name.
 *
 * @param context the keeper's chain, market and segments
 * @param interval the interval the call reads
 * @param call the market function, its ABI and arguments
 * @param marks how the gas ledger counts the transaction (see `GasRecorder`)
 * @returns the receipt, and whether the call reported it was done (false for a call that returns nothing)
 * @example
 * import { sendKeeperCall } from 'dem-sim'
 * const { done } = await sendKeeperCall(context, 0, { abi: MARKET_CORE_ABI, functionName: 'settle', args: [0, 800n] })
 */
export async function sendKeeperCall(
  context: MechanismKeeperContext,
  interval: number,
  call: KeeperCall,
  marks: { batched?: boolean; settles?: boolean } = {},
): Promise<{ receipt: Receipt; done: boolean }> {
  const segments = context.orders?.forInterval(interval) ?? []
  const { chain, market, keeper } = context
  if (segments.length === 0) {
    const { receipt, result } = await chain.send({ address: market.address, ...call, from: keeper } as never)
    context.gas.record(call.functionName, receipt, { interval, ...marks })
    return { receipt, done: (result as unknown) === true }
  }
  const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args })
  const { receipt, result } = await chain.send({
    ...market,
    functionName: 'withOrders',
    args: [segments, data],
    from: keeper,
  })
  context.gas.record(call.functionName, receipt, { interval, ...marks })
  const outputs = call.abi.find((item) => item.type === 'function' && item.name === call.functionName)
  const returnsBool = outputs?.type === 'function' && outputs.outputs[0]?.type === 'bool'
  const done =
    returnsBool && decodeFunctionResult({ abi: call.abi, functionName: call.functionName, data: result }) === true
  return { receipt, done }
}
