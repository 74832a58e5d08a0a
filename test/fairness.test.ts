import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'

const ETHER = 10n ** 18n
/** A grid tariff around the limits below, so that a market pricing between the grid's tariffs trades too. */
const TARIFF = { feedInWeiPerKWh: 1n, importWeiPerKWh: 1_000n }
const MAX_WH = 2n ** 64n - 1n

/** Reports the readings of `interval` and moves the clock until the mechanism can settle it. */
async function closeAndReport(sim: DemSimulator, interval: number, readings: Parameters<DemSimulator['setOracle']>[0]) {
  sim.advanceInterval(interval + 1 - sim.currentInterval)
  await sim.setOracle(readings)
  sim.advanceInterval(sim.mechanism.settlementLagIntervals)
}

/**
 * Issue #9's non-delivery and spam cases, on every mechanism through the public API: a producer is
 * paid for what its own meter says it delivered, one that delivered nothing takes nothing from an
 * honest one, commitments that carry too little, or a profile's second production commitment of
 * an interval, never reach the books, and no settlement starts before the deliveries are final.
 */
describe.each(Object.values(MECHANISMS).map((mechanism) => [mechanism.name, mechanism] as const))(
  '%s: fairness',
  (_name, mechanism) => {
    it('pays the honest producer for its delivery beside a free-riding producer of 2^64 − 1 Wh at 0', async () => {
      // Arrange: an attacker with no collateral offers the most energy at the lowest price, beside an honest 1,000 Wh.
      const sim = await DemSimulator.create({ mechanism, gridTariff: TARIFF })
      const attacker = await sim.addUser({ collateralWei: 0n })
      const honest = await sim.addUser({ collateralWei: 0n })
      const consumer = await sim.addUser({ collateralWei: ETHER })
      const interval = sim.currentInterval
      await sim.commit(attacker, { interval, energyWh: MAX_WH, side: 'production', limitPriceWeiPerKWh: 0n })
      await sim.commit(honest, { interval, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
      await sim.commit(consumer, { interval, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 1_000n })

      // Act: the meter saw 1,000 Wh produced, all of it by the honest producer.
      await closeAndReport(sim, interval, {
        priceWeiPerKWh: 1_000n,
        producedWh: 1_000n,
        consumedWh: 1_000n,
        deliveredWh: new Map([
          [honest.tokenId, 1_000n],
          [attacker.tokenId, 0n],
        ]),
      })
      const { trades, tradedWh } = await sim.settle(interval)

      // Assert
      expect(tradedWh).toBe(1_000n)
      const of = (tokenId: bigint) => trades.find((t) => t.tokenId === tokenId)
      expect(of(attacker.tokenId)).toMatchObject({ energyWh: 0n, amountWei: 0n })
      expect(of(honest.tokenId)?.energyWh).toBe(1_000n)
      // At least its offer of 1 wei/kWh for the kWh it delivered (pay-as-bid pays exactly that).
      expect(of(honest.tokenId)?.amountWei ?? 0n).toBeGreaterThanOrEqual(1n)
      expect((await sim.profile(attacker)).collateralWei).toBe(0n)
    })

    it('pays a producer that delivered part of its commitment for that part only', async () => {
      const sim = await DemSimulator.create({ mechanism, gridTariff: TARIFF })
      const producer = await sim.addUser({ collateralWei: 0n })
      const consumer = await sim.addUser({ collateralWei: ETHER })
      const interval = sim.currentInterval
      await sim.commit(producer, { interval, energyWh: 2_000n, side: 'production', limitPriceWeiPerKWh: 1n })
      await sim.commit(consumer, { interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 1_000n })
      await closeAndReport(sim, interval, {
        priceWeiPerKWh: 1_000n,
        producedWh: 2_000n,
        consumedWh: 2_000n,
        deliveredWh: new Map([[producer.tokenId, 600n]]),
      })
      const { trades, tradedWh } = await sim.settle(interval)
      expect(tradedWh).toBe(600n)
      expect(trades.map((t) => [t.side, t.energyWh]).sort()).toEqual([
        ['consumption', 600n],
        ['production', 600n],
      ])
      // The consumer got the rest of its lock back.
      expect(await sim.profile(consumer)).toMatchObject({ lockedWei: 0n, openCommitments: 0 })
    })

    it('releases commitments below the minimum size and a profile’s second production commitment at filing', async () => {
      const sim = await DemSimulator.create({ mechanism, gridTariff: TARIFF })
      const producer = await sim.addUser({ collateralWei: ETHER })
      const interval = sim.currentInterval
      const ids: bigint[] = []
      for (const [energyWh, side] of [
        [99n, 'consumption'],
        [100n, 'consumption'],
        [500n, 'production'],
        [700n, 'production'],
      ] as const) {
        ids.push((await sim.commit(producer, { interval, energyWh, side, limitPriceWeiPerKWh: 1n })).commitmentId)
      }
      const { expired } = await sim.processBuffer()
      expect(expired).toEqual([ids[0], ids[3]])
      expect((await sim.commitments(producer)).map((c) => c.status)).toEqual(['expired', 'filed', 'filed', 'expired'])
      expect(await sim.profile(producer)).toMatchObject({ lockedWei: 1n, openCommitments: 2 })
    })

    it('settles once the reporter finalized the deliveries, keeps them on a second report, and refuses a change', async () => {
      const sim = await DemSimulator.create({ mechanism, gridTariff: TARIFF })
      const producer = await sim.addUser({ collateralWei: 0n })
      const consumer = await sim.addUser({ collateralWei: ETHER })
      await sim.commit(producer, { interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
      await sim.commit(consumer, { interval: 0, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 1_000n })
      sim.advanceInterval()
      const readings = { priceWeiPerKWh: 1_000n, producedWh: 1_000n, consumedWh: 1_000n }
      await sim.setOracle(readings)
      // A second report of the same interval keeps the finalized deliveries; a new delivery is refused by the meter.
      const { receipts } = await sim.setOracle(readings)
      const feeds = mechanism.readsPriceFeed ? 3 : 2
      expect(receipts).toHaveLength(feeds)
      await expect(sim.setOracle({ deliveredWh: new Map([[producer.tokenId, 1n]]) })).rejects.toMatchObject({
        errorName: 'SimulatedMeterDeliveriesFinal',
      })
      expect((await sim.settle(0)).tradedWh).toBe(1_000n)
    })

    it('refuses to start a settlement before the deliveries are final, and starts once the next interval closed', async () => {
      const sim = await DemSimulator.create({ mechanism, gridTariff: TARIFF })
      const producer = await sim.addUser({ collateralWei: 0n })
      await sim.commit(producer, { interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
      sim.advanceInterval()
      // Feeds only, as an oracle whose meter did not report.
      const before = sim.gas.entries.length
      await expect(
        sim.setOracle({ priceWeiPerKWh: 1_000n }, { deliveries: 'no' as unknown as boolean }),
      ).rejects.toThrow(/deliveries must be a boolean, got the string 'no'/)
      await expect(
        sim.setOracle({ deliveredWh: new Map([[producer.tokenId, 1n]]) }, { deliveries: false }),
      ).rejects.toThrow(/deliveredWh given with deliveries: false/)
      expect(sim.gas.entries.length).toBe(before)
      const { receipts } = await sim.setOracle(
        { priceWeiPerKWh: 1_000n, producedWh: 1_000n, consumedWh: 1_000n },
        { deliveries: false },
      )
      expect(receipts).toHaveLength(mechanism.readsPriceFeed ? 3 : 2)
      const id = sim.snapshot()
      // The buffer's filing is rolled back with the refused settlement.
      await expect(sim.settle(0)).rejects.toMatchObject({
        name: 'OperationRolledBackError',
        cause: expect.objectContaining({ errorName: 'EnergyMarketReadingsNotFinal' }),
      })
      sim.revert(id)
      expect((await sim.interval(0)).phase).toBe('open')
      sim.advanceInterval()
      // Final now, with no delivery reported: the producer trades nothing.
      const { trades } = await sim.settle(0)
      expect(trades).toEqual([expect.objectContaining({ tokenId: producer.tokenId, energyWh: 0n, amountWei: 0n })])
    })
  },
)
