import { maxTransactionGas } from '../chain/hardforks.js'
import type { Chain, ChainHardfork } from '../chain/types.js'
import { DemSimulator } from '../market/DemSimulator.js'
import type { GasEntry } from '../market/createGasLedger.js'
import type { User } from '../market/types.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { parseScenario, type ParseScenarioOptions } from './parseScenario.js'
import { planScenario } from './planScenario.js'
import { hourOfInterval } from './profileShapes.js'
import { settleInterval, type CommitmentIndex } from './settleInterval.js'
import { SETUP_OPERATIONS } from './setupOperations.js'
import type { IntervalOutcome, Scenario, ScenarioDefinition, ScenarioProgress, ScenarioResult, UserOutcome } from './types.js'

export type RunScenarioOptions = {
  /** Called after every step (a user joining, a commitment, an interval settled). Keep it cheap. */
  onProgress?: ((progress: ScenarioProgress) => void) | undefined
  /** EVM rules to run on. Default `'osaka'`. */
  hardfork?: ChainHardfork | undefined
  /** A mechanism module to run instead of the one the scenario names (e.g. your own). */
  mechanism?: MarketMechanism | undefined
  /** Used to parse a definition given as JSON (CSV paths). */
  parse?: ParseScenarioOptions | undefined
  /** Run on this chain (e.g. a node from `connectChain`) instead of a fresh embedded one; its hardfork wins. */
  chain?: Chain | undefined
}

const BLOCK_GAS_LIMIT = 30_000_000n
/** Energy-type labels of the profiles: solar for whoever produces, consumer-only otherwise. */
const ENERGY_TYPE = { producer: 0, consumer: 5, prosumer: 0 } as const

/**
 * Runs a scenario on a fresh {@link DemSimulator}: every user joins, then for each interval
 * the users commit (for the current interval), the keeper drains the buffer in batches of
 * `keeper.processBatch`, the clock moves on, the oracle reports the closed interval's price and
 * metered energy, and the keeper settles it in batches of `keeper.settleBatch`.
 *
 * Deterministic: all randomness comes from the scenario's seed, so the same scenario gives the
 * same trades, balances and gas on every run (only `timing` differs).
 *
 * @param scenario a resolved scenario ({@link parseScenario}, {@link loadScenario}) or a definition to parse
 * @param options progress callback, hardfork
 * @returns gas per operation, per interval and per user, and the market's outcomes
 * @example
 * import { runScenario } from 'dem-sim'
 * const result = await runScenario({ intervals: 24, users: { count: 10 } }, { onProgress: (p) => console.error(p.completed, '/', p.total) })
 * console.table(result.gas)
 */
