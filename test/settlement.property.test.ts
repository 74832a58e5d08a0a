import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../src/market/DemSimulator.js'
import type { Side } from '../src/market/types.js'
import { clearOraclePrice } from '../src/mechanisms/oraclePrice/clearOraclePrice.js'
import type { BookCommitment } from '../src/mechanisms/clearing.js'
import { diffObservations, lockFor, observeMarket, PRICE_GRID } from '../src/testing/index.js'
import { assertProperty, timeoutFor } from './model/propertyRunner.js'

/**
 * Settlement arithmetic of `oracle-price`, as properties:
 * - of its pure clearing rule (no EVM, so thousands of books): Σ paid = Σ received =
 *   floor(p·E/U) to the wei; each commitment trades within 1 Wh of its exact pro-rata share of
 *   what it counts for (a producer at most its delivery) and pays (or receives) the value of its
 *   own Wh at p within 1 wei; no consumer pays more than it locked; E = min(S, D, P, C);
 * - of the chain: an interval settled in batches of any size ends exactly as one settled in one
 *   call.
 */

type Book = {
  priceDecimals: number
  users: number
  commitments: { user: number; side: Side; energyWh: bigint; limitPriceWeiPerKWh: bigint }[]
  price: bigint
  producedWh: bigint
  consumedWh: bigint
  /** Each user's metered delivery; undefined: none reported (reads as zero). */
  deliveredWh: (bigint | undefined)[]
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
  deliveredWh: fc.array(fc.option(fc.oneof(fc.bigInt(0n, 5_000n), fc.constant(2n ** 64n - 1n)), { nil: undefined }), {
    minLength: 6,
    maxLength: 6,
  }),
})

/** A filed book holds at most one production commitment per profile (the market releases the others at filing). */
function filed(book: Book): Book['commitments'] {
  const producing = new Set<number>()
  return book.commitments.filter((c) => {
    if (c.side === 'consumption') return true
    const user = c.user % book.users
    if (producing.has(user)) return false
    producing.add(user)
    return true
  })
}

/** What a commitment counts for: a consumer its energy, a producer at most its user's delivery. */
function countedWh(book: Book, c: Book['commitments'][number]): bigint {
  if (c.side === 'consumption') return c.energyWh
  const delivered = book.deliveredWh[c.user % book.users] ?? 0n
  return delivered < c.energyWh ? delivered : c.energyWh
}

/** The book as the clearing rule takes it: commitment `i` has id `i`, each side in book order. */
function clear(book: Book): ReturnType<typeof clearOraclePrice> {
  const entries: BookCommitment[] = filed(book).map((c, i) => ({
    commitmentId: BigInt(i),
    tokenId: BigInt((c.user % book.users) + 1),
    side: c.side,
    energyWh: c.energyWh,
    limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
    lockedWei: c.side === 'consumption' ? lockFor(c.energyWh, c.limitPriceWeiPerKWh) : 0n,
  }))
  const scale = 10n ** BigInt(book.priceDecimals)
  const deliveredWh = new Map<bigint, bigint>()
  for (const [user, wh] of book.deliveredWh.entries()) if (wh !== undefined) deliveredWh.set(BigInt(user + 1), wh)
  return clearOraclePrice(
    {
      producers: entries.filter((e) => e.side === 'production'),
      consumers: entries.filter((e) => e.side === 'consumption'),
    },
    {
      price: book.price * scale,
      priceDecimals: book.priceDecimals,
      producedWh: book.producedWh,
      consumedWh: book.consumedWh,
      deliveredWh,
    },
  )
}

