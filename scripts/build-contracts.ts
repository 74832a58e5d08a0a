/**
 * Compiles the Solidity sources into typed TypeScript artifacts.
 *
 *   npm run build:contracts            write src/artifacts/ and test/fixtures/artifacts/
 *   npm run build:contracts -- --check exit 1 if any generated file is missing, stale or edited
 *
 * Each target's `.sol` files compile together in one standard-JSON input; every deployable
 * contract they declare (not abstract contracts or libraries, and not the OpenZeppelin/Chainlink
 * contracts they import) and every interface of its `interfaces/` folder (the ABIs the library
 * types its calls with, and their enums) becomes `<Name>.ts`, re-exported by `index.ts`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CompileError } from '../src/compile/CompileError.js'
import type { ContractArtifact } from '../src/compile/ContractArtifact.js'
import { compileContracts } from '../src/compile/compileContracts.js'
import { DEFAULT_EVM_VERSION } from '../src/compile/compilerSettings.js'
import { formatCompilerMessage } from '../src/compile/formatCompilerMessage.js'
import { GENERATED_HEADER, renderArtifactModules } from '../src/compile/renderArtifactModules.js'
import { renderStorageLayoutModules } from '../src/compile/renderStorageLayoutModules.js'

const TARGETS = [
  { sourceDir: 'contracts', outDir: 'src/artifacts' },
  // Contracts only the tests deploy (gas exactness, benchmarks); never shipped.
  { sourceDir: 'test/fixtures/contracts', outDir: 'test/fixtures/artifacts' },
] as const

const root = fileURLToPath(new URL('..', import.meta.url))
const flags = process.argv.slice(2)
const check = flags.includes('--check')
const unknownFlags = flags.filter((flag) => flag !== '--check')
if (unknownFlags.length > 0) {
  console.error(`unknown argument ${unknownFlags.join(' ')}; usage: build-contracts [--check]`)
  process.exit(2)
}

let outdated = false
for (const target of TARGETS) {
  const started = performance.now()
  const sources = readSources(target.sourceDir)
  const artifacts = await compile(sources)
  const files = renderArtifactModules({
    artifacts: artifacts.filter((artifact) => isDeployable(artifact) || isInterfaceOf(target.sourceDir, artifact)),
    evmVersion: DEFAULT_EVM_VERSION,
  })

  const outDir = join(root, target.outDir)
  const changed = Object.keys(files).filter((name) => readText(join(outDir, name)) !== files[name])
  const stale = listGenerated(outDir).filter((name) => !(name in files))
  if (check) {
    for (const name of changed) console.error(`${target.outDir}/${name} is not what ${target.sourceDir}/ compiles to`)
    for (const name of stale) console.error(`${target.outDir}/${name} has no contract in ${target.sourceDir}/ any more`)
    outdated ||= changed.length + stale.length > 0
  } else {
    mkdirSync(outDir, { recursive: true })
    for (const name of changed) writeFileSync(join(outDir, name), files[name] ?? '')
    for (const name of stale) rmSync(join(outDir, name))
  }
  outdated = writeStorageLayouts(join(target.outDir, 'storageLayouts'), artifacts.filter(isDeployable)) || outdated
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `${target.sourceDir}/: ${Object.keys(sources).length} sources → ${Object.keys(files).length - 1} artifacts in ${target.outDir}/` +
      ` (${changed.length} changed, ${stale.length} stale, ${seconds} s)`,
  )
}
if (!outdated) outdated = await writePrecomputedDeployments('src/artifacts/deployments')
if (outdated) {
  console.error('generated artifacts are out of date: run `npm run build:contracts`')
  process.exit(1)
}

/**
 * Writes (or with --check, compares) each deployable contract's storage layout as its own module in
 * `outDir`; returns whether a file was out of date under --check.
 */
