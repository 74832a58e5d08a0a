import { describe, expect, it } from 'vitest'
import type { BookCommitment, IntervalBook } from './clearing.js'
import { matchMeritOrder, meritOrder } from './meritOrder.js'
import { clear as clearPayAsBid } from './payAsBid/clear.js'
import { clear as clearPayAsClear } from './payAsClear/clear.js'

let nextId = 0n
const producer = (tokenId: bigint, energyWh: bigint, limitPriceWeiPerKWh: bigint): BookCommitment => ({
  commitmentId: nextId++,
  tokenId,
  side: 'production',
  energyWh,
  limitPriceWeiPerKWh,
  lockedWei: 0n,
})
const consumer = (tokenId: bigint, energyWh: bigint, limitPriceWeiPerKWh: bigint): BookCommitment => ({
  commitmentId: nextId++,
  tokenId,
  side: 'consumption',
  energyWh,
  limitPriceWeiPerKWh,
  lockedWei: (energyWh * limitPriceWeiPerKWh + 999n) / 1000n,
})

describe('meritOrder', () => {
  it('orders producers by limit ascending and consumers by limit descending, ties by book position', () => {
    const book: IntervalBook = {
      producers: [producer(1n, 1n, 200n), producer(2n, 1n, 100n), producer(3n, 1n, 200n), producer(4n, 1n, 50n)],
      consumers: [consumer(5n, 1n, 100n), consumer(6n, 1n, 300n), consumer(7n, 1n, 100n)],
    }
    expect(meritOrder(book)).toEqual({ producerPositions: [3n, 1n, 0n, 2n], consumerPositions: [1n, 0n, 2n] })
  })
})

describe('clear', () => {
  const book: IntervalBook = {
    producers: [producer(1n, 600n, 120n), producer(2n, 500n, 80n)],
    consumers: [consumer(3n, 400n, 90n), consumer(4n, 900n, 200n)],
  }
  const delivered = new Map([
    [1n, 600n],
    [2n, 500n],
  ])

  it('caps traded energy by the metered readings and each producer by its own delivery', () => {
    const full = matchMeritOrder(book, { producedWh: 10_000n, consumedWh: 10_000n, deliveredWh: delivered })
    // p2 (80) and c4 (200) trade 500, then p1 (120) and c4 trade 400; p1 (120) > c3 (90) stops the walk.
    expect(full).toEqual({
      tradedWh: 900n,
      producerTradedWh: [400n, 500n],
      consumerTradedWh: [0n, 900n],
      marginalOfferWeiPerKWh: 120n,
      marginalBidWeiPerKWh: 200n,
    })
    expect(matchMeritOrder(book, { producedWh: 700n, consumedWh: 10_000n, deliveredWh: delivered }).tradedWh).toBe(700n)
    const partial = matchMeritOrder(book, {
      producedWh: 10_000n,
      consumedWh: 10_000n,
      deliveredWh: new Map([[2n, 100n]]),
    })
    expect(partial.producerTradedWh).toEqual([0n, 100n])
  })

  it('pay-as-clear: one price between the marginal offer and bid; Σ paid == Σ received', () => {
    const outcome = clearPayAsClear(book, { producedWh: 10_000n, consumedWh: 10_000n, deliveredWh: delivered })
    expect(outcome.price).toBe(160n)
    // c4 pays floor(160 × 900 / 1000); producers in book order: p1 floor(160 × 400 / 1000), p2 the rest.
    expect(outcome.trades).toEqual([
      { commitmentId: book.consumers[0]!.commitmentId, energyWh: 0n, amountWei: 0n },
      { commitmentId: book.consumers[1]!.commitmentId, energyWh: 900n, amountWei: 144n },
      { commitmentId: book.producers[0]!.commitmentId, energyWh: 400n, amountWei: 64n },
      { commitmentId: book.producers[1]!.commitmentId, energyWh: 500n, amountWei: 80n },
    ])
    expect(outcome).toMatchObject({ tradedWh: 900n, paidWei: 144n, receivedWei: 144n, surplusWei: 0n })
  })

  it('pay-as-bid: each pays its bid (rounded up) and receives its offer (rounded down); the spread is surplus', () => {
    const outcome = clearPayAsBid(book, { producedWh: 10_000n, consumedWh: 10_000n, deliveredWh: delivered })
    expect(outcome.price).toBe(0n)
    expect(outcome).toMatchObject({ tradedWh: 900n, paidWei: 180n, receivedWei: 88n, surplusWei: 92n })
  })

  it('trades nothing with an empty side, a zero reading or limits that do not cross', () => {
    const readings = { producedWh: 10_000n, consumedWh: 10_000n, deliveredWh: delivered }
    expect(clearPayAsClear({ producers: book.producers, consumers: [] }, readings)).toMatchObject({
      tradedWh: 0n,
      price: 0n,
      paidWei: 0n,
    })
    expect(clearPayAsClear(book, { ...readings, consumedWh: 0n })).toMatchObject({ tradedWh: 0n, price: 0n })
    const apart: IntervalBook = { producers: [producer(1n, 10n, 500n)], consumers: [consumer(3n, 10n, 499n)] }
    expect(clearPayAsBid(apart, readings)).toMatchObject({ tradedWh: 0n, paidWei: 0n, receivedWei: 0n, surplusWei: 0n })
  })
})
