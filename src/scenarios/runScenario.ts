import type { Chain, ChainHardfork } from '../chain/types.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import type { MechanismRegistry } from '../mechanisms/mechanisms.js'
import { createScenarioEngine } from './createScenarioEngine.js'
import { parseScenario, type ParseScenarioOptions } from './parseScenario.js'
import type { Strategy } from './strategies/types.js'
import type { Scenario, ScenarioDefinition, ScenarioProgress, ScenarioResult } from './types.js'

export type RunScenarioOptions = {
  /** Called after every step (a user joining, a user deciding in an interval, an interval settled). Keep it cheap. */
  onProgress?: ((progress: ScenarioProgress) => void) | undefined
  /** EVM rules to run on. Default `'osaka'`. */
  hardfork?: ChainHardfork | undefined
  /** A mechanism module to run instead of the one the scenario names (e.g. your own). */
  mechanism?: MarketMechanism | undefined
  /** Used to parse a definition given as JSON (CSV paths). */
  parse?: ParseScenarioOptions | undefined
  /** The mechanisms a definition's `market.mechanism` may name (default: the built-in ones). */
  mechanisms?: MechanismRegistry | undefined
  /** Run on this chain (e.g. a node from `connectChain`) instead of a fresh embedded one; its hardfork wins. */
  chain?: Chain | undefined
  /**
   * Strategies given in code, by name: a group with `strategy: { "type": "myAgent", ...params }`
   * runs `strategies.myAgent`, which sees the params as `context.params`.
   */
  strategies?: Readonly<Record<string, Strategy>> | undefined
}

/**
 * Runs a scenario on a fresh {@link DemSimulator}: every user joins, then for each interval every
 * user's strategy decides (commitments and battery action), the commitments are sent, the keeper
 * drains the buffer in batches of `keeper.processBatch`, the clock moves on, the oracle reports
 * the closed interval's price and metered energy (the households' net after their batteries),
 * and the keeper settles what is due in batches of `keeper.settleBatch`.
 *
 * Deterministic: all randomness comes from the scenario's seed, so the same scenario gives the
 * same trades, balances and gas on every run (only `timing` differs). A strategy's decision the
 * contracts would refuse stops the run with a `StrategyError` before it is sent (or is sent and
 * its refusal recorded, with `users.onInvalidCommitment: "send"`). The KPIs include where the run
 * breaks even (`kpis.breakEven`, {@link computeBreakEven}).
 *
 * @param scenario a resolved scenario ({@link parseScenario}, {@link loadScenario}) or a definition to parse
 * @param options progress callback, hardfork, strategies given in code
 * @returns gas per operation, per interval and per user, the market's outcomes and every household's records
 * @example
 * import { runScenario } from 'dem-sim'
 * const result = await runScenario({ intervals: 24, users: { count: 10 } }, { onProgress: (p) => console.error(p.completed, '/', p.total) })
 * console.table(result.gas)
 */
export async function runScenario(
  scenario: Scenario | ScenarioDefinition,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const strategies = options.strategies
  const resolved = isScenario(scenario)
    ? scenario
    : parseScenario(scenario, {
        ...options.parse,
        mechanisms: options.mechanisms ?? options.parse?.mechanisms,
        strategies: [...(options.parse?.strategies ?? []), ...Object.keys(strategies ?? {})],
      })
  const engine = await createScenarioEngine(resolved, {
    onProgress: options.onProgress,
    hardfork: options.hardfork,
    mechanism: options.mechanism,
    chain: options.chain,
    strategies,
  })
  while (!engine.done) await engine.step()
  return engine.result()
}

/** Whether a value is a resolved {@link Scenario} rather than a definition. */
export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && (value as { resolved?: unknown }).resolved === true
}
