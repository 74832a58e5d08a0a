import { describe, expect, it } from 'vitest'
import { EnergyProfile, SimulatedMeter } from '../../artifacts/index.js'
import type { AddressHex } from '../../chain/types.js'
import { DemSimulator } from '../../market/DemSimulator.js'
import { runScenario } from '../../scenarios/runScenario.js'
import { payAsBid } from '../payAsBid/payAsBid.js'
import { payAsClear } from '../payAsClear/payAsClear.js'

const ETHER = 10n ** 18n

describe.each([payAsClear, payAsBid])('$name through the simulator', (mechanism) => {
  it('settles a closed interval once its readings are final, as its rules say, conserving value', async () => {
    // Arrange: two producers (one delivers half), two consumers.
    const sim = await DemSimulator.create({ mechanism: mechanism.name })
    const [p1, p2, c1, c2] = [
      await sim.addUser({ collateralWei: ETHER }),
      await sim.addUser({ collateralWei: ETHER }),
      await sim.addUser({ collateralWei: ETHER }),
      await sim.addUser({ collateralWei: ETHER }),
    ]
    const interval = sim.currentInterval
    const commits = [
      await sim.commit(p1!, { interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 100n }),
      await sim.commit(p2!, { interval, energyWh: 2_000n, side: 'production', limitPriceWeiPerKWh: 140n }),
      await sim.commit(c1!, { interval, energyWh: 2_500n, side: 'consumption', limitPriceWeiPerKWh: 300n }),
      await sim.commit(c2!, { interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 120n }),
    ]
    await sim.processBuffer()
    sim.advanceInterval()
    await sim.setOracle({
      producedWh: 4_000n,
      consumedWh: 4_500n,
      deliveredWh: new Map([
        [p1!.tokenId, 1_500n],
        [p2!.tokenId, 2_000n],
      ]),
    })
    // Act: the reporter finalized the deliveries with the report, so the interval settles at once.
    const settled = await sim.settle(interval)
    // Assert
    const book = {
      producers: [commits[0]!, commits[1]!].map((c, k) => ({
        commitmentId: c.commitmentId,
        tokenId: [p1!, p2!][k]!.tokenId,
        side: 'production' as const,
        energyWh: [3_000n, 2_000n][k]!,
        limitPriceWeiPerKWh: [100n, 140n][k]!,
        lockedWei: 0n,
      })),
      consumers: [commits[2]!, commits[3]!].map((c, k) => ({
        commitmentId: c.commitmentId,
        tokenId: [c1!, c2!][k]!.tokenId,
        side: 'consumption' as const,
        energyWh: [2_500n, 2_000n][k]!,
        limitPriceWeiPerKWh: [300n, 120n][k]!,
        lockedWei: c.lockedWei,
      })),
    }
    const expected = mechanism.clear(book, {
      producedWh: 4_000n,
      consumedWh: 4_500n,
      deliveredWh: new Map([
        [p1!.tokenId, 1_500n],
        [p2!.tokenId, 2_000n],
      ]),
    })
    expect(expected.tradedWh).toBeGreaterThan(0n)
    expect(
      settled.trades
        .map(({ commitmentId, energyWh, amountWei }) => ({ commitmentId, energyWh, amountWei }))
        .sort((a, b) => Number(a.commitmentId - b.commitmentId)),
    ).toEqual([...expected.trades].sort((a, b) => Number(a.commitmentId - b.commitmentId)))
    expect({ tradedWh: settled.tradedWh, paidWei: settled.tradedValueWei, surplusWei: settled.surplusWei }).toEqual({
      tradedWh: expected.tradedWh,
      paidWei: expected.paidWei,
      surplusWei: expected.surplusWei,
    })
    expect((await sim.interval(interval)).phase).toBe('settled')
    let collateralWei = await sim.chain.call({ ...sim.contracts.profile, functionName: 'clearingWei' })
    for (const u of sim.users) collateralWei += (await sim.profile(u)).collateralWei
    expect(await sim.heldWei()).toBe(collateralWei)
    expect(sim.gas.table().map((r) => r.operation)).toContain('rank')
  })

  it('runs a scenario end to end, settling each interval once it is reported', async () => {
    const result = await runScenario({
      intervals: 4,
      startHour: 10,
      users: { count: 6 },
      market: { mechanism: mechanism.name },
    })
    expect(result.mechanism).toBe(mechanism.name)
    expect(result.intervals).toHaveLength(4)
    expect(result.totals.tradedWh).toBeGreaterThan(0n)
    for (const i of result.intervals) expect(i.settleTransactions).toBeGreaterThan(0)
    // What the mechanism keeps (pay-as-bid's spread) is in the clearing account, not in anyone's collateral.
    expect(result.totals.heldWei).toBe(result.totals.collateralWei + result.totals.clearingWei)
    expect(result.totals.clearingWei > 0n).toBe(mechanism.name === 'pay-as-bid')
  })
})

describe('the simulator with a meter', () => {
  it('refuses deliveries that are not profile token ids and Wh, before sending anything', async () => {
    const sim = await DemSimulator.create()
    sim.advanceInterval()
    const before = sim.gas.entries.length
    await expect(sim.setOracle({ producedWh: 1n, deliveredWh: new Map([[0n, 1n]]) })).rejects.toThrow(
      /deliveredWh keys must be profile token ids/,
    )
    await expect(sim.setOracle({ producedWh: 1n, deliveredWh: new Map([[1n, -1n]]) })).rejects.toThrow(
      /deliveredWh of profile 1/,
    )
    expect(sim.gas.entries.length).toBe(before)
    expect(EnergyProfile.abi.some((item) => 'name' in item && item.name === 'clearingWei')).toBe(true)
  })

  it('reports many producers’ deliveries in transactions of at most 500, each far under the per-transaction cap', async () => {
    // Arrange: 1,001 deliveries for the interval that just closed.
    const sim = await DemSimulator.create({ mechanism: payAsClear })
    sim.advanceInterval()
    const deliveredWh = new Map(Array.from({ length: 1_001 }, (_, k) => [BigInt(k + 1), 1_000n] as const))

    // Act
    await sim.setOracle({ producedWh: 1_001_000n, consumedWh: 0n, deliveredWh })

    // Assert
    const reports = sim.gas.entries.filter((e) => e.operation === 'reportDeliveries')
    expect(reports.map((e) => e.gasUsed < 12_000_000n)).toEqual([true, true, true])
    const deliveredOf = await sim.chain.call({
      address: sim.contracts.meter?.address as AddressHex,
      abi: SimulatedMeter.abi,
      functionName: 'deliveredWhOf',
      args: [0, 1_001n],
    })
    expect(deliveredOf).toBe(1_000n)
  })
})
