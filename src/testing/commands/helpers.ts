import type * as fc from 'fast-check'
import { encodeFunctionData } from 'viem'
import type { AddressHex, Hex } from '../../chain/types.js'
import type { DemSimulator } from '../../market/DemSimulator.js'
import type { Receipt } from '../../chain/types.js'
import { MARKET_CORE_ABI } from '../../mechanisms/marketCoreAbi.js'
import type { User } from '../../market/types.js'
import type { IntervalPhase } from '../../mechanisms/contractEnums.js'
import { OperationRolledBackError } from '../../market/OperationRolledBackError.js'
import { KeeperWaitError } from '../../mechanisms/KeeperWaitError.js'
import type { MarketModel } from '../MarketModel.js'
import type { ModelTrade } from '../model/ModelState.js'
import { ModelFailure } from '../ModelFailure.js'
import type { CommandEffects, MarketRun, MarketRunModel } from '../MarketRun.js'
import { readRound } from '../../mechanisms/readRound.js'
import { attempt, expectSameOutcome, predict, type Outcome } from '../outcomes.js'

/** A model-based command over the market: fast-check's `AsyncCommand` on the model and the run. */
export type MarketCommand = fc.AsyncCommand<MarketRunModel, MarketRun>

/** Which interval a command names, resolved when it runs (commands are generated before the state exists). */
export type IntervalTarget =
  | { kind: 'relative'; offset: number }
  | { kind: 'touched'; index: number }
  | { kind: 'absolute'; interval: number }
  /** The latest closed interval that has commitments and is not settled or expired yet (else the one just closed). */
  | { kind: 'recent' }

/** The interval `target` means now. */
export function resolveInterval(model: MarketModel, target: IntervalTarget): number {
  switch (target.kind) {
    case 'relative':
      return Math.max(0, model.currentInterval + target.offset)
    case 'touched': {
      const touched = model.touchedIntervals
      return touched.length === 0
        ? Math.max(0, model.currentInterval - 1)
        : (touched[target.index % touched.length] as number)
    }
    case 'absolute':
      return target.interval
    case 'recent': {
      // Readings of a mechanism with a settlement lag are final only that many intervals later.
      const current = model.currentInterval - model.settlementLagIntervals
      const open = new Set<number>()
      for (const c of [...model.commitments(), ...model.orders()]) {
        if (c.interval >= current) continue
        const phase = model.interval(c.interval).phase
        if (phase !== 'settled' && phase !== 'expired' && phase !== 'expiring') open.add(c.interval)
      }
      return open.size === 0 ? Math.max(0, current - 1) : Math.max(...open)
    }
  }
}

export function describeTarget(target: IntervalTarget): string {
  switch (target.kind) {
    case 'relative':
      return target.offset === 0 ? 'current' : `current${target.offset > 0 ? '+' : ''}${target.offset}`
    case 'touched':
      return `touched#${target.index}`
    case 'absolute':
      return String(target.interval)
    case 'recent':
      return 'recent'
  }
}

/** The user a generated index means now (users are registered during the run). */
export function resolveUser(m: Readonly<MarketRunModel>, index: number): User {
  return m.users[index % m.users.length] as User
}

/**
 * Runs a model prediction and the simulator operation, and throws unless both succeed or both
 * fail the same way. `model` may make several model transactions (for a simulator call that
 * sends several); `steps` counts those that succeeded before any failure.
 */
export async function both<P, R>(
  what: string,
  model: (steps: { count: number }) => P,
  real: () => Promise<R>,
): Promise<{ predicted: Outcome<P>; actual: Outcome<R>; modelSteps: number }> {
  const steps = { count: 0 }
  const predicted = predict(() => model(steps))
  const actual = await attempt(real)
  expectSameOutcome(what, predicted, actual)
  return { predicted, actual, modelSteps: steps.count }
}

/** Runs one model transaction as a step of a multi-transaction operation. */
export function step<T>(steps: { count: number }, operation: () => T): T {
  const value = operation()
  steps.count += 1
  return value
}

