import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_CLI, cleanEnvironment, createProject, differingFiles } from './localProject.js'
import { missingSlurmBinaries, SLURM_INSTALL, type SlurmCluster, startSlurmCluster } from './startSlurmCluster.js'

const run = promisify(execFile)
/** The last shard is the large run: long enough to be killed while it runs. */
const USERS = '2,3,150'

describe('a sweep as a Slurm job array (examples/scale-out/sweep.sbatch) on a real single-node cluster', () => {
  let dir: string
  let project: string
  let cluster: SlurmCluster | undefined
  const jobs: string[] = []

  beforeAll(async () => {
    const missing = missingSlurmBinaries()
    if (missing.length > 0)
      throw new Error(`${missing.join(', ')} not found: install Slurm and munge (${SLURM_INSTALL}), as .ci/run does`)
    dir = await mkdtemp(join(tmpdir(), 'dem-sim-slurm-'))
    cluster = await startSlurmCluster(dir)
    project = await createProject('dem-sim-slurm-project-')
  }, 60_000)

  afterAll(async () => {
    if (cluster !== undefined && jobs.length > 0)
      await run('scancel', jobs, { env: { ...process.env, ...cluster.env } }).catch(() => undefined)
    await cluster?.stop()
    for (const folder of [dir, project]) if (folder !== undefined) await rm(folder, { recursive: true, force: true })
  }, 60_000)

  it('survives a task killed half-way: the rerun redoes only that shard, and the merge equals one machine, byte for byte', async () => {
    const env = cleanEnvironment({ ...cluster?.env, SCENARIO: 'day.json', USERS })
    const cli = (args: string[]) => run(process.execPath, [BUILT_CLI, ...args], { cwd: project, env })
    await cli(['sweep', 'day.json', '--users', USERS, '--out', 'whole', '-q'])

    // Act 1: the array as README submits it; its third task is killed while it runs.
    const first = submit(project, env)
    const jobId = await first.jobId
    jobs.push(jobId)
    const results = join(project, 'results')
    const partial = await until(
      async () => (await entries(results)).find((name) => name.startsWith('.shard-3-of-3.partial-')),
      'the third task to start its shard',
    )
    await run('scancel', [`${jobId}_3`], { env })
    await first.exit

    // Assert 1: Slurm cancelled the third task; two shards are complete, the third partial, and the merge refuses it.
    const state = await until(async () => {
      const { stdout } = await run('scontrol', ['show', 'job', `${jobId}_3`], { env })
      return /JobState=(?!COMPLETING|RUNNING|PENDING)(\w+)/.exec(stdout)?.[1]
    }, 'the third task to end')
    expect(state).toBe('CANCELLED')
    expect(await entries(results)).toEqual([partial, 'shard-1-of-3', 'shard-2-of-3'])
    const refused = await cli(['merge', 'results', '--out', 'merged']).then(
      () => expect.fail('the merge of an incomplete sweep must be refused'),
      (error: { code: number; stderr: string }) => error,
    )
    expect({ status: refused.code, stderr: refused.stderr }).toEqual({
      status: 2,
      stderr: `dem-sim: cannot merge: shard 3/3 is incomplete (results/${partial}: killed or still running; rerun it)\n`,
    })
    const manifests = [1, 2].map((i) => join(results, `shard-${i}-of-3`, 'manifest.json'))
    const before = await Promise.all(manifests.map(async (file) => (await stat(file)).mtimeMs))

    // Act 2: the same submission again.
    const second = submit(project, env)
    const secondId = await second.jobId
    jobs.push(secondId)
    expect(await second.exit).toBe(0)

    // Assert 2: shards 1 and 2 did nothing, shard 3 ran from Slurm's variables; the partial copy is gone.
    const log = (task: number) => readFile(join(project, `slurm-${secondId}_${task}.out`), 'utf8')
    expect(await log(1)).toMatch(
      /^shard 1\/3 is already complete in results\/shard-1-of-3 \(finished .*\): nothing to do\n/,
    )
    expect(await log(2)).toMatch(
      /^shard 2\/3 is already complete in results\/shard-2-of-3 \(finished .*\): nothing to do\n/,
    )
    expect(await log(3)).toContain(
      'shard 3/3 from Slurm (SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=3, SLURM_ARRAY_TASK_STEP=1, SLURM_ARRAY_TASK_MAX=3)\n',
    )
    expect(await Promise.all(manifests.map(async (file) => (await stat(file)).mtimeMs))).toEqual(before)
    expect(await entries(results)).toEqual(['shard-1-of-3', 'shard-2-of-3', 'shard-3-of-3'])
    const manifest = JSON.parse(await readFile(join(results, 'shard-3-of-3', 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({ kind: 'sweep', shard: { index: 3, count: 3 }, points: ['150'] })

    // Act 3 / Assert 3: the merge equals the unsharded sweep, Parquet included.
    await cli(['merge', 'results', '--out', 'merged', '-q'])
    expect(await readdir(join(project, 'merged'))).toContain('households.parquet')
    expect(await differingFiles(join(project, 'whole'), join(project, 'merged'))).toEqual([])
  }, 240_000)
})

/** `sbatch --array=1-3 --wait sweep.sbatch`: its job id as soon as it is submitted, and its exit status at the end. */
function submit(cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn('sbatch', ['--parsable', '--array=1-3', '--wait', 'sweep.sbatch'], { cwd, env })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const jobId = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      const id = /^(\d+)/.exec(stdout)
      if (id !== null && stdout.includes('\n')) resolve(id[1] as string)
    })
    child.once('exit', () => reject(new Error(`sbatch printed no job id: ${stderr.trim()}`)))
  })
  const exit = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
  return { jobId, exit }
}

async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort()
}

async function until<T>(found: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const value = await found()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
