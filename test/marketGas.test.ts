import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'

const ETHER = 10n ** 18n

/**
 * Each mechanism's amortized settlement target, gas per commitment: its keeper's whole settlement
 * (a merit order's ranking included) of 200 crossing commitments. Every built-in mechanism must
 * name one.
 */
const SETTLE_GAS_PER_COMMITMENT: Record<string, bigint> = {
  'oracle-price': 15_650n,
  sdr: 15_650n,
  'pay-as-clear': 26_000n,
  'pay-as-bid': 26_000n,
}

it('names a settlement target for every built-in mechanism', () => {
  expect(MECHANISMS.map((m) => m.name).filter((name) => SETTLE_GAS_PER_COMMITMENT[name] === undefined)).toEqual([])
})

/** Gas of the users' transactions must not grow with how many users there are; keeper batches are amortized. */
describe.each(MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))(
  '%s: market gas',
  (name, mechanism) => {
    it('keeps each user operation constant from the 2nd to the 200th user and meets the amortized targets', async () => {
      const sim = await DemSimulator.create({ mechanism })
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
      expect(settleGas / 200n).toBeLessThanOrEqual(SETTLE_GAS_PER_COMMITMENT[name] ?? 0n)
      for (const receipt of settled.receipts) expect(receipt.gasUsed).toBeLessThan(2n ** 24n)

      // The ledger marks what the reports count per commitment and as settlement, whatever the mechanism sends.
      const rows = sim.gas.table()
      const marked = (flag: 'batched' | 'settles') => rows.filter((row) => row[flag]).map((row) => row.operation)
      expect(marked('batched')).toEqual(expect.arrayContaining(['processBuffer', 'reportDeliveries', 'settle']))
      expect(marked('batched')).not.toContain('commit')
      expect(marked('settles')).toContain('settle')
      expect(rows.filter((row) => row.settles).reduce((sum, row) => sum + row.total, 0n)).toBe(settleGas)
    }, 120_000)
  },
)
