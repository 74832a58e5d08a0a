import { describe, expect, it } from 'vitest'
import { createChain, type EmbeddedChain } from '../chain/createChain.js'
import { mechanismNames, resolveMechanism } from '../mechanisms/mechanisms.js'
import { DemSimulator } from './DemSimulator.js'
import { loadPrecomputedChain } from './precomputedDeployments.js'

describe('precomputed default deployments', () => {
  it('are fresh for every built-in mechanism, and used only with options that leave the deployment as it is', async () => {
    for (const name of mechanismNames()) {
      const mechanism = resolveMechanism(name)
      expect(await loadPrecomputedChain(mechanism, {}), name).toBeDefined()
      expect(await loadPrecomputedChain(mechanism, { accounts: 4, defaultBatchSize: 10 }), name).toBeDefined()
      expect(await loadPrecomputedChain(mechanism, { intervalSeconds: 900n }), name).toBeUndefined()
      expect(await loadPrecomputedChain(mechanism, { seed: 'other' }), name).toBeUndefined()
    }
    const impostor = { ...resolveMechanism('oracle-price') }
    expect(await loadPrecomputedChain(impostor, {})).toBeUndefined()
  })

  it('give a simulator that is the deployed one: same contracts, gas ledger, state, and gas from then on', async () => {
    for (const name of mechanismNames()) {
      const loaded = await DemSimulator.create({ mechanism: name, accounts: 2 })
      const deployed = await DemSimulator.create({ mechanism: name, chain: await createChain({ accounts: 5 }) })

      expect(loaded.contracts, name).toEqual(deployed.contracts)
      expect(loaded.gas.entries, name).toEqual(deployed.gas.entries)
      expect((loaded.chain as EmbeddedChain).dumpState(), name).toEqual((deployed.chain as EmbeddedChain).dumpState())
      for (const sim of [loaded, deployed]) {
        const alice = await sim.addUser({ collateralWei: 10n ** 18n })
        await sim.commit(alice, {
          interval: sim.currentInterval,
          energyWh: 1_000n,
          side: 'production',
          limitPriceWeiPerKWh: 10n,
        })
      }
      expect(
        loaded.gas.entries.map((entry) => entry.gasUsed),
        name,
      ).toEqual(deployed.gas.entries.map((entry) => entry.gasUsed))
    }
  })
})
