import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const examples = readdirSync(new URL('../examples', import.meta.url)).filter((name) => name.endsWith('.ts'))

// Every example runs as a user would run it — against the built package — so none can go stale.
describe('examples', () => {
  it.each(examples)('%s runs to completion', async (name) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', `examples/${name}`], { cwd: root, timeout: 120_000 })
    expect(stdout.length).toBeGreaterThan(0)
  }, 150_000)
})
