import {
  DEFAULT_EVM_VERSION,
  DEFAULT_OPTIMIZER_RUNS,
  VIA_IR,
  checkEvmVersion,
  type EvmVersion,
} from './compilerSettings.js'
import type { SolcChoice } from './loadSolc.js'

export type CreateCompilerInputParameters = {
  /** Source unit name → Solidity text, e.g. `{ 'contracts/Token.sol': 'pragma solidity ...' }`. */
  sources: Readonly<Record<string, string>>
  /**
   * Any `evmVersion` the compiler knows (homestead … osaka), independent of the chain's hardfork. Default
   * {@link DEFAULT_EVM_VERSION} with the pinned compiler; with another `solc`, that compiler's own default.
   */
  evmVersion?: EvmVersion | undefined
  /** A solc-js module, or a release installed as a package (`'0.8.19'` finds `solc-0.8.19`). Default the pinned solc. */
  solc?: SolcChoice | undefined
  /** Default `DEFAULT_OPTIMIZER_RUNS` (compile settings); `optimizer.runs` wins when both are given. */
  optimizerRuns?: number | undefined
  /** Default `{ enabled: true, runs: 200 }`. */
  optimizer?: { enabled: boolean; runs?: number | undefined } | undefined
  /** solc remappings to packages or to directories (relative to `basePath`), e.g. `['@oz/=@openzeppelin/contracts/', 'lib/=vendor/lib/']`. */
  remappings?: readonly string[] | undefined
}

/** A solc standard-JSON input. */
export type CompilerInput = {
  language: 'Solidity'
  sources: Record<string, { content: string }>
  settings: {
    /** Absent when a chosen compiler should use its own default. */
    evmVersion?: EvmVersion
    optimizer: { enabled: boolean; runs: number }
    viaIR: boolean
    metadata: { bytecodeHash: 'none' }
    remappings: string[]
    outputSelection: Record<string, Record<string, string[]>>
  }
}

/**
 * The standard-JSON input for compiling `sources` with our pinned settings.
 *
 * It is built in a fixed key order, so equal parameters give equal JSON: the on-disk
 * cache hashes it.
 *
 * @example
 * import { createCompilerInput } from './createCompilerInput.js'
 * const input = createCompilerInput({ sources: { 'A.sol': 'pragma solidity ^0.8.0; contract A {}' } })
 * input.settings.evmVersion // 'osaka'
 */
export function createCompilerInput(parameters: CreateCompilerInputParameters): CompilerInput {
  const names = Object.keys(parameters.sources).sort()
  return {
    language: 'Solidity',
    sources: Object.fromEntries(names.map((name) => [name, { content: parameters.sources[name] ?? '' }])),
    settings: {
      ...evmVersionSetting(parameters),
      optimizer: {
        enabled: parameters.optimizer?.enabled ?? true,
        runs: parameters.optimizer?.runs ?? parameters.optimizerRuns ?? DEFAULT_OPTIMIZER_RUNS,
      },
      viaIR: VIA_IR,
      // Without the metadata hash, editing a comment or renaming a file leaves the bytecode,
      // and so the deployment gas, unchanged.
      metadata: { bytecodeHash: 'none' },
      remappings: [...(parameters.remappings ?? [])],
      // Only the given sources: solc then skips code generation for imported library contracts.
      outputSelection: Object.fromEntries(
        names.map((name) => [
          name,
          { '': ['ast'], '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'storageLayout'] },
        ]),
      ),
    },
  }
}

/** An older compiler does not know our default (osaka): a user who picks one and names no evmVersion expects its own. */
function evmVersionSetting(parameters: CreateCompilerInputParameters): { evmVersion?: EvmVersion } {
  if (parameters.evmVersion !== undefined) return { evmVersion: checkEvmVersion(parameters.evmVersion) }
  return parameters.solc === undefined ? { evmVersion: DEFAULT_EVM_VERSION } : {}
}
