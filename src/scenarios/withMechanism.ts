import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import type { Scenario } from './types.js'

/**
 * The scenario run on another mechanism: its market takes the module, and its definition names it
 * (so the definition still reproduces the run wherever that name resolves to the same module).
 *
 * @param scenario a resolved scenario
 * @param mechanism the mechanism to run instead
 * @returns the scenario on `mechanism`
 * @example
 * import { builtinScenario, payAsBid, runScenario, withMechanism } from 'dem-sim'
 * const result = await runScenario(withMechanism(builtinScenario('solar'), payAsBid))
 */
export function withMechanism(scenario: Scenario, mechanism: MarketMechanism): Scenario {
  return {
    ...scenario,
    market: { mechanism },
    definition: { ...scenario.definition, market: { ...scenario.definition.market, mechanism: mechanism.name } },
  }
}
