import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../../market/DemSimulator.js'
import type { BookCommitment, IntervalBook } from '../clearing.js'
import { clearOraclePrice } from './clearOraclePrice.js'

const ETHER = 10n ** 18n

describe('clearOraclePrice', () => {
  it('shares min(S, D, P, C) pro rata by cumulative floors and conserves value to the wei', () => {
    // Arrange: 3,000 + 1,000 Wh offered at 100, 2,000 + 1,000 Wh wanted at 300, price 150, plenty metered.
    const entry = (id: bigint, side: BookCommitment['side'], energyWh: bigint, limit: bigint): BookCommitment => ({
      commitmentId: id,
      tokenId: id + 1n,
      side,
      energyWh,
      limitPriceWeiPerKWh: limit,
      lockedWei: 0n,
    })
    const book = {
      producers: [entry(0n, 'production', 3_000n, 100n), entry(1n, 'production', 1_000n, 100n)],
      consumers: [entry(2n, 'consumption', 2_000n, 300n), entry(3n, 'consumption', 1_000n, 300n)],
    }
    // Act
    const delivered = new Map([
      [1n, 3_000n],
      [2n, 1_000n],
    ])
    const outcome = clearOraclePrice(book, {
      price: 150n,
      priceDecimals: 0,
      producedWh: 10_000n,
      consumedWh: 10_000n,
      deliveredWh: delivered,
    })
    // Assert
    expect(outcome).toMatchObject({
      price: 150n,
      supplyWh: 4_000n,
      demandWh: 3_000n,
      tradedWh: 3_000n,
      paidWei: 450n,
      receivedWei: 450n,
      surplusWei: 0n,
    })
    expect(outcome.trades.map((t) => [t.commitmentId, t.energyWh, t.amountWei])).toEqual([
      [2n, 2_000n, 300n],
      [3n, 1_000n, 150n],
      [0n, 2_250n, 337n],
      [1n, 750n, 113n],
    ])
  })

  it('counts each producer for at most its own delivery: one that delivered nothing dilutes no one', () => {
    // Arrange: issue #9's dilution — an attacker offers 2^64 − 1 Wh at 0 beside an honest producer of 10,000 Wh.
    const producer = (id: bigint, energyWh: bigint, limit: bigint): BookCommitment => ({
      commitmentId: id,
      tokenId: id + 1n,
      side: 'production',
      energyWh,
      limitPriceWeiPerKWh: limit,
      lockedWei: 0n,
    })
    const book = {
      producers: [producer(0n, 2n ** 64n - 1n, 0n), producer(1n, 10_000n, 1n)],
      consumers: [
        {
          commitmentId: 2n,
          tokenId: 3n,
          side: 'consumption' as const,
          energyWh: 10_000n,
          limitPriceWeiPerKWh: 2_000n,
          lockedWei: 20_000n,
        },
      ],
    }
    // Act: only the honest producer's meter reports a delivery, 6,000 of its 10,000 Wh.
    const outcome = clearOraclePrice(book, {
      price: 1_000n,
      priceDecimals: 0,
      producedWh: 10_000n,
      consumedWh: 10_000n,
      deliveredWh: new Map([[2n, 6_000n]]),
    })
    // Assert
    expect(outcome).toMatchObject({ supplyWh: 6_000n, demandWh: 10_000n, tradedWh: 6_000n, paidWei: 6_000n })
    expect(outcome.trades.map((t) => [t.commitmentId, t.energyWh, t.amountWei])).toEqual([
      [2n, 6_000n, 6_000n],
      [0n, 0n, 0n],
      [1n, 6_000n, 6_000n],
    ])
  })

  it('agrees with the EnergyMarket contract on random books and deliveries, trade by trade', async () => {
    const sim = await DemSimulator.create({ priceDecimals: 2 })
    const users = [
      await sim.addUser({ collateralWei: ETHER }),
      await sim.addUser({ collateralWei: ETHER }),
      await sim.addUser({ collateralWei: ETHER }),
    ]
    const start = sim.snapshot()
    const commitment = fc.record({
      user: fc.nat({ max: 2 }),
      side: fc.constantFrom('production' as const, 'consumption' as const),
      // Some below the 100 Wh minimum, which the market releases at filing.
      energyWh: fc.bigInt({ min: 1n, max: 5_000n }),
      limit: fc.bigInt({ min: 1n, max: 400n }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(commitment, { minLength: 1, maxLength: 8 }),
        fc.bigInt({ min: 1n, max: 40_000n }),
        fc.bigInt({ min: 0n, max: 20_000n }),
        fc.bigInt({ min: 0n, max: 20_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 6_000n }), { minLength: 3, maxLength: 3 }),
        async (commitments, price, producedWh, consumedWh, deliveries) => {
          sim.revert(start)
          const interval = sim.currentInterval
          const book: { producers: BookCommitment[]; consumers: BookCommitment[] } = { producers: [], consumers: [] }
          const producing = new Set<number>()
          for (const c of commitments) {
            const user = users[c.user]!
            const { commitmentId, lockedWei } = await sim.commit(user, {
              interval,
              energyWh: c.energyWh,
              side: c.side,
              limitPriceWeiPerKWh: c.limit,
            })
            // The spam rule: below the minimum, or a profile's second production commitment, is released at filing.
            if (c.energyWh < 100n || (c.side === 'production' && producing.has(c.user))) continue
            if (c.side === 'production') producing.add(c.user)
            book[c.side === 'production' ? 'producers' : 'consumers'].push({
              commitmentId,
              tokenId: user.tokenId,
              side: c.side,
              energyWh: c.energyWh,
              limitPriceWeiPerKWh: c.limit,
              lockedWei,
            })
          }
          sim.advanceInterval()
          const deliveredWh = new Map(users.map((u, k) => [u.tokenId, deliveries[k] as bigint]))
          await sim.setOracle({ priceWeiPerKWh: price, producedWh, consumedWh, deliveredWh })
          const settled = await sim.settle(interval)
          const expected = clearOraclePrice(book satisfies IntervalBook, {
            price: price * 100n,
            priceDecimals: 2,
            producedWh,
            consumedWh,
            deliveredWh,
          })
          const byId = new Map(settled.trades.map((t) => [t.commitmentId, t]))
          expect(
            expected.trades
              .map((e) => byId.get(e.commitmentId))
              .map((t) => ({ commitmentId: t!.commitmentId, energyWh: t!.energyWh, amountWei: t!.amountWei })),
          ).toEqual(expected.trades)
          expect({ tradedWh: settled.tradedWh, valueWei: settled.tradedValueWei }).toEqual({
            tradedWh: expected.tradedWh,
            valueWei: expected.paidWei,
          })
        },
      ),
      { numRuns: 25, seed: 42 },
    )
  }, 120_000)
})
