import type { AddressHex, Artifact } from '../chain/types.js'
import type { MechanismDeployContext } from './MarketMechanism.js'

/**
 * Deploys a mechanism's market contract from the owner with `args` and records its gas as
 * `deploy<ContractName>`: what most mechanisms' `deploy` step is.
 *
 * @param context the deploy step's context
 * @param artifact the market contract
 * @param args its constructor arguments
 * @returns the market's address
 * @example
 * import { deployMarket } from 'dem-sim'
 * const deploy = (context) =>
 *   deployMarket(context, MyMarket, [context.roles.owner, context.pool, context.oracle, context.gracePeriodSeconds, 0n])
 */
export async function deployMarket(
  context: MechanismDeployContext,
  artifact: Artifact,
  args: readonly unknown[],
): Promise<AddressHex> {
  const market = await context.chain.deploy({ artifact, args, from: context.roles.owner })
  context.gas.record(`deploy${artifact.contractName ?? 'Market'}`, market.receipt)
  return market.address
}
