import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from './main.js'

const run = promisify(execFile)
const BUILT_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const TOWN = {
  name: 'town',
  intervals: 2,
  startHour: 11,
  users: { count: 3 },
  communities: [
    { name: 'block', count: 2 },
    { name: 'hall', market: { mechanism: 'pay-as-clear' }, users: { count: 4 } },
  ],
}

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

describe('dem-sim city', () => {
  let dir: string
  beforeAll(async () => {
    if (!existsSync(BUILT_CLI))
      throw new Error(`${BUILT_CLI} is missing: build first (npm test builds before it tests)`)
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-city-'))
    await writeFile(join(dir, 'town.json'), JSON.stringify(TOWN))
    await writeFile(join(dir, 'day.json'), JSON.stringify({ ...TOWN, communities: undefined }))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it("runs the communities on worker threads and reports each one's KPIs and the city's", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [BUILT_CLI, 'city', 'town.json', '--workers', '2', '--out', 'whole', '--json'],
      { cwd: dir },
    )
    const city = JSON.parse(stdout)
    expect(
      city.communities.map((c: { name: string; mechanism: string; users: number }) => [c.name, c.mechanism, c.users]),
    ).toEqual([
      ['block-1', 'oracle-price', 3],
      ['block-2', 'oracle-price', 3],
      ['hall', 'pay-as-clear', 4],
    ])
    const sum = (field: string) =>
      city.communities.reduce(
        (total: bigint, c: { kpis: Record<string, string> }) => total + BigInt(c.kpis[field] as string),
        0n,
      )
    for (const field of ['loadWh', 'selfSuppliedWh', 'boughtLocalWh', 'billWei', 'gasUsed', 'savingsWei'])
      expect(BigInt(city.kpis[field]), field).toBe(sum(field))
    expect(city.kpis.records).toBe(2 * (3 + 3 + 4))
    expect(city.kpis.selfSufficiency).toBe(Number(sum('selfSuppliedWh')) / Number(sum('loadWh')))
    expect(stderr).toBe('wrote 5 files to whole\nwrote 7 Parquet files to whole\n')
    expect((await readdir(join(dir, 'whole'))).sort()).toEqual(
      [
        'city.json',
        'communities.csv',
        'kpis-city.csv',
        'report.md',
        'timing.csv',
        ...['runs', 'gas', 'intervals', 'users', 'households', 'kpis-users', 'kpis-intervals'].map(
          (t) => `${t}.parquet`,
        ),
      ].sort(),
    )
    expect((await readFile(join(dir, 'whole', 'communities.csv'), 'utf8')).split('\n')[0]).toMatch(
      /^community,mechanism,households,transactions,gas,traded Wh,load Wh,/,
    )
  }, 120_000)

  it("shards of the city's communities merge into one machine's reports, byte for byte (timing aside)", async () => {
    const first = await dem(['city', 'town.json', '--shard', '1/2', '--out', 'results', '-q'], dir)
    const second = await dem(['city', 'town.json', '--shard', 'auto', '--out', 'results', '-q'], dir, {
      SLURM_ARRAY_TASK_ID: '2',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_COUNT: '2',
    })
    const merged = await dem(['merge', 'results', '--out', 'merged', '-q'], dir)

    expect([first.stdout, second.stdout]).toEqual([
      'shard 1/2: 2 communities; join the shards with dem-sim merge\n',
      'shard 2/2: 1 community; join the shards with dem-sim merge\n',
    ])
    expect(merged.status).toBe(0)
    const files = (await readdir(join(dir, 'whole'))).sort()
    expect((await readdir(join(dir, 'merged'))).sort()).toEqual(files)
    for (const file of files.filter((name) => name !== 'timing.csv')) {
      const [expected, actual] = await Promise.all(['whole', 'merged'].map((d) => readFile(join(dir, d, file))))
      expect(actual?.equals(expected as Buffer), `${file} differs`).toBe(true)
    }
  }, 120_000)

  it('refuses a city with the run command, and a merge of a city shard with a sweep shard', async () => {
    expect(await dem(['run', 'town.json'], dir)).toMatchObject({
      status: 2,
      stderr: `dem-sim: ${join(dir, 'town.json')}: communities make this a city of communities: run it with dem-sim city (runCity in code), got an array of 2\n`,
    })
    await dem(['sweep', 'day.json', '--users', '2', '--shard', '1/1', '--out', 'sweep', '-q'], dir)
    expect(await dem(['merge', 'results/shard-1-of-2', 'sweep/shard-1-of-1', '--out', 'm'], dir)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining(
        "sweep/shard-1-of-1 (shard 1/1) is a sweep's shard, results/shard-1-of-2 a city's",
      ),
    })
    expect(existsSync(join(dir, 'm'))).toBe(false)
  }, 60_000)
})
