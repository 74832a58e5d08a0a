import { describe, expect, it } from 'vitest'
import * as storageLayouts from '../src/artifacts/storageLayouts/index.js'
import { createChain } from '../src/chain/createChain.js'
import { InvalidArgumentError, TransactionRevertedError } from '../src/chain/errors.js'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'

const ETHER = 10n ** 18n

/** Issue #23's sharp edges of the market, on every built-in mechanism, through the public API. */
describe.each(MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))('%s', (_, mechanism) => {
  it('refuses a consumer entry at limit 0 (it would lock nothing), changing nothing; a producer at 0 is fine', async () => {
    const sim = await DemSimulator.create({ mechanism })
    const user = await sim.addUser({ collateralWei: ETHER })
    const interval = sim.currentInterval
    const before = { profile: await sim.profile(user), commitments: await sim.commitments(), gas: sim.gas.mark() }
    const error = await sim
      .commit(user, { interval, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 0n })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransactionRevertedError)
    expect((error as TransactionRevertedError).errorName).toBe('EnergyPoolZeroConsumerLimit')
    expect(await sim.profile(user)).toEqual(before.profile)
    expect(await sim.commitments()).toEqual(before.commitments)
    expect(sim.gas.mark()).toBe(before.gas)
    // The smallest consumer entry locks one wei; a producer locks nothing at any limit.
    const least = await sim.commit(user, { interval, energyWh: 1n, side: 'consumption', limitPriceWeiPerKWh: 1n })
    expect(least.lockedWei).toBe(1n)
    const producer = await sim.commit(user, { interval, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 0n })
    expect(producer.lockedWei).toBe(0n)
  })

  it('refuses a grace period of one interval or less with InvalidArgumentError before any transaction', async () => {
    const chain = await createChain({ accounts: 3 })
    const state = { blockNumber: chain.blockNumber, nonce: await chain.getNonce(chain.accounts[0]!.address) }
    for (const gracePeriodSeconds of [0n, 100n, 3_600n, 2n ** 64n, -1n, 7200 as unknown as bigint]) {
      const error = await DemSimulator.create({ mechanism, chain, gracePeriodSeconds }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InvalidArgumentError)
      expect((error as InvalidArgumentError).shortMessage).toMatch(
        /^gracePeriodSeconds must be a bigint above one interval/,
      )
    }
    expect({ blockNumber: chain.blockNumber, nonce: await chain.getNonce(chain.accounts[0]!.address) }).toEqual(state)
    const sim = await DemSimulator.create({ mechanism, chain, gracePeriodSeconds: 3_601n })
    expect(await sim.chain.call({ ...sim.contracts.market, functionName: 'gracePeriodSeconds' })).toBe(3_601n)
    // The core holds the same rule for the owner's later changes.
    const refused = await sim.chain
      .send({ ...sim.contracts.market, functionName: 'setGracePeriod', args: [3_600n], from: sim.roles.owner })
      .catch((e: unknown) => e)
    expect((refused as TransactionRevertedError).errorName).toBe('EnergyMarketInvalidGracePeriod')
  })

  it('keeps its meter for good: immutable, and no function replaces it', async () => {
    const name = mechanism.market.contractName as string
    const layout = (storageLayouts as Record<string, { storage: readonly { label: string }[] }>)[`${name}StorageLayout`]
    expect(layout?.storage.length).toBeGreaterThan(0)
    // The meter is the market's oracle: not in storage, so nothing can write another one there.
    expect(layout?.storage.map((s) => s.label).filter((label) => /oracle|meter/i.test(label))).toEqual([])
    const writers = mechanism.market.abi.filter(
      (item) => item.type === 'function' && item.stateMutability !== 'view' && item.stateMutability !== 'pure',
    )
    expect(writers.length).toBeGreaterThan(0)
    expect(writers.filter((item) => /oracle|meter/i.test(JSON.stringify(item)))).toEqual([])
    const sim = await DemSimulator.create({ mechanism })
    expect(await sim.chain.call({ ...sim.contracts.market, functionName: 'oracle' })).toBe(sim.contracts.meter.address)
  })
})
