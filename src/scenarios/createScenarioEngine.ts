import { InvalidArgumentError } from '../chain/errors.js'
import type { Chain, ChainHardfork } from '../chain/types.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import type { User } from '../market/types.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import type { RankingClaimedError } from '../mechanisms/meritOrderMarket/RankingClaimedError.js'
import { createHouseholds, type Household } from './createHouseholds.js'
import { createScenarioLedger } from './createScenarioLedger.js'
import type { HouseholdRecord } from './HouseholdRecord.js'
import { householdContext } from './householdContext.js'
import { deployScenarioMarket, type JoinedMarket } from './joinScenarioMarket.js'
import { onboardUsers } from './onboardUsers.js'
import { planScenario } from './planScenario.js'
import { ScenarioError } from './ScenarioError.js'
import { runScenarioInterval } from './runScenarioInterval.js'
import { scenarioResult } from './scenarioResult.js'
import { BUILTIN_STRATEGIES } from './strategies/builtinStrategies.js'
import { checkDecision, type CheckedDecision } from './strategies/checkDecision.js'
import { StrategyError } from './strategies/StrategyError.js'
import type { Strategy, StrategyContext, StrategyDecision } from './strategies/types.js'
import { computeBreakEven } from './kpis/computeBreakEven.js'
import { gasFootprint } from './kpis/gasFootprint.js'
import type { OrderPath } from './kpis/types.js'
import type { ResolvedUserGroup, Scenario, ScenarioProgress, ScenarioResult } from './types.js'

export type ScenarioEngineOptions = {
  /** Called after every step (a user joining, a user deciding, an interval settled). Keep it cheap. */
  onProgress?: ((progress: ScenarioProgress) => void) | undefined
  /** EVM rules to run on. Default `'osaka'`. */
  hardfork?: ChainHardfork | undefined
  /** A mechanism module to run instead of the one the scenario names (e.g. your own). */
  mechanism?: MarketMechanism | undefined
  /** Run on this chain instead of a fresh embedded one; its hardfork wins. */
  chain?: Chain | undefined
  /** Strategies given in code, by the name the scenario's groups use (`strategy: { "type": name }`). */
  strategies?: Readonly<Record<string, Strategy>> | undefined
  /** Users whose decisions come from outside, as `step`'s argument, instead of from their strategy (learning agents). */
  external?: readonly number[] | undefined
  /**
   * Run on this market, deployed for the scenario with every user joined ({@link joinScenarioMarket}),
   * instead of deploying one: whoever passes it has put it back in its joined state (e.g. `sim.revert`).
   */
  market?: JoinedMarket | undefined
}

/** What one step of the engine did. */
export type EngineStepResult = {
  /** The run's interval that was decided and closed. */
  interval: number
  /** Records completed during the step (their interval settled), interval-major. With a settlement lag they are of earlier intervals. */
  completed: HouseholdRecord[]
  /** Every interval has run and settled. */
  done: boolean
}

/**
 * A scenario run, one interval at a time: the one interval loop, shared by {@link runScenario} and
 * the learning agents' environment. Each `step` has every user decide (its strategy, or the
 * decision given for an external user), applies batteries, sends the commitments, drains the
 * buffer, closes the interval, reports the oracle readings and settles what is due.
 */
export type ScenarioEngine = {
  readonly scenario: Scenario
  readonly sim: DemSimulator
  readonly users: readonly User[]
  /** The next interval to run; `scenario.intervals` once done. */
  readonly interval: number
  readonly done: boolean
  /** User `k`'s group. */
  groupOf(user: number): ResolvedUserGroup
  /** What user `k` knows before it decides the next interval. */
  context(user: number): StrategyContext
  /** Checks a decision of user `k` for the next interval without sending anything (throws a {@link StrategyError}). */
  check(user: number, decision: unknown): CheckedDecision
  /**
   * Runs the next interval; `decisions` holds one for each external user. A refused decision changes
   * nothing. A step that fails part-way ends the run (later steps refuse, with its error as the
   * cause): among them the keeper's {@link RankingClaimedError}, when an account outside the run
   * ranked a merit-order interval due now and still holds its claim. No one in a run ranks but its
   * keeper, and a claim taken between two steps has lapsed by the next step's settlement (a step
   * moves the clock one interval, the claim lasts one), so only a claim taken while the clock was
   * moved from outside can stop a run.
   */
  step(decisions?: ReadonlyMap<number, StrategyDecision>): Promise<EngineStepResult>
  /** The run's result (every interval run). */
  result(): Promise<ScenarioResult>
}

