import type { CompilerMessage } from './CompilerMessage.js'
import type { ContractArtifact } from './ContractArtifact.js'
import { runSolc, type RunSolcParameters } from './runSolc.js'

export type CompileSourcesParameters = RunSolcParameters & {
  /** Called once per solc warning or info; they never fail the compile. */
  onWarning?: ((message: CompilerMessage) => void) | undefined
}

/** The given sources' contracts (including interfaces and abstract ones) by contract name. */
export type CompileSourcesReturnType = Record<string, ContractArtifact>

/**
 * Compiles Solidity sources with the pinned solc and settings, without caching.
 *
 * Imports between the given sources resolve by their names; any other import path
 * (`@openzeppelin/contracts/...`, `@chainlink/contracts/...`) is read from the npm package
 * installed under `basePath`. solc is loaded on the first call, not on import.
 *
 * @param parameters - Sources by source unit name, plus optional `evmVersion`, `optimizerRuns`, `remappings`, `basePath`, `onWarning`.
 * @returns Artifacts of every contract declared in the given sources, keyed by contract name.
 * @throws {CompileError} When solc reports an error; `messages` locates each one by file and line.
 *
 * @example
 * import { compileSources } from 'dem-sim'
 * const { Counter } = await compileSources({
 *   sources: { 'Counter.sol': 'pragma solidity ^0.8.0; contract Counter { uint256 public count; function increment() external { count++; } }' },
 *   evmVersion: 'cancun',
 * })
 * Counter?.bytecode // '0x6080...'
 */
export async function compileSources(parameters: CompileSourcesParameters): Promise<CompileSourcesReturnType> {
  const { artifacts, messages } = await runSolc(parameters)
  for (const message of messages) parameters.onWarning?.(message)
  return artifacts
}
