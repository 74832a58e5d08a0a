import { execFile } from 'node:child_process'
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_CLI, cleanEnvironment, createProject, differingFiles, RECIPES, ROOT } from './localProject.js'

const run = promisify(execFile)

describe('the scale-out recipes', () => {
  let project: string
  beforeAll(async () => {
    project = await createProject('dem-sim-kubernetes-')
  })
  afterAll(async () => {
    await rm(project, { recursive: true, force: true })
  })

  it('docs/scale-out.md shows each recipe as the tests run it', async () => {
    const docs = await readFile(join(ROOT, 'docs', 'scale-out.md'), 'utf8')
    for (const recipe of await readdir(RECIPES))
      expect(docs, `docs/scale-out.md shows ${recipe}`).toContain(await readFile(join(RECIPES, recipe), 'utf8'))
  })

  it("the Kubernetes indexed Job's command, run with each pod's variables, merges into one machine's sweep", async () => {
    // The Job's container command and environment, as sweep-job.yaml gives them; a smaller sweep than its USERS.
    const yaml = await readFile(join(project, 'sweep-job.yaml'), 'utf8')
    const command = JSON.parse(/^\s*command: (\[.*\])$/m.exec(yaml)?.[1] ?? 'null') as string[]
    const completions = Number(/^\s*completions: (\d+)$/m.exec(yaml)?.[1])
    expect(command.slice(0, 2)).toEqual(['sh', '-c'])
    const env = { SCENARIO: 'day.json', USERS: '2,3,4,5' }
    await run(process.execPath, [BUILT_CLI, 'sweep', 'day.json', '--users', env.USERS, '--out', 'whole', '-q'], {
      cwd: project,
    })

    const pods = await Promise.all(
      Array.from({ length: completions }, (_, index) =>
        run(command[0] as string, command.slice(1), {
          cwd: project,
          env: cleanEnvironment({ ...env, JOB_COMPLETION_INDEX: String(index) }),
        }),
      ),
    )
    await run(process.execPath, [BUILT_CLI, 'merge', 'results', '--out', 'merged', '-q'], { cwd: project })

    expect(
      pods.map(({ stderr }) => /shard \d\/\d from Kubernetes \(JOB_COMPLETION_INDEX=\d\)/.exec(stderr)?.[0]),
    ).toEqual([
      'shard 1/3 from Kubernetes (JOB_COMPLETION_INDEX=0)',
      'shard 2/3 from Kubernetes (JOB_COMPLETION_INDEX=1)',
      'shard 3/3 from Kubernetes (JOB_COMPLETION_INDEX=2)',
    ])
    expect(await differingFiles(join(project, 'whole'), join(project, 'merged'))).toEqual([])
  }, 180_000)
})
