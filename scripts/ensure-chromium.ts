// `npm test`'s first step (npm runs `pretest` before `test`): the playground's browser tests drive
// Chromium, so a machine without it fails in seconds, not after twenty minutes of other tests.
// Where apt-get can, it installs Debian's package as .ci/run would; otherwise it says in one line how.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { CHROMIUM_PATH } from '../test/browser/chromium.js'

const aptGet = (args: string[]) =>
  spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0

if (!existsSync(CHROMIUM_PATH)) {
  // Not root, apt-get refuses at once (its lock is root's); then the line below says what to do.
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    console.error("npm test: installing Debian's chromium for the browser tests (apt-get install -y chromium)")
    const installed =
      aptGet(['install', '-y', 'chromium']) || (aptGet(['update']) && aptGet(['install', '-y', 'chromium']))
    if (installed && existsSync(CHROMIUM_PATH)) process.exit(0)
  }
  console.error(
    `npm test needs Chromium at ${CHROMIUM_PATH} for the playground's browser tests: install it (Debian, Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to one`,
  )
  process.exit(1)
}
