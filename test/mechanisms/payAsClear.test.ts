import { describe, expect, it } from 'vitest'
import { clear } from '../../src/mechanisms/payAsClear/clear.js'
import { addProfile, commit, deployClearingMarket, readBook, report, runKeeper, valueHeld, moveTo } from './clearingMarket.js'

const ETHER = 10n ** 18n

describe('PayAsClearMarket', () => {
  it('clears two producers and two consumers at the midpoint of the marginal pair, as clear() does', async () => {
    const m = await deployClearingMarket('pay-as-clear')
    const tokens = [await addProfile(m, ETHER), await addProfile(m, ETHER), await addProfile(m, ETHER), await addProfile(m, ETHER)]
    const [p1, p2, c1, c2] = tokens as [bigint, bigint, bigint, bigint]
    await commit(m, { tokenId: p1, side: 'production', energyWh: 3_000n, limitPriceWeiPerKWh: 100n })
    await commit(m, { tokenId: c1, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 300n })
    await commit(m, { tokenId: p2, side: 'production', energyWh: 2_000n, limitPriceWeiPerKWh: 150n })
    await commit(m, { tokenId: c2, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 161n })
    const readings = { producedWh: 10_000n, consumedWh: 10_000n, deliveredWh: new Map([[p1, 3_000n], [p2, 2_000n]]) }
    await report(m, 0, readings)
    moveTo(m, 2)
    const run = await runKeeper(m, 0)
    const expected = clear(await readBook(m, 0), readings)
    // Merit order: p1 (100) then p2 (150); c1 (300) then c2 (161). E = 4000 Wh, marginal pair p2/c2.
    expect(expected.priceWeiPerKWh).toBe(155n)
    expect(expected.tradedWh).toBe(4_000n)
    expect(run.settled.priceWeiPerKWh).toBe(expected.priceWeiPerKWh)
    expect(run.settled.tradedWh).toBe(expected.tradedWh)
    expect(run.settled.paidWei).toBe(expected.paidWei)
    expect(run.settled.receivedWei).toBe(expected.receivedWei)
    expect(run.trades).toEqual(expected.trades)
    const value = await valueHeld(m)
    expect(value.heldWei).toBe(value.collateralWei)
    expect(value.clearingWei).toBe(0n)
    console.log(run.receipts.map((r) => r.gasUsed))
  })
})
