import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from './main.js'

/** Runs the CLI in-process; returns its exit status and what it wrote. */
async function cli(args: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const status = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    cwd,
  })
  return { status, stdout, stderr }
}

const TINY = { name: 'tiny', intervals: 2, startHour: 11, users: { count: 3 } }

describe('dem-sim economics', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-economics-'))
    const scenario = (file: string, economics: unknown) =>
      writeFile(join(dir, file), JSON.stringify({ ...TINY, economics }))
    await writeFile(join(dir, 'tiny.json'), JSON.stringify(TINY))
    await scenario('negative-horizon.json', { horizonDays: -1 })
    await scenario('text-price.json', { networks: [{ name: 'L1', gasPriceGwei: 'two' }] })
    await scenario('absurd-fee.json', { networks: [{ name: 'L2', gasPriceGwei: 0.01, dataFeeGweiPerByte: 1e9 }] })
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('prints usage with --help and lists the command in the main help', async () => {
    const help = await cli(['economics', '--help'], dir)
    expect([help.status, help.stderr]).toEqual([0, ''])
    expect(help.stdout).toMatch(/^Usage\n {2}dem-sim economics <scenario\.json/)
    expect((await cli(['--help'], dir)).stdout).toContain('economics <scenario.json>')
  })

  it('prints the break-even table, the networks and net savings, and writes the files', async () => {
    const { status, stdout, stderr } = await cli(
      ['economics', 'tiny.json', '--mechanism', 'oracle-price', '--workers', '1', '--out', 'econ', '--no-charts', '-q'],
      dir,
    )
    expect([status, stderr]).toEqual([0, ''])
    expect(stdout).toMatch(
      /^mechanism\s+order path\s+trade savings before gas EUR\s+transactions\s+join gas\s+operation gas/,
    )
    expect(stdout).toMatch(/\noracle-price\s+direct\s+/)
    expect(stdout).toMatch(/\nnetwork\s+gas price gwei\s+data fee gwei\/byte/)
    for (const network of ['Ethereum L1', 'Arbitrum One', 'Base'])
      expect(stdout).toMatch(new RegExp(`\\noracle-price\\s+direct\\s+${network}\\s+`))
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120)
    expect((await readdir(join(dir, 'econ'))).sort()).toEqual([
      'break-even-networks.csv',
      'break-even.csv',
      'break-even.json',
      'break-even.vl.json',
    ])
    const written = JSON.parse(await readFile(join(dir, 'econ', 'break-even.json'), 'utf8'))
    expect(written.name).toBe('tiny')
    expect(written.breakEvens.map((b: { mechanism: string }) => b.mechanism)).toEqual(['oracle-price'])
    expect(await readFile(join(dir, 'econ', 'break-even.csv'), 'utf8')).toMatch(/^mechanism,order path,/)
  })

  it('--json prints the break-evens', async () => {
    const { status, stdout } = await cli(
      ['economics', 'tiny.json', '--mechanism', 'pay-as-bid', '--workers', '1', '--out', 'json', '--json', '-q'],
      dir,
    )
    expect(status).toBe(0)
    const json = JSON.parse(stdout)
    expect(json.breakEvens[0]).toMatchObject({ mechanism: 'pay-as-bid', orderPath: 'direct', horizonDays: 365 })
    expect(typeof json.breakEvens[0].footprint.operation.gasUsed).toBe('string')
  })

  it.each([
    [['economics', 'negative-horizon.json'], 'economics.horizonDays must be a finite positive number of days, got -1'],
    [['economics', 'text-price.json'], 'economics.networks[0].gasPriceGwei must be a number of gwei, got "two"'],
    [
      ['economics', 'absurd-fee.json'],
      'economics.networks[0].dataFeeGweiPerByte must be at most 1000000 gwei, got 1000000000',
    ],
    [['economics', 'tiny.json', '--mechanism', 'nope'], "unknown mechanism 'nope'"],
    [['economics', 'tiny.json', '--workers', '0'], '--workers must be a positive integer, got "0"'],
    [['economics'], 'economics needs a scenario file'],
  ])('%j exits 2 with one line naming the problem, writing nothing', async (args, message) => {
    const out = `refused-${args.join('-')}`
    const { status, stdout, stderr } = await cli([...args, '--out', out, '-q'], dir)
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain(message)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect((await readdir(dir)).filter((f) => f === out)).toEqual([])
  })
})
