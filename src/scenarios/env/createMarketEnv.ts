import type { ChainHardfork, SnapshotId } from '../../chain/types.js'
import { InvalidArgumentError } from '../../chain/errors.js'
import type { MarketMechanism } from '../../mechanisms/MarketMechanism.js'
import type { MechanismRegistry } from '../../mechanisms/mechanisms.js'
import { createScenarioEngine, type ScenarioEngine } from '../createScenarioEngine.js'
import type { HouseholdRecord } from '../HouseholdRecord.js'
import { type JoinedMarket, joinScenarioMarket } from '../joinScenarioMarket.js'
import { parseScenario, type ParseScenarioOptions } from '../parseScenario.js'
import { planScenario } from '../planScenario.js'
import { isScenario } from '../runScenario.js'
import type { ClearingPrice, MeterReading, Strategy, StrategyContext, StrategyDecision } from '../strategies/types.js'
import type { Scenario, ScenarioDefinition, ScenarioResult } from '../types.js'
import { householdRewardWei } from './householdRewardWei.js'
import { type ForecastNoise, noisyForecast } from './noisyForecast.js'

/** How many past clearing prices an observation carries. */
export const OBSERVED_PRICES = 24

/** What an agent observes before it acts: what a strategy's context holds, as plain data. */
export type AgentObservation = Pick<
  StrategyContext,
  'user' | 'role' | 'group' | 'interval' | 'intervals' | 'hour' | 'intervalSeconds' | 'forecast'
> & {
  /** The last interval's metered load and generation, `null` before the first. */
  lastMetered: MeterReading | null
  battery: {
    capacityWh: bigint
    minStateOfChargeWh: bigint
    stateOfChargeWh: bigint
    chargeableWh: bigint
    dischargeableWh: bigint
  } | null
  /** The last {@link OBSERVED_PRICES} clearing prices settled, oldest first. */
  clearingPrices: ClearingPrice[]
  tariff: { importWeiPerKWh: bigint; feedInWeiPerKWh: bigint }
  /** The scenario's limit prices for the user in this interval (what the `profile` strategy would commit with). */
  limitPrices: { productionWeiPerKWh: bigint; consumptionWeiPerKWh: bigint }
  availableCollateralWei: bigint
}

export type MarketEnvOptions = {
  /** The users driven from outside (user indices), or `'all'`. The others follow their group's strategy. */
  agents: readonly number[] | 'all'
  /** Errors in the agents' observed forecasts ({@link ForecastNoise}); default none (perfect forecasts). Strategies still see the truth. */
  forecastNoise?: ForecastNoise | undefined
  /** Charge each agent's gas in its reward at the scenario's `economics.gasPriceWei`. Default false. */
  rewardGas?: boolean | undefined
  /** Strategies given in code for the other users' groups. */
  strategies?: Readonly<Record<string, Strategy>> | undefined
  mechanism?: MarketMechanism | undefined
  /** The mechanisms a definition's `market.mechanism` may name (default: the built-in ones). */
  mechanisms?: MechanismRegistry | undefined
  hardfork?: ChainHardfork | undefined
  parse?: ParseScenarioOptions | undefined
}

export type MarketEnvReset = {
  /** One per agent, keyed by user index. */
  observations: Record<number, AgentObservation>
  info: { seed: number; intervals: number; agents: number[]; users: number }
}

export type MarketEnvStep = {
  /** The agents' observations for the next interval; empty once done. */
  observations: Record<number, AgentObservation>
  /** Each agent's reward for the intervals settled in this step ({@link householdRewardWei}); 0 when none settled. */
  rewards: Record<number, bigint>
  /** Every interval has run and settled: call `reset` to start again. */
  done: boolean
  info: {
    /** The interval the actions were for. */
    interval: number
    /** The intervals settled in this step (a mechanism's settlement lag delays them; the last step settles the rest). */
    settled: number[]
    /** The agents' records of those intervals. */
    records: HouseholdRecord[]
  }
}

