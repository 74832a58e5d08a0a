// `npm test`'s third step: the Python package's tests (src/cli/envStdioPython.test.ts) run in the
// virtual environment `npm run python:venv` makes in .venv, with Gymnasium, PettingZoo and numpy.
// It is made once; Debian's python3 makes one only with python3-venv, which apt-get installs where it can.
import { spawnSync } from 'node:child_process'
import { aptInstall } from './aptGet.js'

const ROOT = new URL('..', import.meta.url).pathname
const run = (command: string, args: readonly string[], stdio: 'inherit' | 'ignore' = 'inherit') =>
  spawnSync(command, args, { cwd: ROOT, stdio }).status === 0

const ready = () => run('.venv/bin/python', ['-c', 'import gymnasium, pettingzoo, numpy'], 'ignore')

if (!ready()) {
  console.error('npm test: making the Python environment for the Python tests (npm run python:venv)')
  const made =
    run('npm', ['run', '--silent', 'python:venv']) ||
    (aptInstall(['python3-venv'], 'for the Python tests') && run('npm', ['run', '--silent', 'python:venv']))
  if (!made || !ready()) {
    console.error(
      'npm test needs a Python 3 environment in .venv with gymnasium, pettingzoo and numpy for the Python tests: install python3-venv (Debian, Ubuntu: sudo apt-get install -y python3-venv), then npm run python:venv',
    )
    process.exit(1)
  }
}
