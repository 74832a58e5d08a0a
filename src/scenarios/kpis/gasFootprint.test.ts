import { describe, expect, it } from 'vitest'
import { SMALL_DAY } from '../smallDayTestSupport.js'
import type { Hex } from '../../chain/types.js'
import type { GasEntry } from '../../market/createGasLedger.js'
import { runScenario } from '../runScenario.js'
import type { ScenarioDefinition } from '../types.js'
import { computeBreakEven } from './computeBreakEven.js'
import { gasFootprint } from './gasFootprint.js'

const entry = (operation: string, gasUsed: bigint, calldata: Hex, tokenId?: bigint): GasEntry => ({
  operation,
  from: '0x0000000000000000000000000000000000000001',
  tokenId,
  interval: undefined,
  setup: operation === 'deploy',
  batched: false,
  settles: false,
  gasUsed,
  calldata,
  status: 'success',
  blockNumber: 1n,
  transactionHash: '0x00',
})
// A selector and two zero words: 68 bytes, 15 once FastLZ has folded the zeros.
const ZEROS: Hex = `0x12345678${'00'.repeat(64)}`
// Three bytes: FastLZ adds a byte to a literal run.
const SHORT: Hex = '0xababab'

describe('gasFootprint', () => {
  it('setup deploys; the rest before the mark joins; after it, the operation', () => {
    const entries = [
      entry('deploy', 1_000_000n, SHORT),
      entry('register', 100_000n, ZEROS, 1n),
      entry('register', 100_000n, ZEROS, 2n),
      entry('commit', 60_000n, ZEROS, 1n),
      entry('settle', 30_000n, '0x'),
    ]
    expect(gasFootprint(entries, 3)).toEqual({
      deployment: { transactions: 1, gasUsed: 1_000_000n, calldataBytes: 3n, compressedCalldataBytes: 4n },
      join: { transactions: 2, gasUsed: 200_000n, calldataBytes: 136n, compressedCalldataBytes: 30n },
      operation: { transactions: 2, gasUsed: 90_000n, calldataBytes: 68n, compressedCalldataBytes: 15n },
    })
  })

  it('an empty ledger spends nothing', () => {
    const none = { transactions: 0, gasUsed: 0n, calldataBytes: 0n, compressedCalldataBytes: 0n }
    expect(gasFootprint([], 0)).toEqual({ deployment: none, join: none, operation: none })
  })
})

const DAY: ScenarioDefinition = {
  ...SMALL_DAY,
  grid: { importPrice: '100000000000000', feedInPrice: '20000000000000' },
}

describe('runScenario: where the run breaks even', () => {
  it("counts every transaction once, by the run's phases, with the KPIs' savings", async () => {
    const result = await runScenario(DAY)
    const breakEven = result.kpis.breakEven
    if (breakEven === undefined) throw new Error('runScenario reported no break-even')
    const { deployment, join, operation } = breakEven.footprint
    const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n)

    expect(deployment.transactions + join.transactions + operation.transactions).toBe(result.totals.transactions)
    expect(deployment.gasUsed + join.gasUsed + operation.gasUsed).toBe(result.totals.gasUsed)
    expect(operation.gasUsed).toBe(sum(result.intervals.map((i) => i.gasUsed)))
    expect(join.transactions).toBe(result.userCount)
    expect(join.gasUsed).toBe(sum(result.users.map((u) => u.gasUsed)) - sum(result.households.map((h) => h.gasUsed)))
    expect(breakEven).toMatchObject({
      mechanism: result.mechanism,
      orderPath: 'direct',
      tradeSavingsWei: result.kpis.community.total.tradeSavingsWei,
      runDays: 0.25,
      horizonDays: 365,
    })
    // Exact and deterministic: the gas of every receipt, the calldata as sent.
    expect(breakEven.footprint).toEqual({
      deployment: { transactions: 7, gasUsed: 12_057_603n, calldataBytes: 59_616n, compressedCalldataBytes: 38_107n },
      join: { transactions: 6, gasUsed: 650_382n, calldataBytes: 408n, compressedCalldataBytes: 90n },
      operation: { transactions: 78, gasUsed: 6_933_793n, calldataBytes: 9_912n, compressedCalldataBytes: 2_439n },
    })
    expect(breakEven).toEqual(
      computeBreakEven({
        mechanism: result.mechanism,
        orderPath: 'direct',
        tradeSavingsWei: result.kpis.community.total.tradeSavingsWei,
        footprint: breakEven.footprint,
        runSeconds: 6 * 3600,
        economics: result.kpis.economics,
      }),
    )
  })
})