/** An environment in the usual gym shape over the exact on-chain market. */
export type MarketEnv = {
  /** The agents' user indices. */
  readonly agents: readonly number[]
  /** The scenario of the current episode. */
  readonly scenario: Scenario
  /**
   * Starts an episode: every user joins the market (the first reset deploys it; later ones revert it
   * to that joined state); returns the agents' first observations. A refused reset changes nothing.
   */
  reset(seed?: number): Promise<MarketEnvReset>
  /** Runs one interval with the agents' actions (one per agent, keyed by user index). Refused actions change nothing. */
  step(
    actions: Readonly<Record<number, StrategyDecision>> | ReadonlyMap<number, StrategyDecision>,
  ): Promise<MarketEnvStep>
  /** The episode's full result, once done. */
  result(): Promise<ScenarioResult>
}

/**
 * An environment for learning agents: `reset(seed)` → observations, `step(actions)` →
 * observations, rewards, done, info. The agents are users of the scenario whose decisions
 * (commitments and battery action, checked like a strategy's) come from `step`; the other users
 * follow their group's strategy. Everything runs on the embedded chain with the scenario's
 * mechanism, so rewards are the market's actual payments and gas is exact.
 *
 * Reward of an agent in a step: {@link householdRewardWei} summed over its records completed in
 * the step — money received − paid, − grid import × import tariff, + export × feed-in tariff,
 * − battery wear, and with `rewardGas` − its gas × the scenario's gas price. Trades are known only
 * once their interval settles, so with a settlement lag of L intervals step t rewards interval
 * t − L, and the last step the remaining ones.
 *
 * The market is deployed and joined once, on the first reset, and snapshotted; every later reset
 * reverts to that snapshot (what it holds does not depend on the seed).
 *
 * @param scenario a scenario definition or a resolved scenario
 * @param options which users are agents
 * @example
 * import { createMarketEnv } from 'dem-sim'
 * const env = createMarketEnv({ intervals: 24, users: { count: 4 } }, { agents: [0] })
 * let { observations } = await env.reset(1)
 * for (let done = false; !done; ) ({ observations, done } = await env.step({ 0: {} }))
 */
