import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BUILT_CLI = join(ROOT, 'dist', 'cli.js')
/** Files that measure the machine rather than the market. */
const TIMING_FILES = new Set(['timing.csv', 'wall-time.svg', 'wall-time.vl.json'])

const cli = (args: string[], cwd: string) => run(process.execPath, [BUILT_CLI, ...args], { cwd, timeout: 120_000 })

describe('dem-sim sweep --shard i/n and dem-sim merge', () => {
  let dir: string
  beforeAll(async () => {
    if (!existsSync(BUILT_CLI))
      throw new Error(`${BUILT_CLI} is missing: build first (npm test builds before it tests)`)
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-shards-'))
    await writeFile(
      join(dir, 'day.json'),
      JSON.stringify({
        name: 'day',
        intervals: 2,
        startHour: 11,
        users: { count: 2, mix: { producers: 0.5, consumers: 0.5 } },
      }),
    )
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('three shard processes merge into the report of one unsharded run, byte for byte', async () => {
    // Arrange / Act: one machine, then three shard processes at once, then the merge.
    const users = ['--users', '2,3,4,5']
    await cli(['sweep', 'day.json', ...users, '--out', 'whole', '-q'], dir)
    const shards = await Promise.all(
      [1, 2, 3].map((i) =>
        cli(['sweep', 'day.json', ...users, '--shard', `${i}/3`, '--out', `results-${i}`, '-q'], dir),
      ),
    )
    const merged = await cli(['merge', 'results-3', 'results-1', 'results-2', '--out', 'merged'], dir)

    // Assert
    expect(shards.map(({ stdout }) => stdout)).toEqual([
      'shard 1/3: 2 runs (users 2, 5); join the shards with dem-sim merge\n',
      'shard 2/3: 1 run (users 3); join the shards with dem-sim merge\n',
      'shard 3/3: 1 run (users 4); join the shards with dem-sim merge\n',
    ])
    expect(merged.stdout).toMatch(/^operation\s+2 users\s+3 users\s+4 users\s+5 users\n/)
    const whole = (await readdir(join(dir, 'whole'))).sort()
    expect((await readdir(join(dir, 'merged'))).sort()).toEqual(whole)
    expect(whole).toEqual(
      expect.arrayContaining([
        'report.md',
        'sweep.json',
        'gas-per-operation.svg',
        'settlement-gas.svg',
        'gas-5.csv',
        ...TIMING_FILES,
      ]),
    )
    for (const file of whole.filter((name) => !TIMING_FILES.has(name))) {
      const [expected, actual] = await Promise.all([
        readFile(join(dir, 'whole', file)),
        readFile(join(dir, 'merged', file)),
      ])
      expect(actual.equals(expected), `${file} differs`).toBe(true)
    }
  }, 240_000)

  it('refuses a merge with a shard missing, repeated or from another sweep', async () => {
    await cli(['sweep', 'day.json', '--users', '2,3', '--shard', '1/2', '--out', 'a1', '-q'], dir)
    await cli(['sweep', 'day.json', '--users', '2,4', '--shard', '2/2', '--out', 'b2', '-q'], dir)
    const failure = (args: string[]) =>
      cli(args, dir).then(
        () => expect.fail('expected the merge to be refused'),
        (error: { code: number; stderr: string }) => ({ status: error.code, stderr: error.stderr }),
      )
    expect(await failure(['merge', 'a1', '--out', 'm'])).toEqual({
      status: 2,
      stderr: 'dem-sim: Missing shard 2/2 of the sweep\n',
    })
    expect(await failure(['merge', 'a1', 'a1', '--out', 'm'])).toEqual({
      status: 2,
      stderr: 'dem-sim: shard 1/2 is given twice\n',
    })
    expect(await failure(['merge', 'a1', 'b2', '--out', 'm'])).toEqual({
      status: 2,
      stderr: 'dem-sim: shard 2/2 swept users 2,4, the first one 2,3\n',
    })
    expect(await failure(['merge', 'day.json', '--out', 'm'])).toEqual({
      status: 2,
      stderr: 'dem-sim: day.json is not a shard of a sweep (written by dem-sim sweep --shard i/n)\n',
    })
    expect(await failure(['sweep', 'day.json', '--shard', '4/3', '--out', 'x'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "4/3"'),
    })
  }, 120_000)
})
