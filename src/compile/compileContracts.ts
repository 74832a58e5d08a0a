import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CompilerMessage } from './CompilerMessage.js'
import type { ContractArtifact } from './ContractArtifact.js'
import type { CompileSourcesParameters, CompileSourcesReturnType } from './compileSources.js'
import { createCompilerInput } from './createCompilerInput.js'
import { createImportReader, type ImportReader } from './createImportReader.js'
import { solcRelease } from './loadSolc.js'
import { runSolc } from './runSolc.js'

export type CompileContractsParameters = CompileSourcesParameters & {
  /** Where compiled outputs are kept. Default `node_modules/.cache/dem-sim` under the working directory, else the OS temp directory. */
  cacheDir?: string | undefined
}

export type CompileContractsReturnType = CompileSourcesReturnType

/** Part of the key: bump it when `CacheEntry` or `ContractArtifact` changes shape, so old files are misses. */
const CACHE_FORMAT = 3

/** What one cache file holds. */
type CacheEntry = {
  /** sha256 of each imported file (npm package or remapped directory), so an updated dependency is a miss. */
  imports: Record<string, string>
  warnings: CompilerMessage[]
  artifacts: Record<string, ContractArtifact>
}

/**
 * Compiles user-supplied contract variants, cached on disk by content hash.
 *
 * The key is the sha256 of the solc release, the cache format and the full standard-JSON input (sources and
 * settings: evmVersion, optimizer, remappings). A hit also re-reads the imported files (from npm packages or
 * remapped directories) and checks their hashes, so an updated `@openzeppelin/contracts` or vendored file recompiles. A hit never loads solc. Failed compiles are
 * not cached.
 *
 * @param parameters - As for `compileSources`, plus `cacheDir`.
 * @returns Artifacts of every contract declared in the given sources, keyed by contract name.
 * @throws {CompileError} When solc reports an error.
 *
 * @example
 * import { compileContracts } from 'dem-sim'
 * const { CheapMarket } = await compileContracts({
 *   sources: { 'CheapMarket.sol': source },
 *   evmVersion: 'prague',
 * })
 */
export async function compileContracts(parameters: CompileContractsParameters): Promise<CompileContractsReturnType> {
  const basePath = parameters.basePath ?? process.cwd()
  const cacheDir = parameters.cacheDir ?? defaultCacheDir()
  const key = sha256(
    JSON.stringify({
      format: CACHE_FORMAT,
      solc: solcRelease(parameters.solc, basePath),
      input: createCompilerInput(parameters),
    }),
  )
  const file = join(cacheDir, `solc-${key}.json`)

  const cached = readEntry(file)
  if (cached && importsUnchanged(cached.imports, createImportReader(parameters.remappings ?? [], basePath))) {
    for (const warning of cached.warnings) parameters.onWarning?.(warning)
    return cached.artifacts
  }

  const { artifacts, messages, imports } = await runSolc({ ...parameters, basePath })
  for (const message of messages) parameters.onWarning?.(message)
  const entry: CacheEntry = {
    imports: Object.fromEntries(Object.entries(imports).map(([path, text]) => [path, sha256(text)])),
    warnings: messages,
    artifacts,
  }
  writeEntry(cacheDir, file, entry)
  return artifacts
}

function defaultCacheDir(): string {
  const nodeModules = join(process.cwd(), 'node_modules')
  return existsSync(nodeModules) ? join(nodeModules, '.cache', 'dem-sim') : join(tmpdir(), 'dem-sim')
}

function readEntry(file: string): CacheEntry | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheEntry
  } catch {
    // Missing or unreadable entries are misses; a fresh compile rewrites them.
    return undefined
  }
}

function importsUnchanged(imports: Record<string, string>, readImport: ImportReader): boolean {
  return Object.entries(imports).every(([path, hash]) => {
    const result = readImport(path)
    return 'contents' in result && sha256(result.contents) === hash
  })
}

function writeEntry(cacheDir: string, file: string, entry: CacheEntry): void {
  try {
    mkdirSync(cacheDir, { recursive: true })
    // Rename is atomic, so a concurrent reader (another test worker) never sees half a file.
    const partial = `${file}.${process.pid}.${Date.now()}.tmp`
    writeFileSync(partial, JSON.stringify(entry))
    renameSync(partial, file)
  } catch {
    // The cache only saves time: a read-only or full disk must not fail the compile.
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
