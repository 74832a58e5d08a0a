import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runScenario } from '../scenarios/runScenario.js'
import { sweep, type SweepResult } from '../scenarios/sweep.js'
import { weiToCurrency } from '../scenarios/kpis/weiToCurrency.js'
import type { ScenarioResult } from '../scenarios/types.js'
import {
  energyChart,
  gasPerOperationChart,
  mechanismComparisonChart,
  settlementGasChart,
  WIDTH,
  wallTimeChart,
} from './chartSpecs.js'
import { billsChart, priceChart, stateOfChargeChart } from './kpiCharts.js'
import { scenarioMarkdown, sweepMarkdown } from './markdownReports.js'
import { renderSvg } from './renderSvg.js'
import { formatCell, tableToCsv, tableToMarkdown, tableToText, type ReportTable } from './ReportTable.js'
import {
  deploymentsTable,
  gasReportHeader,
  gasTable,
  intervalsTable,
  summaryTable,
  usersTable,
} from './scenarioTables.js'
import { operationGasTable, scalingTable, settlementTable, timingTable } from './sweepTables.js'
import { toJson } from '../scenarios/toJson.js'
import { variantComparisonChart } from './variantCharts.js'
import { writeScenarioReports, writeSweepReports } from './writeReports.js'

const TABLE: ReportTable = {
  name: 't',
  title: 'T',
  columns: [{ header: 'operation' }, { header: 'calls' }, { header: 'gas' }],
  rows: [
    ['commit', 3, 1_234_567n],
    ['say "hi", then|go', 10, 5n],
  ],
}

describe('report tables', () => {
  it('CSV keeps exact values and quotes what needs quoting', () => {
    expect(tableToCsv(TABLE)).toBe('operation,calls,gas\ncommit,3,1234567\n"say ""hi"", then|go",10,5\n')
  })

  it('Markdown aligns numbers right, groups digits and escapes pipes', () => {
    expect(tableToMarkdown(TABLE)).toBe(
      '| operation | calls | gas |\n|:---|---:|---:|\n| commit | 3 | 1,234,567 |\n| say "hi", then\\|go | 10 | 5 |\n',
    )
  })

  it('text pads columns', () => {
    const lines = tableToText(TABLE).split('\n')
    expect(lines[0]).toBe('operation          calls        gas')
    expect(lines[2]).toBe('commit                 3  1,234,567')
  })

  it('formats cells', () => {
    expect(formatCell(-1234567n)).toBe('-1,234,567')
    expect(formatCell(2.345)).toBe('2.35')
    expect(formatCell(undefined)).toBe('')
  })

  it('JSON writes bigints as decimal strings', () => {
    expect(JSON.parse(toJson({ wei: 10n ** 30n, list: [1n], map: new Map([[1n, 2n]]) }))).toEqual({
      wei: '1000000000000000000000000000000',
      list: ['1'],
      map: { '1': '2' },
    })
  })
})

