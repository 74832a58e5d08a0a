import { describe, expect, it } from 'vitest'
import { E, TEST_ECONOMICS as economics } from '../scenarios/kpis/economicsTestSupport.js'
import { computeBreakEven } from '../scenarios/kpis/computeBreakEven.js'
import type { GasFootprint } from '../scenarios/kpis/types.js'
import { BREAK_EVEN_CHART_GWEI, breakEvenChart } from './breakEvenChart.js'
import { breakEvenTable, gweiCell, networkSavingsTable, networksTable } from './breakEvenTables.js'
import { renderSvg } from './renderSvg.js'
import { tableToCsv, tableToMarkdown } from './ReportTable.js'

const footprint: GasFootprint = {
  deployment: { transactions: 5, gasUsed: 9_000_000n, calldataBytes: 40_000n, compressedCalldataBytes: 30_000n },
  join: { transactions: 2, gasUsed: 200_000n, calldataBytes: 100n, compressedCalldataBytes: 50n },
  operation: { transactions: 10, gasUsed: 1_000_000n, calldataBytes: 1_000n, compressedCalldataBytes: 300n },
}
const run = (mechanism: string, tradeSavingsWei: bigint) =>
  computeBreakEven({ mechanism, orderPath: 'direct', tradeSavingsWei, footprint, runSeconds: 86_400, economics })
const breakEvens = [run('cheap', 1_000n * E), run('lossy', -E)]

describe('break-even reports', () => {
  it('a row per mechanism and order path: savings, gas, the break-even gas prices', () => {
    expect(tableToMarkdown(breakEvenTable(breakEvens, economics))).toBe(
      [
        '| mechanism | order path | trade savings before gas EUR | transactions | join gas | operation gas | break-even gwei, joins in full | break-even gwei, joins over 10 days | deployment gas (apart) |',
        '|:---|:---|---:|---:|---:|---:|---:|---:|---:|',
        '| cheap | direct | 2 | 12 | 200,000 | 1,000,000 | 0.8333 | 0.9804 | 9,000,000 |',
        '| lossy | direct | -0 | 12 | 200,000 | 1,000,000 | never | never | 9,000,000 |',
        '',
      ].join('\n'),
    )
  })

  it('the networks, and each run on each: effective gas price and net savings', () => {
    expect(tableToCsv(networksTable(economics))).toBe(
      [
        'network,gas price gwei,data fee gwei/byte,overhead bytes/transaction',
        'L1,2,0,',
        'rollup,0.01,0.5,100',
        '',
      ].join('\n'),
    )
    const table = networkSavingsTable(breakEvens, economics)
    expect(tableToCsv(table).split('\n')).toEqual([
      'mechanism,order path,network,effective gwei,"net EUR, joins in full","net EUR, joins over 10 days"',
      'cheap,direct,L1,2,-2.8,-2.08',
      // 1,020,000 gas × 0.01 gwei + 1,325 bytes × 0.5 gwei, over the gas; 2 EUR saved less 0.02555 and 0.021725.
      'cheap,direct,rollup,0.01065,1.97445,1.978275',
      'lossy,direct,L1,2,-4.802,-4.082',
      'lossy,direct,rollup,0.01065,-0.02755,-0.023725',
      '',
    ])
  })

  it('gas prices to four significant digits, or never', () => {
    expect([gweiCell(0.000123456), gweiCell(12.3456), gweiCell(100), gweiCell(null)]).toEqual([
      '0.0001235',
      '12.35',
      '100',
      'never',
    ])
  })

  it('charts net savings against a log gas price from 0.001 to 100 gwei, with the networks marked', async () => {
    const spec = breakEvenChart({ name: 'day', breakEvens, economics }) as unknown as {
      layer: { data: { values: Record<string, unknown>[] }; encoding: Record<string, Record<string, unknown>> }[]
    }
    const [zero, rules, labels, lines, points] = spec.layer
    expect(zero?.data.values).toEqual([{ netSavings: 0 }])
    expect(rules?.data.values).toEqual([
      { network: 'L1', gwei: 2 },
      { network: 'rollup', gwei: 0.01 },
    ])
    expect(labels?.encoding.text).toEqual({ field: 'network' })
    expect(lines?.encoding.x?.scale).toEqual({ type: 'log', domain: [0.001, 100], clamp: true })
    expect(lines?.encoding.y?.scale).toEqual({ type: 'symlog' })
    // Two runs × two ways of counting joins × 5 decades of 25 steps and both ends.
    expect(lines?.data.values).toHaveLength(2 * 2 * 126)
    const first = lines?.data.values[0]
    expect(first).toEqual({
      run: 'cheap, direct',
      joins: 'joins in full',
      gwei: BREAK_EVEN_CHART_GWEI.from,
      // 2 EUR saved, less 1,200,000 gas at 0.001 gwei (0.0024 EUR).
      netSavings: 1.9976,
    })
    expect(lines?.data.values.at(-1)).toMatchObject({ run: 'lossy, direct', gwei: BREAK_EVEN_CHART_GWEI.to })
    expect(points?.data.values).toHaveLength(2 * 2 * 2)
    expect(points?.data.values[1]).toMatchObject({ run: 'cheap, direct', network: 'rollup', netSavings: 1.97445 })

    const svg = await renderSvg(spec as never)
    for (const text of ['Net savings against gas price (EUR)', 'rollup', 'cheap, direct', 'joins over 10 days'])
      expect(svg).toContain(text)
  })
})
