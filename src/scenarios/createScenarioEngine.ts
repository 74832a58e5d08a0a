import { InvalidArgumentError, TransactionRevertedError } from '../chain/errors.js'
import { maxTransactionGas } from '../chain/hardforks.js'
import type { Chain, ChainHardfork } from '../chain/types.js'
import { DemError } from '../errors/DemError.js'
import { DemSimulator } from '../market/DemSimulator.js'
import type { GasEntry } from '../market/createGasLedger.js'
import type { Side, User } from '../market/types.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { assignGroups } from './assignGroups.js'
import { createRandom, type Random } from './createRandom.js'
import { createHouseholdDraws, type HouseholdDraw } from './drawHousehold.js'
import { emptyHouseholdRecord, type HouseholdRecord } from './HouseholdRecord.js'
import { computeKpis } from './kpis/computeKpis.js'
import { meteredReading } from './meteredReading.js'
import { planScenario } from './planScenario.js'
import { hourOfInterval } from './profileShapes.js'
import { ScenarioError } from './ScenarioError.js'
import { settleInterval, type CommitmentIndex } from './settleInterval.js'
import { SETUP_OPERATIONS } from './setupOperations.js'
import { BUILTIN_STRATEGIES } from './strategies/builtinStrategies.js'
import { checkDecision, type CheckedDecision } from './strategies/checkDecision.js'
import { createBattery, type Battery } from './strategies/createBattery.js'
import { StrategyError } from './strategies/StrategyError.js'
import type { ClearingPrice, MeterReading, Strategy, StrategyContext, StrategyDecision } from './strategies/types.js'
import type {
  CommitmentRefusal,
  IntervalOutcome,
  ResolvedUserGroup,
  Role,
  Scenario,
  ScenarioProgress,
  ScenarioResult,
  UserOutcome,
} from './types.js'

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
  /** Runs the next interval; `decisions` holds one for each external user. A refused decision changes nothing. */
  step(decisions?: ReadonlyMap<number, StrategyDecision>): Promise<EngineStepResult>
  /** The run's result (every interval run). */
  result(): Promise<ScenarioResult>
}

const BLOCK_GAS_LIMIT = 30_000_000n
/** Energy-type labels of the profiles: solar for whoever produces, consumer-only otherwise. */
const ENERGY_TYPE = { producer: 0, consumer: 5, prosumer: 0 } as const
/** Strategy random streams start here (the scenario's draws use streams 1..users). */
const STRATEGY_STREAM = 1 << 20

type Household = {
  index: number
  role: Role
  group: ResolvedUserGroup
  strategyName: string
  strategy: Strategy
  external: boolean
  user: User
  draw: (interval: number) => HouseholdDraw
  next: HouseholdDraw | undefined
  random: Random
  state: Record<string, unknown>
  battery: Battery | undefined
  history: MeterReading[]
  settled: HouseholdRecord[]
  collateralWei: bigint
  lockedWei: bigint
  outcome: UserOutcome
}

type Unsettled = Pick<
  IntervalOutcome,
  'interval' | 'hour' | 'commitments' | 'committedProductionWh' | 'committedConsumptionWh' | 'processBufferTransactions'
>

/** How many progress steps a run of the scenario reports: users joining, users deciding, intervals settling. */
export function progressTotal(scenario: Scenario): number {
  return scenario.users.count + scenario.intervals * (scenario.users.count + 1)
}

/**
 * Sets a scenario up for stepping: deploys the market on a fresh simulator and has every user join.
 * Refuses, before anything runs, a scenario whose `profile` users the contracts would refuse
 * ({@link planScenario}) or whose groups name a strategy it was not given.
 */
