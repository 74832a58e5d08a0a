import { DemError } from '../errors/DemError.js'
import { importPeer } from '../errors/MissingPeerDependencyError.js'
import { SOLC_VERSION } from './compilerSettings.js'

/** What solc answers an import callback with. */
export type ImportResult = { contents: string } | { error: string }

/** The part of the solc-js API we use. */
export type Solc = {
  /** The full version, e.g. `0.8.37+commit.f401782d.Emscripten.clang`. */
  version(): string
  /** Compiles a standard-JSON input string; returns the standard-JSON output string. */
  compile(input: string, callbacks: { import: (path: string) => ImportResult }): string
}

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
  const { default: solc } = (await importPeer(() => import('solc'), { packageName: 'solc', feature: 'Compiling Solidity' })) as { default: Solc }
  const installed = solc.version().split('+')[0]
  if (installed !== SOLC_VERSION) {
    throw new DemError(`Installed solc ${installed} is not the pinned ${SOLC_VERSION}`, {
      details: `Bytecode and gas figures depend on the compiler release; install solc@${SOLC_VERSION} exactly.`,
    })
  }
  return solc
}
