import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../../market/DemSimulator.js'
import type { BookCommitment, IntervalBook } from '../meritOrder.js'
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
    const outcome = clearOraclePrice(book, { price: 150n, priceDecimals: 0, producedWh: 10_000n, consumedWh: 10_000n, deliveredWh: new Map() })
    // Assert
    expect(outcome).toMatchObject({ priceWeiPerKWh: 150n, supplyWh: 4_000n, demandWh: 3_000n, tradedWh: 3_000n, paidWei: 450n, receivedWei: 450n, surplusWei: 0n })
    expect(outcome.trades.map((t) => [t.commitmentId, t.energyWh, t.amountWei])).toEqual([
      [2n, 2_000n, 300n],
      [3n, 1_000n, 150n],
      [0n, 2_250n, 337n],
      [1n, 750n, 113n],
    ])
  })

  it('agrees with the EnergyMarket contract on random books, trade by trade', async () => {
    const sim = await DemSimulator.create({ priceDecimals: 2 })
    const users = [await sim.addUser({ collateralWei: ETHER }), await sim.addUser({ collateralWei: ETHER }), await sim.addUser({ collateralWei: ETHER })]
    const start = sim.snapshot()
    const commitment = fc.record({
      user: fc.nat({ max: 2 }),
      side: fc.constantFrom('production' as const, 'consumption' as const),
      energyWh: fc.bigInt({ min: 1n, max: 5_000n }),
      limit: fc.bigInt({ min: 1n, max: 400n }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(commitment, { minLength: 1, maxLength: 8 }),
        fc.bigInt({ min: 1n, max: 40_000n }),
        fc.bigInt({ min: 0n, max: 20_000n }),
        fc.bigInt({ min: 0n, max: 20_000n }),
        async (commitments, price, producedWh, consumedWh) => {
          sim.revert(start)
          const interval = sim.currentInterval
          const book: { producers: BookCommitment[]; consumers: BookCommitment[] } = { producers: [], consumers: [] }
          for (const c of commitments) {
            const user = users[c.user]!
            const { commitmentId, lockedWei } = await sim.commit(user, { interval, energyWh: c.energyWh, side: c.side, limitPriceWeiPerKWh: c.limit })
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
          await sim.setOracle({ priceWeiPerKWh: price, producedWh, consumedWh })
          const settled = await sim.settle(interval)
          const expected = clearOraclePrice(book satisfies IntervalBook, { price: price * 100n, priceDecimals: 2, producedWh, consumedWh, deliveredWh: new Map() })
          const byId = new Map(settled.trades.map((t) => [t.commitmentId, t]))
          expect(expected.trades.map((e) => byId.get(e.commitmentId)).map((t) => ({ commitmentId: t!.commitmentId, energyWh: t!.energyWh, amountWei: t!.amountWei }))).toEqual(
            expected.trades,
          )
          expect({ tradedWh: settled.tradedWh, valueWei: settled.tradedValueWei }).toEqual({ tradedWh: expected.tradedWh, valueWei: expected.paidWei })
        },
      ),
      { numRuns: 25, seed: 42 },
    )
  }, 120_000)
})
