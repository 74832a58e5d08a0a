import type { Side } from '../../market/types.js'
import type { FiledOrder, OrderSkipReason, SkippedOrder } from '../../market/submitOrders.js'
import { lockFor } from '../../mechanisms/lockFor.js'
import type { ModelContext } from './ModelContext.js'
import type { MarketBookModel } from './MarketBookModel.js'
import { ORDER_ID_OFFSET } from './MarketBookModel.js'
import type { ModelOrder } from './ModelState.js'
import type { ProfileCustodyModel } from './ProfileCustodyModel.js'

/**
 * One signed order as the model takes it: the words the aggregator submits, and whom its
 * signature recovers to (`undefined` when it recovers no one: a signature the pool's ECDSA
 * refuses). Who signed is the one fact of the signature the model needs; the test computes it.
 */
export type ModelSignedOrder = { word: bigint; terms: bigint; signer: string | undefined }

/** What the pool does with a batch: each filed order with its id, each skipped one with its reason. */
export type ModelOrdersOutcome = { filed: FiledOrder[]; skipped: SkippedOrder[] }

const mask = (bits: bigint): bigint => (1n << bits) - 1n
/** The word's 8 bits above the side byte, and the terms' 128 above the deadline, must be zero. */
const WORD_SPARE_BITS = ~mask(248n)
const TERMS_SPARE_BITS = ~mask(128n)

/** An order's fields as ISignedOrders packs them, with the raw side byte. */
function decode(word: bigint, terms: bigint) {
  return {
    tokenId: word & mask(48n),
    interval: Number((word >> 48n) & mask(32n)),
    energyWh: (word >> 80n) & mask(64n),
    limitPriceWeiPerKWh: (word >> 144n) & mask(96n),
    sideByte: (word >> 240n) & mask(8n),
    nonce: terms & mask(64n),
    deadline: (terms >> 64n) & mask(64n),
  }
}

/**
 * `EnergyPool.submitOrders` in the model, by the rules of docs/market.md ("Signed orders in
 * batches"): the checks that need no state in batch order (malformed, expired, interval closed,
 * below the minimum, bad signature), then the depositor and the nonce (marked in batch order, so a
 * duplicate's second copy finds it used), then each consumer's collateral (a refused order frees
 * its nonce again), then the market's one production per profile and interval. Filed orders take
 * consecutive ids in batch order among those that reached the market; a consumer's lock moves to
 * the clearing account. One transaction that never fails as a whole.
 */
export function submitOrdersModel(
  ctx: ModelContext,
  parts: { custody: ProfileCustodyModel; market: MarketBookModel },
  orders: readonly ModelSignedOrder[],
): ModelOrdersOutcome {
  return ctx.transaction(() => {
    const st = ctx.state
    const skipped: SkippedOrder[] = []
    const skip = (index: number, reason: OrderSkipReason) => {
      const { tokenId, nonce } = decode(orders[index]?.word ?? 0n, orders[index]?.terms ?? 0n)
      skipped.push({ index, tokenId, nonce, reason })
    }
    const current = ctx.currentInterval
    const passed: number[] = []
    orders.forEach((order, index) => {
      const o = decode(order.word, order.terms)
      if (
        (order.word & WORD_SPARE_BITS) !== 0n ||
        (order.terms & TERMS_SPARE_BITS) !== 0n ||
        o.sideByte > 1n ||
        o.tokenId === 0n ||
        o.energyWh === 0n ||
        (o.sideByte === 1n && o.limitPriceWeiPerKWh === 0n)
      )
        skip(index, 'malformed')
      else if (st.timestamp > o.deadline) skip(index, 'expired')
      else if (o.interval < current) skip(index, 'intervalClosed')
      else if (o.energyWh < ctx.config.minEnergyWh) skip(index, 'belowMinimum')
      else if (order.signer === undefined) skip(index, 'badSignature')
      else passed.push(index)
    })
    const marked: number[] = []
    for (const index of passed) {
      const order = orders[index] as ModelSignedOrder
      const o = decode(order.word, order.terms)
      const depositor = st.profiles.get(o.tokenId)?.depositor
      const nonceKey = `${o.tokenId}|${o.nonce}`
      if (depositor === undefined || depositor !== (order.signer as string).toLowerCase()) skip(index, 'notController')
      else if (st.usedNonces.has(nonceKey)) skip(index, 'nonceUsed')
      else {
        st.usedNonces.add(nonceKey)
        marked.push(index)
      }
    }
    const candidates: ModelOrder[] = []
    const batchIndex: number[] = []
    for (const index of marked) {
      const order = orders[index] as ModelSignedOrder
      const o = decode(order.word, order.terms)
      const side: Side = o.sideByte === 1n ? 'consumption' : 'production'
      const lockedWei = side === 'consumption' ? lockFor(o.energyWh, o.limitPriceWeiPerKWh) : 0n
      if (!parts.custody.escrowOrder(o.tokenId, lockedWei)) {
        st.usedNonces.delete(`${o.tokenId}|${o.nonce}`)
        skip(index, 'insufficientCollateral')
        continue
      }
      candidates.push({
        commitmentId: 0n,
        tokenId: o.tokenId,
        interval: o.interval,
        side,
        energyWh: o.energyWh,
        limitPriceWeiPerKWh: o.limitPriceWeiPerKWh,
        lockedWei,
        expiredInBuffer: false,
        nonce: o.nonce,
      })
      batchIndex.push(index)
    }
    const firstId = ORDER_ID_OFFSET + BigInt(st.orderCount)
    const filed: FiledOrder[] = []
    candidates.forEach((order, j) => {
      const index = batchIndex[j] as number
      order.commitmentId = firstId + BigInt(j)
      if (parts.market.fileOrder(order)) {
        filed.push({ index, orderId: order.commitmentId, tokenId: order.tokenId })
        return
      }
      st.usedNonces.delete(`${order.tokenId}|${order.nonce}`)
      skip(index, 'secondProduction')
    })
    // A batch that filed nothing gives out no ids.
    if (filed.length > 0) st.orderCount += candidates.length
    skipped.sort((a, b) => a.index - b.index)
    return { filed, skipped }
  })
}
