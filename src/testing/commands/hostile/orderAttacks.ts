import { encodeFunctionData } from 'viem'
import { MARKET_CORE_ABI } from '../../../mechanisms/marketCoreAbi.js'
import { resolveInterval } from '../helpers.js'
import type { SegmentForgery } from './HostileAction.js'
import { type HostileEntries, hostileCall } from './HostileStep.js'

const LOW_48_BITS = 2n ** 48n - 1n
const ORDER_ID_OFFSET = 2n ** 31n
const COUNT_SHIFT = 32n

/** `segments` as `forgery` says; a segment the pool never filed when there are none to forge. */
function forge(segments: readonly bigint[], forgery: SegmentForgery, nextId: bigint): bigint[] {
  const invented = [nextId | (1n << COUNT_SHIFT), 1n]
  if (forgery === 'genuine') return [...segments]
  if (forgery === 'invented' || segments.length === 0) return invented
  const count = Number((segments[0] as bigint) >> COUNT_SHIFT)
  const first = segments.slice(0, 1 + count)
  if (forgery === 'word') return [first[0] as bigint, (first[1] as bigint) ^ (1n << 80n), ...first.slice(2)]
  if (forgery === 'header') return [(first[0] as bigint) + (1n << COUNT_SHIFT), ...first.slice(1)]
  return first.slice(0, -1)
}

/**
 * Signed orders' machinery, attacked: the pool's calls on the profile contract (`escrowOrders`,
 * which would move a victim's collateral) and on the market (`fileOrders`, which would put an
 * unsigned order in a book) are refused; segments handed back forged are refused before anything
 * runs, alone or wrapped around a `settle` by `withOrders`; genuine ones supplied alone change nothing.
 */
export const orderAttacks: HostileEntries<'escrowOrders' | 'fileOrders' | 'supplyOrders'> = {
  escrowOrders: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const request = (id & LOW_48_BITS) | ((action.lockWei & (2n ** 96n - 1n)) << 48n)
    return {
      sender: action.sender,
      call: hostileCall(`profile.escrowOrders(${id}, ${action.lockWei})`, c.profile, 'escrowOrders', [[request]]),
      predict: () => model.forbidden('EnergyProfileUnauthorizedCaller', { caller: senderAddress(action.sender) }),
    }
  },
  fileOrders: (action, { contracts: c, model, senderAddress, hostileTokens }) => {
    const interval = resolveInterval(model, action.target)
    const tokenId = hostileTokens[0] ?? 1n
    const side = action.side === 'consumption' ? 1n : 0n
    const word =
      tokenId |
      (BigInt(interval) << 48n) |
      ((action.energyWh & (2n ** 64n - 1n)) << 80n) |
      (1n << 144n) |
      (side << 240n)
    const firstId = ORDER_ID_OFFSET + BigInt(model.orderCount)
    return {
      sender: action.sender,
      call: hostileCall(`market.fileOrders(${firstId}, ${interval})`, c.market, 'fileOrders', [firstId, [word]]),
      predict: () => model.forbidden('EnergyMarketUnauthorizedCaller', { caller: senderAddress(action.sender) }),
    }
  },
  supplyOrders: (action, { contracts: c, model, r }) => {
    const interval = resolveInterval(model, action.target)
    const segments = forge(
      r.sim.orders.forInterval(interval),
      action.segments,
      ORDER_ID_OFFSET + BigInt(model.orderCount),
    )
    const label = `${action.settle ? 'withOrders' : 'supplyOrders'}(${action.segments} segments of ${interval}${action.settle ? ', settle' : ''})`
    const call = action.settle
      ? hostileCall(label, c.market, 'withOrders', [
          segments,
          encodeFunctionData({ abi: MARKET_CORE_ABI, functionName: 'settle', args: [interval, 1n] }),
        ])
      : hostileCall(label, c.pool, 'supplyOrders', [segments])
    return {
      sender: action.sender,
      call,
      predict: () => {
        if (action.segments !== 'genuine') model.forbidden('EnergyPoolOrdersMismatch', { offset: 0n })
        // Genuine segments supplied alone are only read within the transaction.
        if (action.settle) throw new Error('a genuine withOrders settle is the keeper attack')
      },
    }
  },
}
