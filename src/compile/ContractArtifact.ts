import type { Abi } from 'abitype'
import type { StorageLayout } from './StorageLayout.js'

/** How a contract is declared; only a `'contract'` with bytecode can be deployed on its own. */
export type ContractKind = 'contract' | 'abstract contract' | 'interface' | 'library'

/** One compiled contract. */
export type ContractArtifact = {
  contractName: string
  /** The source unit that declares it, e.g. `contracts/EnergyPool.sol`. */
  sourceName: string
  kind: ContractKind
  abi: Abi
  /** Creation code; `'0x'` for interfaces and abstract contracts. */
  bytecode: `0x${string}`
  /** Runtime code, as stored at the deployed address. */
  deployedBytecode: `0x${string}`
  /** The enums the contract declares, each with its members in declaration order (the ABI encodes them as their index). */
  enums: Readonly<Record<string, readonly string[]>>
  /** Where its state variables live in storage (solc's `storageLayout`). */
  storageLayout: StorageLayout
}