export function createMarketEnv(scenario: Scenario | ScenarioDefinition, options: MarketEnvOptions): MarketEnv {
  const names = Object.keys(options.strategies ?? {})
  let base = isScenario(scenario)
    ? scenario
    : parseScenario(scenario, {
        ...options.parse,
        mechanisms: options.mechanisms ?? options.parse?.mechanisms,
        strategies: [...(options.parse?.strategies ?? []), ...names],
      })
  const agents =
    options.agents === 'all'
      ? Array.from({ length: base.users.count }, (_, k) => k)
      : [...new Set(options.agents)].sort((a, b) => a - b)
  for (const k of agents) {
    if (!Number.isInteger(k) || k < 0 || k >= base.users.count)
      throw new InvalidArgumentError(`agents must be user indices from 0 to ${base.users.count - 1}, got ${k}`)
  }
  const noise = options.forecastNoise
  if (noise !== undefined) checkForecastNoise(noise)
  const gasPriceWei = options.rewardGas === true ? base.economics.gasPriceWei : 0n
  let engine: ScenarioEngine | undefined
  let resetting: Promise<unknown> | undefined
  let joined: { market: JoinedMarket; snapshot: SnapshotId } | undefined

  const observe = (e: ScenarioEngine): Record<number, AgentObservation> => {
    const observations: Record<number, AgentObservation> = {}
    if (e.done) return observations
    for (const k of agents) {
      const c = e.context(k)
      observations[k] = {
        user: k,
        role: c.role,
        group: c.group,
        interval: c.interval,
        intervals: c.intervals,
        hour: c.hour,
        intervalSeconds: c.intervalSeconds,
        forecast:
          noise === undefined
            ? { ...c.forecast }
            : noisyForecast(c.forecast, noise.relativeStd, noise.seed ?? base.seed, k, c.interval, c.intervals),
        lastMetered: c.history.at(-1) ?? null,
        battery:
          c.battery === undefined
            ? null
            : {
                capacityWh: c.battery.spec.capacityWh,
                minStateOfChargeWh: c.battery.spec.minStateOfChargeWh,
                stateOfChargeWh: c.battery.stateOfChargeWh,
                chargeableWh: c.battery.chargeableWh,
                dischargeableWh: c.battery.dischargeableWh,
              },
        clearingPrices: c.clearingPrices.slice(-OBSERVED_PRICES),
        tariff: { ...c.tariff },
        limitPrices: { ...c.limitPrices },
        availableCollateralWei: c.availableCollateralWei,
      }
    }
    return observations
  }

  const engineOptions = { external: agents, strategies: options.strategies }
  /** A new episode of `next` on the joined market: deployed on the first call, reverted to its joined state after. */
  const start = async (next: Scenario): Promise<ScenarioEngine> => {
    if (joined === undefined) {
      const market = await joinScenarioMarket(next, { mechanism: options.mechanism, hardfork: options.hardfork })
      joined = { market, snapshot: market.sim.snapshot() }
    } else {
      engine = undefined
      joined.market.sim.revert(joined.snapshot)
    }
    return createScenarioEngine(next, { ...engineOptions, market: joined.market })
  }

  const running = (): ScenarioEngine => {
    if (engine === undefined) throw new InvalidArgumentError('call reset before step')
    return engine
  }

  return {
    agents,
    get scenario() {
      return base
    },
    async reset(seed) {
      if (resetting !== undefined) throw new InvalidArgumentError('reset is still running')
      if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1))
        throw new InvalidArgumentError(`seed must be an integer from 0 to 2^32 − 1, got ${seed}`)
      const next = seed === undefined ? base : { ...base, seed, definition: { ...base.definition, seed } }
      // Whatever the scenario refuses is refused before the running episode is touched.
      planScenario(next)
      const starting = start(next)
      resetting = starting
      try {
        engine = await starting
        base = next
      } finally {
        resetting = undefined
      }
      return {
        observations: observe(engine),
        info: { seed: base.seed, intervals: base.intervals, agents: [...agents], users: base.users.count },
      }
    },
    async step(actions) {
      if (resetting !== undefined) throw new InvalidArgumentError('reset is still running')
      const e = running()
      if (e.done) throw new InvalidArgumentError('the episode is done: call reset')
      const entries =
        actions instanceof Map ? [...actions] : Object.entries(actions as Record<string, StrategyDecision>)
      const decisions = new Map<number, StrategyDecision>()
      for (const [key, action] of entries) {
        const k = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : Number.NaN
        if (!agents.includes(k))
          throw new InvalidArgumentError(`actions.${String(key)}: not an agent (agents: ${agents.join(', ')})`)
        decisions.set(k, action)
      }
      const stepped = await e.step(decisions)
      const rewards: Record<number, bigint> = {}
      for (const k of agents) rewards[k] = 0n
      const records = stepped.completed.filter((r) => agents.includes(r.user))
      const wearOf = new Map(agents.map((k) => [k, wear(e, k)]))
      for (const r of records)
        rewards[r.user] =
          (rewards[r.user] as bigint) + householdRewardWei(r, base.grid, wearOf.get(r.user) ?? 0n, gasPriceWei)
      return {
        observations: observe(e),
        rewards,
        done: stepped.done,
        info: { interval: stepped.interval, settled: [...new Set(stepped.completed.map((r) => r.interval))], records },
      }
    },
    async result() {
      return running().result()
    },
  }
}

function checkForecastNoise(noise: ForecastNoise): void {
  const { relativeStd, seed } = noise
  if (typeof relativeStd !== 'number' || !Number.isFinite(relativeStd) || relativeStd < 0 || relativeStd > 10)
    throw new InvalidArgumentError(`forecastNoise.relativeStd must be a number from 0 to 10, got ${relativeStd}`)
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1))
    throw new InvalidArgumentError(`forecastNoise.seed must be an integer from 0 to 2^32 − 1, got ${seed}`)
}

/** The battery wear cost of user `k`'s group. */
function wear(engine: ScenarioEngine, k: number): bigint {
  return engine.groupOf(k).battery?.wearWeiPerKWh ?? 0n
}