/** How many progress steps a run of the scenario reports: users joining, users deciding, intervals settling. */
export function progressTotal(scenario: Scenario): number {
  return scenario.users.count + scenario.intervals * (scenario.users.count + 1)
}

/**
 * Sets a scenario up for stepping: deploys the market on a fresh simulator and has every user join
 * (or takes `options.market`). Refuses, before anything runs, a scenario whose `profile` users the
 * contracts would refuse ({@link planScenario}) or whose groups name a strategy it was not given.
 */
export async function createScenarioEngine(
  scenario: Scenario,
  options: ScenarioEngineOptions = {},
): Promise<ScenarioEngine> {
  const started = performance.now()
  planScenario(scenario)
  const { users: usersSpec, intervals: intervalCount } = scenario
  const strategies = resolveStrategies(scenario, options.strategies)
  const external = externalUsers(options.external, usersSpec.count)
  if (options.market !== undefined && options.market.users.length !== usersSpec.count)
    throw new InvalidArgumentError(
      `the market has ${options.market.users.length} users joined; the scenario has ${usersSpec.count}`,
    )
  const letThrough = usersSpec.onInvalidCommitment === 'send'
  const hardfork = options.market?.sim.chain.hardfork ?? options.chain?.hardfork ?? options.hardfork ?? 'osaka'

  const { progress, report, totalSteps, skip } = createProgress(scenario, options.onProgress)

  const timing = { totalMs: 0, setupMs: 0, onboardingMs: 0, commitMs: 0, processBufferMs: 0, oracleMs: 0, settleMs: 0 }
  let t = performance.now()
  let market = options.market
  if (market === undefined) {
    const deployed = await deployScenarioMarket(scenario, options)
    timing.setupMs = performance.now() - t
    t = performance.now()
    market = { sim: deployed, users: await onboardUsers(deployed, scenario, () => progress('onboarding')) }
    timing.onboardingMs = performance.now() - t
  } else skip(usersSpec.count)
  const { sim } = market
  // The market is deployed and every user has joined: what follows is the market's operation.
  const joined = sim.gas.mark()
  const households = createHouseholds(scenario, market.users, strategies, external)

  const base = sim.currentInterval
  const ledger = createScenarioLedger({
    sim,
    scenario,
    households,
    base,
    timing,
    settledInterval: (interval) => progress('intervals', interval),
  })
  const windows: bigint[] = []
  let interval = 0
  let broken: unknown

  const prepare = () => {
    if (interval < intervalCount) for (const h of households) h.next = h.draw(interval)
  }
  prepare()

  const householdOf = (k: number): Household => {
    const h = households[k]
    if (h === undefined) throw new InvalidArgumentError(`user must be from 0 to ${households.length - 1}, got ${k}`)
    return h
  }

  const context = (k: number): StrategyContext =>
    householdContext(scenario, householdOf(k), interval, ledger.clearingPrices)

  const check = (k: number, decision: unknown): CheckedDecision => {
    const h = householdOf(k)
    return checkDecision(decision, {
      user: k,
      interval,
      intervals: intervalCount,
      availableCollateralWei: h.collateralWei - h.lockedWei,
      hasBattery: h.battery !== undefined,
      letThrough,
    })
  }

  const decide = async (h: Household): Promise<CheckedDecision | undefined> => {
    const decision = h.external ? undefined : check(h.index, await h.strategy(context(h.index)))
    progress('intervals', base + interval)
    return decision
  }

  const step = async (decisions?: ReadonlyMap<number, StrategyDecision>): Promise<EngineStepResult> => {
    if (broken !== undefined)
      throw new InvalidArgumentError('an earlier step failed part-way; the run cannot go on (start a new one)', {
        cause: broken,
      })
    if (interval >= intervalCount) throw new InvalidArgumentError('the run is over: every interval has run')
    const i = interval
    // External decisions are checked first: a refused one changes nothing.
    for (const k of decisions?.keys() ?? []) {
      if (!external.has(k))
        throw new InvalidArgumentError(`user ${k} is not controlled from outside; its strategy decides`)
    }
    const checked = new Map<number, CheckedDecision>()
    for (const k of external) {
      if (decisions === undefined || !decisions.has(k))
        throw new StrategyError(k, i, '', 'is missing: every external user needs a decision each step', undefined)
      checked.set(k, check(k, decisions.get(k)))
    }
    try {
      const { completed, gasUsed } = await runScenarioInterval(
        { scenario, sim, households, ledger, base, timing, decide },
        i,
        checked,
      )
      windows.push(gasUsed)
      interval++
      prepare()
      return { interval: i, completed, done: interval >= intervalCount }
    } catch (error) {
      broken = error
      throw error
    }
  }

  const result = async (): Promise<ScenarioResult> => {
    if (interval < intervalCount)
      throw new InvalidArgumentError(`the run has ${intervalCount - interval} intervals left to step`)
    const run = await scenarioResult({ scenario, sim, hardfork, households, ledger, windows, timing })
    run.kpis.breakEven = computeBreakEven({
      mechanism: run.mechanism,
      orderPath: orderPathOf(scenario),
      tradeSavingsWei: run.kpis.community.total.tradeSavingsWei,
      footprint: gasFootprint(sim.gas.entries, joined),
      runSeconds: scenario.intervals * scenario.intervalSeconds,
      economics: scenario.economics,
    })
    timing.totalMs = performance.now() - started
    report({ phase: 'done', completed: totalSteps, total: totalSteps })
    return run
  }

  return {
    scenario,
    sim,
    users: households.map((h) => h.user),
    get interval() {
      return interval
    },
    get done() {
      return interval >= intervalCount
    },
    groupOf: (k) => householdOf(k).group,
    context,
    check,
    step,
    result,
  }
}

