import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from './main.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BUILT_CLI = join(ROOT, 'dist', 'cli.js')
/** Files that measure the machine rather than the market. */
const TIMING_FILES = new Set(['timing.csv', 'wall-time.svg', 'wall-time.vl.json'])
const PARQUET_FILES = [
  'gas.parquet',
  'households.parquet',
  'intervals.parquet',
  'kpis-intervals.parquet',
  'kpis-users.parquet',
  'runs.parquet',
  'users.parquet',
]
const VERSION = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version
const DAY = {
  name: 'day',
  intervals: 2,
  startHour: 11,
  users: { count: 2, mix: { producers: 0.5, consumers: 0.5 } },
}

/** No variable of any batch engine leaks in from the machine that runs the tests. */
function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (/^(SLURM_|JOB_COMPLETION_INDEX|AWS_BATCH_)/.test(name)) delete env[name]
  return { ...env, ...extra }
}

const cli = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  run(process.execPath, [BUILT_CLI, ...args], { cwd, timeout: 120_000, env: cleanEnvironment(env) })

/** The CLI in this process: status, stdout and stderr. */
async function dem(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const status = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    cwd,
    env,
  })
  return { status, stdout, stderr }
}

describe('dem-sim sweep --shard and dem-sim merge, in separate processes', () => {
  let dir: string
  beforeAll(async () => {
    if (!existsSync(BUILT_CLI))
      throw new Error(`${BUILT_CLI} is missing: build first (npm test builds before it tests)`)
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-shards-'))
    await writeFile(join(dir, 'day.json'), JSON.stringify(DAY))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('shards told by --shard i/n, a Kubernetes indexed Job and an AWS Batch array merge into the unsharded reports, byte for byte', async () => {
    // Arrange / Act: one machine, then three shard processes at once into one folder, then the merge.
    const users = ['--users', '2,3,4,5']
    await cli(['sweep', 'day.json', ...users, '--out', 'whole', '-q'], dir)
    const sweep = ['sweep', 'day.json', ...users, '--out', 'results']
    const shards = await Promise.all([
      cli([...sweep, '--shard', '1/3'], dir),
      cli([...sweep, '--shard', 'auto/3'], dir, { JOB_COMPLETION_INDEX: '1' }),
      cli([...sweep, '--shard', 'auto'], dir, { AWS_BATCH_JOB_ARRAY_INDEX: '2', AWS_BATCH_JOB_ARRAY_SIZE: '3' }),
    ])
    const merged = await cli(['merge', 'results', '--out', 'merged'], dir)

    // Assert
    expect(shards.map(({ stdout }) => stdout)).toEqual([
      'shard 1/3: 2 runs (users 2, 5); join the shards with dem-sim merge\n',
      'shard 2/3: 1 run (users 3); join the shards with dem-sim merge\n',
      'shard 3/3: 1 run (users 4); join the shards with dem-sim merge\n',
    ])
    expect(shards[1]?.stderr).toContain('shard 2/3 from Kubernetes (JOB_COMPLETION_INDEX=1)\n')
    expect(shards[2]?.stderr).toContain(
      'shard 3/3 from AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX=2, AWS_BATCH_JOB_ARRAY_SIZE=3)\n',
    )
    expect((await readdir(join(dir, 'results'))).sort()).toEqual(['shard-1-of-3', 'shard-2-of-3', 'shard-3-of-3'])
    expect(merged.stdout).toMatch(/^operation\s+2 users\s+3 users\s+4 users\s+5 users\n/)
    expect(merged.stderr).toBe("wrote 16 files to merged\nwrote 7 Parquet files (the shards' union) to merged\n")
    const whole = (await readdir(join(dir, 'whole'))).sort()
    expect((await readdir(join(dir, 'merged'))).sort()).toEqual(whole)
    expect(whole).toEqual(
      expect.arrayContaining(['report.md', 'sweep.json', 'gas-5.csv', ...PARQUET_FILES, ...TIMING_FILES]),
    )
    for (const file of whole.filter((name) => !TIMING_FILES.has(name))) {
      const [expected, actual] = await Promise.all([
        readFile(join(dir, 'whole', file)),
        readFile(join(dir, 'merged', file)),
      ])
      expect(actual.equals(expected), `${file} differs`).toBe(true)
    }
  }, 240_000)

  it('a rerun of a complete shard does nothing and says so', async () => {
    const manifest = join(dir, 'results', 'shard-2-of-3', 'manifest.json')
    const before = await stat(manifest)
    const again = await cli(['sweep', 'day.json', '--users', '2,3,4,5', '--out', 'results', '--shard', '2/3'], dir)
    expect(again.stdout).toMatch(
      /^shard 2\/3 is already complete in results\/shard-2-of-3 \(finished \S+ on \S+\): nothing to do\n$/,
    )
    expect((await stat(manifest)).mtimeMs).toBe(before.mtimeMs)
  }, 120_000)
})

describe('dem-sim merge refuses bad shards with one line, exit 2, nothing written', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-bad-shards-'))
    await writeFile(join(dir, 'day.json'), JSON.stringify(DAY))
    const sweep = ['sweep', 'day.json', '--users', '2,3', '-q']
    for (const index of [1, 2]) await dem([...sweep, '--shard', `${index}/2`, '--out', 'good'], dir)
    await dem([...sweep, '--shard', '2/2', '--mechanism', 'pay-as-bid', '--out', 'bid'], dir)
    await dem([...sweep, '--shard', '3/3', '--out', 'thirds'], dir)
  }, 120_000)
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** A fresh copy of the good shards, changed by `damage`. */
  async function damaged(name: string, damage: (copy: string) => Promise<void>): Promise<string> {
    await cp(join(dir, 'good'), join(dir, name), { recursive: true })
    await damage(join(dir, name))
    return name
  }

  /** Rewrites a shard's file and its hash in the manifest, as a careful tamperer would. */
  async function rewrite(shard: string, file: string, edit: (text: string) => string | Buffer): Promise<void> {
    const content = edit(await readFile(join(shard, file), 'latin1'))
    await writeFile(join(shard, file), content)
    const manifest = JSON.parse(await readFile(join(shard, 'manifest.json'), 'utf8'))
    const entry = manifest.files.find((f: { name: string }) => f.name === file)
    entry.sha256 = createHash('sha256').update(content).digest('hex')
    await writeFile(join(shard, 'manifest.json'), JSON.stringify(manifest))
  }

  const firstGasTotal = /"total":\{"\$bigint":"\d+"\}/

  it.each<[string, () => Promise<string[]>, string]>([
    ['a missing shard', async () => ['good/shard-1-of-2'], 'cannot merge: shard 2/2 is missing'],
    [
      'a shard given twice',
      async () => ['good/shard-1-of-2', 'good/shard-1-of-2', 'good/shard-2-of-2'],
      'cannot merge: shard 1/2 is given twice (good/shard-1-of-2 and good/shard-1-of-2)',
    ],
    [
      'an incomplete shard',
      async () => [
        await damaged('killed', (copy) =>
          rename(join(copy, 'shard-2-of-2'), join(copy, '.shard-2-of-2.partial-node7-4242-x1')),
        ),
      ],
      'cannot merge: shard 2/2 is incomplete (killed/.shard-2-of-2.partial-node7-4242-x1: killed or still running; rerun it)',
    ],
    [
      'a shard of another mechanism',
      async () => ['good/shard-1-of-2', 'bid/shard-2-of-2'],
      'cannot merge: bid/shard-2-of-2 (shard 2/2) ran another sweep than good/shard-1-of-2: market.mechanism.name is "pay-as-bid", not "oracle-price"',
    ],
    [
      'shards of another split',
      async () => ['good', 'thirds'],
      'cannot merge: thirds/shard-3-of-3 (shard 3/3) is of a split in 3, good/shard-1-of-2 of a split in 2',
    ],
    [
      'a shard of another version',
      async () => [
        await damaged('old', async (copy) => {
          const file = join(copy, 'shard-2-of-2', 'manifest.json')
          await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), version: '0.0.1' }))
        }),
      ],
      `cannot merge: old/shard-2-of-2 (shard 2/2) was written by dem-sim 0.0.1, this is ${VERSION}`,
    ],
    [
      'a file changed after the shard was written',
      async () => [
        await damaged('changed', (copy) =>
          writeFile(join(copy, 'shard-1-of-2', 'sweep-shard.json'), '{}', { flag: 'a' }),
        ),
      ],
      "changed/shard-1-of-2/sweep-shard.json changed after the shard was written (its SHA-256 differs from manifest.json's)",
    ],
    [
      'a structurally tampered shard (#23)',
      async () => [
        await damaged('tampered', (copy) =>
          rewrite(join(copy, 'shard-1-of-2'), 'sweep-shard.json', (text) => {
            const shard = JSON.parse(text)
            delete shard.sweep.points[0].result.gas
            return JSON.stringify(shard)
          }),
        ),
      ],
      'tampered/shard-1-of-2/sweep-shard.json is damaged: sweep.points[0].result.gas must be a list, found nothing',
    ],
    [
      'a negative gas figure (#23)',
      async () => [
        await damaged('negative', (copy) =>
          rewrite(join(copy, 'shard-1-of-2'), 'sweep-shard.json', (text) =>
            text.replace(firstGasTotal, '"total":{"$bigint":"-5"}'),
          ),
        ),
      ],
      'negative/shard-1-of-2/sweep-shard.json is damaged: sweep.points[0].result.gas[0].total must be a whole number from 0 to 10^38 − 1, found -5',
    ],
    [
      'a 3,000-digit gas figure (#23)',
      async () => [
        await damaged('huge', (copy) =>
          rewrite(join(copy, 'shard-1-of-2'), 'sweep-shard.json', (text) =>
            text.replace(firstGasTotal, `"total":{"$bigint":"${'9'.repeat(3000)}"}`),
          ),
        ),
      ],
      'huge/shard-1-of-2/sweep-shard.json is damaged: sweep.points[0].result.gas[0].total must be a whole number from 0 to 10^38 − 1, found a 3000-digit number',
    ],
    [
      'a FIFO in place of a shard file (#23: it hung)',
      async () => [
        await damaged('fifo', async (copy) => {
          await rm(join(copy, 'shard-1-of-2', 'sweep-shard.json'))
          await run('mkfifo', [join(copy, 'shard-1-of-2', 'sweep-shard.json')])
        }),
      ],
      'fifo/shard-1-of-2/sweep-shard.json is not a regular file',
    ],
    [
      'a FIFO in place of a manifest (#23: it hung)',
      async () => [
        await damaged('fifo-manifest', async (copy) => {
          await rm(join(copy, 'shard-2-of-2', 'manifest.json'))
          await run('mkfifo', [join(copy, 'shard-2-of-2', 'manifest.json')])
        }),
      ],
      'fifo-manifest/shard-2-of-2/manifest.json is not a regular file',
    ],
    [
      'a Parquet file of another schema',
      async () => [
        await damaged('schema', async (copy) => {
          const gas = await readFile(join(copy, 'shard-2-of-2', 'gas.parquet'))
          await rewrite(join(copy, 'shard-2-of-2'), 'users.parquet', () => gas)
        }),
      ],
      'schema/shard-2-of-2/users.parquet has another schema: column 2 is operation VARCHAR, not index BIGINT',
    ],
    [
      'a file instead of a folder',
      async () => ['day.json'],
      'day.json is not a folder: give the folders the shards wrote (their --out)',
    ],
  ])(
    '%s',
    async (_case, given, message) => {
      const result = await dem(['merge', ...(await given()), '--out', 'merged'], dir)
      expect(result).toEqual({ status: 2, stdout: '', stderr: `dem-sim: ${message}\n` })
      expect(existsSync(join(dir, 'merged'))).toBe(false)
    },
    20_000,
  )

  it.each<[string, string[], Record<string, string>, string]>([
    [
      'auto without an array job',
      ['--shard', 'auto'],
      {},
      '--shard auto found no array index (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX are all unset): run it as an array task, or give --shard i/n',
    ],
    [
      "an index outside Slurm's count",
      ['--shard', 'auto'],
      { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' },
      "Slurm's variables give shard 5 of 3 (SLURM_ARRAY_TASK_ID=5, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=3): an index must be from 1 to the count",
    ],
    [
      'a count that disagrees with the engine',
      ['--shard', 'auto/4'],
      { AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '3' },
      "AWS Batch's array has 3 tasks (AWS_BATCH_JOB_ARRAY_INDEX=0, AWS_BATCH_JOB_ARRAY_SIZE=3), but --shard says 4",
    ],
    [
      'a resubmitted subset of the array (Slurm counts it as 1 task)',
      ['--shard', 'auto'],
      { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '2', SLURM_ARRAY_TASK_COUNT: '1' },
      'good/shard-1-of-2 is a shard of a split in 2, this is shard 1/1: keep the split (rerun the whole array; finished shards do nothing) or give another --out',
    ],
    [
      'an index outside 1..n',
      ['--shard', '4/3'],
      {},
      '--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), or auto, got "4/3" (see dem-sim sweep --help)',
    ],
  ])('sweep refuses %s', async (_case, args, env, message) => {
    const before = (await readdir(join(dir, 'good'))).sort()
    const result = await dem(['sweep', 'day.json', '--users', '2,3', '--out', 'good', '-q', ...args], dir, env)
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr.split('\n')).toHaveLength(2)
    expect((await readdir(join(dir, 'good'))).sort()).toEqual(before)
  })

  it('sweep refuses to write a shard beside shards of another scenario', async () => {
    await writeFile(join(dir, 'night.json'), JSON.stringify({ ...DAY, startHour: 22 }))
    const result = await dem(['sweep', 'night.json', '--users', '2,3', '--out', 'good', '-q', '--shard', '1/2'], dir)
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      'dem-sim: good/shard-1-of-2 holds a shard of another sweep (another scenario): give another --out, or remove it\n',
    )
  })
})
