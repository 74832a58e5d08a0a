import { DemError } from '../errors/DemError.js'
import { OPTIONAL_PEERS } from '../errors/MissingPeerDependencyError.js'

/** The solc release every artifact is built with; `npm install` pins the `solc` package to it (the peer dependency's version). */
export const SOLC_VERSION = OPTIONAL_PEERS.solc

/** The `evmVersion`s solc knows, oldest first; a given compiler release accepts a prefix of them. */
export const EVM_VERSIONS = [
  'homestead',
  'tangerineWhistle',
  'spuriousDragon',
  'byzantium',
  'constantinople',
  'petersburg',
  'istanbul',
  'berlin',
  'london',
  'paris',
  'shanghai',
  'cancun',
  'prague',
  'osaka',
] as const

/** A solc `evmVersion`. */
export type EvmVersion = (typeof EVM_VERSIONS)[number]

/** Matches the chain's default hardfork, so built artifacts run on a default chain unchanged. */
export const DEFAULT_EVM_VERSION: EvmVersion = 'osaka'

/** Optimizer `runs`: the usual trade-off between deployment size and call cost. */
export const DEFAULT_OPTIMIZER_RUNS = 200

/** The legacy pipeline is enough for our contracts and compiles several times faster than via-IR. */
export const VIA_IR = false

/** The oldest hardfork the embedded chain runs; older `evmVersion`s still compile and run on it. */
const OLDEST_CHAIN_FORK: EvmVersion = 'berlin'

/** An `evmVersion` that solc does not know, or that the chosen compiler release does not. */
export class UnsupportedEvmVersionError extends DemError {
  override name = 'UnsupportedEvmVersionError'
  readonly evmVersion: string
  constructor(evmVersion: string, known: readonly string[], compiler?: string) {
    super(
      compiler === undefined
        ? `unknown evmVersion ${JSON.stringify(evmVersion)}: use one of ${known.join(', ')}`
        : `solc ${compiler} does not know evmVersion ${JSON.stringify(evmVersion)}: use an older evmVersion or a newer compiler`,
    )
    this.evmVersion = evmVersion
  }
}

/**
 * Checks that `evmVersion` is one solc knows.
 *
 * @throws {UnsupportedEvmVersionError} naming the value and the known versions
 */
export function checkEvmVersion(evmVersion: unknown): EvmVersion {
  const found = EVM_VERSIONS.find((version) => version === evmVersion)
  if (found === undefined) throw new UnsupportedEvmVersionError(String(evmVersion), EVM_VERSIONS)
  return found
}

/**
 * The solc `evmVersion` whose opcodes and gas rules match a hardfork.
 *
 * @param hardfork - A hardfork name as the chain layer and ethereumjs spell it, e.g. `'cancun'`.
 * @returns The `evmVersion` to compile for.
 * @throws {DemError} When the hardfork has no matching `evmVersion` here.
 *
 * @example
 * import { evmVersionForHardfork } from 'dem-sim'
 * evmVersionForHardfork('prague') // 'prague'
 */
export function evmVersionForHardfork(hardfork: string): EvmVersion {
  // The names coincide for every fork the chain runs (berlin on); older ones are compile targets only.
  const chainForks = EVM_VERSIONS.slice(EVM_VERSIONS.indexOf(OLDEST_CHAIN_FORK))
  const evmVersion = chainForks.find((version) => version === hardfork)
  if (evmVersion === undefined) {
    throw new DemError(`Unsupported hardfork "${hardfork}"`, {
      details: `Contracts can be compiled for the chain's hardforks ${chainForks.join(', ')}.`,
    })
  }
  return evmVersion
}
