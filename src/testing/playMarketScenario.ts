import type { DemSimulator } from '../market/DemSimulator.js'
import type { SettleResult, User } from '../market/types.js'
import type { MarketScenario } from './arbitraries.js'

export type PlayMarketScenarioReturnType = {
  users: User[]
  /** Each interval's settlement, in order. */
  settlements: SettleResult[]
  /** Commitments a user could not make (not enough free collateral), by interval. */
  refused: { interval: number; userIndex: number; error: unknown }[]
}

/**
 * Plays a {@link MarketScenario} on a simulator through its public API: registers the users,
 * then for each interval commits, closes it, reports the readings and settles it. Commitments
 * the contracts refuse (a consumer short of free collateral) are recorded, not thrown.
 *
 * @example
 * import fc from 'fast-check'
 * import { marketScenarioArbitrary, playMarketScenario } from 'dem-sim/testing'
 * await fc.assert(fc.asyncProperty(marketScenarioArbitrary(), async (scenario) => {
 *   sim.revert(fresh)
 *   const { settlements } = await playMarketScenario(sim, scenario)
 *   for (const s of settlements) if (s.tradedWh > s.supplyWh) throw new Error('oversold')
 * }))
 */
export async function playMarketScenario(
  sim: DemSimulator,
  scenario: MarketScenario,
): Promise<PlayMarketScenarioReturnType> {
  const users: User[] = []
  for (const parameters of scenario.users) {
    const { address, tokenId } = await sim.addUser(parameters)
    users.push({ address, tokenId })
  }
  const settlements: SettleResult[] = []
  const refused: PlayMarketScenarioReturnType['refused'] = []
  for (const { commitments, readings } of scenario.intervals) {
    const interval = sim.currentInterval
    for (const { userIndex, ...terms } of commitments) {
      const user = users[userIndex % users.length] as User
      try {
        await sim.commit(user, { interval, ...terms })
      } catch (error) {
        refused.push({ interval, userIndex, error })
      }
    }
    sim.advanceInterval()
    await sim.setOracle(readings)
    settlements.push(await sim.settle(interval))
  }
  return { users, settlements, refused }
}
