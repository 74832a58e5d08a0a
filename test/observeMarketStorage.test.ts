import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../src/market/DemSimulator.js'
import type { User } from '../src/market/types.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import { type ObservationScope, observeMarket, observeMarketStorage } from '../src/testing/index.js'

const ETHER = 10n ** 18n
const PRICE = 50_000_000_000_000n
const FULL: ObservationScope = { ownership: true, commitmentTerms: true, intervals: [0, 1, 2], accounts: [] }

/**
 * What the model-based commands do not reach yet: settled signed orders leave their credits in the
 * profile contract's credit lanes (part of `profileOf`'s collateral), and the clearing account
 * holds consumer orders' locks; and a profile out of the pool with an approval. The storage
 * observer reads them as the views do.
 */
describe.each(MECHANISMS.map((m) => [m.name, m] as const))('observeMarketStorage on %s', (_name, mechanism) => {
  it('equals the views with order credits in the lanes, locks in the clearing account and an approval', async () => {
    const sim = await DemSimulator.create({ mechanism })
    const users: User[] = []
    for (let i = 0; i < 5; i++) users.push(await sim.addUser({ collateralWei: ETHER }))
    const [a, b, c, d, e] = users as [User, User, User, User, User]
    await sim.submitOrders([
      { user: a, interval: 0, side: 'production', energyWh: 3_000n, limitPriceWeiPerKWh: PRICE / 5n },
      { user: b, interval: 0, side: 'production', energyWh: 2_000n, limitPriceWeiPerKWh: PRICE / 4n },
      { user: c, interval: 0, side: 'consumption', energyWh: 2_500n, limitPriceWeiPerKWh: 2n * PRICE },
      { user: d, interval: 1, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 2n * PRICE },
    ])
    await sim.commit(e, { interval: 0, side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 2n * PRICE })
    // A profile kept out of the pool, with a single-token approval (the model-based runs rarely reach one).
    const kept = await sim.addUser({ collateralWei: ETHER, deposit: false })
    await sim.chain.send({
      ...sim.contracts.profile,
      functionName: 'approve',
      args: [a.address, kept.tokenId],
      from: kept.address,
    })
    const filed = await observeMarketStorage(sim, FULL)
    expect(filed.profiles[5]?.approved).toBe(a.address.toLowerCase())
    expect(filed.clearingWei).toBeGreaterThan(0n)
    expect(filed).toEqual(await observeMarket(sim, FULL))

    sim.advanceInterval()
    await sim.setOracle({ priceWeiPerKWh: PRICE, producedWh: 10_000n, consumedWh: 10_000n })
    await sim.settle(0)
    const settled = await observeMarketStorage(sim, FULL)
    expect(settled).toEqual(await observeMarket(sim, FULL))
    expect(settled).not.toEqual(filed)
    const credited = await sim.chain.call({
      ...sim.contracts.profile,
      functionName: 'availableCollateralOf',
      args: [a.tokenId],
    })
    expect(settled.profiles[0]?.collateralWei).toBe(credited)
    expect(credited).toBeGreaterThan(ETHER)
  })

  it('equals the views part way through a settlement (a stage the model-based runs rarely catch)', async () => {
    const sim = await DemSimulator.create({ mechanism })
    const users: User[] = []
    for (let i = 0; i < 4; i++) users.push(await sim.addUser({ collateralWei: ETHER }))
    for (const [i, user] of users.entries()) {
      const side = i % 2 === 0 ? 'production' : 'consumption'
      await sim.commit(user, {
        interval: 0,
        side,
        energyWh: 2_000n,
        limitPriceWeiPerKWh: side === 'production' ? PRICE / 5n : 2n * PRICE,
      })
    }
    sim.advanceInterval()
    await sim.setOracle({ priceWeiPerKWh: PRICE, producedWh: 10_000n, consumedWh: 10_000n })
    await sim.chain.send({ ...sim.contracts.market, functionName: 'settle', args: [0, 1n], from: sim.roles.keeper })
    const settling = await observeMarketStorage(sim, FULL)
    expect(settling.intervals[0]?.stage).toBe('settling')
    expect(settling).toEqual(await observeMarket(sim, FULL))
  })

  it('throws for a profile that does not exist, as profileOf reverts', async () => {
    const sim = await DemSimulator.create({ mechanism })
    const scope: ObservationScope = { tokenIds: [1n], intervals: [], accounts: [] }
    await expect(observeMarket(sim, scope)).rejects.toThrow()
    await expect(observeMarketStorage(sim, scope)).rejects.toThrow(/profile 1 does not exist/)
  })
})
