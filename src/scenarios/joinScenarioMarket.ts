import type { Chain, ChainHardfork } from '../chain/types.js'
import { DemSimulator } from '../market/DemSimulator.js'
import type { User } from '../market/types.js'
import { DEFAULT_GRID_TARIFF } from '../mechanisms/gridTariff.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { onboardUsers } from './onboardUsers.js'
import type { Scenario } from './types.js'

/** A market deployed for a scenario, with every user joined, user `k` at index `k`. */
export type JoinedMarket = { sim: DemSimulator; users: readonly User[] }

export type DeployScenarioMarketOptions = {
  /** EVM rules to run on. Default `'osaka'`. */
  hardfork?: ChainHardfork | undefined
  /** A mechanism module to run instead of the one the scenario names. */
  mechanism?: MarketMechanism | undefined
  /** Deploy on this chain instead of a fresh embedded one; its hardfork wins. */
  chain?: Chain | undefined
}

/**
 * Deploys the scenario's market, with its clock, keeper batches and mechanism, on a fresh
 * simulator (or `options.chain`); every account holds enough ETH for its collateral.
 *
 * @param scenario the scenario to deploy for
 * @param options the chain, hardfork or mechanism to deploy with
 * @returns the simulator, with no user yet
 */
export async function deployScenarioMarket(
  scenario: Scenario,
  options: DeployScenarioMarketOptions = {},
): Promise<DemSimulator> {
  // Gas costs nothing at the default base fee; the extra ETH is headroom.
  return DemSimulator.create({
    chain: options.chain,
    hardfork: options.chain?.hardfork ?? options.hardfork ?? 'osaka',
    balanceWei: scenario.users.collateralWei + 10n ** 24n,
    intervalSeconds: BigInt(scenario.intervalSeconds),
    mechanism: options.mechanism ?? scenario.market.mechanism,
    // A mechanism pricing against the grid takes the tariff of the scenario's first interval.
    gridTariff: {
      importWeiPerKWh: scenario.grid.importWeiPerKWh[0] ?? DEFAULT_GRID_TARIFF.importWeiPerKWh,
      feedInWeiPerKWh: scenario.grid.feedInWeiPerKWh[0] ?? DEFAULT_GRID_TARIFF.feedInWeiPerKWh,
    },
    defaultBatchSize: scenario.keeper.processBatch,
    settleBatchSize: scenario.keeper.settleBatch,
  })
}

/**
 * Deploys the scenario's market and has every user join it: what a run starts from. It depends
 * on the scenario's users, market, keeper and clock, never on its seed, so one joined market
 * (snapshot, then revert) serves every episode of a scenario whatever their seeds.
 *
 * @param scenario the scenario to deploy for
 * @param options the chain, hardfork or mechanism to deploy with
 * @returns the market and its users
 * @example
 * const market = await joinScenarioMarket(scenario)
 * const joined = market.sim.snapshot()
 * const engine = await createScenarioEngine(scenario, { market })
 * // … later, a new episode on the same market:
 * market.sim.revert(joined)
 * const next = await createScenarioEngine({ ...scenario, seed: 2 }, { market })
 */
export async function joinScenarioMarket(
  scenario: Scenario,
  options: DeployScenarioMarketOptions = {},
): Promise<JoinedMarket> {
  const sim = await deployScenarioMarket(scenario, options)
  return { sim, users: await onboardUsers(sim, scenario, () => undefined) }
}