describe('settlement arithmetic', () => {
  it('the rule: Σ paid = Σ received = floor(p·E/U), pro-rata within 1 Wh, each paying its Wh at p within 1 wei, locks suffice', async () => {
    await assertProperty(
      fc.property(bookArbitrary, (book) => {
        const outcome = clear(book)
        const commitments = filed(book)
        const sides = new Map(commitments.map((c, i) => [BigInt(i), c.side]))
        const trades = outcome.trades.map((t) => ({ ...t, side: sides.get(t.commitmentId) as Side }))
        const scale = 10n ** BigInt(book.priceDecimals)
        const p = book.price * scale
        const unit = 1000n * scale
        const itm = commitments.filter((c) =>
          c.side === 'production' ? c.limitPriceWeiPerKWh * scale <= p : c.limitPriceWeiPerKWh * scale >= p,
        )
        const supply = itm.filter((c) => c.side === 'production').reduce((sum, c) => sum + countedWh(book, c), 0n)
        const demand = itm.filter((c) => c.side === 'consumption').reduce((sum, c) => sum + c.energyWh, 0n)
        const traded = [supply, demand, book.producedWh, book.consumedWh].reduce((a, b) => (a < b ? a : b))
        expect([outcome.supplyWh, outcome.demandWh, outcome.tradedWh]).toEqual([supply, demand, traded])

        // Every commitment settled exactly once.
        expect(trades.map((t) => t.commitmentId).sort((a, b) => (a < b ? -1 : 1))).toEqual(
          commitments.map((_, i) => BigInt(i)),
        )
        const sum = (side: Side, key: 'energyWh' | 'amountWei') =>
          trades.filter((t) => t.side === side).reduce((acc, t) => acc + t[key], 0n)
        const value = (p * traded) / unit
        expect(sum('consumption', 'amountWei')).toBe(value)
        expect(sum('production', 'amountWei')).toBe(value)
        expect(sum('consumption', 'energyWh')).toBe(traded)
        expect(sum('production', 'energyWh')).toBe(traded)

        for (const t of trades) {
          const c = commitments[Number(t.commitmentId)] as Book['commitments'][number]
          const inTheMoney = itm.includes(c)
          const total = c.side === 'production' ? supply : demand
          const counted = countedWh(book, c)
          if (!inTheMoney || traded === 0n || counted === 0n) {
            expect([t.energyWh, t.amountWei]).toEqual([0n, 0n])
            continue
          }
          // Within 1 Wh of the exact share E·e/total of what it counts for: floor or ceil of it.
          const exactFloor = (traded * counted) / total
          expect(t.energyWh).toBeGreaterThanOrEqual(exactFloor)
          expect(t.energyWh).toBeLessThanOrEqual(exactFloor + 1n)
          // Pays or receives the value of its own Wh at p, within 1 wei.
          const own = (p * t.energyWh) / unit
          expect(t.amountWei).toBeGreaterThanOrEqual(own - 1n)
          expect(t.amountWei).toBeLessThanOrEqual(own + 1n)
          if (c.side === 'consumption')
            expect(t.amountWei).toBeLessThanOrEqual(lockFor(c.energyWh, c.limitPriceWeiPerKWh))
        }
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
          fc.array(
            fc.record({
              side: fc.constantFrom<Side>('production', 'consumption'),
              energyWh: fc.bigInt(50n, 5_000n),
              limit: fc.oneof(fc.constantFrom(...PRICE_GRID), fc.bigInt(1n, 3_000n)),
            }),
            { minLength: 1, maxLength: 12 },
          ),
          fc.record({
            price: fc.oneof(fc.constantFrom(...PRICE_GRID), fc.bigInt(1n, 3_000n)),
            produced: fc.bigInt(0n, 40_000n),
            consumed: fc.bigInt(0n, 40_000n),
          }),
          fc.integer({ min: 1, max: 5 }),
          fc.array(fc.bigInt(0n, 5_000n), { minLength: 4, maxLength: 4 }),
          async (commitments, readings, batch, deliveries) => {
            // Arrange: four users, the commitments, the interval closed and reported.
            sim.revert(fresh)
            const users = []
            for (let i = 0; i < 4; i++) users.push(await sim.addUser({ collateralWei: 10n ** 9n }))
            for (const [i, c] of commitments.entries()) {
              await sim.commit(users[i % users.length] as (typeof users)[number], {
                interval: 0,
                energyWh: c.energyWh,
                side: c.side,
                limitPriceWeiPerKWh: c.limit,
              })
            }
            sim.advanceInterval()
            await sim.processBuffer()
            const deliveredWh = new Map(users.map((u, k) => [u.tokenId, deliveries[k] as bigint]))
            await sim.setOracle({
              priceWeiPerKWh: readings.price,
              producedWh: readings.produced,
              consumedWh: readings.consumed,
              deliveredWh,
            })
            const scope = {
              ownership: true,
              commitmentTerms: true,
              intervals: [0],
              accounts: users.map((u) => u.address),
            }
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
            if (whole.trades.length * 2 > batch) expect(batched.receipts.length).toBeGreaterThan(1)
          },
        ),
        { runs: 25, file: 'test/settlement.property.test.ts', timeLimitMs: timeoutFor(25, 3_000) - 15_000 },
      )
    },
    timeoutFor(25, 3_000),
  )
})
