import { describe, expect, it } from 'vitest'
import { EnergyProfile } from '../../src/artifacts/index.js'
import { clear } from '../../src/mechanisms/payAsBid/clear.js'
import {
  addProfile,
  commit,
  deployClearingMarket,
  marketAbi,
  moveTo,
  OWNER,
  readBook,
  report,
  runKeeper,
  valueHeld,
} from './clearingMarket.js'

const ETHER = 10n ** 18n

describe('PayAsBidMarket', () => {
  it('charges each consumer its bid, pays each producer its offer, and keeps the spread for the owner', async () => {
    const m = await deployClearingMarket('pay-as-bid')
    const [p1, p2, c1, c2] = [
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
      await addProfile(m, ETHER),
    ] as const
    const gas: bigint[] = []
    gas.push(
      (await commit(m, { tokenId: p1, side: 'production', energyWh: 3_000n, limitPriceWeiPerKWh: 100n })).receipt
        .gasUsed,
    )
    gas.push(
      (await commit(m, { tokenId: c1, side: 'consumption', energyWh: 2_001n, limitPriceWeiPerKWh: 301n })).receipt
        .gasUsed,
    )
    gas.push(
      (await commit(m, { tokenId: p2, side: 'production', energyWh: 2_000n, limitPriceWeiPerKWh: 150n })).receipt
        .gasUsed,
    )
    gas.push(
      (await commit(m, { tokenId: c2, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 161n })).receipt
        .gasUsed,
    )
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

    // c1 buys 2,001 Wh: 2,001 × 301 / 1000 rounded up; c2 all its 2,000 Wh at 161. p1 sells 3,000 at 100, p2 1,001 at 150 (rounded down).
    expect(expected.trades).toEqual([
      { commitmentId: 1n, energyWh: 2_001n, amountWei: 603n },
      { commitmentId: 3n, energyWh: 2_000n, amountWei: 322n },
      { commitmentId: 0n, energyWh: 3_000n, amountWei: 300n },
      { commitmentId: 2n, energyWh: 1_001n, amountWei: 150n },
    ])
    expect(expected.price).toBe(0n)
    expect(run.trades).toEqual(expected.trades)
    expect(run.settled).toEqual({
      interval: 0,
      price: 0n,
      tradedWh: 4_001n,
      paidWei: 925n,
      receivedWei: 450n,
      surplusWei: 475n,
    })
    expect(expected.surplusWei).toBe(475n)

    const before = await valueHeld(m)
    expect(before.clearingWei).toBe(475n)
    expect(before.heldWei).toBe(before.collateralWei)
    expect(await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'surplusWei' })).toBe(475n)

    const recipient = m.chain.accounts[3]!.address
    const recipientBefore = await m.chain.getBalance(recipient)
    const { receipt } = await m.chain.send({
      address: m.market,
      abi: marketAbi,
      functionName: 'withdrawSurplus',
      args: [recipient, 475n],
      from: OWNER,
    })
    expect(await m.chain.getBalance(recipient)).toBe(recipientBefore + 475n)
    expect(await m.chain.call({ address: m.profile, abi: EnergyProfile.abi, functionName: 'clearingWei' })).toBe(0n)
    const after = await valueHeld(m)
    expect(after.heldWei).toBe(after.collateralWei)
    gas.push(...run.receipts.map((r) => r.gasUsed), receipt.gasUsed)
    // commit ×4; settle (start, filing the buffer), rank (both sides, matched), settle (payouts); withdrawSurplus.
    expect(gas).toEqual([65_010n, 65_359n, 65_010n, 65_347n, 220_951n, 395_697n, 203_814n, 43_779n])
  })
  it('counts the spread as surplus only once the interval is settled, though it sits in the clearing account during payouts', async () => {
    const m = await deployClearingMarket('pay-as-bid')
    const [producer, consumer] = [await addProfile(m, ETHER), await addProfile(m, ETHER)] as const
    await commit(m, { tokenId: producer, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 100n })
    await commit(m, { tokenId: consumer, side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 300n })
    await report(m, 0, { producedWh: 1_000n, consumedWh: 1_000n, deliveredWh: new Map([[producer, 1_000n]]) })
    moveTo(m, 2)
    const settle = () => m.chain.send({ address: m.market, abi: marketAbi, functionName: 'settle', args: [0, 1n] })
    await settle()
    await settle()
    await m.chain.send({ address: m.market, abi: marketAbi, functionName: 'rank', args: [0, [0n], [0n]] })
    // The consumer pays 300 wei into the clearing account; the producer is not paid yet.
    await settle()
    const midway = await valueHeld(m)
    expect(midway).toMatchObject({ clearingWei: 300n })
    expect(midway.heldWei).toBe(midway.collateralWei)
    expect(await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'surplusWei' })).toBe(0n)
    const to = m.chain.accounts[3]!.address
    await expect(
      m.chain.send({ address: m.market, abi: marketAbi, functionName: 'withdrawSurplus', args: [to, 1n], from: OWNER }),
    ).rejects.toMatchObject({
      errorName: 'EnergyMarketInsufficientSurplus',
    })
    await settle()
    expect(await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'surplusWei' })).toBe(200n)
    expect((await valueHeld(m)).clearingWei).toBe(200n)
  })
})
