import { describe, expect, expectTypeOf, it } from 'vitest'
import { EnergyProfile, IEnergyMarket } from '../artifacts/index.js'
import { DemSimulator } from '../market/DemSimulator.js'
import { parseEvents } from './parseEvents.js'

describe('parseEvents', () => {
  it("decodes a receipt's events with arguments typed from the ABI, keeping only those asked for", async () => {
    const sim = await DemSimulator.create()
    const producer = await sim.addUser({ collateralWei: 10n ** 16n })
    const consumer = await sim.addUser({ collateralWei: 10n ** 16n })
    const interval = sim.currentInterval
    await sim.commit(producer, { interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 1_000_000n })
    await sim.commit(consumer, { interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 2_000_000n })
    await sim.processBuffer()
    sim.advanceInterval()
    await sim.setOracle({ priceWeiPerKWh: 1_500_000n, producedWh: 3_000n, consumedWh: 2_000n })
    const { receipts } = await sim.settle(interval)
    const logs = receipts.flatMap((receipt) => receipt.logs)

    const settled = parseEvents(logs, IEnergyMarket.abi, 'CommitmentSettled')
    expectTypeOf(settled[0]!.args.amountWei).toEqualTypeOf<bigint>()
    expect(settled.map(({ eventName, args }) => [eventName, args.energyWh, args.amountWei])).toEqual([
      ['CommitmentSettled', 2_000n, 3_000_000n],
      ['CommitmentSettled', 2_000n, 3_000_000n],
    ])
    expect(new Set(settled.map(({ address }) => address))).toEqual(new Set([sim.contracts.market.address]))

    const all = parseEvents(logs, IEnergyMarket.abi)
    expect(all.length).toBeGreaterThan(settled.length)
    expect(parseEvents(logs, EnergyProfile.abi, 'Transfer')).toEqual([])
  })
})
