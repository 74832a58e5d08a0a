import { describe, expect, it } from 'vitest'
import { percentOf } from './percentOf.js'
import { gasTable } from './scenarioTables.js'

describe('percentOf', () => {
  it('rounds to one decimal, half away from zero, never truncates', () => {
    expect(percentOf(51_878_219n, 99_575_165n)).toBe(52.1) // 52.099…%: truncation printed 52
    expect(percentOf(1n, 2_000n)).toBe(0.1) // 0.05%
    expect(percentOf(1n, 2_001n)).toBe(0) // 0.0499…%
    expect(percentOf(1n, 3n)).toBe(33.3)
    expect(percentOf(2n, 3n)).toBe(66.7)
    expect(percentOf(-1n, 2_000n)).toBe(-0.1)
    expect(percentOf(5n, 0n)).toBe(0)
  })

  it("gives each method's share of the gas in the gas table", () => {
    const row = (operation: string, total: bigint) => ({
      operation,
      calls: 1,
      min: total,
      max: total,
      avg: total,
      median: total,
      total,
      setup: false,
      batched: false,
      settles: false,
    })
    const table = gasTable({ gas: [row('commit', 51_878_219n), row('settle', 47_696_946n)] })
    expect(table.rows.map((r) => r.at(-1))).toEqual([52.1, 47.9])
  })
})