/** The users decided from outside, checked to be user indices. */
function externalUsers(given: readonly number[] | undefined, count: number): Set<number> {
  const external = new Set(given ?? [])
  for (const k of external) {
    if (!Number.isInteger(k) || k < 0 || k >= count)
      throw new InvalidArgumentError(`external users must be user indices from 0 to ${count - 1}, got ${k}`)
  }
  return external
}

/** Reports the run's progress: `progress` counts one step; `skip` counts steps done elsewhere (users who joined before). */
function createProgress(scenario: Scenario, onProgress: ScenarioEngineOptions['onProgress']) {
  const totalSteps = progressTotal(scenario)
  let completedSteps = 0
  const report = onProgress ?? (() => undefined)
  const progress = (phase: ScenarioProgress['phase'], interval?: number) => {
    completedSteps++
    report(
      interval === undefined
        ? { phase, completed: completedSteps, total: totalSteps }
        : { phase, completed: completedSteps, total: totalSteps, interval },
    )
  }
  report({ phase: 'setup', completed: 0, total: totalSteps })
  return { progress, report, totalSteps, skip: (steps: number) => (completedSteps += steps) }
}

/** The built-in strategies and the ones given in code; refuses a group naming neither, or a given one shadowing a built-in. */
function resolveStrategies(
  scenario: Scenario,
  given: Readonly<Record<string, Strategy>> | undefined,
): Record<string, Strategy> {
  for (const name of Object.keys(given ?? {})) {
    if (Object.hasOwn(BUILTIN_STRATEGIES, name))
      throw new InvalidArgumentError(`strategies.${name}: "${name}" is a built-in strategy; give yours another name`)
  }
  const strategies: Record<string, Strategy> = { ...BUILTIN_STRATEGIES, ...given }
  for (const [g, group] of scenario.users.groups.entries()) {
    const strategy = strategies[group.strategy.type]
    if (!Object.hasOwn(strategies, group.strategy.type) || typeof strategy !== 'function') {
      const known = Object.keys(strategies)
        .map((name) => `"${name}"`)
        .join(', ')
      throw new ScenarioError(
        `users.groups[${g}].strategy.type`,
        `is not a known strategy (${known}; give yours in the strategies option)`,
        group.strategy.type,
      )
    }
  }
  return strategies
}

/** The run's order path: its groups', or `mixed` when they differ. */
function orderPathOf(scenario: Scenario): OrderPath {
  const paths = new Set(scenario.users.groups.map((group) => group.orders))
  return paths.size === 1 ? ([...paths][0] as OrderPath) : 'mixed'
}