function writeStorageLayouts(outDir: string, artifacts: readonly ContractArtifact[]): boolean {
  const files = renderStorageLayoutModules(artifacts)
  const absolute = join(root, outDir)
  const changed = Object.keys(files).filter((name) => readText(join(absolute, name)) !== files[name])
  const stale = listGenerated(absolute).filter((name) => !(name in files))
  if (check) {
    for (const name of [...changed, ...stale]) console.error(`${outDir}/${name} is not the storage layout solc gives`)
    return changed.length + stale.length > 0
  }
  mkdirSync(absolute, { recursive: true })
  for (const name of changed) writeFileSync(join(absolute, name), files[name] ?? '')
  for (const name of stale) rmSync(join(absolute, name))
  return false
}

/**
 * Writes (or with --check, compares) each built-in mechanism's default deployment, run on the
 * artifacts just written; returns whether a file was out of date under --check.
 */
async function writePrecomputedDeployments(outDir: string): Promise<boolean> {
  const { mechanismNames, resolveMechanism } = await import('../src/mechanisms/mechanisms.js')
  const { precomputeDeployment } = await import('../src/market/precomputeDeployment.js')
  const { renderDeploymentModules } = await import('./renderDeploymentModules.js')
  const deployments = Object.fromEntries(
    await Promise.all(mechanismNames().map(async (name) => [name, await precomputeDeployment(resolveMechanism(name))])),
  )
  const files = renderDeploymentModules(deployments)
  const absolute = join(root, outDir)
  const changed = Object.keys(files).filter((name) => readText(join(absolute, name)) !== files[name])
  const stale = listGenerated(absolute).filter((name) => !(name in files))
  if (check) {
    for (const name of [...changed, ...stale])
      console.error(`${outDir}/${name} is not the deployment the artifacts give`)
    return changed.length + stale.length > 0
  }
  mkdirSync(absolute, { recursive: true })
  for (const name of changed) writeFileSync(join(absolute, name), files[name] ?? '')
  for (const name of stale) rmSync(join(absolute, name))
  console.log(`${outDir}/: ${Object.keys(deployments).length} precomputed deployments (${changed.length} changed)`)
  return false
}

/** Every `.sol` file under `dir`, keyed by its path from the repository root with `/` separators. */
function readSources(dir: string): Record<string, string> {
  const absolute = join(root, dir)
  if (!existsSync(absolute)) return {}
  const files = readdirSync(absolute, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.sol'))
  return Object.fromEntries(
    files
      .sort()
      .map((file) => [
        relative(root, join(absolute, file)).split(sep).join('/'),
        readFileSync(join(absolute, file), 'utf8'),
      ]),
  )
}

async function compile(sources: Record<string, string>): Promise<ContractArtifact[]> {
  // solc rejects an input without sources; an empty folder simply has no artifacts.
  if (Object.keys(sources).length === 0) return []
  try {
    const artifacts = await compileContracts({
      sources,
      evmVersion: DEFAULT_EVM_VERSION,
      basePath: root,
      cacheDir: join(root, 'node_modules', '.cache', 'dem-sim'),
      onWarning: (message) => console.warn(formatCompilerMessage(message)),
    })
    return Object.values(artifacts)
  } catch (error) {
    if (!(error instanceof CompileError)) throw error
    for (const message of error.messages) console.error(formatCompilerMessage(message))
    process.exit(1)
  }
}

function isDeployable(artifact: ContractArtifact): boolean {
  return artifact.kind === 'contract' && artifact.bytecode !== '0x'
}

function isInterfaceOf(sourceDir: string, artifact: ContractArtifact): boolean {
  return artifact.kind === 'interface' && artifact.sourceName.startsWith(`${sourceDir}/interfaces/`)
}

function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined
}

/** Files in `dir` this script wrote, so hand-written neighbours are never deleted. */
function listGenerated(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter(
    (name) => name.endsWith('.ts') && readText(join(dir, name))?.startsWith(GENERATED_HEADER),
  )
}
