// The Python side of `dem-sim env --stdio`: the package in python/ run by the virtual environment that
// `npm run python:venv` makes (npm test's first steps make it where it is missing): Gymnasium's and PettingZoo's own
// checkers on every built-in mechanism, and the short federated-learning example.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PYTHON = join(ROOT, '.venv', 'bin', 'python')
const MAKE_VENV = 'npm run python:venv'

/** Runs a script of python/ with the repository's package and CLI; fails with one line when the venv is missing. */
function runPython(script: string, args: string[] = [], timeoutMs = 600_000) {
  if (!existsSync(PYTHON)) throw new Error(`no Python environment at .venv: run \`${MAKE_VENV}\``)
  const env = {
    ...process.env,
    PYTHONPATH: join(ROOT, 'python'),
    DEM_SIM_COMMAND: `'${process.execPath}' '${join(ROOT, 'dist', 'cli.js')}'`,
  }
  const imports = spawnSync(PYTHON, ['-c', 'import gymnasium, pettingzoo, numpy'], { env, encoding: 'utf8' })
  if (imports.status !== 0)
    throw new Error(`the Python environment at .venv lacks gymnasium, pettingzoo or numpy: run \`${MAKE_VENV}\``)
  const run = spawnSync(PYTHON, [join(ROOT, 'python', script), ...args], {
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, lastLine: run.stdout.trim().split('\n').at(-1) }
}

describe('the Python package over dem-sim env --stdio', () => {
  it('passes check_env, parallel_api_test and parallel_seed_test on every built-in mechanism', () => {
    const run = runPython('tests/run_checkers.py')
    expect(run.stderr).not.toMatch(/Traceback/)
    expect(run.status).toBe(0)
    expect(run.lastLine).toMatch(/^\d+ passed, 0 failed$/)
  }, 600_000)

  it('trains federated agents whose community bill beats a random policy on the same held-out days', () => {
    const run = runPython('examples/federated.py', ['--short'])
    expect(run.stderr).not.toMatch(/Traceback/)
    expect(run.status).toBe(0)
    expect(run.lastLine).toMatch(/^1 passed, 0 failed/)
  }, 600_000)
})
