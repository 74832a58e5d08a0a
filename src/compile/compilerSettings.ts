import { DemError } from '../errors/DemError.js'

/** The solc release every artifact is built with; `npm install` pins the `solc` package to it. */
export const SOLC_VERSION = '0.8.37'

/** The `evmVersion`s we compile for, one per hardfork the chain can run. */
export const EVM_VERSIONS = ['shanghai', 'cancun', 'prague', 'osaka'] as const

/** A solc `evmVersion` we compile for. */
export type EvmVersion = (typeof EVM_VERSIONS)[number]

/** Matches the chain's default hardfork, so built artifacts run on a default chain unchanged. */
export const DEFAULT_EVM_VERSION: EvmVersion = 'osaka'

/** Optimizer `runs`: the usual trade-off between deployment size and call cost. */
export const DEFAULT_OPTIMIZER_RUNS = 200

/** The legacy pipeline is enough for our contracts and compiles several times faster than via-IR. */
export const VIA_IR = false

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
  // The names coincide from shanghai on; older forks are not supported by the chain either.
  const evmVersion = EVM_VERSIONS.find((version) => version === hardfork)
  if (evmVersion === undefined) {
    throw new DemError(`Unsupported hardfork "${hardfork}"`, {
      details: `Contracts can be compiled for ${EVM_VERSIONS.join(', ')}.`,
    })
  }
  return evmVersion
}
