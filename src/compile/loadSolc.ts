import { createRequire } from 'node:module'
import { join } from 'node:path'
import { importPeer } from '../errors/MissingPeerDependencyError.js'
import { SOLC_VERSION } from './compilerSettings.js'
import { DemError } from '../errors/DemError.js'
import { SolcNotFoundError } from './SolcNotFoundError.js'

/** What solc answers an import callback with. */
export type ImportResult = { contents: string } | { error: string }

/** The part of the solc-js API we use. */
export type Solc = {
  /** The full version, e.g. `0.8.37+commit.f401782d.Emscripten.clang`. */
  version(): string
  /** Compiles a standard-JSON input string; returns the standard-JSON output string. */
  compile(input: string, callbacks: { import: (path: string) => ImportResult }): string
}

/** Which compiler to use: a solc-js module you loaded, or a release (`'0.8.19'`) installed as a package. */
export type SolcChoice = Solc | string

/**
 * Loads solc-js on first use and checks it is the pinned release.
 *
 * Loading is dynamic because solc is a large wasm module: code that only uses
 * the generated artifacts must never pay for it.
 *
 * @returns The solc-js module.
 * @throws {MissingPeerDependencyError} When solc (an optional peer dependency) is not installed.
 * @throws {DemError} When the installed solc is not {@link SOLC_VERSION}.
 *
 * @example
 * import { loadSolc } from './loadSolc.js'
 * const solc = await loadSolc()
 * solc.version() // '0.8.37+commit.f401782d.Emscripten.clang'
 */
export async function loadSolc(): Promise<Solc> {
  const { default: solc } = (await importPeer(() => import('solc'), {
    packageName: 'solc',
    feature: 'Compiling Solidity',
  })) as { default: Solc }
  const installed = solc.version().split('+')[0]
  if (installed !== SOLC_VERSION) {
    throw new DemError(`Installed solc ${installed} is not the pinned ${SOLC_VERSION}`, {
      details: `Bytecode and gas figures depend on the compiler release; install solc@${SOLC_VERSION} exactly.`,
    })
  }
  return solc
}

/**
 * The release a compiler choice names, without loading solc when it is a version string:
 * part of the compile cache's key.
 *
 * @throws {SolcNotFoundError} When a module is not solc-js, or no installed package has that release.
 */
export function solcRelease(choice: SolcChoice | undefined, basePath: string): string {
  if (choice === undefined) return SOLC_VERSION
  if (typeof choice === 'string') return findSolcPackage(choice, basePath).version
  return checkSolcModule(choice)
}

/**
 * The compiler a choice names: the module given, or the installed package of
 * that release (`solc-<version>`, e.g. `npm i solc-0.8.19@npm:solc@0.8.19`, or `solc` itself).
 *
 * @throws {SolcNotFoundError} When a module is not solc-js, or no installed package has that release.
 * @example
 * import { resolveSolc } from './loadSolc.js'
 * const solc = await resolveSolc('0.8.19', process.cwd())
 * solc.version() // '0.8.19+commit.7dd6d404.Emscripten.clang'
 */
export async function resolveSolc(choice: SolcChoice, basePath: string): Promise<Solc> {
  if (typeof choice !== 'string') {
    checkSolcModule(choice)
    return choice
  }
  const { name } = findSolcPackage(choice, basePath)
  const solc = createRequire(join(basePath, 'noop.js'))(name) as Solc
  checkSolcModule(solc)
  return solc
}

function checkSolcModule(candidate: unknown): string {
  const solc = candidate as Partial<Solc> | null
  const version =
    typeof solc?.version === 'function' && typeof solc.compile === 'function' ? safeVersion(solc as Solc) : undefined
  if (version === undefined) {
    throw new SolcNotFoundError(
      `solc must be a solc-js module (with version() and compile()) or a release like '0.8.19', got ${describe(candidate)}`,
      {
        details:
          "Pass the module of `import solc from 'solc'` (or an npm alias such as solc-0.8.19), or its version string.",
      },
    )
  }
  return version
}

function safeVersion(solc: Solc): string | undefined {
  try {
    const version = solc.version()
    return typeof version === 'string' && /^\d+\.\d+\.\d+/.test(version) ? (version.split('+')[0] as string) : undefined
  } catch {
    return undefined
  }
}

function findSolcPackage(version: string, basePath: string): { name: string; version: string } {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new SolcNotFoundError(`solc version must look like '0.8.19', got ${JSON.stringify(version)}`)
  }
  const require = createRequire(join(basePath, 'noop.js'))
  for (const name of [`solc-${version}`, `solc-v${version}`, 'solc']) {
    try {
      const found = (require(`${name}/package.json`) as { version?: string }).version
      if (found === version) return { name, version }
    } catch {
      // Not installed under this name: try the next.
    }
  }
  throw new SolcNotFoundError(`no installed solc ${version} found from ${basePath}`, {
    details: `Install it next to the pinned one: npm i -D solc-${version}@npm:solc@${version}`,
  })
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`
  return typeof value
}
