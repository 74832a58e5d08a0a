import { createRunStats, type MarketRunStats } from './MarketRunStats.js'
import { OSAKA_TRANSACTION_GAS_CAP } from '../chain/hardforks.js'
import type { AddressHex, Receipt } from '../chain/types.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import type { User } from '../market/types.js'
import type { OrderWallet } from './commands/orderCommands.js'
import type { MarketModel } from './MarketModel.js'
import { ORDER_ID_OFFSET } from './model/MarketBookModel.js'
import type { MaliciousReceiver } from './deployMaliciousReceiver.js'
import { diffObservations } from './diffObservations.js'
import type { MarketObservation, ObservationScope } from './types.js'

/** The hostile account: an EOA that is no registered user, and optionally its malicious receiver contract. */
export type HostileAccount = {
  address: AddressHex
  receiver: MaliciousReceiver | undefined
}

/** The model side of a run: the reference model and the users both sides know. */
export type MarketRunModel = {
  model: MarketModel
  /** Users registered through `sim.addUser` during the run, in order. */
  users: User[]
  hostile: HostileAccount | undefined
  /** Signed orders' off-chain side (batches signed, each profile's next nonce), once a command signs one. */
  orderWallet?: OrderWallet
}

/** What a command reports about what it did, so the run knows what to observe and check. */
export type CommandEffects = {
  /** The command's first transaction failed: nothing at all may have changed. */
  failedFirst?: boolean
  /** Profiles whose ownership, depositor or approval may have changed. */
  ownership?: readonly bigint[]
  /** Profiles whose collateral may change by this command (their controller's deposits and withdrawals, or settlement). */
  valueMovers?: readonly bigint[]
  /** Intervals the command worked on. */
  intervals?: readonly number[]
  /** Commitments it created. */
  newCommitments?: readonly bigint[]
  /** Receipts of the transactions it sent, to check the events (settled at most once, Σ paid = Σ received). */
  receipts?: readonly Receipt[]
  /** Sent by the hostile account and not a keeper call anyone may make: no one else's state may change. */
  hostileOnly?: boolean
  /** How the command's operation failed, if it did (for traces). */
  failure?: string
}

/** A check run after every command, on the chain's state; throw to fail the run. */
export type MarketInvariant = (context: InvariantContext) => void | Promise<void>

/** What an invariant sees after a command. */
export type InvariantContext = {
  sim: DemSimulator
  model: MarketModel
  /** The chain's state after the command (what the scope covered). */
  observation: MarketObservation
  /** The chain's state after the previous command, if observed. */
  previous: MarketObservation | undefined
  /** The command that just ran (its `toString()`). */
  command: string
  effects: CommandEffects
}

export type MarketRunOptions = {
  /** Observe everything (ownership, terms, books, final commitments and intervals) every this many commands. Default 8. */
  fullCheckEvery?: number
  /** Checks of your own, run after every command besides the built-in ones. */
  invariants?: readonly MarketInvariant[]
  /** Reads the chain's state: the runner passes {@link observeMarketStorage} unless told otherwise. */
  observe: (sim: DemSimulator, scope: ObservationScope) => Promise<MarketObservation>
  stats?: MarketRunStats
  /** Called with a line per command, e.g. `console.log`, to follow a run. */
  trace?: (line: string) => void
  /** The hostile account's value (ETH and collateral) when the run starts. */
  hostileStartWei?: bigint
}

/**
 * The real side of a model-based run: the simulator plus everything the built-in checks keep
 * between commands (the last observation, the commitments seen settled, the hostile account's
 * legitimate gains). Commands call {@link MarketRun.afterCommand} when they are done.
 */
export class MarketRun {
  readonly sim: DemSimulator
  readonly hostile: HostileAccount | undefined
  readonly stats: MarketRunStats
  readonly #options: Required<Omit<MarketRunOptions, 'stats' | 'hostileStartWei' | 'trace'>> &
    Pick<MarketRunOptions, 'trace'>
  #index = 0
  #previous: { scope: ObservationScope; observation: MarketObservation } | undefined
  /** Commitment ids seen in `CommitmentSettled` events: each may appear once (invariant 5). */
  readonly #settled = new Set<bigint>()
  /** Per interval, Σ paid by consumers and Σ received by producers so far, from the events (invariant 4). */
  readonly #flows = new Map<number, { paid: bigint; received: bigint }>()
  /** Commitments last observed settled or expired: they stay so. */
  readonly #final = new Map<bigint, string>()
  /** The hostile account's value at the start, plus what it legitimately earned or paid by trading. */
  #hostileBaselineWei: bigint | undefined
  /** The model's whole state after the previous command, to tell what a command changed. */
  #modelBefore:
    | {
        observation: MarketObservation
        serialized: {
          profiles: Map<bigint, string>
          commitments: Map<bigint, string>
          intervals: Map<number, string>
        }
      }
    | undefined
  /** Per interval, the gas of the hostile account's out-of-turn keeper calls on it, and whether one went through. */
  readonly #griefing = new Map<number, { gasUsed: bigint; interfered: boolean }>()
  /** Transactions sent so far in this run, and the gas they used. */
  transactions = 0
  gasUsed = 0n

