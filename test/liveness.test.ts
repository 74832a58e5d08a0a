import { describe, expect, it } from 'vitest'
import { KEEPER_BATCHES } from '../src/market/keeperBatches.js'
import { DemSimulator } from '../src/market/DemSimulator.js'

const ETHER = 10n ** 18n
const CAP = 2n ** 24n
const OUT_OF_THE_MONEY = 2n ** 96n - 1n
const MIN_ENERGY_WH = 100n

/**
 * Issue #9's freeze: a long run of one side's entries ahead of the other's must not make a
 * settle call's gas grow with it. Every position a call reads counts against `maxItems`, so
 * each call stays bounded and the interval settles in a bounded number of calls (docs/design.md §4,
 * invariant 8).
 */
async function floodedMarket(flood: number, floodSide: 'production' | 'consumption') {
  const sim = await DemSimulator.create()
  // A profile files one production commitment per interval: a production flood needs a profile per entry.
  const attackers = [await sim.addUser({ collateralWei: ETHER })]
  if (floodSide === 'production')
    for (let k = 1; k < flood; k++) attackers.push(await sim.addUser({ collateralWei: 0n }))
  const producer = await sim.addUser({ collateralWei: 0n })
  const consumer = await sim.addUser({ collateralWei: ETHER })
  const i = sim.currentInterval + 1
  const honest = async () => {
    await sim.commit(producer, { interval: i, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
    await sim.commit(consumer, { interval: i, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 2_000_000n })
  }
  // Out-of-the-money floods of the smallest size filed: producers asking the most, consumers bidding the least.
  const limit = floodSide === 'production' ? OUT_OF_THE_MONEY : 1n
  for (let k = 0; k < flood; k++) {
    const attacker = attackers[k % attackers.length] as (typeof attackers)[number]
    await sim.commit(attacker, { interval: i, energyWh: MIN_ENERGY_WH, side: floodSide, limitPriceWeiPerKWh: limit })
  }
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
          expect(trades.find((t) => t.tokenId === producer.tokenId)).toMatchObject({
            energyWh: 1_000n,
            amountWei: 1_000_000n,
          })
          expect(trades.find((t) => t.tokenId === consumer.tokenId)).toMatchObject({
            energyWh: 1_000n,
            amountWei: 1_000_000n,
          })
          expect((await sim.interval(interval)).phase).toBe('settled')
          // Each entry is one item of the filing, one of the clearing pass and one of the payout.
          expect(receipts.length).toBeLessThanOrEqual(3 * Math.ceil((flood + 2) / maxItems) + 4)
          for (const r of receipts) expect(r.gasUsed).toBeLessThan(CAP)
          if (maxItems === 16) maxGas.push(receipts.reduce((m, r) => (r.gasUsed > m ? r.gasUsed : m), 0n))
        }
      }
      // A call's cost is bounded by its batch, not by the flood: each side has its own book, so no
      // call reads past the other side's entries (16 items cost at most ≈ 130,000 + 16 × 13,000).
      for (const gas of maxGas) expect(gas).toBeLessThan(350_000n)
    }, 300_000)
  }

  it('releases the issue’s 1 Wh flood at filing, so the interval settles as if it were not there', async () => {
    // Issue #9's reproduction, scaled down: 1 Wh commitments ahead of the honest ones, at no collateral.
    const settleWith = async (flood: number) => {
      const sim = await DemSimulator.create()
      const attacker = await sim.addUser({ collateralWei: 0n })
      const producer = await sim.addUser({ collateralWei: 0n })
      const consumer = await sim.addUser({ collateralWei: ETHER })
      const i = sim.currentInterval + 1
      await sim.commit(producer, { interval: i, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
      for (let k = 0; k < flood; k++)
        await sim.commit(attacker, {
          interval: i,
          energyWh: 1n,
          side: 'production',
          limitPriceWeiPerKWh: OUT_OF_THE_MONEY,
        })
      await sim.commit(consumer, {
        interval: i,
        energyWh: 1_000n,
        side: 'consumption',
        limitPriceWeiPerKWh: 2_000_000n,
      })
      const { expired } = await sim.processBuffer()
      sim.advanceInterval(2)
      await sim.setOracle({ priceWeiPerKWh: 1_000_000n, producedWh: 1_000n, consumedWh: 1_000n })
      const { receipts, tradedWh, trades } = await sim.settle(i, { maxItems: 1 })
      return {
        expired: expired.length,
        calls: receipts.length,
        tradedWh,
        trades: trades.map((t) => [t.side, t.energyWh, t.amountWei]),
      }
    }
    const flooded = await settleWith(2_000)
    const clean = await settleWith(0)
    expect(flooded.expired).toBe(2_000)
    expect({ ...flooded, expired: 0 }).toEqual(clean)
    expect(clean.tradedWh).toBe(1_000n)
  }, 120_000)

  it('processes commitments spread over 250 intervals with the default batches, each transaction under the cap', async () => {
    const sim = await DemSimulator.create()
    const user = await sim.addUser({ collateralWei: ETHER })
    // The costliest filing: production commitments, each into fresh interval records and a fresh production mark.
    for (let k = 0; k < 250; k++)
      await sim.commit(user, { interval: 1 + k, energyWh: MIN_ENERGY_WH, side: 'production', limitPriceWeiPerKWh: 1n })
    const { processed, receipts, expired } = await sim.processBuffer()
    expect([processed, expired.length]).toEqual([250, 0])
    expect(receipts).toHaveLength(Math.ceil(250 / KEEPER_BATCHES.process.default))
    for (const r of receipts) expect(r.gasUsed).toBeLessThan(CAP)
  }, 120_000)
})
