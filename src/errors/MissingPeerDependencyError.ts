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
 * A feature needs an optional peer dependency that is not installed.
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
  /** The package that is missing, e.g. `'solc'`. */
  readonly packageName: OptionalPeer
  /** The command that installs it, e.g. `'npm install solc@0.8.37'`. */
  readonly install: string

  constructor(parameters: { packageName: OptionalPeer; feature: string; cause?: unknown }) {
    const install = `npm install ${parameters.packageName}@${OPTIONAL_PEERS[parameters.packageName]}`
    super(
      `${parameters.feature} needs the optional package ${parameters.packageName}, which is not installed: run \`${install}\``,
      {
        cause: parameters.cause,
      },
    )
    this.packageName = parameters.packageName
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
