import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../src/market/DemSimulator.js'

const ETHER = 10n ** 18n

/** Gas of the users' transactions must not grow with how many users there are; keeper batches are amortized. */
describe('market gas', () => {
  it('keeps each user operation constant from the 2nd to the 200th user and meets the amortized targets', async () => {
    const sim = await DemSimulator.create()
    const registerGas: bigint[] = []
    const commitGas: bigint[] = []
    for (let i = 0; i < 200; i++) {
      const user = await sim.addUser({ collateralWei: ETHER })
      const side = i % 2 === 0 ? 'production' : 'consumption'
      const { receipt } = await sim.commit(user, {
        interval: 0,
        energyWh: 1_000n + BigInt(i),
        side,
        limitPriceWeiPerKWh: 1_000n,
      })
      registerGas.push(user.receipt.gasUsed)
      if (side === 'consumption') commitGas.push(receipt.gasUsed)
    }
    // The first registration writes the contract's fresh slots; every later one costs the same.
    expect(new Set(registerGas.slice(1)).size).toBe(1)
    expect(new Set(commitGas.slice(1)).size).toBe(1)
    expect(registerGas[1]! + commitGas[1]!).toBeLessThanOrEqual(230_000n)

    const processed = await sim.processBuffer({ maxItems: 50 })
    expect(processed.receipts).toHaveLength(4)
    const processGas = processed.receipts.reduce((sum, r) => sum + r.gasUsed, 0n)
    expect(processGas / 200n).toBeLessThanOrEqual(10_000n)

    sim.advanceInterval()
    await sim.setOracle({ priceWeiPerKWh: 1_000n, producedWh: 10n ** 6n, consumedWh: 10n ** 6n })
    const settled = await sim.settle(0)
    expect(settled.trades).toHaveLength(200)
    const settleGas = settled.receipts.reduce((sum, r) => sum + r.gasUsed, 0n)
    expect(settleGas / 200n).toBeLessThanOrEqual(15_650n)
    for (const receipt of settled.receipts) expect(receipt.gasUsed).toBeLessThan(2n ** 24n)
  }, 120_000)
})