export async function createScenarioEngine(
  scenario: Scenario,
  options: ScenarioEngineOptions = {},
): Promise<ScenarioEngine> {
  const started = performance.now()
  planScenario(scenario)
  const { users: usersSpec, keeper, intervals: intervalCount } = scenario
  for (const name of Object.keys(options.strategies ?? {})) {
    if (Object.hasOwn(BUILTIN_STRATEGIES, name))
      throw new InvalidArgumentError(`strategies.${name}: "${name}" is a built-in strategy; give yours another name`)
  }
  const strategies: Record<string, Strategy> = { ...BUILTIN_STRATEGIES, ...options.strategies }
  for (const [g, group] of usersSpec.groups.entries()) {
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
  const external = new Set(options.external ?? [])
  for (const k of external) {
    if (!Number.isInteger(k) || k < 0 || k >= usersSpec.count)
      throw new InvalidArgumentError(`external users must be user indices from 0 to ${usersSpec.count - 1}, got ${k}`)
  }
  const letThrough = usersSpec.onInvalidCommitment === 'send'
  const hardfork = options.chain?.hardfork ?? options.hardfork ?? 'osaka'

  const totalSteps = progressTotal(scenario)
  let completedSteps = 0
  const report = options.onProgress ?? (() => undefined)
  const progress = (phase: ScenarioProgress['phase'], interval?: number) => {
    completedSteps++
    report(
      interval === undefined
        ? { phase, completed: completedSteps, total: totalSteps }
        : { phase, completed: completedSteps, total: totalSteps, interval },
    )
  }
  report({ phase: 'setup', completed: 0, total: totalSteps })

  const timing = { totalMs: 0, setupMs: 0, onboardingMs: 0, commitMs: 0, processBufferMs: 0, oracleMs: 0, settleMs: 0 }
  let t = performance.now()
  // Every account starts with enough ETH for its collateral; gas costs nothing at the default base fee.
  const sim = await DemSimulator.create({
    chain: options.chain,
    hardfork,
    balanceWei: usersSpec.collateralWei + 10n ** 24n,
    intervalSeconds: BigInt(scenario.intervalSeconds),
    mechanism: options.mechanism ?? scenario.market.mechanism,
    defaultBatchSize: keeper.processBatch,
    settleBatchSize: keeper.settleBatch,
  })
  timing.setupMs = performance.now() - t

  t = performance.now()
  const groupOf = assignGroups(usersSpec.count, usersSpec.groups)
  const households: Household[] = []
  for (let k = 0; k < usersSpec.count; k++) {
    const group = usersSpec.groups[groupOf[k] as number] as ResolvedUserGroup
    const inPool = usersSpec.onboarding === 'registerInPool'
    const added = await sim.addUser({
      collateralWei: usersSpec.collateralWei,
      energyType: ENERGY_TYPE[group.role],
      deposit: inPool,
    })
    if (!inPool)
      await sim.deposit(added, {
        via: usersSpec.onboarding === 'registerApproveDeposit' ? 'approve' : 'safeTransferFrom',
      })
    const user: User = { address: added.address, tokenId: added.tokenId }
    const isExternal = external.has(k)
    const strategyName = isExternal ? 'agent' : group.strategy.type
    households.push({
      index: k,
      role: group.role,
      group,
      strategyName,
      strategy: strategies[group.strategy.type] as Strategy,
      external: isExternal,
      user,
      draw: createHouseholdDraws(scenario, k, group.role),
      next: undefined,
      random: createRandom(scenario.seed, STRATEGY_STREAM + k),
      state: {},
      battery: group.battery === undefined ? undefined : createBattery(group.battery),
      history: [],
      settled: [],
      collateralWei: usersSpec.collateralWei,
      lockedWei: 0n,
      outcome: {
        index: k,
        role: group.role,
        tokenId: user.tokenId,
        address: user.address,
        commitments: 0,
        soldWh: 0n,
        boughtWh: 0n,
        receivedWei: 0n,
        paidWei: 0n,
        collateralWei: usersSpec.collateralWei,
        gasUsed: 0n,
        group: group.name,
        strategy: strategyName,
      },
    })
    progress('onboarding')
  }
  timing.onboardingMs = performance.now() - t

  const base = sim.currentInterval
  const open: CommitmentIndex = new Map()
  /** What the runner knows of each of its commitments, and each run interval's commitment ids. */
  const mine = new Map<
    bigint,
    { household: Household; interval: number; side: Side; energyWh: bigint; lockWei: bigint }
  >()
  const byInterval: bigint[][] = Array.from({ length: intervalCount }, () => [])
  const commitCount = new Array<number>(intervalCount).fill(0)
  const committed = Array.from({ length: intervalCount }, () => ({ productionWh: 0n, consumptionWh: 0n }))
  const rows: (HouseholdRecord[] | undefined)[] = new Array(intervalCount)
  const outcomes: IntervalOutcome[] = []
  const clearingPrices: ClearingPrice[] = []
  const refusals: CommitmentRefusal[] = []
  const windows: bigint[] = []
  const unsettled: Unsettled[] = []
  // A mechanism whose readings become final only later settles each interval that many intervals on.
  const lag = sim.mechanism.settlementLagIntervals
  const unscale = sim.mechanism.readsPriceFeed ? 10n ** BigInt(sim.priceDecimals) : 1n
  let interval = 0
  let broken: unknown

  const recordOf = (household: Household, i: number): HouseholdRecord => {
    let row = rows[i]
    if (row === undefined) {
      row = households.map((h) => emptyHouseholdRecord(h.index, i, h.strategyName))
      rows[i] = row
    }
    return row[household.index] as HouseholdRecord
  }

  const prepare = () => {
    if (interval < intervalCount) for (const h of households) h.next = h.draw(interval)
  }
  prepare()

  const context = (k: number): StrategyContext => {
    const h = households[k]
    if (h === undefined) throw new InvalidArgumentError(`user must be from 0 to ${households.length - 1}, got ${k}`)
    if (h.next === undefined) throw new InvalidArgumentError('the run is over: every interval has run')
    return {
      user: k,
      role: h.role,
      group: h.group.name,
      interval,
      intervals: intervalCount,
      hour: hourOfInterval(interval, scenario.startHour, scenario.intervalSeconds),
      intervalSeconds: scenario.intervalSeconds,
      forecast: { loadWh: h.next.loadWh, generationWh: h.next.generationWh },
      history: h.history,
      battery: h.battery?.view(),
      clearingPrices,
      settled: h.settled,
      tariff: {
        importWeiPerKWh: scenario.grid.importWeiPerKWh[interval] as bigint,
        feedInWeiPerKWh: scenario.grid.feedInWeiPerKWh[interval] as bigint,
      },
      limitPrices: {
        productionWeiPerKWh: h.next.productionLimitWeiPerKWh,
        consumptionWeiPerKWh: h.next.consumptionLimitWeiPerKWh,
      },
      availableCollateralWei: h.collateralWei - h.lockedWei,
      random: h.random,
      params: h.group.strategy.params,
      state: h.state,
    }
  }

  const check = (k: number, decision: unknown): CheckedDecision => {
    const h = households[k]
    if (h === undefined) throw new InvalidArgumentError(`user must be from 0 to ${households.length - 1}, got ${k}`)
    return checkDecision(decision, {
      user: k,
      interval,
      intervals: intervalCount,
      availableCollateralWei: h.collateralWei - h.lockedWei,
      hasBattery: h.battery !== undefined,
      letThrough,
    })
  }

  const settleDue = async (completed: HouseholdRecord[]) => {
    while (unsettled.length > 0 && sim.currentInterval > (unsettled[0] as Unsettled).interval + lag) {
      const due = unsettled.shift() as Unsettled
      const j = due.interval - base
      t = performance.now()
      const settled = await settleInterval(sim, due.interval, keeper.settleBatch, open)
      timing.settleMs += performance.now() - t
      for (const trade of settled.trades) {
        const known = mine.get(trade.commitmentId)
        if (known === undefined) continue
        const { household: h } = known
        const record = recordOf(h, known.interval)
        if (trade.side === 'production') {
          record.soldLocalWh += trade.energyWh
          record.receivedWei += trade.amountWei
          h.outcome.soldWh += trade.energyWh
          h.outcome.receivedWei += trade.amountWei
          h.collateralWei += trade.amountWei
        } else {
          record.boughtLocalWh += trade.energyWh
          record.paidWei += trade.amountWei
          h.outcome.boughtWh += trade.energyWh
          h.outcome.paidWei += trade.amountWei
          h.collateralWei -= trade.amountWei
        }
      }
      // Settlement releases every lock of the interval, traded or not.
      for (const id of byInterval[j] ?? []) {
        const known = mine.get(id)
        if (known === undefined) continue
        known.household.lockedWei -= known.lockWei
        mine.delete(id)
      }
      const settleGas = settled.receipts.map((r) => r.gasUsed)
      const priceWeiPerKWh = settled.price / unscale
      outcomes.push({
        ...due,
        supplyWh: settled.supplyWh,
        demandWh: settled.demandWh,
        producedWh: settled.producedWh,
        consumedWh: settled.consumedWh,
        tradedWh: settled.tradedWh,
        priceWeiPerKWh,
        tradedValueWei: settled.tradedValueWei,
        settleTransactions: settled.receipts.length,
        settleGas: sum(settleGas),
        maxSettleTxGas: settleGas.reduce((max, g) => (g > max ? g : max), 0n),
        gasUsed: 0n,
      })
      clearingPrices.push({ interval: j, priceWeiPerKWh })
      for (const h of households) {
        const record = recordOf(h, j)
        h.settled.push(record)
        completed.push(record)
      }
      progress('intervals', due.interval)
    }
  }

  const send = async (h: Household, decision: CheckedDecision, i: number) => {
    const record = recordOf(h, i)
    for (const c of decision.commitments) {
      let result: Awaited<ReturnType<DemSimulator['commit']>>
      try {
        result = await sim.commit(h.user, {
          interval: base + c.interval,
          energyWh: c.energyWh,
          side: c.side,
          limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
        })
      } catch (error) {
        if (c.refusable === undefined || !(error instanceof DemError)) throw error
        const errorName = error instanceof TransactionRevertedError ? String(error.errorName ?? error.name) : error.name
        if (error instanceof TransactionRevertedError) record.gasUsed += error.receipt.gasUsed
        const { refusable: _refusable, lockWei: _lockWei, ...commitment } = c
        refusals.push({ user: h.index, interval: i, commitment, errorName, message: error.shortMessage })
        continue
      }
      const { commitmentId, lockedWei, receipt } = result
      open.set(commitmentId, { tokenId: h.user.tokenId, side: c.side })
      mine.set(commitmentId, {
        household: h,
        interval: c.interval,
        side: c.side,
        energyWh: c.energyWh,
        lockWei: lockedWei,
      })
      ;(byInterval[c.interval] as bigint[]).push(commitmentId)
      h.lockedWei += lockedWei
      h.outcome.commitments++
      record.gasUsed += receipt.gasUsed
      const target = recordOf(h, c.interval)
      const totals = committed[c.interval] as { productionWh: bigint; consumptionWh: bigint }
      commitCount[c.interval] = (commitCount[c.interval] as number) + 1
      if (c.side === 'production') {
        target.committedProductionWh += c.energyWh
        totals.productionWh += c.energyWh
      } else {
        target.committedConsumptionWh += c.energyWh
        totals.consumptionWh += c.energyWh
      }
    }
  }

  /** Each producer's own delivery, when it differs from what it committed (the meter's default). */
  const deliveriesOf = (i: number, exportWh: readonly bigint[]): Map<bigint, bigint> | undefined => {
    if (sim.contracts.meter === undefined) return undefined
    const committedByToken = new Map<bigint, { household: Household; energyWh: bigint }>()
    for (const id of byInterval[i] ?? []) {
      const known = mine.get(id)
      if (known === undefined || known.side !== 'production') continue
      const entry = committedByToken.get(known.household.user.tokenId) ?? { household: known.household, energyWh: 0n }
      entry.energyWh += known.energyWh
      committedByToken.set(known.household.user.tokenId, entry)
    }
    let differs = false
    const delivered = new Map<bigint, bigint>()
    for (const [tokenId, { household, energyWh }] of committedByToken) {
      const wh = exportWh[household.index] as bigint
      if (wh !== energyWh) differs = true
      delivered.set(tokenId, wh)
    }
    return differs ? delivered : undefined
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
      const mark = sim.gas.mark()
      for (const h of households) {
        if (!h.external) checked.set(h.index, check(h.index, await h.strategy(context(h.index))))
        progress('intervals', base + i)
      }
      t = performance.now()
      let producedWh = 0n
      let consumedWh = 0n
      const exportWh: bigint[] = []
      for (const h of households) {
        const draw = h.next as HouseholdDraw
        const decision = checked.get(h.index) as CheckedDecision
        const battery = h.battery?.step(decision.battery) ?? { chargeWh: 0n, dischargeWh: 0n, stateOfChargeWh: 0n }
        const record = recordOf(h, i)
        record.loadWh = draw.loadWh
        record.generationWh = draw.generationWh
        record.batteryChargeWh = battery.chargeWh
        record.batteryDischargeWh = battery.dischargeWh
        record.stateOfChargeWh = battery.stateOfChargeWh
        h.history.push({ interval: i, loadWh: draw.loadWh, generationWh: draw.generationWh })
        // What the meter sees: the home's net after its battery.
        const netWh = draw.generationWh + battery.dischargeWh - draw.loadWh - battery.chargeWh
        exportWh.push(netWh > 0n ? netWh : 0n)
        if (netWh > 0n) producedWh += netWh
        else consumedWh -= netWh
        await send(h, decision, i)
      }
      timing.commitMs += performance.now() - t

      t = performance.now()
      const processed = await sim.processBuffer({ maxItems: keeper.processBatch })
      timing.processBufferMs += performance.now() - t

      t = performance.now()
      sim.advanceInterval()
      const deliveredWh = deliveriesOf(i, exportWh)
      await sim.setOracle({
        priceWeiPerKWh: scenario.oracle.priceWeiPerKWh[i] as bigint,
        producedWh: meteredReading(scenario.oracle.production, i, producedWh),
        consumedWh: meteredReading(scenario.oracle.consumption, i, consumedWh),
        ...(deliveredWh === undefined ? {} : { deliveredWh }),
      })
      timing.oracleMs += performance.now() - t

      const totals = committed[i] as { productionWh: bigint; consumptionWh: bigint }
      unsettled.push({
        interval: base + i,
        hour: hourOfInterval(i, scenario.startHour, scenario.intervalSeconds),
        commitments: commitCount[i] as number,
        committedProductionWh: totals.productionWh,
        committedConsumptionWh: totals.consumptionWh,
        processBufferTransactions: processed.receipts.length,
      })
      const completed: HouseholdRecord[] = []
      await settleDue(completed)
      if (i === intervalCount - 1) {
        // The last step settles what the lag left open.
        while (unsettled.length > 0) {
          sim.advanceInterval()
          await settleDue(completed)
        }
      }
      windows.push(sum(sim.gas.entries.slice(mark).map((e) => e.gasUsed)))
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
    for (const [k, outcome] of outcomes.entries()) outcome.gasUsed = windows[k] ?? 0n
    // Final balances straight from the chain: one call per profile.
    for (const h of households) {
      const profile = await sim.chain.call({
        ...sim.contracts.profile,
        functionName: 'profileOf',
        args: [h.user.tokenId],
      })
      h.outcome.collateralWei = profile.collateralWei
    }
    const gasByToken = sim.gas.byToken()
    for (const h of households) h.outcome.gasUsed = gasByToken.get(h.user.tokenId)?.total ?? 0n

    const all = sim.gas.entries
    const largest = all.reduce<GasEntry | undefined>(
      (max, e) => (SETUP_OPERATIONS.has(e.operation) || (max !== undefined && e.gasUsed <= max.gasUsed) ? max : e),
      undefined,
    )
    const heldWei = await sim.heldWei()
    const clearingWei = await sim.chain.call({ ...sim.contracts.profile, functionName: 'clearingWei' })
    timing.totalMs = performance.now() - started
    report({ phase: 'done', completed: totalSteps, total: totalSteps })
    const users = households.map((h) => h.outcome)
    const records = rows.flatMap((row) => row ?? [])
    return {
      name: scenario.name,
      seed: scenario.seed,
      userCount: usersSpec.count,
      intervalCount,
      mechanism: sim.mechanism.name,
      keeper: { ...keeper },
      gas: sim.gas.table(),
      maxTransactionGas: {
        operation: largest?.operation ?? '',
        gasUsed: largest?.gasUsed ?? 0n,
        transactionGasCap: maxTransactionGas(hardfork, BLOCK_GAS_LIMIT),
        blockGasLimit: BLOCK_GAS_LIMIT,
      },
      intervals: outcomes,
      users,
      households: records,
      grid: {
        importWeiPerKWh: [...scenario.grid.importWeiPerKWh],
        feedInWeiPerKWh: [...scenario.grid.feedInWeiPerKWh],
      },
      kpis: computeKpis(records, {
        ...scenario,
        intervals: intervalCount,
        batteryCapacityWh: households.map((h) => h.group.battery?.capacityWh),
      }),
      refusals,
      totals: {
        transactions: all.length,
        gasUsed: sum(all.map((e) => e.gasUsed)),
        commitments: outcomes.reduce((n, o) => n + o.commitments, 0),
        tradedWh: sum(outcomes.map((o) => o.tradedWh)),
        tradedValueWei: sum(outcomes.map((o) => o.tradedValueWei)),
        heldWei,
        collateralWei: sum(users.map((o) => o.collateralWei)),
        clearingWei,
      },
      timing,
    }
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
    groupOf: (k) => {
      const h = households[k]
      if (h === undefined) throw new InvalidArgumentError(`user must be from 0 to ${households.length - 1}, got ${k}`)
      return h.group
    },
    context,
    check,
    step,
    result,
  }
}

function sum(values: readonly bigint[]): bigint {
  let total = 0n
  for (const value of values) total += value
  return total
}