/** Receipts of a failed operation's last transaction (a mined revert still has one). */
export function receiptsOf(outcome: Outcome<unknown>): Receipt[] {
  if (outcome.ok) return []
  const receipt = (outcome.error as { receipt?: Receipt } | undefined)?.receipt
  return receipt === undefined ? [] : [receipt]
}

/**
 * Throws unless the chain settled every commitment as the model's clearing rule says, naming the
 * first commitment whose trade differs (or that only one side settled).
 */
export function expectSameTrades<T extends { commitmentId: bigint }>(
  what: string,
  expected: readonly T[],
  actual: readonly T[],
): void {
  const chain = new Map(actual.map((t) => [t.commitmentId, t]))
  const model = new Map(expected.map((t) => [t.commitmentId, t]))
  for (const id of [...new Set([...model.keys(), ...chain.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
    const e = model.get(id)
    const a = chain.get(id)
    if (stringify(e) !== stringify(a)) {
      throw new Error(
        `${what}: commitment ${id} is the first whose trade differs — the mechanism's rules say ${e === undefined ? 'no trade' : stringify(e)}, the contract ${a === undefined ? 'settled none' : stringify(a)}`,
      )
    }
  }
}

/** Throws unless two values are deeply equal (bigints by value), with a message naming `what`. */
export function expectEqual(what: string, expected: unknown, actual: unknown): void {
  const e = stringify(expected)
  const a = stringify(actual)
  if (e !== a) throw new Error(`${what}: the model expected ${e}, the chain gave ${a}`)
}

export function stringify(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
}

/** The tokens whose collateral the trades move. */
export function tokensOf(trades: readonly ModelTrade[]): bigint[] {
  return [...new Set(trades.map((t) => t.tokenId))]
}

/** Every profile with a commitment in `interval`'s book: a settle call may move any of their collateral, partial payments included. */
export function bookTokens(model: MarketModel, interval: number): bigint[] {
  const { producers, consumers } = model.interval(interval)
  return [...new Set([...producers, ...consumers].map((id) => (model.commitment(id) as { tokenId: bigint }).tokenId))]
}

/**
 * Applies to the model what keeper transactions did on chain (their events, and the phases they
 * left `intervals` in), checked against the mechanism's rules; throws naming the command when
 * they break them.
 */
export async function applyKeeperProgress(
  m: MarketRunModel,
  r: MarketRun,
  what: string,
  receipts: readonly Receipt[],
  intervals: readonly number[],
): Promise<void> {
  const { sim } = r
  const phases = new Map<number, IntervalPhase>()
  for (const interval of new Set(intervals)) {
    if (!Number.isInteger(interval) || interval < 0 || interval > 0xffffffff) continue
    phases.set(interval, (await readRound(sim.chain, sim.contracts.market.address, interval)).phase)
  }
  try {
    m.model.applyProgress(
      receipts.flatMap((receipt) => receipt.logs),
      phases,
    )
  } catch (error) {
    throw new Error(
      `${what}: the keeper's calls broke the mechanism's rules (invariant 6): ${(error as Error).message}`,
    )
  }
}

/**
 * Runs a keeper step and returns the {@link KeeperWaitError} it threw (itself, or as the cause of a
 * rollback) instead of its result, once the chain confirms the wait (see {@link expectKeeperWait}); any other error propagates.
 */
export async function orWait<T>(
  r: MarketRun,
  what: string,
  interval: number,
  step: () => Promise<T>,
): Promise<{ value: T; wait?: undefined } | { value?: undefined; wait: KeeperWaitError }> {
  try {
    return { value: await step() }
  } catch (error) {
    // A simulator operation that had sent something first is rolled back, the wait its cause.
    const wait = error instanceof OperationRolledBackError ? error.cause : error
    if (!(wait instanceof KeeperWaitError)) throw error
    await expectKeeperWait(r, what, interval, wait)
    return { wait }
  }
}

/**
 * Throws unless the chain calls for the keeper's wait: the interval is clearing (the phase a
 * mechanism prepares), the wait is still ahead, and — on a market whose ABI says who holds its
 * ranking (`rankingOf`) — another account holds it until exactly then.
 */
export async function expectKeeperWait(
  r: MarketRun,
  what: string,
  interval: number,
  error: KeeperWaitError,
): Promise<void> {
  const { sim } = r
  const fail = (why: string): never => {
    throw new Error(`${what}: the keeper waited (${error.shortMessage}), but ${why}`, { cause: error })
  }
  if (error.interval !== interval) fail(`for interval ${error.interval}, not ${interval}`)
  const { phase } = await readRound(sim.chain, sim.contracts.market.address, interval)
  if (phase !== 'clearing') fail(`the interval is ${phase}`)
  if (error.retryAt <= sim.chain.timestamp)
    fail(`its wait ended at ${error.retryAt}, before now (${sim.chain.timestamp})`)
  const market = { address: sim.contracts.market.address, abi: sim.mechanism.market.abi }
  if (!market.abi.some((item) => item.type === 'function' && item.name === 'rankingOf')) return
  const { ranker, rankedAt } = (await sim.chain.call({
    ...market,
    functionName: 'rankingOf',
    args: [interval],
  } as never)) as {
    ranker: string
    rankedAt: bigint
  }
  if (ranker.toLowerCase() === sim.roles.keeper.toLowerCase()) fail('the keeper holds the ranking itself')
  if (rankedAt + sim.intervalSeconds !== error.retryAt)
    fail(`the ranking is held until ${rankedAt + sim.intervalSeconds}, not ${error.retryAt}`)
}

/** Counts a keeper's wait in the run's statistics, beside the failures. */
export function countWait(r: MarketRun, wait: KeeperWaitError): void {
  r.stats.byError[wait.name] = (r.stats.byError[wait.name] ?? 0) + 1
}

/** An `InvalidArgumentError` the simulator throws before sending anything. */
export function invalidArgument(reason: string): never {
  throw new ModelFailure({ kind: 'invalidArgument', reason })
}

/** Records a finished command on the run, observing and checking everything; `outcome` is counted in the run's statistics. */
export function finish(
  m: MarketRunModel,
  r: MarketRun,
  command: MarketCommand,
  effects: CommandEffects,
  outcome?: Outcome<unknown>,
): Promise<unknown> {
  let failure: string | undefined
  if (outcome !== undefined && !outcome.ok) {
    failure =
      outcome.failure.kind === 'reverted' ? (outcome.failure.errorName ?? 'revert without data') : outcome.failure.kind
    r.stats.failedCommands += 1
    r.stats.byError[failure] = (r.stats.byError[failure] ?? 0) + 1
  }
  return r.afterCommand(m, command.toString(), { ...effects, failure })
}

/**
 * The calldata of a market call that reads `interval`'s book, as anyone who read the pool's
 * `OrdersFiled` events sends it: wrapped in `withOrders(segments, call)` when the interval holds
 * signed orders (their words live only in those segments), else as it is.
 */
export function marketCallData(sim: DemSimulator, interval: number, data: Hex): Hex {
  const segments = sim.orders.forInterval(interval)
  if (segments.length === 0) return data
  return encodeFunctionData({ abi: MARKET_CORE_ABI, functionName: 'withOrders', args: [segments, data] })
}

/** Sends a keeper call of the market for `interval` from `from` (see {@link marketCallData}); the gas ledger does not record it. */
export function sendMarketCall(
  sim: DemSimulator,
  interval: number,
  call: { functionName: string; args: readonly unknown[] },
  from: AddressHex = sim.roles.keeper,
): Promise<Receipt> {
  const data = encodeFunctionData({ abi: sim.contracts.market.abi, ...call } as never)
  return sim.chain.sendTransaction({
    from,
    to: sim.contracts.market.address,
    data: marketCallData(sim, interval, data),
  })
}
