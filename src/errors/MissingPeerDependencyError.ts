import { DemError } from './DemError.js'

/**
 * The packages the library loads only for one feature, with the versions it supports: package.json's
 * optional `peerDependencies` (a test holds the two equal). The solc entry is the release every artifact
 * is built with (`SOLC_VERSION` derives from it).
 */
export const OPTIONAL_PEERS = {
  '@duckdb/node-api': '^1.5.6-r.1',
  '@openzeppelin/contracts': '^5.7.0',
  solc: '0.8.37',
  vega: '^6.4.0',
  'vega-lite': '~6.4.3',
} as const

/** A package the library loads only for one feature. */
export type OptionalPeer = keyof typeof OPTIONAL_PEERS

/**
 * A feature needs an optional peer dependency that is not installed (or several: one error names
 * them all, with one command that installs them).
 *
 * The compiler (`solc`, `@openzeppelin/contracts`), the chart renderer (`vega`, `vega-lite`) and
 * the Parquet writer (`@duckdb/node-api`) are optional so that a default install stays small; the
 * message says what to install.
 *
 * @example
 * import { MissingPeerDependencyError, compileContracts } from 'dem-sim'
 * try { await compileContracts({ sources }) } catch (e) { if (e instanceof MissingPeerDependencyError) console.log(e.install) }
 */
export class MissingPeerDependencyError extends DemError {
  override name = 'MissingPeerDependencyError'
  /** The (first) package that is missing, e.g. `'solc'`. */
  readonly packageName: OptionalPeer
  /** Every package the feature needs that is missing, e.g. `['vega', 'vega-lite']`. */
  readonly packageNames: readonly OptionalPeer[]
  /** The one command that installs them all, e.g. `'npm install vega@^6.4.0 vega-lite@~6.4.3'`. */
  readonly install: string

  constructor(parameters: {
    packageName: OptionalPeer
    feature: string
    /** Other packages the same feature needs that are missing too. */
    alsoMissing?: readonly OptionalPeer[]
    cause?: unknown
  }) {
    const packageNames = [parameters.packageName, ...(parameters.alsoMissing ?? [])]
    const install = `npm install ${packageNames.map((name) => `${name}@${OPTIONAL_PEERS[name]}`).join(' ')}`
    const what =
      packageNames.length === 1
        ? `the optional package ${parameters.packageName}, which is not installed`
        : `the optional packages ${packageNames.slice(0, -1).join(', ')} and ${packageNames.at(-1)}, which are not installed`
    super(`${parameters.feature} needs ${what}: run \`${install}\``, { cause: parameters.cause })
    this.packageName = parameters.packageName
    this.packageNames = packageNames
    this.install = install
  }
}

/**
 * Awaits a dynamic import of an optional peer, turning "module not found" for that package into a
 * {@link MissingPeerDependencyError}. Any other failure (a broken install, an error inside the
 * package, a missing dependency of the package) propagates as it is.
 *
 * @param load the literal `import('name')`, kept at the call site so bundlers see it
 * @param parameters the package and the feature that needs it (named in the message)
 * @example
 * const solc = await importPeer(() => import('solc'), { packageName: 'solc', feature: 'compileContracts' })
 */
export async function importPeer<T>(
  load: () => Promise<T>,
  parameters: { packageName: OptionalPeer; feature: string },
): Promise<T> {
  try {
    return await load()
  } catch (error) {
    if (isNotFound(error, parameters.packageName)) throw new MissingPeerDependencyError({ ...parameters, cause: error })
    throw error
  }
}

function isNotFound(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  // Node names the missing specifier in quotes: `Cannot find package 'solc' imported from ...`.
  return typeof message === 'string' && (message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`))
}
