// Vitest global setup: tests that run the built package (the CLI binary, worker threads, the
// packed tarball) need dist/. `npm test` builds before it runs vitest; a bare `vitest run` builds
// here when dist/ is missing rather than skipping those tests.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname

export default function ensureBuilt(): void {
  if (['index.js', 'index.cjs', 'cli.js', 'testing.js'].every((file) => existsSync(join(root, 'dist', file)))) return
  console.log('dist/ is missing: building it with tsup')
  execFileSync('npx', ['tsup'], { cwd: root, stdio: 'inherit' })
}
