import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AddressHex } from '../src/chain/types.js'
import { DemSimulator } from '../src/market/DemSimulator.js'
import type { Side } from '../src/market/types.js'
import { createMarketModel, diffObservations, lockFor, observeMarket, PRICE_GRID, type MarketModel, type ModelTrade } from '../src/testing/index.js'
import { assertProperty, timeoutFor } from './model/propertyRunner.js'

/**
 * Settlement arithmetic, as properties:
 * - of the reference model alone (no EVM, so thousands of books): Σ paid = Σ received =
 *   floor(p·E/U) to the wei; each commitment trades within 1 Wh of its exact pro-rata share and
 *   pays (or receives) the value of its own Wh at p within 1 wei; no consumer pays more than it
 *   locked; E = min(S, D, P, C); value is conserved by every settle transaction; and the
 *   outcome does not depend on the batch size;
 * - of the chain: an interval settled in batches of any size ends exactly as one settled in one
 *   call.
 */

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as AddressHex
const CONFIG = {
  startTime: 1_700_000_000n,
  intervalSeconds: 3_600n,
  gracePeriodSeconds: 86_400n,
  timestamp: 1_700_000_000n,
  accountBalanceWei: 10n ** 25n,
  addresses: {
    profile: address(0xa1),
    pool: address(0xa2),
    market: address(0xa3),
    priceFeed: address(0xa4),
    producedFeed: address(0xa5),
    consumedFeed: address(0xa6),
    owner: address(0xa7),
    reporter: address(0xa8),
    keeper: address(0xa9),
  },
}

type Book = {
  priceDecimals: number
  users: number
  commitments: { user: number; side: Side; energyWh: bigint; limitPriceWeiPerKWh: bigint }[]
  price: bigint
  producedWh: bigint
  consumedWh: bigint
  batches: number[]
}

const bookArbitrary: fc.Arbitrary<Book> = fc.record({
  priceDecimals: fc.constantFrom(0, 0, 3, 9, 18),
  users: fc.integer({ min: 1, max: 6 }),
  commitments: fc.array(
    fc.record({
      user: fc.nat(5),
      side: fc.constantFrom<Side>('production', 'consumption'),
      energyWh: fc.oneof(fc.bigInt(1n, 5_000n), fc.bigInt(1n, 2n ** 40n)),
      limitPriceWeiPerKWh: fc.oneof(fc.constantFrom(...PRICE_GRID), fc.bigInt(0n, 3_000n), fc.bigInt(0n, 10n ** 12n)),
    }),
    { maxLength: 24 },
  ),
  price: fc.oneof(fc.constantFrom(...PRICE_GRID), fc.bigInt(1n, 3_000n), fc.bigInt(1n, 10n ** 12n)),
  producedWh: fc.oneof(fc.bigInt(0n, 50_000n), fc.bigInt(0n, 2n ** 42n)),
  consumedWh: fc.oneof(fc.bigInt(0n, 50_000n), fc.bigInt(0n, 2n ** 42n)),
  batches: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 8 }),
})

/** Plays a book on a fresh model and settles it with the batch sizes `batches` (cycled). */
function settleBook(book: Book, batches: readonly number[]): { model: MarketModel; trades: ModelTrade[]; steps: number; heldBefore: bigint[] } {
  const model = createMarketModel({ ...CONFIG, priceDecimals: book.priceDecimals, energyDecimals: 0 })
  const users = Array.from({ length: book.users }, (_, i) => address(0x1000 + i))
  for (const user of users) {
    model.addAccount(user)
    model.registerUser({ from: user, valueWei: 10n ** 24n, inPool: true })
  }
  for (const c of book.commitments) {
    const from = users[c.user % users.length] as AddressHex
    model.commit({ from, tokenId: BigInt((c.user % users.length) + 1), interval: 0, energyWh: c.energyWh, side: c.side, limitPriceWeiPerKWh: c.limitPriceWeiPerKWh })
  }
  model.advanceInterval()
  const scale = 10n ** BigInt(book.priceDecimals)
  model.updateAnswer({ from: CONFIG.addresses.reporter, feed: 'price', answer: book.price * scale })
  model.updateAnswer({ from: CONFIG.addresses.reporter, feed: 'produced', answer: book.producedWh })
  model.updateAnswer({ from: CONFIG.addresses.reporter, feed: 'consumed', answer: book.consumedWh })
  const trades: ModelTrade[] = []
  const heldBefore: bigint[] = []
  let steps = 0
  for (let settled = false; !settled; steps++) {
    heldBefore.push(model.profiles().reduce((sum, p) => sum + p.collateralWei, 0n))
    const step = model.settle(0, BigInt(batches[steps % batches.length] as number))
    trades.push(...step.trades)
    settled = step.settled
  }
  return { model, trades, steps, heldBefore }
}

