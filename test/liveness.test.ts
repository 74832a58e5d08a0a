import { describe, expect, it } from 'vitest'
import { KEEPER_BATCHES } from '../src/market/keeperBatches.js'
import { DemSimulator } from '../src/market/DemSimulator.js'

const ETHER = 10n ** 18n
const CAP = 2n ** 24n
const OUT_OF_THE_MONEY = 2n ** 96n - 1n

/**
 * Issue #9's freeze: a long run of one side's entries ahead of the other's must not make a
 * settle call's gas grow with it. Every position a call reads counts against `maxItems`, so
 * each call stays bounded and the interval settles in a bounded number of calls (docs/design.md §4,
 * invariant 8).
 */
async function floodedMarket(flood: number, floodSide: 'production' | 'consumption') {
  const sim = await DemSimulator.create()
  const attacker = await sim.addUser({ collateralWei: ETHER })
  const producer = await sim.addUser({ collateralWei: 0n })
  const consumer = await sim.addUser({ collateralWei: ETHER })
  const i = sim.currentInterval + 1
  const honest = async () => {
    await sim.commit(producer, { interval: i, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
    await sim.commit(consumer, { interval: i, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 2_000_000n })
  }
  // Out-of-the-money floods: producers asking the most, consumers bidding nothing.
  const limit = floodSide === 'production' ? OUT_OF_THE_MONEY : 0n
  for (let k = 0; k < flood; k++) await sim.commit(attacker, { interval: i, energyWh: 1n, side: floodSide, limitPriceWeiPerKWh: limit })
  await honest()
  await sim.processBuffer()
  sim.advanceInterval(2)
  await sim.setOracle({ priceWeiPerKWh: 1_000_000n, producedWh: 1_000n, consumedWh: 1_000n })
  return { sim, interval: i, producer, consumer }
}

describe('liveness', () => {
  for (const floodSide of ['production', 'consumption'] as const) {
    it(`settles an interval flooded with ${floodSide} entries ahead of the other side, in bounded calls`, async () => {
      const maxGas: bigint[] = []
      for (const flood of [200, 800]) {
        const { sim, interval, producer, consumer } = await floodedMarket(flood, floodSide)
        const id = sim.snapshot()
        for (const maxItems of [1, 16, 1_000]) {
          sim.revert(id)
          const { receipts, trades, tradedWh } = await sim.settle(interval, { maxItems })
          expect(tradedWh).toBe(1_000n)
          expect(trades.find((t) => t.tokenId === producer.tokenId)).toMatchObject({ energyWh: 1_000n, amountWei: 1_000_000n })
          expect(trades.find((t) => t.tokenId === consumer.tokenId)).toMatchObject({ energyWh: 1_000n, amountWei: 1_000_000n })
          expect((await sim.interval(interval)).phase).toBe('settled')
          // The tally reads every entry once, the payout at most three times (its own side, the other side scanning past it, settling it).
          expect(receipts.length).toBeLessThanOrEqual(4 * Math.ceil((flood + 2) / maxItems) + 4)
          for (const r of receipts) expect(r.gasUsed).toBeLessThan(CAP)
          if (maxItems === 16) maxGas.push(receipts.reduce((m, r) => (r.gasUsed > m ? r.gasUsed : m), 0n))
        }
      }
      // A call's cost is bounded by its batch, not by the entries ahead (a scan that skipped them for
      // free cost ≈ 122,000 + 494 gas per entry ahead: ≈ 520,000 at 800).
      for (const gas of maxGas) expect(gas).toBeLessThan(300_000n)
    }, 300_000)
  }

  it('processes commitments spread over 250 intervals with the default batches, each transaction under the cap', async () => {
    const sim = await DemSimulator.create()
    const user = await sim.addUser({ collateralWei: ETHER })
    for (let k = 0; k < 250; k++) await sim.commit(user, { interval: 1 + k, energyWh: 1n, side: 'consumption', limitPriceWeiPerKWh: 1n })
    const { processed, receipts } = await sim.processBuffer()
    expect(processed).toBe(250)
    expect(receipts).toHaveLength(Math.ceil(250 / KEEPER_BATCHES.process.default))
    for (const r of receipts) expect(r.gasUsed).toBeLessThan(CAP)
  }, 120_000)
})
