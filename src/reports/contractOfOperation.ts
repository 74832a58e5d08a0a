import * as artifacts from '../artifacts/index.js'

export type OperationContract = {
  /** The contract the transaction went to (or deployed); `''` when no known contract has the method. */
  contract: string
  /** The method called, or `'(deployment)'`. */
  method: string
  deployment: boolean
}

type KnownArtifact = { contractName: string; abi: readonly { type: string; name?: string }[]; bytecode: string }

/** The deployable contracts: interfaces share their functions' names but are never sent to. */
const KNOWN: readonly KnownArtifact[] = Object.values(artifacts as Record<string, unknown>)
  .filter(
    (value): value is KnownArtifact =>
      typeof value === 'object' && value !== null && 'contractName' in value && 'abi' in value && 'bytecode' in value,
  )
  .filter((artifact) => artifact.bytecode !== '0x')

/**
 * Which contract and method a gas-ledger operation is, read from the library's own ABIs: the
 * contract whose ABI has a function of that name, and `deployX` for the deployment of contract
 * `X` (or the one whose name ends in `X`, as `deployFeed` is `SimulatedFeed`). When several
 * contracts have the function, the one among `deployed` — the contracts the run deployed itself,
 * which its transactions address — is taken; failing that, all are named, joined by `/`.
 *
 * @param operation the ledger's operation name
 * @param deployed names of the contracts the run deployed
 * @example
 * contractOfOperation('deposit') // { contract: 'EnergyPool', method: 'deposit', deployment: false }
 */
export function contractOfOperation(operation: string, deployed: readonly string[] = []): OperationContract {
  const name = /^deploy([A-Z]\w*)$/.exec(operation)?.[1]
  if (name !== undefined) {
    const exact = KNOWN.find((a) => a.contractName === name)
    const suffixed = KNOWN.filter((a) => a.contractName.endsWith(name))
    const contract = exact?.contractName ?? (suffixed.length === 1 ? (suffixed[0] as KnownArtifact).contractName : name)
    return { contract, method: '(deployment)', deployment: true }
  }
  const owners = KNOWN.filter((a) => a.abi.some((item) => item.type === 'function' && item.name === operation)).map(
    (a) => a.contractName,
  )
  const addressed = owners.filter((owner) => deployed.includes(owner))
  return {
    contract: (owners.length > 1 && addressed.length === 1 ? addressed : owners).join('/'),
    method: operation,
    deployment: false,
  }
}
