import { createChain } from '../chain/createChain.js'
import { recordingChain } from '../chain/recordedChain.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { DemSimulator } from './DemSimulator.js'
import { type PrecomputedDeployment, deploymentFingerprint } from './precomputedDeployments.js'

/**
 * Runs `DemSimulator.create` with the defaults for `mechanism` on a recording chain and returns the
 * state it leaves and the operations it ran: what the build writes beside the artifacts so that a
 * default simulator starts without deploying.
 *
 * @param mechanism - A built-in mechanism.
 * @returns The deployment.
 * @example
 * const deployment = await precomputeDeployment(resolveMechanism('oracle-price'))
 */
export async function precomputeDeployment(mechanism: MarketMechanism): Promise<PrecomputedDeployment> {
  // The chain create() makes by default: three role accounts, its clock at the default start.
  const { chain, operations } = recordingChain(await createChain({ accounts: 3 }))
  await DemSimulator.create({ mechanism, chain })
  return { fingerprint: deploymentFingerprint(mechanism), state: chain.dumpState(), operations }
}
