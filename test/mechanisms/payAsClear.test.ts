import { describe, expect, it } from 'vitest'
import { EnergyProfile } from '../../src/artifacts/index.js'
import { clear } from '../../src/mechanisms/payAsClear/clear.js'
import {
  addProfile,
  commit,
  deployClearingMarket,
  moveTo,
  phaseOf,
  readBook,
  report,
  runKeeper,
  valueHeld,
} from './clearingMarket.js'

const ETHER = 10n ** 18n

describe('PayAsClearMarket', () => {
  it('clears two producers and two consumers at the midpoint of the marginal pair, as clear() does, with exact gas', async () => {
    const m = await deployClearingMarket('pay-as-clear')
    const [p1, p2, c1, c2] = [
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
    ] as const
    await commit(m, { tokenId: p1, side: 'production', energyWh: 3_000n, limitPriceWeiPerKWh: 100n })
    await commit(m, { tokenId: c1, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 300n })
    await commit(m, { tokenId: p2, side: 'production', energyWh: 2_000n, limitPriceWeiPerKWh: 150n })
    await commit(m, { tokenId: c2, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 161n })
    const readings = {
      producedWh: 10_000n,
      consumedWh: 10_000n,
      deliveredWh: new Map([
        [p1, 3_000n],
        [p2, 2_000n],
      ]),
    }
    await report(m, 0, readings)
    moveTo(m, 2)
    const run = await runKeeper(m, 0)
    const expected = clear(await readBook(m, 0), readings)

    // Merit order: p1 (100), p2 (150); c1 (300), c2 (161). E = 4,000 Wh; the marginal pair p2/c2 sets (150 + 161) / 2.
    expect(expected.price).toBe(155n)
    expect(expected.trades).toEqual([
      { commitmentId: 1n, energyWh: 2_000n, amountWei: 310n },
      { commitmentId: 3n, energyWh: 2_000n, amountWei: 310n },
      { commitmentId: 0n, energyWh: 3_000n, amountWei: 465n },
      { commitmentId: 2n, energyWh: 1_000n, amountWei: 155n },
    ])
    expect(run.trades).toEqual(expected.trades)
    expect(run.settled).toEqual({
      interval: 0,
      price: 155n,
      tradedWh: 4_000n,
      paidWei: 620n,
      receivedWei: 620n,
      surplusWei: 0n,
    })
    const value = await valueHeld(m)
    expect(value.heldWei).toBe(value.collateralWei)
    expect(value.clearingWei).toBe(0n)
    // c1 got back the rest of its lock: 2,000 × 300 / 1000 locked, 310 paid.
    const c1Profile = await m.chain.call({
      address: m.profile,
      abi: EnergyProfile.abi,
      functionName: 'profileOf',
      args: [c1],
    })
    expect(c1Profile).toMatchObject({ collateralWei: ETHER - 310n, lockedWei: 0n, openCommitments: 0 })
    // settle (start, filing the buffer), rank (both sides, matched), settle (payouts).
    expect(run.receipts.map((r) => r.gasUsed)).toEqual([220_951n, 395_947n, 163_121n])
  })

  it('pays the honest producer for what it delivered; one that delivered nothing trades nothing (no dilution)', async () => {
    const m = await deployClearingMarket('pay-as-clear')
    const [honest, idle, consumer] = [
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
    ] as const
    // The idle producer offers lower, so it comes first in merit order.
    await commit(m, { tokenId: idle, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 90n })
    await commit(m, { tokenId: honest, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 100n })
    await commit(m, { tokenId: consumer, side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 200n })
    const readings = {
      producedWh: 1_000n,
      consumedWh: 1_000n,
      deliveredWh: new Map([
        [honest, 1_000n],
        [idle, 0n],
      ]),
    }
    await report(m, 0, readings)
    moveTo(m, 2)
    const run = await runKeeper(m, 0)
    expect(run.trades).toEqual([
      { commitmentId: 2n, energyWh: 1_000n, amountWei: 150n },
      { commitmentId: 0n, energyWh: 0n, amountWei: 0n },
      { commitmentId: 1n, energyWh: 1_000n, amountWei: 150n },
    ])
    expect(run.trades).toEqual(clear(await readBook(m, 0), readings).trades)
  })

  it('releases everyone at price 0 when the limits do not cross, and settles without ranking when a side is empty', async () => {
    const m = await deployClearingMarket('pay-as-clear')
    const [producer, consumer] = [await addProfile(m, ETHER), await addProfile(m, ETHER)] as const
    await commit(m, { tokenId: producer, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 300n })
    await commit(m, { tokenId: consumer, side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 200n })
    await commit(m, { tokenId: producer, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 300n, interval: 1 })
    const readings = { producedWh: 1_000n, consumedWh: 1_000n, deliveredWh: new Map([[producer, 1_000n]]) }
    await report(m, 0, readings)
    moveTo(m, 2)
    const run = await runKeeper(m, 0)
    expect(run.settled).toMatchObject({ price: 0n, tradedWh: 0n, paidWei: 0n, receivedWei: 0n })
    expect(run.trades).toEqual(clear(await readBook(m, 0), readings).trades)
    const consumerProfile = await m.chain.call({
      address: m.profile,
      abi: EnergyProfile.abi,
      functionName: 'profileOf',
      args: [consumer],
    })
    expect(consumerProfile).toMatchObject({ collateralWei: ETHER, lockedWei: 0n, openCommitments: 0 })

    await report(m, 1, readings)
    moveTo(m, 3)
    const producersOnly = await runKeeper(m, 1)
    expect(producersOnly.rankReceipts).toHaveLength(0)
    expect(producersOnly.settled.tradedWh).toBe(0n)
    expect(await phaseOf(m, 1)).toBe('settled')
  })
})
