// `npm test`'s first step (npm runs `pretest` before `test`): the playground's browser tests drive
// Chromium, so a machine without it fails in seconds, not after twenty minutes of other tests.
// Where apt-get can, it installs Debian's package; otherwise it says in one line how.
import { existsSync } from 'node:fs'
import { CHROMIUM_PATH } from '../test/browser/chromium.js'
import { aptInstall } from './aptGet.js'

if (!existsSync(CHROMIUM_PATH)) {
  if (aptInstall(['chromium'], 'for the browser tests') && existsSync(CHROMIUM_PATH)) process.exit(0)
  console.error(
    `npm test needs Chromium at ${CHROMIUM_PATH} for the playground's browser tests: install it (Debian, Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to one`,
  )
  process.exit(1)
}
