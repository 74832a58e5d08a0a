import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mechanismNames } from '../mechanisms/mechanisms.js'
import { BUILTIN_SCENARIO_NAMES } from '../scenarios/builtinScenarios.js'
import { main } from './main.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BUILT_CLI = join(ROOT, 'dist', 'cli.js')

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

describe('dem-sim CLI', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-cli-'))
    await writeFile(
      join(dir, 'tiny.json'),
      JSON.stringify({ name: 'tiny', intervals: 2, startHour: 11, users: { count: 3 } }),
    )
    await writeFile(join(dir, 'zero-users.json'), JSON.stringify({ intervals: 2, users: { count: 0 } }))
    await writeFile(
      join(dir, 'unknown-profile.json'),
      JSON.stringify({ intervals: 2, users: { count: 2 }, profiles: { production: { type: 'tidal' } } }),
    )
    await writeFile(join(dir, 'broken.json'), '{ "intervals": 2,\n  "users": }')
    await writeFile(
      join(dir, 'numeric-wei.json'),
      JSON.stringify({ intervals: 2, users: { count: 2, collateralWei: 1000 } }),
    )
    await writeFile(
      join(dir, 'short-collateral.json'),
      JSON.stringify({ intervals: 2, users: { count: 2, collateralWei: '1000' } }),
    )
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  describe('--help', () => {
    it.each([
      [['--help']],
      [['run', '--help']],
      [['gas', '-h']],
      [['sweep', '--help']],
      [['validate', '--help']],
      [['merge', '--help']],
      [['city', '--help']],
      [['env', '--help']],
    ])('%j prints usage and exits 0', async (args) => {
      const { status, stdout, stderr } = await cli(args, dir)
      expect(status).toBe(0)
      expect(stdout).toContain('Usage')
      expect(stderr).toBe('')
    })

    it('refuses an --rpc that is not an http(s) URL as bad usage (exit 2, one line), before connecting', async () => {
      for (const [command, rpc] of [
        ['run', 'not-a-url'],
        ['run', 'ftp://example.com/rpc'],
        ['gas', ''],
      ] as const) {
        const args =
          command === 'run' ? ['run', join(dir, 'tiny.json'), '--rpc', rpc, '-q'] : ['gas', '--rpc', rpc, '-q']

        const { status, stderr } = await cli(args, dir)

        expect(status).toBe(2)
        expect(stderr).toBe(
          `dem-sim: --rpc needs an http:// or https:// URL such as http://127.0.0.1:8545, got ${JSON.stringify(rpc)} (see dem-sim ${command} --help)\n`,
        )
      }
    })

    it.each(['run', 'sweep', 'validate', 'gas', 'env'])('%s --help lists the built-in scenarios', async (command) => {
      const { stdout } = await cli([command, '--help'], dir)
      expect(stdout).toContain(
        `Built-in scenarios, by name where no file of that name exists:\n  ${BUILTIN_SCENARIO_NAMES.join(', ')}\n`,
      )
    })

    it('prints the usage on stderr and exits 2 without a command', async () => {
      const { status, stderr } = await cli([], dir)
      expect(status).toBe(2)
      expect(stderr).toContain('Commands')
    })
  })

  describe('bad input: exit 2 and one line naming the problem', () => {
    it.each([
      [['run', 'zero-users.json'], 'dem-sim: ZERO/zero-users.json: users.count must be a positive integer, got 0\n'],
      [
        ['run', 'unknown-profile.json'],
        'dem-sim: ZERO/unknown-profile.json: profiles.production.type must be one of "flat", "solar", "evening-peak", "array", "csv", got "tidal"\n',
      ],
      [['run', 'broken.json'], "dem-sim: ZERO/broken.json: not valid JSON: Unexpected token '}'\n"],
      [
        ['validate', 'missing.json'],
        `dem-sim: missing.json: no such file, and no built-in scenario is called that (built-in: ${BUILTIN_SCENARIO_NAMES.join(', ')}) (see dem-sim validate --help)\n`,
      ],
      [
        ['run', 'battery-dai'],
        `dem-sim: battery-dai: no such file, and no built-in scenario is called that (built-in: ${BUILTIN_SCENARIO_NAMES.join(', ')}) (see dem-sim run --help)\n`,
      ],
      [
        ['validate', 'numeric-wei.json'],
        'dem-sim: ZERO/numeric-wei.json: users.collateralWei must be an amount of wei as a decimal string, such as "1000" (a JSON number cannot hold most wei amounts exactly), got 1000\n',
      ],
      [
        ['validate', 'short-collateral.json'],
        "dem-sim: ZERO/short-collateral.json: users.collateralWei does not cover user 1's commitment in interval 0 (362 Wh at up to 70000000000000 wei/kWh locks 25340000000000 wei), got 1000\n",
      ],
      [
        ['run', 'short-collateral.json'],
        "dem-sim: ZERO/short-collateral.json: users.collateralWei does not cover user 1's commitment in interval 0 (362 Wh at up to 70000000000000 wei/kWh locks 25340000000000 wei), got 1000\n",
      ],
      [
        ['sweep', 'zero-users.json', '--users', '2'],
        'dem-sim: ZERO/zero-users.json: users.count must be a positive integer, got 0\n',
      ],
      [['run'], 'dem-sim: run needs a scenario file (see dem-sim run --help)\n'],
      [['run', 'tiny.json', '--frobnicate'], "dem-sim: unknown option '--frobnicate' (see dem-sim run --help)\n"],
      [['gas', '--users', '2,x'], 'dem-sim: --users must be a positive integer, got "x" (see dem-sim gas --help)\n'],
      [
        ['gas', '--onboarding', 'teleport'],
        'dem-sim: --onboarding must be one of registerInPool, registerTransfer, registerApproveDeposit, got "teleport" (see dem-sim gas --help)\n',
      ],
      [
        ['launch'],
        'dem-sim: unknown command "launch": use run, gas, sweep, city, economics, merge, validate or env (see dem-sim --help)\n',
      ],
    ])('%j', async (args, expected) => {
      const { status, stdout, stderr } = await cli(args, dir)
      expect(status).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toBe(expected.replace('ZERO', dir))
    })
  })

  describe('input checks before anything runs', () => {
    beforeAll(async () => {
      await mkdir(join(dir, 'inner'), { recursive: true })
      await writeFile(join(dir, 'secret.csv'), 'wh\nTOP-SECRET\n')
      await writeFile(
        join(dir, 'inner', 'outside.json'),
        JSON.stringify({
          intervals: 1,
          users: { count: 2 },
          profiles: { production: { type: 'csv', file: '../secret.csv' } },
        }),
      )
      await writeFile(
        join(dir, 'inner', 'far.json'),
        JSON.stringify({
          intervals: 1,
          users: { count: 2 },
          profiles: { production: { type: 'csv', file: join(dir, 'secret.csv') } },
        }),
      )
      await writeFile(
        join(dir, 'bom.json'),
        `\uFEFF${JSON.stringify({ name: 'bom', intervals: 1, users: { count: 2 } })}`,
      )
      await writeFile(
        join(dir, 'huge-name.json'),
        JSON.stringify({ name: 'x'.repeat(20_000_000), intervals: 1, users: { count: 2 } }),
      )
      await writeFile(join(dir, 'a-file'), 'not a folder')
    })

    it.each([
      [
        ['run', 'tiny.json', '--out', 'a-file'],
        'dem-sim: --out a-file is not a folder: name a folder for the reports (see dem-sim run --help)\n',
      ],
      [
        ['run', 'tiny.json', '--out', '/proc/dem-sim/results'],
        'dem-sim: --out /proc/dem-sim/results cannot be created (ENOENT) (see dem-sim run --help)\n',
      ],
      [
        ['gas', '--users', '2', '--out', 'a-file'],
        'dem-sim: --out a-file is not a folder: name a folder for the reports (see dem-sim gas --help)\n',
      ],
      [
        ['sweep', 'tiny.json', '--out', 'a-file/x'],
        'dem-sim: --out a-file/x cannot be used (ENOTDIR) (see dem-sim sweep --help)\n',
      ],
      [
        ['run', 'tiny.json', '--users', '-5'],
        'dem-sim: --users must be a positive integer, got "-5" (see dem-sim run --help)\n',
      ],
      [
        ['run', 'tiny.json', '--seed', '-1'],
        'dem-sim: --seed must be a non-negative integer, got "-1" (see dem-sim run --help)\n',
      ],
      [['gas', '--users', '-2,10'], 'dem-sim: --users must be a positive integer, got "-2" (see dem-sim gas --help)\n'],
      [
        ['validate', 'inner/outside.json'],
        `dem-sim: ZERO/inner/outside.json: profiles.production.file must be a path inside the scenario's folder (ZERO/inner); allow others with allowOutside (the CLI's --allow-outside), got "../secret.csv"\n`,
      ],
      [
        ['validate', 'inner/far.json'],
        `dem-sim: ZERO/inner/far.json: profiles.production.file must be a path inside the scenario's folder (ZERO/inner); allow others with allowOutside (the CLI's --allow-outside), got "ZERO/secret.csv"\n`,
      ],
      [
        ['validate', 'huge-name.json'],
        'dem-sim: ZERO/huge-name.json: name must be at most 200 characters long, got 20000000\n',
      ],
    ])('%j', async (args, expected) => {
      const started = Date.now()
      const { status, stdout, stderr } = await cli(args, dir)
      expect(status).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toBe(expected.replaceAll('ZERO', dir))
      expect(Date.now() - started).toBeLessThan(10_000) // refused up front, not after a run
    })

    it('reads a CSV outside the folder only with --allow-outside, and never echoes its contents', async () => {
      const refused = await cli(['validate', 'inner/outside.json'], dir)
      expect(refused.stderr).not.toContain('TOP-SECRET')
      const allowed = await cli(['validate', 'inner/outside.json', '--allow-outside'], dir)
      expect(allowed.status).toBe(2)
      expect(allowed.stderr).toBe(
        `dem-sim: ${join(dir, 'inner', 'outside.json')}: profiles.production (../secret.csv line 2, column "wh") must be a number of Wh, got "TOP-SECRET"\n`,
      )
    })

    it('accepts a scenario file that starts with a UTF-8 byte order mark', async () => {
      const { status, stdout } = await cli(['validate', 'bom.json'], dir)
      expect(status).toBe(0)
      expect(stdout).toMatch(/^bom\.json: valid — 2 users/)
    })
  })

  it('validate plans a scenario without running it', async () => {
    const { status, stdout } = await cli(['validate', 'tiny.json'], dir)
    expect(status).toBe(0)
    expect(stdout).toMatch(
      /^tiny\.json: valid — 3 users \(2 producers, 1 consumers, 0 prosumers\), 2 intervals, \d+ commitments/,
    )
    const builtin = await cli(['validate', 'battery-day'], dir)
    expect(builtin.status).toBe(0)
    expect(builtin.stdout).toMatch(/^battery-day: valid — 50 users .*; 30 users decide while running/)
  })

  it('run prints a summary and a gas table, --json the result, --out the reports', async () => {
    const text = await cli(['run', 'tiny.json'], dir)
    expect(text.status).toBe(0)
    expect(text.stdout).toMatch(/^measure\s+value\n/)
    expect(text.stdout).toMatch(/\n\w+\s+commit\s+\d+/)
    expect(text.stdout).toMatch(
      /\nsolc \d+\.\d+\.\d+ · optimizer on, \d+ runs · viaIR off · hardfork osaka · block gas limit 30,000,000\n/,
    )
    for (const line of text.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120)

    const json = await cli(
      ['run', 'tiny.json', '--json', '--users', '2', '--seed', '4', '--out', 'out', '--no-charts'],
      dir,
    )
    expect(json.status).toBe(0)
    const result = JSON.parse(json.stdout)
    expect(result).toMatchObject({ name: 'tiny', userCount: 2, seed: 4, intervalCount: 2 })
    expect(typeof result.totals.gasUsed).toBe('string')
    expect(json.stderr).toBe('wrote 17 files to out\nwrote 7 Parquet files to out\n')
    const kpiFiles = [
      'kpis-users.csv',
      'kpis-user-days.csv',
      'kpis-days.csv',
      'kpis-intervals.csv',
      'kpis-household-intervals.csv',
      'bills.vl.json',
      'prices.vl.json',
      'break-even.csv',
      'break-even-networks.csv',
      'break-even.vl.json',
    ]
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(
      [
        'deployments.csv',
        'energy.vl.json',
        'gas.csv',
        'intervals.csv',
        'report.md',
        'result.json',
        'users.csv',
        ...kpiFiles,
        ...['runs', 'gas', 'intervals', 'users', 'households', 'kpis-users', 'kpis-intervals'].map(
          (t) => `${t}.parquet`,
        ),
      ].sort(),
    )
    expect(result.kpis.community.total.records).toBe(4)
    expect(text.stdout).toMatch(/\nhouseholds \(with a battery\)\s+\d+ \(0\)\n/)
  })

  it('gas runs the paper figure, settlement included', async () => {
    const { status, stdout } = await cli(
      ['gas', '--users', '2,4', '--workers', '1', '--out', 'paper', '--no-charts', '--quiet'],
      dir,
    )
    expect(status).toBe(0)
    expect(stdout).toMatch(/^operation\s+2 users\s+4 users\n/)
    for (const operation of ['registerUser', 'approve', 'deposit', 'commit', 'settle per commitment'])
      expect(stdout).toContain(operation)
    expect(await readFile(join(dir, 'paper', 'gas-per-operation.csv'), 'utf8')).toMatch(/^operation,2 users,4 users\n/)
  })

  it('gas --mechanism all runs every mechanism and compares them', async () => {
    const { status, stdout } = await cli(
      ['gas', '--users', '2', '--workers', '1', '--mechanism', 'all', '--out', 'all', '--no-charts', '--quiet'],
      dir,
    )
    expect(status).toBe(0)
    for (const name of mechanismNames()) {
      expect(stdout).toContain(`== ${name}\n`)
      expect(stdout).toMatch(new RegExp(`^${name}\\s+2\\s+\\d+\\s+\\d`, 'm'))
      expect(existsSync(join(dir, 'all', name, 'gas-per-operation.csv'))).toBe(true)
    }
    expect(stdout).toMatch(
      /^mechanism\s+users\s+commitments\s+processBuffer \/ commitment\s+settlement \/ commitment\s+traded Wh\n/m,
    )
    expect(existsSync(join(dir, 'all', 'mechanisms.csv'))).toBe(true)
    expect(JSON.parse(await readFile(join(dir, 'all', 'mechanisms.vl.json'), 'utf8')).data.values).toHaveLength(
      mechanismNames().length,
    )
  })

  it('refuses an unknown mechanism with exit 2, listing the available ones', async () => {
    const { status, stdout, stderr } = await cli(['run', 'tiny.json', '--mechanism', 'vickrey', '--quiet'], dir)
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(`dem-sim: unknown mechanism 'vickrey'; available: ${mechanismNames().join(', ')}\n`)
  })

  describe('the built dem-sim command', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BUILT_CLI, ...args], { cwd: dir, encoding: 'utf8' })

    it('prints help and exits 0', () => {
      const { status, stdout } = run(['--help'])
      expect(status).toBe(0)
      expect(stdout).toContain('dem-sim <command>')
    })

    it('exits 2 with one line for a bad scenario file', () => {
      const { status, stdout, stderr } = run(['run', 'zero-users.json'])
      expect(status).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toBe(`dem-sim: ${join(dir, 'zero-users.json')}: users.count must be a positive integer, got 0\n`)
    })

    it('prints its version', () => {
      expect(run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    })
  })
})
