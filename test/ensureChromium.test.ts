// `npm test` starts with scripts/ensure-chromium.ts (npm's `pretest`): without Chromium it fails
// at once with one line saying how to get it, or gets it with apt-get where it may. Here apt-get is
// a stand-in on PATH, so that the test never installs anything.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const script = new URL('../scripts/ensure-chromium.ts', import.meta.url).pathname
const tsx = import.meta.resolve('tsx')
const dir = mkdtempSync(join(tmpdir(), 'dem-sim-chromium-check-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the check with nothing on PATH but the given stand-in for apt-get, if any. */
function check(chromiumPath: string, aptGet?: string) {
  const bin = join(dir, `bin-${Math.random().toString(36).slice(2)}`)
  mkdirSync(bin)
  if (aptGet !== undefined) {
    writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\n[ "$1" = --version ] && exit 0\n${aptGet}\n`)
    chmodSync(join(bin, 'apt-get'), 0o755)
  }
  const started = performance.now()
  const result = spawnSync(process.execPath, ['--import', tsx, script], {
    env: { PATH: bin, CHROMIUM_PATH: chromiumPath, HOME: dir },
    encoding: 'utf8',
  })
  return { ...result, seconds: (performance.now() - started) / 1000 }
}

describe('npm test without Chromium', () => {
  it('passes silently when Chromium is there', () => {
    const present = join(dir, 'chromium-present')
    writeFileSync(present, '')
    const { status, stderr } = check(present)
    expect(status).toBe(0)
    expect(stderr).toBe('')
  })

  it('fails at once with one line saying how to get it when there is no apt-get', () => {
    const { status, stderr, seconds } = check(join(dir, 'missing'))
    expect(status).toBe(1)
    expect(stderr).toBe(
      `npm test needs Chromium at ${join(dir, 'missing')} for the playground's browser tests: install it (Debian, Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to one\n`,
    )
    expect(seconds).toBeLessThan(30)
  })

  it('with apt-get, installs it the way .ci/run would', () => {
    const target = join(dir, 'installed')
    const { status, stderr } = check(target, `[ "$1" = install ] && [ "$3" = chromium ] && /usr/bin/touch "${target}"`)
    expect(stderr).toBe("npm test: installing Debian's chromium for the browser tests (apt-get install -y chromium)\n")
    expect(status).toBe(0)
    expect(existsSync(target)).toBe(true)
  })

  it('says how when apt-get cannot install it (not root, no such package)', () => {
    const { status, stderr } = check(join(dir, 'never'), 'echo "E: Could not open lock file" >&2; exit 100')
    expect(status).toBe(1)
    expect(stderr.split('\n')[0]).toBe(
      "npm test: installing Debian's chromium for the browser tests (apt-get install -y chromium)",
    )
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^npm test needs Chromium at .*never for the playground's browser tests/,
    )
  })
})
