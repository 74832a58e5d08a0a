import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compileContracts } from '../../src/compile/compileContracts.js'
import type { ContractArtifact } from '../../src/compile/ContractArtifact.js'
import type { EvmVersion } from '../../src/compile/compilerSettings.js'
import { FixtureNFT, Reverter, StorageHeavy } from '../fixtures/artifacts/index.js'
import type { FixtureArtifacts } from './fixtureWorkload.js'

const FIXTURE_SOURCES = ['FixtureNFT', 'StorageHeavy', 'Reverter'] as const

/**
 * The OpenZeppelin release the shanghai build imports. OpenZeppelin 5.7's ERC-721 imports
 * `Strings` → `Bytes`, whose assembly uses `mcopy` (cancun), so it does not compile for shanghai;
 * 5.4.0 (installed as the npm alias `@openzeppelin/contracts-v5-4`) is the last whose ERC-721 does.
 * The shanghai build therefore differs from the osaka one in more than its `evmVersion`: compare
 * gas only between engines running the same build, never across builds.
 */
export const SHANGHAI_OPENZEPPELIN = '@openzeppelin/contracts-v5-4'

/**
 * Compiles the fixture contracts for shanghai (the last hardfork ganache 7 runs), cached on disk
 * by content hash, so only the first run pays for solc (~6 s).
 *
 * @returns the three fixture artifacts, with the same ABIs as the generated osaka ones
 * @example
 * import { compileShanghaiFixtures } from './compileShanghaiFixtures.js'
 * import { createFixtureWorkload } from './fixtureWorkload.js'
 * const artifacts = await compileShanghaiFixtures()
 * const workload = createFixtureWorkload({ accounts, users: 10, artifacts })
 */
export function compileShanghaiFixtures(): Promise<FixtureArtifacts> {
  return compileFixturesFor('shanghai')
}

/**
 * Compiles the fixture contracts for a fork older than cancun (shanghai, paris, london, berlin),
 * with the same OpenZeppelin release as the shanghai build, cached on disk.
 *
 * @param evmVersion the fork to compile for
 * @example
 * import { compileFixturesFor } from './compileShanghaiFixtures.js'
 * const artifacts = await compileFixturesFor('london')
 */
export async function compileFixturesFor(evmVersion: EvmVersion): Promise<FixtureArtifacts> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const sources = Object.fromEntries(
    FIXTURE_SOURCES.map((name) => {
      const path = `test/fixtures/contracts/${name}.sol`
      return [path, readFileSync(`${root}${path}`, 'utf8')]
    }),
  )
  const artifacts = await compileContracts({
    sources,
    evmVersion,
    remappings: [`@openzeppelin/contracts/=${SHANGHAI_OPENZEPPELIN}/`],
    basePath: root,
  })
  const pick = (name: (typeof FIXTURE_SOURCES)[number]): ContractArtifact => {
    const artifact = artifacts[name]
    if (artifact === undefined) throw new Error(`the ${evmVersion} build has no ${name}`)
    return artifact
  }
  // The ABIs do not depend on the EVM version; reuse the generated ones for their types.
  return {
    nft: { contractName: 'FixtureNFT', abi: FixtureNFT.abi, bytecode: pick('FixtureNFT').bytecode },
    storage: { contractName: 'StorageHeavy', abi: StorageHeavy.abi, bytecode: pick('StorageHeavy').bytecode },
    reverter: { contractName: 'Reverter', abi: Reverter.abi, bytecode: pick('Reverter').bytecode },
  }
}
