// Vitest global setup of the e2e tests: packs the package as `npm publish` would and installs
// the tarball into two empty apps, as a user would — `bare` with what a default `npm install`
// brings, `full` with the optional peers as well (the compiler and the chart renderer).
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { OPTIONAL_PEERS } from '../../src/errors/MissingPeerDependencyError.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** An app with the packed tarball installed and nothing else. */
    bareApp: string
    /** An app with the packed tarball and every optional peer installed. */
    fullApp: string
    /** The tarball's path. */
    tarball: string
  }
}

const root = new URL('../..', import.meta.url).pathname

function npm(args: string[], cwd: string): string {
  // The cache filled by the repository's own `npm ci` serves almost every package.
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function createApp(dir: string, packages: string[]): string {
  mkdirSync(dir)
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2)}\n`,
  )
  npm(['install', ...packages], dir)
  return dir
}

export default function installPackedPackage(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'dem-sim-pack-'))
  // The build ran already (`npm test`, or the ensureBuilt setup): pack what is in dist/.
  npm(['pack', '--ignore-scripts', '--pack-destination', dir], root)
  const tarballName = readdirSync(dir).find((name) => name.endsWith('.tgz'))
  if (tarballName === undefined) throw new Error(`npm pack wrote no tarball into ${dir}`)
  const tarball = join(dir, tarballName)
  const peers = Object.entries(OPTIONAL_PEERS).map(([name, range]) => `${name}@${range}`)
  project.provide('tarball', tarball)
  project.provide('bareApp', createApp(join(dir, 'bare'), [tarball]))
  // The older-compiler example brings its own solc release, as its comment tells a user to install.
  const olderSolc = 'solc-0.8.19@npm:solc@0.8.19'
  project.provide('fullApp', createApp(join(dir, 'full'), [tarball, ...peers, olderSolc]))
  return () => rmSync(dir, { recursive: true, force: true })
}