  constructor(sim: DemSimulator, hostile: HostileAccount | undefined, options: MarketRunOptions) {
    this.sim = sim
    this.hostile = hostile
    this.stats = options.stats ?? createRunStats()
    this.#options = {
      fullCheckEvery: options.fullCheckEvery ?? 8,
      invariants: options.invariants ?? [],
      observe: options.observe,
      trace: options.trace,
    }
    this.#hostileBaselineWei = options.hostileStartWei
  }

  /** Counts `gasUsed` of a hostile keeper call on `interval` as a griefer's; `succeeded` when it went through. */
  noteGriefing(interval: number, gasUsed: bigint, succeeded: boolean): void {
    const before = this.#griefing.get(interval) ?? { gasUsed: 0n, interfered: false }
    this.#griefing.set(interval, { gasUsed: before.gasUsed + gasUsed, interfered: before.interfered || succeeded })
  }

  /**
   * Once the run is over: for every interval the hostile account interfered with (one of its calls
   * went through), all its calls' gas there against
   * the keeper's preparation gas there (every keeper transaction on the interval in the ledger
   * since `ledgerMark` but its settle and expiry calls), kept in the statistics when it is the
   * lowest ratio so far; an interval that expired unsettled is counted instead.
   */
  recordGriefing(model: MarketModel, ledgerMark: number): void {
    const keeper = this.sim.roles.keeper.toLowerCase()
    const keeperGas = new Map<number, bigint>()
    for (const entry of this.sim.gas.entries.slice(ledgerMark)) {
      if (entry.interval === undefined || entry.from.toLowerCase() !== keeper) continue
      if (entry.operation === 'settle' || entry.operation === 'expireInterval') continue
      keeperGas.set(entry.interval, (keeperGas.get(entry.interval) ?? 0n) + entry.gasUsed)
    }
    for (const [interval, { gasUsed: attackerGas, interfered }] of this.#griefing) {
      if (!interfered) continue
      if (model.interval(interval).phase === 'expired') {
        this.stats.griefedExpired = (this.stats.griefedExpired ?? 0) + 1
        continue
      }
      const gas = keeperGas.get(interval) ?? 0n
      const worst = this.stats.worstGriefing
      if (gas > 0n && (worst === undefined || attackerGas * worst.keeperGas < worst.attackerGas * gas))
        this.stats.worstGriefing = { interval, attackerGas, keeperGas: gas }
    }
  }

  /** The hostile account's addresses, lower case. */
  hostileAddresses(): string[] {
    if (this.hostile === undefined) return []
    return [this.hostile.address, ...(this.hostile.receiver ? [this.hostile.receiver.address] : [])].map((a) =>
      a.toLowerCase(),
    )
  }

  /**
   * Observes the chain, compares it with the model and checks every invariant; throws a readable
   * error naming the command and the differences. `full` observes everything.
   */
  async afterCommand(
    m: MarketRunModel,
    command: string,
    effects: CommandEffects,
    full = false,
  ): Promise<MarketObservation> {
    const name = command.split('(')[0] ?? command
    this.stats.commands += 1
    this.stats.byCommand[name] = (this.stats.byCommand[name] ?? 0) + 1
    this.#index += 1
    const model = m.model
    const isFull = full || this.#index % this.#options.fullCheckEvery === 0
    // A command that changed nothing is observed exactly as the previous one was, and must equal it.
    const scope =
      effects.failedFirst && this.#previous !== undefined && !isFull
        ? this.#previous.scope
        : this.#scopeFor(model, effects, isFull)
    const observeStarted = performance.now()
    const observation = await this.#options.observe(this.sim, scope)
    this.stats.observeMs += performance.now() - observeStarted
    if (this.#options.trace)
      this.#options.trace(`#${this.#index} ${command}${effects.failure === undefined ? '' : ` → ${effects.failure}`}`)
    this.stats.observations += 1
    if (isFull) this.stats.fullObservations += 1

    const fail = (what: string, lines: readonly string[]): never => {
      throw new Error(
        `after command #${this.#index} ${command}: ${what}\n  ${lines.slice(0, 20).join('\n  ')}${lines.length > 20 ? `\n  … ${lines.length - 20} more` : ''}`,
      )
    }

    // Invariant 6: the chain equals the reference model.
    const differences = diffObservations(model.observe(scope), observation)
    if (differences.length > 0) fail('the chain differs from the reference model (invariant 6)', differences)

    // Invariant 7: a failed operation changed nothing.
    const previous = this.#previous
    if (effects.failedFirst && previous !== undefined && scope === previous.scope) {
      // The clock is not state a transaction changes (a command may move it before its transaction).
      const changed = diffObservations({ ...previous.observation, timestamp: 0n }, { ...observation, timestamp: 0n })
      if (changed.length > 0) fail('a failed operation changed the state (invariant 7)', changed)
    }

    this.#checkValue(observation, fail)
    this.#checkIntervals(observation, fail)
    this.#checkEvents(model, effects, fail)
    this.#checkFinality(observation, fail)
    if (previous !== undefined) this.#checkMovers(model, previous.observation, observation, effects, fail)
    if (this.hostile !== undefined) this.#checkHostile(model, previous?.observation, observation, effects, fail)

    for (const invariant of this.#options.invariants) {
      await invariant({ sim: this.sim, model, observation, previous: previous?.observation, command, effects })
    }
    this.#previous = { scope, observation }
    return observation
  }

  /**
   * What to read after a command: everything when `full`; otherwise every profile (for the value
   * invariants), and every other part the model says the command changed, or the command names.
   */
  #scopeFor(model: MarketModel, effects: CommandEffects, full: boolean): ObservationScope {
    const hostile = new Set(this.hostileAddresses())
    const accounts = model.knownAccounts.filter((a) => !this.#isContract(a) || hostile.has(a))
    const now = model.observe({ ownership: true, commitmentTerms: true, intervals: model.touchedIntervals, accounts })
    // Each item serialized once, kept for the next command to compare with.
    const serialized = {
      profiles: serialize(now.profiles, (p) => p.tokenId),
      commitments: serialize(now.commitments, (c) => c.commitmentId),
      intervals: serialize(now.intervals, (i) => i.interval),
    }
    const before = this.#modelBefore
    this.#modelBefore = { observation: now, serialized }
    if (full || before === undefined) {
      return { ownership: true, commitmentTerms: true, intervals: model.touchedIntervals, accounts }
    }
    const changed = <K>(items: Map<K, string>, previous: Map<K, string>): K[] =>
      [...items].filter(([key, item]) => previous.get(key) !== item).map(([key]) => key)
    const owners = new Set<bigint>([
      ...(effects.ownership ?? []),
      ...changed(serialized.profiles, before.serialized.profiles),
    ])
    const commitments = new Set<bigint>([
      ...(effects.newCommitments ?? []),
      ...changed(serialized.commitments, before.serialized.commitments),
    ])
    const intervals = new Set<number>([
      ...(effects.intervals ?? []),
      ...changed(serialized.intervals, before.serialized.intervals),
    ])
    const sorted = <T extends bigint | number>(items: Set<T>): T[] =>
      [...items].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    return {
      ownership: sorted(owners),
      commitmentIds: sorted(commitments),
      commitmentTerms: [...(effects.newCommitments ?? [])],
      intervals: sorted(intervals),
      accounts,
      feeds: diffObservations(before.observation.feeds, now.feeds).length > 0,
    }
  }

  #isContract(account: string): boolean {
    const { profile, pool, market } = this.sim.contracts
    return [profile.address, pool.address, market.address].some((a) => a.toLowerCase() === account)
  }

  /** Invariants 1 and 2: ETH held = Σ collateral + the clearing account, nothing negative, locked ≤ collateral. */
  #checkValue(o: MarketObservation, fail: (what: string, lines: readonly string[]) => never): void {
    if (o.profiles.length !== Number(o.lastTokenId)) return
    const total = o.profiles.reduce((sum, p) => sum + p.collateralWei, 0n) + o.clearingWei
    if (o.heldWei.profile !== total)
      fail('ETH held by the profile contract ≠ Σ collateral + clearing account (invariant 1)', [
        `held ${o.heldWei.profile}, Σ collateral + clearing ${total}`,
      ])
    if (o.heldWei.pool !== 0n || o.heldWei.market !== 0n)
      fail('the pool or market holds ETH (invariant 1)', [`pool ${o.heldWei.pool}, market ${o.heldWei.market}`])
    const bad = o.profiles.filter(
      (p) => p.collateralWei < 0n || p.lockedWei < 0n || p.lockedWei > p.collateralWei || p.openCommitments < 0,
    )
    if (bad.length > 0)
      fail(
        'a profile has negative or over-locked collateral (invariant 2)',
        bad.map(
          (p) =>
            `profile ${p.tokenId}: collateral ${p.collateralWei}, locked ${p.lockedWei}, open ${p.openCommitments}`,
        ),
      )
  }

  /** Invariant 3: traded ≤ min(S, D, P, C), committed and metered. */
  #checkIntervals(o: MarketObservation, fail: (what: string, lines: readonly string[]) => never): void {
    const lines: string[] = []
    for (const i of o.intervals) {
      const { totals } = i
      const bound = [
        totals.committedProductionWh,
        totals.committedConsumptionWh,
        totals.producedWh,
        totals.consumedWh,
      ].reduce((x, y) => (x < y ? x : y))
      if (totals.tradedWh > bound)
        lines.push(`interval ${i.interval}: traded ${totals.tradedWh} > min(S, D, P, C) = ${bound}`)
    }
    if (lines.length > 0) fail('traded energy above its bound (invariant 3)', lines)
  }

  /** Invariants 4 and 5 from the receipts' events: Σ paid = Σ received + what the mechanism keeps, per interval; each commitment settled once. */
  #checkEvents(
    model: MarketModel,
    effects: CommandEffects,
    fail: (what: string, lines: readonly string[]) => never,
  ): void {
    for (const receipt of effects.receipts ?? []) {
      this.transactions += 1
      this.gasUsed += receipt.gasUsed
      this.stats.transactions += 1
      if (receipt.gasUsed > OSAKA_TRANSACTION_GAS_CAP)
        fail('a transaction used more gas than EIP-7825 lets one transaction use (liveness)', [
          `${receipt.gasUsed} gas > ${OSAKA_TRANSACTION_GAS_CAP}`,
        ])
      for (const log of receipt.logs) {
        if (log.eventName === 'CommitmentSettled' && log.args !== undefined) {
          const id = log.args.commitmentId as bigint
          if (this.#settled.has(id)) fail('a commitment was settled twice (invariant 5)', [`commitment ${id}`])
          this.#settled.add(id)
          this.stats.settledCommitments += 1
          if (id >= ORDER_ID_OFFSET) {
            this.stats.settledOrders = (this.stats.settledOrders ?? 0) + 1
            if ((log.args.energyWh as bigint) > 0n) this.stats.tradedOrders = (this.stats.tradedOrders ?? 0) + 1
          }
          const c = model.commitment(id)
          if (c === undefined) fail('an unknown commitment was settled', [`commitment ${id}`])
          const flow = this.#flows.get(c.interval) ?? { paid: 0n, received: 0n }
          const amountWei = log.args.amountWei as bigint
          if (c.side === 'consumption') flow.paid += amountWei
          else flow.received += amountWei
          this.#flows.set(c.interval, flow)
          if (
            this.#hostileBaselineWei !== undefined &&
            this.hostileAddresses().includes(String(model.controllerOf(c.tokenId)))
          ) {
            this.#hostileBaselineWei += c.side === 'consumption' ? -amountWei : amountWei
          }
        } else if (log.eventName === 'IntervalCleared' && log.args !== undefined) {
          if ((log.args.tradedWh as bigint) > 0n) this.stats.tradingIntervals += 1
        } else if (log.eventName === 'IntervalSettled' && log.args !== undefined) {
          const interval = Number(log.args.interval)
          const flow = this.#flows.get(interval) ?? { paid: 0n, received: 0n }
          const { paidWei, receivedWei, surplusWei } = log.args as Record<string, bigint>
          this.stats.settledIntervals += 1
          if (flow.paid !== paidWei || flow.received !== receivedWei || flow.paid - flow.received !== surplusWei) {
            fail('Σ paid ≠ Σ received + surplus (invariant 4)', [
              `interval ${interval}: consumers paid ${flow.paid}, producers received ${flow.received}; IntervalSettled says ${paidWei} / ${receivedWei}, surplus ${surplusWei}`,
            ])
          }
        }
      }
    }
  }

  /** Invariant 5: a settled or expired commitment stays so. */
  #checkFinality(o: MarketObservation, fail: (what: string, lines: readonly string[]) => never): void {
    for (const c of o.commitments) {
      const before = this.#final.get(c.commitmentId)
      if (before !== undefined && before !== c.status)
        fail('a final commitment changed status (invariant 5)', [
          `commitment ${c.commitmentId}: ${before} → ${c.status}`,
        ])
      if (c.status === 'settled' || c.status === 'expired') this.#final.set(c.commitmentId, c.status)
    }
  }

  /** Invariant 2: a profile's collateral moves only by its controller or by settlement. */
  #checkMovers(
    model: MarketModel,
    before: MarketObservation,
    after: MarketObservation,
    effects: CommandEffects,
    fail: (what: string, lines: readonly string[]) => never,
  ): void {
    const allowed = new Set(effects.valueMovers ?? [])
    const previous = new Map(before.profiles.map((p) => [p.tokenId, p.collateralWei]))
    const moved = after.profiles.filter(
      (p) => previous.has(p.tokenId) && previous.get(p.tokenId) !== p.collateralWei && !allowed.has(p.tokenId),
    )
    if (moved.length > 0) {
      fail(
        'collateral moved without its controller or a settlement (invariant 2)',
        moved.map(
          (p) =>
            `profile ${p.tokenId} (controller ${model.controllerOf(p.tokenId)}): ${previous.get(p.tokenId)} → ${p.collateralWei}`,
        ),
      )
    }
  }

  /** The hostile account never gains value it did not earn by trading, and changes no one else's state. */
  #checkHostile(
    model: MarketModel,
    before: MarketObservation | undefined,
    after: MarketObservation,
    effects: CommandEffects,
    fail: (what: string, lines: readonly string[]) => never,
  ): void {
    const hostile = this.hostileAddresses()
    if (!hostile.every((a) => a in after.balances)) return
    const controlled = new Set(hostile.flatMap((a) => model.profilesControlledBy(a)))
    const collateral = after.profiles
      .filter((p) => controlled.has(p.tokenId))
      .reduce((sum, p) => sum + p.collateralWei, 0n)
    if (after.profiles.length !== Number(after.lastTokenId)) return
    const value = hostile.reduce((sum, a) => sum + (after.balances[a] ?? 0n), 0n) + collateral
    if (this.#hostileBaselineWei !== undefined && value !== this.#hostileBaselineWei) {
      fail('the hostile account gained or lost value other than by trading', [
        `value ${value}, expected ${this.#hostileBaselineWei}`,
      ])
    }
    if (effects.hostileOnly && before !== undefined) {
      // Everything of everyone else that both observations cover.
      const others = (o: MarketObservation, other: MarketObservation) => ({
        profiles: o.profiles.filter(
          (p) => !controlled.has(p.tokenId) && other.profiles.some((q) => q.tokenId === p.tokenId),
        ),
        commitments: o.commitments.filter((c) => {
          const terms = model.commitment(c.commitmentId)
          return (
            terms !== undefined &&
            !controlled.has(terms.tokenId) &&
            other.commitments.some((d) => d.commitmentId === c.commitmentId)
          )
        }),
        intervals: o.intervals.filter((i) => other.intervals.some((j) => j.interval === i.interval)),
        balances: Object.fromEntries(
          Object.entries(o.balances).filter(([a]) => !hostile.includes(a) && a in other.balances),
        ),
      })
      const [x, y] = sharedParts(others(before, after), others(after, before))
      const changed = diffObservations(x, y)
      if (changed.length > 0) fail("the hostile account changed another user's state", changed)
    }
  }
}

/** Each item's JSON (bigints as decimal strings) by its key. */
function serialize<T, K extends bigint | number>(items: readonly T[], key: (item: T) => K): Map<K, string> {
  return new Map(
    items.map((item) => [
      key(item),
      JSON.stringify(item, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    ]),
  )
}

/** The two values with only the object keys both have, recursively (observations of different scopes compared on what both read). */
function sharedParts(x: unknown, y: unknown): [unknown, unknown] {
  if (Array.isArray(x) && Array.isArray(y)) {
    const pairs = x.map((item, i) => sharedParts(item, y[i]))
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])]
  }
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') {
    const keys = Object.keys(x).filter((k) => k in y)
    const pairs = keys.map(
      (k) => [k, sharedParts((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k])] as const,
    )
    return [Object.fromEntries(pairs.map(([k, p]) => [k, p[0]])), Object.fromEntries(pairs.map(([k, p]) => [k, p[1]]))]
  }
  return [x, y]
}
