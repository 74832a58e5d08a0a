import * as artifacts from '../artifacts/index.js'
import { PRECOMPUTED_DEPLOYMENTS } from '../artifacts/deployments/index.js'
import type { ChainState } from '../chain/ChainState.js'
import { createChain, type EmbeddedChain } from '../chain/createChain.js'
import { type RecordedOperation, replayingChain } from '../chain/recordedChain.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { BUILTIN_MECHANISMS } from '../mechanisms/mechanisms.js'

/** A built-in mechanism's default deployment: the state after it and the operations that led there. */
export type PrecomputedDeployment = {
  /** Of the mechanism's name and every artifact's bytecode: a deployment of other contracts is stale. */
  fingerprint: string
  state: ChainState
  operations: RecordedOperation[]
}

/** Options that do not change what `DemSimulator.create` deploys; any other one set means a real deployment. */
const DEPLOYMENT_NEUTRAL_OPTIONS = new Set(['mechanism', 'accounts', 'defaultBatchSize', 'settleBatchSize'])

/**
 * The fingerprint a precomputed deployment of `mechanism` must carry to be used.
 *
 * @example
 * deploymentFingerprint(oraclePrice) // '0x…'
 */
export function deploymentFingerprint(mechanism: MarketMechanism): string {
  const bytecodes = Object.entries(artifacts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, artifact]) => `${name}:${artifact.bytecode}`)
  return fingerprintOf([mechanism.name, mechanism.market.bytecode, ...bytecodes].join('\n'))
}

/**
 * Two 32-bit FNV-1a hashes of the text (different offset bases), as hex. Not cryptographic: it tells
 * a changed contract from the one a deployment was made with, where keccak over the ~300 kB of
 * bytecode would cost a noticeable part of a cold start.
 */
function fingerprintOf(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    a = Math.imul(a ^ code, 0x01000193)
    b = Math.imul(b ^ code, 0x5bd1e995)
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`
}

/**
 * A chain that starts where `DemSimulator.create` would leave it for these options, without running
 * the deployment — when the options are the defaults for a built-in mechanism and its precomputed
 * deployment (generated with the artifacts) is fresh; otherwise undefined. The deployment's own
 * transactions and calls replay their recorded receipts and results, so `create` runs unchanged.
 *
 * @param mechanism - The resolved mechanism.
 * @param options - `DemSimulator.create`'s options.
 * @returns The chain, or undefined.
 * @example
 * const chain = (await loadPrecomputedChain(mechanism, options)) ?? (await createChain(...))
 */
export async function loadPrecomputedChain(
  mechanism: MarketMechanism,
  options: Readonly<Record<string, unknown>> & { accounts?: number | undefined },
): Promise<EmbeddedChain | undefined> {
  if (Object.entries(options).some(([key, value]) => value !== undefined && !DEPLOYMENT_NEUTRAL_OPTIONS.has(key)))
    return undefined
  const load = PRECOMPUTED_DEPLOYMENTS[mechanism.name]
  // A user's module that borrows a built-in's name deploys its own contracts.
  if (load === undefined || BUILTIN_MECHANISMS.get(mechanism.name) !== mechanism) return undefined
  const { deployment } = (await load()) as { deployment: PrecomputedDeployment }
  if (deployment.fingerprint !== deploymentFingerprint(mechanism)) return undefined
  const chain = await createChain({ accounts: 3 + (options.accounts ?? 0), state: deployment.state })
  return replayingChain(chain, deployment.operations)
}