export async function runScenario(scenario: Scenario | ScenarioDefinition, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const started = performance.now()
  const resolved = isScenario(scenario) ? scenario : parseScenario(scenario, options.parse)
  const plan = planScenario(resolved)
  const { users: usersSpec, keeper } = resolved
  const hardfork = options.chain?.hardfork ?? options.hardfork ?? 'osaka'

  const totalSteps = usersSpec.count + plan.intervals.reduce((n, interval) => n + interval.commitments.length + 1, 0)
  let completed = 0
  const report = options.onProgress ?? (() => undefined)
  const step = (phase: ScenarioProgress['phase'], interval?: number) => {
    completed++
    report(interval === undefined ? { phase, completed, total: totalSteps } : { phase, completed, total: totalSteps, interval })
  }
  report({ phase: 'setup', completed, total: totalSteps })

  const timing = { totalMs: 0, setupMs: 0, onboardingMs: 0, commitMs: 0, processBufferMs: 0, oracleMs: 0, settleMs: 0 }
  let t = performance.now()
  // Every account starts with enough ETH for its collateral; gas costs nothing at the default base fee.
  const balanceWei = usersSpec.collateralWei + 10n ** 24n
  const sim = await DemSimulator.create({
    chain: options.chain,
    hardfork,
    balanceWei,
    intervalSeconds: BigInt(resolved.intervalSeconds),
    mechanism: options.mechanism ?? resolved.market.mechanism,
    defaultBatchSize: keeper.processBatch,
    settleBatchSize: keeper.settleBatch,
  })
  timing.setupMs = performance.now() - t

  t = performance.now()
  const users: User[] = []
  for (let k = 0; k < usersSpec.count; k++) {
    const role = plan.roles[k] as keyof typeof ENERGY_TYPE
    const inPool = usersSpec.onboarding === 'registerInPool'
    const user = await sim.addUser({ collateralWei: usersSpec.collateralWei, energyType: ENERGY_TYPE[role], deposit: inPool })
    if (!inPool) await sim.deposit(user, { via: usersSpec.onboarding === 'registerApproveDeposit' ? 'approve' : 'safeTransferFrom' })
    users.push({ address: user.address, tokenId: user.tokenId })
    step('onboarding')
  }
  timing.onboardingMs = performance.now() - t

  const outcomes: UserOutcome[] = users.map((user, index) => ({
    index,
    role: plan.roles[index] as UserOutcome['role'],
    tokenId: user.tokenId,
    address: user.address,
    commitments: 0,
    soldWh: 0n,
    boughtWh: 0n,
    receivedWei: 0n,
    paidWei: 0n,
    collateralWei: usersSpec.collateralWei,
    gasUsed: 0n,
  }))
  const userByToken = new Map(users.map((user, index) => [user.tokenId, index]))
  const open: CommitmentIndex = new Map()
  const intervals: IntervalOutcome[] = []

  // A mechanism whose readings become final only later settles each interval that many intervals on.
  const lag = sim.mechanism.settlementLagIntervals
  const unscale = sim.mechanism.readsPriceFeed ? 10n ** BigInt(sim.priceDecimals) : 1n
  type Unsettled = Pick<IntervalOutcome, 'interval' | 'hour' | 'commitments' | 'committedProductionWh' | 'committedConsumptionWh' | 'processBufferTransactions'>
  const unsettled: Unsettled[] = []
  const settleDue = async () => {
    while (unsettled.length > 0 && sim.currentInterval > (unsettled[0] as Unsettled).interval + lag) {
      const due = unsettled.shift() as Unsettled
      t = performance.now()
      const settled = await settleInterval(sim, due.interval, keeper.settleBatch, open)
      timing.settleMs += performance.now() - t
      for (const trade of settled.trades) {
        const outcome = outcomes[userByToken.get(trade.tokenId) ?? -1]
        if (outcome === undefined) continue
        if (trade.side === 'production') {
          outcome.soldWh += trade.energyWh
          outcome.receivedWei += trade.amountWei
        } else {
          outcome.boughtWh += trade.energyWh
          outcome.paidWei += trade.amountWei
        }
      }
      const settleGas = settled.receipts.map((r) => r.gasUsed)
      intervals.push({
        ...due,
        supplyWh: settled.supplyWh,
        demandWh: settled.demandWh,
        producedWh: settled.producedWh,
        consumedWh: settled.consumedWh,
        tradedWh: settled.tradedWh,
        priceWeiPerKWh: settled.price / unscale,
        tradedValueWei: settled.tradedValueWei,
        settleTransactions: settled.receipts.length,
        settleGas: sum(settleGas),
        maxSettleTxGas: settleGas.reduce((max, g) => (g > max ? g : max), 0n),
        gasUsed: 0n,
      })
      step('intervals', due.interval)
    }
  }
  // Gas of what was sent while each interval was open (its commits, the keeper, the oracle).
  const windows: bigint[] = []

  for (const [i, planned] of plan.intervals.entries()) {
    const mark = sim.gas.mark()
    const interval = sim.currentInterval
    let committedProductionWh = 0n
    let committedConsumptionWh = 0n
    t = performance.now()
    for (const c of planned.commitments) {
      const user = users[c.user] as User
      const { commitmentId } = await sim.commit(user, { interval, energyWh: c.energyWh, side: c.side, limitPriceWeiPerKWh: c.limitPriceWeiPerKWh })
      open.set(commitmentId, { tokenId: user.tokenId, side: c.side })
      ;(outcomes[c.user] as UserOutcome).commitments++
      if (c.side === 'production') committedProductionWh += c.energyWh
      else committedConsumptionWh += c.energyWh
      step('intervals', interval)
    }
    timing.commitMs += performance.now() - t

    t = performance.now()
    const processed = await sim.processBuffer({ maxItems: keeper.processBatch })
    timing.processBufferMs += performance.now() - t

    t = performance.now()
    sim.advanceInterval()
    await sim.setOracle({ priceWeiPerKWh: planned.priceWeiPerKWh, producedWh: planned.producedWh, consumedWh: planned.consumedWh })
    timing.oracleMs += performance.now() - t

    unsettled.push({
      interval,
      hour: hourOfInterval(i, resolved.startHour, resolved.intervalSeconds),
      commitments: planned.commitments.length,
      committedProductionWh,
      committedConsumptionWh,
      processBufferTransactions: processed.receipts.length,
    })
    await settleDue()
    windows.push(sum(sim.gas.entries.slice(mark).map((e) => e.gasUsed)))
  }
  const drained = sim.gas.mark()
  while (unsettled.length > 0) {
    sim.advanceInterval()
    await settleDue()
  }
  if (windows.length > 0) windows[windows.length - 1] = (windows.at(-1) as bigint) + sum(sim.gas.entries.slice(drained).map((e) => e.gasUsed))
  for (const [k, outcome] of intervals.entries()) outcome.gasUsed = windows[k] ?? 0n

  // Final balances straight from the chain: one call per profile.
  for (const outcome of outcomes) {
    const profile = await sim.chain.call({ ...sim.contracts.profile, functionName: 'profileOf', args: [outcome.tokenId] })
    outcome.collateralWei = profile.collateralWei
  }
  const gasByToken = sim.gas.byToken()
  for (const outcome of outcomes) outcome.gasUsed = gasByToken.get(outcome.tokenId)?.total ?? 0n

  const all = sim.gas.entries
  const largest = all.reduce<GasEntry | undefined>((max, e) => (SETUP_OPERATIONS.has(e.operation) || (max !== undefined && e.gasUsed <= max.gasUsed) ? max : e), undefined)
  const heldWei = await sim.heldWei()
  timing.totalMs = performance.now() - started
  report({ phase: 'done', completed: totalSteps, total: totalSteps })

  return {
    name: resolved.name,
    seed: resolved.seed,
    userCount: usersSpec.count,
    intervalCount: resolved.intervals,
    mechanism: sim.mechanism.name,
    keeper: { ...keeper },
    gas: sim.gas.table(),
    maxTransactionGas: {
      operation: largest?.operation ?? '',
      gasUsed: largest?.gasUsed ?? 0n,
      transactionGasCap: maxTransactionGas(hardfork, BLOCK_GAS_LIMIT),
      blockGasLimit: BLOCK_GAS_LIMIT,
    },
    intervals,
    users: outcomes,
    totals: {
      transactions: all.length,
      gasUsed: sum(all.map((e) => e.gasUsed)),
      commitments: intervals.reduce((n, o) => n + o.commitments, 0),
      tradedWh: sum(intervals.map((o) => o.tradedWh)),
      tradedValueWei: sum(intervals.map((o) => o.tradedValueWei)),
      heldWei,
      collateralWei: sum(outcomes.map((o) => o.collateralWei)),
    },
    timing,
  }
}

/** Whether a value is a resolved {@link Scenario} rather than a definition. */
export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && (value as { resolved?: unknown }).resolved === true
}

function sum(values: readonly bigint[]): bigint {
  let total = 0n
  for (const value of values) total += value
  return total
}
