// The package as a user gets it: `npm pack`, then `npm install` of the tarball into an empty app
// (test/support/installPackedPackage.ts). What it weighs, what it ships, that a strict `tsc`
// accepts its types, and that its entries share one module graph.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, inject, it } from 'vitest'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const bareApp = inject('bareApp')
const tarball = inject('tarball')

type NpmTree = { dependencies?: Record<string, NpmTree & { path?: string }> }

/** Every package directory in the install, by name@version, reached from `tree` without `skip`. */
function collectPackages(
  tree: NpmTree,
  skip: ReadonlySet<string>,
  into = new Map<string, string>(),
): Map<string, string> {
  for (const [name, child] of Object.entries(tree.dependencies ?? {})) {
    if (skip.has(name) || child.path === undefined || into.has(child.path)) continue
    into.set(child.path, name)
    collectPackages(child, skip, into)
  }
  return into
}

/** Bytes on disk under `dir`, not counting nested node_modules (those are packages of their own). */
function directoryBytes(dir: string): number {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    bytes += entry.isDirectory() ? directoryBytes(path) : statSync(path).size
  }
  return bytes
}

describe('the packed package', () => {
  let files: string[]
  beforeAll(async () => {
    files = (await run('tar', ['-tzf', tarball])).stdout
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''))
  })

  it('ships the build, the licence, the changelog and the READMEs, and no source maps', () => {
    for (const file of [
      'LICENSE',
      'CHANGELOG.md',
      'README.md',
      'src/testing/README.md',
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/cli.js',
      'dist/testing.js',
    ]) {
      expect(files).toContain(file)
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([])
    console.log(`tarball: ${(statSync(tarball).size / 1e6).toFixed(2)} MB, ${files.length} files`)
  })

  it('a default install stays within 40 packages and 60 MB', async () => {
    const { stdout } = await run('npm', ['ls', '--all', '--json', '--long'], {
      cwd: bareApp,
      maxBuffer: 64 * 1024 * 1024,
    })
    const packages = collectPackages(JSON.parse(stdout) as NpmTree, new Set())
    const megabytes = [...packages.keys()].reduce((sum, dir) => sum + directoryBytes(dir), 0) / 1e6
    console.log(`default install: ${packages.size} packages, ${megabytes.toFixed(1)} MB`)
    expect(packages.size).toBeLessThanOrEqual(40)
    expect(megabytes).toBeLessThanOrEqual(60)
    // Bundled (viem, ethereumjs) or optional peers (the compiler, the chart renderer): not installed.
    const installed = ['solc', 'vega', 'vega-lite', 'viem', '@ethereumjs/vm', '@ethereumjs/evm'].filter((name) =>
      existsSync(join(bareApp, 'node_modules', name)),
    )
    expect(installed).toEqual([])
    const manifest = JSON.parse(readFileSync(join(bareApp, 'node_modules', 'dem-sim', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@scure/bip39', 'abitype', 'fast-check', 'papaparse'])
  })

  it("passes a user's strict tsc (skipLibCheck: false) for every entry, ESM and CommonJS", async () => {
    writeFileSync(
      join(bareApp, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'ES2022',
          lib: ['ES2022'],
          types: [],
        },
        include: ['types.ts', 'types.cts'],
      }),
    )
    writeFileSync(
      join(bareApp, 'types.ts'),
      [
        "import { DemSimulator, TransactionRevertedError, createChain, type Chain } from 'dem-sim'",
        "import { renderSvg } from 'dem-sim/cli'",
        "import { createMarketModel, marketCommands } from 'dem-sim/testing'",
        'export const entries = [DemSimulator, TransactionRevertedError, createChain, renderSvg, createMarketModel, marketCommands]',
        'export type Used = Chain',
        '',
      ].join('\n'),
    )
    writeFileSync(
      join(bareApp, 'types.cts'),
      [
        "import dem = require('dem-sim')",
        "import cli = require('dem-sim/cli')",
        "import testing = require('dem-sim/testing')",
        'export const entries = [dem.DemSimulator, cli.renderSvg, testing.createMarketModel]',
        '',
      ].join('\n'),
    )
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await run(process.execPath, [tsc, '-p', bareApp], { cwd: bareApp }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    expect(result).toBe('')
  })
})

describe('the command in an app without the optional chart packages', () => {
  it('says so before the run, in one install command, and writes every data file without SVGs', async () => {
    const cli = join(bareApp, 'node_modules', '.bin', 'dem-sim')
    const { stdout, stderr } = await run(cli, ['run', 'flat', '--users', '2', '--out', 'out-flat'], { cwd: bareApp })
    const [first, ...rest] = stderr.split('\n')
    expect(first).toBe(
      "dem-sim: no SVG charts: vega and vega-lite are not installed (`npm install vega@^6.4.0 vega-lite@~6.4.3`, or pass --no-charts); the data files and the charts' specs are written",
    )
    expect(rest.join('\n')).toMatch(/wrote \d+ files to out-flat/)
    expect(stdout).toMatch(/^measure\s+value\n/)
    const written = readdirSync(join(bareApp, 'out-flat'))
    for (const file of [
      'result.json',
      'report.md',
      'gas.csv',
      'intervals.csv',
      'users.csv',
      'kpis-users.csv',
      'energy.vl.json',
    ])
      expect(written, file).toContain(file)
    expect(written.filter((file) => file.endsWith('.svg'))).toEqual([])
  })
})

describe('one module graph across entries', () => {
  // Each script reports what it saw as JSON; an optional peer is missing in this app on purpose.
  const probe = (load: string) => `${load}
const sim = await DemSimulator.create()
const user = await sim.addUser({ collateralWei: 10n ** 16n })
const outcome = await attempt(() => sim.commit(user, { interval: sim.currentInterval, energyWh: '100', side: 'production', limitPriceWeiPerKWh: 1n }))
const chart = await renderSvg({}).catch((e) => e)
const compiled = await compileContracts({ sources: { 'A.sol': 'contract A {}' } }).catch((e) => e)
console.log(JSON.stringify({
  outcome: outcome.ok ? 'ok' : outcome.failure,
  chart: { missingPeer: chart instanceof MissingPeerDependencyError, demError: chart instanceof DemError, packageName: chart.packageName, message: chart.shortMessage },
  compiled: { missingPeer: compiled instanceof MissingPeerDependencyError, packageName: compiled.packageName },
}))`
  const expected = {
    outcome: { kind: 'invalidArgument', reason: "energyWh must be a non-negative bigint, got the string '100'" },
    chart: {
      missingPeer: true,
      demError: true,
      packageName: 'vega',
      message:
        'Rendering charts needs the optional packages vega and vega-lite, which are not installed: run `npm install vega@^6.4.0 vega-lite@~6.4.3`',
    },
    compiled: { missingPeer: true, packageName: 'solc' },
  }

  it.each([
    [
      'ESM',
      'probe.mjs',
      "import { DemError, DemSimulator, MissingPeerDependencyError, compileContracts } from 'dem-sim'\nimport { attempt } from 'dem-sim/testing'\nimport { renderSvg } from 'dem-sim/cli'",
    ],
    [
      'CommonJS',
      'probe.cjs',
      "const { DemError, DemSimulator, MissingPeerDependencyError, compileContracts } = require('dem-sim')\nconst { attempt } = require('dem-sim/testing')\nconst { renderSvg } = require('dem-sim/cli')\n;(async () => {",
    ],
  ])('%s: errors thrown by dem-sim are instances of the classes every entry sees', async (_, file, load) => {
    const body = file.endsWith('.cjs')
      ? `${probe(load)}\n})().catch((e) => { console.error(e); process.exit(1) })`
      : probe(load)
    writeFileSync(join(bareApp, file), body)
    const { stdout } = await run(process.execPath, [file], { cwd: bareApp })
    expect(JSON.parse(stdout)).toEqual(expected)
  })
})