describe('scenario and sweep reports', () => {
  let result: ScenarioResult
  let swept: SweepResult
  let dir: string

  beforeAll(async () => {
    const definition = { name: 'tiny', intervals: 3, startHour: 10, users: { count: 4 } }
    result = await runScenario(definition)
    swept = await sweep(definition, { users: [2, 4], workers: 1 })
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-reports-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('has a gas table like hardhat-gas-reporter: contract, method, calls, min, max, avg, median; deployments apart', () => {
    const table = gasTable(result)
    expect(table.columns.map((c) => c.header)).toEqual([
      'contract',
      'method',
      'calls',
      'min',
      'max',
      'avg',
      'median',
      'total',
      '% of gas',
    ])
    const commit = table.rows.find((row) => row[1] === 'commit')
    expect(commit?.[2]).toBe(result.totals.commitments)
    expect(table.rows.find((row) => row[1] === 'deposit')).toBeUndefined() // registerInPool: nothing deposited
    expect(table.rows.map((row) => `${row[0]}.${row[1]}`)).toEqual(
      expect.arrayContaining(['EnergyProfile.registerUserInPool', 'EnergyProfile.wire', 'SimulatedFeed.updateAnswer']),
    )
    for (const row of table.rows) {
      const [min, max, avg, median] = row.slice(3, 7) as [bigint, bigint, bigint, bigint]
      for (const middle of [avg, median]) {
        expect(middle, `${row[0]}.${row[1]}`).toBeGreaterThanOrEqual(min)
        expect(middle, `${row[0]}.${row[1]}`).toBeLessThanOrEqual(max)
      }
    }
    const deployments = deploymentsTable(result)
    expect(deployments.columns.map((c) => c.header)).toEqual([
      'contract',
      'deployments',
      'min',
      'max',
      'avg',
      '% of block limit',
    ])
    expect(deployments.rows.map((row) => [row[0], row[1]])).toEqual(
      expect.arrayContaining([
        ['EnergyProfile', 1],
        ['SimulatedFeed', 3],
      ]),
    )
    for (const row of deployments.rows)
      expect(row[5]).toBe(Math.round((Number(row[3] as bigint) * 1000) / 30_000_000) / 10) // rounded, not truncated
    expect(gasReportHeader(result)).toBe(
      'solc 0.8.37 · optimizer on, 200 runs · viaIR off · hardfork osaka · block gas limit 30,000,000',
    )
  })

  it('writes numbers, not formatted text, into CSV cells', () => {
    for (const table of [
      gasTable(result),
      deploymentsTable(result),
      intervalsTable(result),
      usersTable(result),
      operationGasTable(swept),
      scalingTable(swept),
      settlementTable(swept),
      timingTable(swept),
    ]) {
      const [, ...rows] = tableToCsv(table).trimEnd().split('\n')
      for (const row of rows)
        for (const cell of row.split(','))
          expect(cell).toMatch(/^(-?\d+(\.\d+)?|0x[0-9a-fA-F]{40}|[A-Za-z][\w/ ()]*|\d\d:\d\d)$/)
    }
  })

  it('prints text tables at most 120 characters wide, splitting wide ones', () => {
    for (const table of [
      summaryTable(result),
      gasTable(result),
      deploymentsTable(result),
      intervalsTable(result),
      usersTable(result),
      operationGasTable(swept),
      scalingTable(swept),
      settlementTable(swept),
      timingTable(swept),
    ]) {
      const text = tableToText(table)
      for (const line of text.split('\n')) expect(line.length, `${table.name}: ${line}`).toBeLessThanOrEqual(120)
    }
    const users = tableToText(usersTable(result)).split('\n\n')
    expect(users.length).toBeGreaterThan(1) // split in parts...
    for (const part of users) expect(part.startsWith('user')).toBe(true) // ...each led by the key column
  })

  it('has per-interval, per-user and summary tables', () => {
    expect(intervalsTable(result).rows).toHaveLength(3)
    expect(intervalsTable(result).rows[0]?.[1]).toBe('10:00')
    // Prices in wei per kWh and in the currency the KPIs use, at its ether price.
    const intervals = intervalsTable(result)
    const headers = intervals.columns.map((c) => c.header)
    const wei = headers.indexOf('clearing price wei/kWh')
    const eur = headers.indexOf('clearing price EUR/kWh')
    expect(eur).toBe(wei + 1)
    for (const row of intervals.rows)
      expect(row[eur]).toBe(weiToCurrency(row[wei] as bigint, result.kpis.economics.ethPrice))
    expect(tableToText(intervals)).toMatch(/price EUR\/kWh/)
    expect(usersTable(result).rows).toHaveLength(4)
    expect(summaryTable(result).rows).toContainEqual(['ETH held = Σ collateral + clearing account', 'yes'])
  })

  it('has the paper table: operations by user count, batched operations per commitment', () => {
    const table = operationGasTable(swept)
    expect(table.columns.map((c) => c.header)).toEqual(['operation', '2 users', '4 users'])
    expect(table.rows.map((row) => row[0])).toEqual([
      'registerUserInPool',
      'commit',
      'processBuffer per commitment',
      'updateAnswer',
      'reportDeliveries per commitment',
      'finalizeDeliveries',
      'settle per commitment',
    ])
    expect(scalingTable(swept).rows.map((row) => row[0])).toEqual([2, 4])
  })

  it('renders Markdown documents', () => {
    const markdown = scenarioMarkdown(result, { charts: [{ file: 'energy.svg', caption: 'Energy' }] })
    expect(markdown).toContain('# Scenario tiny (oracle-price)\n\n## Summary\n')
    // One title; no heading repeats the one before it.
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'))
    expect(headings.filter((h) => h.startsWith('# '))).toHaveLength(1)
    for (const [i, heading] of headings.entries())
      expect(heading.replace(/^#+ /, ''), heading).not.toBe(headings[i - 1]?.replace(/^#+ /, ''))
    expect(markdown).toContain('![Energy](energy.svg)')
    expect(markdown).toContain('## Gas per method\n\nsolc ')
    expect(markdown).toContain('## Deployments')
    expect(sweepMarkdown(swept)).toContain('## Gas per operation by number of users')
  })

  it('draws every chart as a standalone SVG with vega-lite, without a browser', async () => {
    for (const spec of [
      energyChart(result),
      gasPerOperationChart(swept),
      settlementGasChart(swept),
      wallTimeChart(swept),
    ]) {
      const svg = await renderSvg(spec)
      expect(svg.startsWith('<svg')).toBe(true)
      expect(svg).toContain('</svg>')
    }
    const energy = energyChart(result) as unknown as {
      title: { text: string }
      mark: { interpolate: string }
      encoding: { x: { field: string } }
      data: { values: { series: string; hour: number }[] }
    }
    expect(energy.title.text).toBe('Matched supply and demand, metered and traded energy')
    expect(energy.mark.interpolate).toBe('step-after')
    expect(energy.encoding.x.field).toBe('hour')
    expect([...new Set(energy.data.values.map((v) => v.series))]).toEqual([
      'matched supply',
      'matched demand',
      'metered production',
      'metered consumption',
      'traded',
    ])
    expect([...new Set(energy.data.values.map((v) => v.hour))]).toEqual([10, 11, 12, 13]) // three intervals from 10:00, the last step ending at 13:00
    // One settle transaction per interval here: the two series would coincide, so one is drawn, with one legend entry.
    const settlementSpec = settlementGasChart(swept) as unknown as {
      layer: { data: { values: { series?: string }[] } }[]
    }
    expect([...new Set(settlementSpec.layer[0]?.data.values.map((v) => v.series))]).toEqual([
      'settling one interval (one transaction)',
    ])
    const settlement = await renderSvg(settlementGasChart(swept))
    expect(settlement).toContain('block gas limit 30M')
    expect(settlement).toContain('per-transaction cap 2^24')
  })

  it('draws every chart no wider than its plot, axes and legend need (no empty half)', async () => {
    const specs = {
      energy: energyChart(result),
      gasPerOperation: gasPerOperationChart(swept),
      settlement: settlementGasChart(swept),
      wallTime: wallTimeChart(swept),
      mechanisms: mechanismComparisonChart([swept]),
      bills: billsChart(result),
      prices: priceChart(result),
      stateOfCharge: stateOfChargeChart(result),
      variants: variantComparisonChart([{ label: 'tiny', result }], 'a long subtitle '.repeat(12)),
    }
    for (const [name, spec] of Object.entries(specs)) {
      const width = Number(/^<svg[^>]* width="(\d+)"/.exec(await renderSvg(spec))?.[1])
      // 640 px of plot; the y axis and a legend beside it take at most 220 more.
      expect(width, name).toBeGreaterThan(WIDTH)
      expect(width, name).toBeLessThanOrEqual(WIDTH + 220)
    }
  })

  it("slants the gas chart's operation names so that they do not run into each other", async () => {
    const svg = await renderSvg(gasPerOperationChart(swept))
    const labels = xAxisLabels(svg)
    expect(labels.map((l) => l.text)).toEqual(operationGasTable(swept).rows.map((row) => row[0]))
    for (const [i, label] of labels.entries()) {
      const next = labels[i + 1]
      if (next === undefined) continue
      const dx = next.x - label.x
      // Upright labels need their (Helvetica: ≈ 0.6 em per character) half-widths apart;
      // parallel slanted ones a line's height between them.
      const apart =
        label.angle % 180 === 0
          ? dx >= (0.6 * label.fontSize * (label.text.length + next.text.length)) / 2
          : dx * Math.abs(Math.sin((label.angle * Math.PI) / 180)) >= label.fontSize
      expect(apart, `${label.text} / ${next.text}`).toBe(true)
    }
  })

  it('writes every data file even when a chart cannot be drawn', async () => {
    const outDir = join(dir, 'no-charts')
    const failing = () => Promise.reject(new Error('no renderer'))
    await expect(writeScenarioReports(result, { outDir, renderSvg: failing })).rejects.toThrow('no renderer')
    const written = await readdir(outDir)
    for (const file of ['result.json', 'gas.csv', 'intervals.csv', 'users.csv', 'kpis-users.csv', 'energy.vl.json'])
      expect(written, file).toContain(file)
    await expect(
      writeSweepReports(swept, { outDir: join(dir, 'no-sweep-charts'), renderSvg: failing }),
    ).rejects.toThrow()
    expect(await readdir(join(dir, 'no-sweep-charts'))).toEqual(expect.arrayContaining(['sweep.json', 'scaling.csv']))
  })

  it('writes the files of a run and of a sweep', async () => {
    const runFiles = await writeScenarioReports(result, { outDir: join(dir, 'run'), renderSvg })
    expect(runFiles.map((f) => f.slice(join(dir, 'run').length + 1)).sort()).toEqual(
      [
        ...[
          'deployments.csv',
          'energy.svg',
          'energy.vl.json',
          'gas.csv',
          'intervals.csv',
          'report.md',
          'result.json',
          'users.csv',
        ],
        // The household KPIs; no battery here, so no state-of-charge chart.
        ...[
          'kpis-users.csv',
          'kpis-user-days.csv',
          'kpis-days.csv',
          'kpis-intervals.csv',
          'kpis-household-intervals.csv',
        ],
        ...['bills.svg', 'bills.vl.json', 'prices.svg', 'prices.vl.json'],
        // Where the run breaks even.
        ...['break-even.csv', 'break-even-networks.csv', 'break-even.svg', 'break-even.vl.json'],
      ].sort(),
    )
    const json = JSON.parse(await readFile(join(dir, 'run', 'result.json'), 'utf8'))
    expect(json.totals.gasUsed).toBe(result.totals.gasUsed.toString())
    expect(json.kpis.breakEven.footprint.operation.gasUsed).toBe(
      result.kpis.breakEven?.footprint.operation.gasUsed.toString(),
    )
    const report = await readFile(join(dir, 'run', 'report.md'), 'utf8')
    for (const text of [
      '## Break-even gas price',
      '![Net savings against gas price](break-even.svg)',
      '## Networks priced',
      '## Net savings by network',
    ])
      expect(report).toContain(text)
    expect(await readFile(join(dir, 'run', 'gas.csv'), 'utf8')).toMatch(
      /^contract,method,calls,min,max,avg,median,total,% of gas\n/,
    )

    await writeSweepReports(swept, { outDir: join(dir, 'sweep') }) // no renderer: specs only
    expect((await readdir(join(dir, 'sweep'))).sort()).toEqual(
      [
        'gas-2.csv',
        'gas-4.csv',
        'gas-per-operation.csv',
        'gas-per-operation.vl.json',
        'report.md',
        'scaling.csv',
        'settlement.csv',
        'settlement-gas.vl.json',
        'sweep.json',
        'timing.csv',
        'wall-time.vl.json',
      ].sort(),
    )
    const sweepJson = await readFile(join(dir, 'sweep', 'sweep.json'), 'utf8')
    expect(sweepJson).not.toContain('timing')
    expect(await readFile(join(dir, 'sweep', 'report.md'), 'utf8')).not.toMatch(/wall s|ms per tx|\d+\.\d s\b/)
  })
})

/** The x axis's labels of a rendered chart (the first axis-label group Vega writes), where they are anchored and how slanted. */
function xAxisLabels(svg: string): { text: string; x: number; angle: number; fontSize: number }[] {
  const group = /<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? ''
  return [
    ...group.matchAll(
      /<text[^>]*transform="translate\(([-\d.]+),[-\d.]+\)(?: rotate\(([-\d.]+)\))?[^"]*"[^>]*font-size="([\d.]+)px"[^>]*>([^<]*)<\/text>/g,
    ),
  ].map((m) => ({ x: Number(m[1]), angle: Number(m[2] ?? 0), fontSize: Number(m[3]), text: m[4] ?? '' }))
}