describe('settlement arithmetic', () => {
  it('the model: Σ paid = Σ received = floor(p·E/U), pro-rata within 1 Wh, each paying its Wh at p within 1 wei, locks suffice, value conserved, batch size irrelevant', async () => {
    await assertProperty(
      fc.property(bookArbitrary, (book) => {
        const { model, trades, heldBefore } = settleBook(book, book.batches)
        const s = model.settlement(0)
        const scale = 10n ** BigInt(book.priceDecimals)
        const p = book.price * scale
        const unit = 1000n * scale
        const itm = book.commitments.filter((c) => (c.side === 'production' ? c.limitPriceWeiPerKWh * scale <= p : c.limitPriceWeiPerKWh * scale >= p))
        const supply = itm.filter((c) => c.side === 'production').reduce((sum, c) => sum + c.energyWh, 0n)
        const demand = itm.filter((c) => c.side === 'consumption').reduce((sum, c) => sum + c.energyWh, 0n)
        const traded = [supply, demand, book.producedWh, book.consumedWh].reduce((a, b) => (a < b ? a : b))
        expect(s.phase).toBe('settled')
        expect([s.supplyWh, s.demandWh, s.tradedWh]).toEqual([supply, demand, traded])

        // Every commitment settled exactly once.
        expect(trades.map((t) => t.commitmentId).sort((a, b) => (a < b ? -1 : 1))).toEqual(book.commitments.map((_, i) => BigInt(i)))
        const sum = (side: Side, key: 'energyWh' | 'amountWei') => trades.filter((t) => t.side === side).reduce((acc, t) => acc + t[key], 0n)
        const value = (p * traded) / unit
        expect(sum('consumption', 'amountWei')).toBe(value)
        expect(sum('production', 'amountWei')).toBe(value)
        expect(sum('consumption', 'energyWh')).toBe(traded)
        expect(sum('production', 'energyWh')).toBe(traded)

        for (const t of trades) {
          const c = book.commitments[Number(t.commitmentId)] as Book['commitments'][number]
          const inTheMoney = itm.includes(c)
          const total = c.side === 'production' ? supply : demand
          if (!inTheMoney || traded === 0n) {
            expect([t.energyWh, t.amountWei]).toEqual([0n, 0n])
            continue
          }
          // Within 1 Wh of the exact share E·e/total: floor or ceil of it.
          const exactFloor = (traded * c.energyWh) / total
          expect(t.energyWh >= exactFloor && t.energyWh <= exactFloor + 1n).toBe(true)
          // Pays or receives the value of its own Wh at p, within 1 wei.
          const own = (p * t.energyWh) / unit
          expect(t.amountWei >= own - 1n && t.amountWei <= own + 1n).toBe(true)
          if (c.side === 'consumption') expect(t.amountWei <= lockFor(c.energyWh, c.limitPriceWeiPerKWh)).toBe(true)
        }
        // Value conserved by every settle transaction; nothing stays locked; nothing negative.
        for (const held of heldBefore) expect(held).toBe(model.heldWei)
        for (const profile of model.profiles()) expect([profile.lockedWei, profile.openCommitments]).toEqual([0n, 0])

        // The same book settled in one call ends the same.
        const oneCall = settleBook(book, [1_000])
        expect(diffObservations(oneCall.model.observe({ intervals: [0], accounts: [] }), model.observe({ intervals: [0], accounts: [] }))).toEqual([])
      }),
      { runs: 1_000, file: 'test/settlement.property.test.ts' },
    )
  })

  it(
    'the chain: an interval settled in batches of any size ends exactly as one settled in one call',
    async () => {
      const sim = await DemSimulator.create()
      const fresh = sim.snapshot()
      await assertProperty(
        fc.asyncProperty(
          fc.array(fc.record({ side: fc.constantFrom<Side>('production', 'consumption'), energyWh: fc.bigInt(1n, 5_000n), limit: fc.oneof(fc.constantFrom(...PRICE_GRID), fc.bigInt(1n, 3_000n)) }), { minLength: 1, maxLength: 12 }),
          fc.record({ price: fc.oneof(fc.constantFrom(...PRICE_GRID), fc.bigInt(1n, 3_000n)), produced: fc.bigInt(0n, 40_000n), consumed: fc.bigInt(0n, 40_000n) }),
          fc.integer({ min: 1, max: 5 }),
          async (commitments, readings, batch) => {
            // Arrange: four users, the commitments, the interval closed and reported.
            sim.revert(fresh)
            const users = []
            for (let i = 0; i < 4; i++) users.push(await sim.addUser({ collateralWei: 10n ** 9n }))
            for (const [i, c] of commitments.entries()) {
              await sim.commit(users[i % users.length] as (typeof users)[number], { interval: 0, energyWh: c.energyWh, side: c.side, limitPriceWeiPerKWh: c.limit })
            }
            sim.advanceInterval()
            await sim.setOracle({ priceWeiPerKWh: readings.price, producedWh: readings.produced, consumedWh: readings.consumed })
            const scope = { ownership: true, commitmentTerms: true, intervals: [0], books: true, accounts: users.map((u) => u.address) }
            const ready = sim.snapshot()

            // Act: once in one call, once in batches.
            const whole = await sim.settle(0)
            const once = await observeMarket(sim, scope)
            sim.revert(ready)
            const batched = await sim.settle(0, { maxItems: batch })
            const inBatches = await observeMarket(sim, scope)

            // Assert
            expect(diffObservations(once, inBatches)).toEqual([])
            const byId = (ts: typeof whole.trades) => [...ts].sort((a, b) => (a.commitmentId < b.commitmentId ? -1 : 1))
            expect(byId(batched.trades)).toEqual(byId(whole.trades))
            expect(batched.tradedValueWei).toBe(whole.tradedValueWei)
            if (commitments.length * 2 > batch) expect(batched.receipts.length).toBeGreaterThan(1)
          },
        ),
        { runs: 25, file: 'test/settlement.property.test.ts', timeLimitMs: timeoutFor(25, 3_000) - 15_000 },
      )
    },
    timeoutFor(25, 3_000),
  )
})
