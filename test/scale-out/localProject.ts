import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BUILT_CLI = join(ROOT, 'dist', 'cli.js')
export const RECIPES = join(ROOT, 'examples', 'scale-out')

/** Files of a sweep's reports that measure the machine rather than the market. */
export const TIMING_FILES = new Set(['timing.csv', 'wall-time.svg', 'wall-time.vl.json'])

/** A two-interval day: short runs, so that a test sweeps a few user counts in seconds. */
export const DAY = {
  name: 'day',
  intervals: 2,
  startHour: 11,
  users: { count: 2, mix: { producers: 0.5, consumers: 0.5 } },
}

/**
 * A project folder where `npx dem-sim` runs this repository's built CLI, as after
 * `npm install dem-sim`, with `day.json` and the scale-out recipes beside it.
 */
export async function createProject(prefix: string): Promise<string> {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: build first (npm test builds before it tests)`)
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await mkdir(join(dir, 'node_modules', '.bin'), { recursive: true })
  await symlink(ROOT, join(dir, 'node_modules', 'dem-sim'), 'dir')
  await symlink(join('..', 'dem-sim', 'dist', 'cli.js'), join(dir, 'node_modules', '.bin', 'dem-sim'))
  await writeFile(join(dir, 'day.json'), JSON.stringify(DAY))
  for (const recipe of await readdir(RECIPES)) await writeFile(join(dir, recipe), await readFile(join(RECIPES, recipe)))
  return dir
}

/** The files of `expected` that `actual` lacks or holds with other bytes (timing files aside), and any extra ones. */
export async function differingFiles(expected: string, actual: string): Promise<string[]> {
  const [wanted, found] = await Promise.all([readdir(expected), readdir(actual)])
  const differing = found.filter((file) => !wanted.includes(file)).map((file) => `${file} (extra)`)
  for (const file of wanted.filter((name) => !TIMING_FILES.has(name))) {
    if (!found.includes(file)) differing.push(`${file} (missing)`)
    else if (!(await readFile(join(expected, file))).equals(await readFile(join(actual, file)))) differing.push(file)
  }
  return differing
}

/** The environment without any batch engine's array variables from the machine running the tests. */
export function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (/^(SLURM_|JOB_COMPLETION_INDEX|AWS_BATCH_)/.test(name)) delete env[name]
  return { ...env, ...extra }
}
