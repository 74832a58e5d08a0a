import type { AddressHex } from '../chain/types.js'
import { lockFor } from '../mechanisms/lockFor.js'
import type { CommitmentStatus, Side } from '../market/types.js'
import { type IntervalPhase, PHASES } from '../mechanisms/contractEnums.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import type { MarketErrorName } from '../mechanisms/marketCoreAbi.js'
import {
  type BookCommitment,
  type ClearingOutcome,
  type ClearingReadings,
  committedProduction,
  type IntervalBook,
} from '../mechanisms/clearing.js'
import { ModelFailure } from './ModelFailure.js'
import {
  ZERO_ADDRESS,
  type CommitmentObservation,
  type IntervalObservation,
  type MarketModelConfig,
  type MarketObservation,
  type ModelCommitment,
  type ModelProfile,
  type ModelRound,
  type ModelTotals,
  type ObservationScope,
  type ProfileObservation,
  scopeIncludes,
  stageOf,
} from './types.js'

const COLLATERAL_CAP_WEI = 2n ** 96n - 1n
const MAX_UINT24 = 2 ** 24 - 1
const MAX_UINT64 = 2n ** 64n - 1n
const MAX_UINT128 = 2n ** 128n - 1n
const MAX_INT192 = 2n ** 191n - 1n
const MIN_INT192 = -(2n ** 191n)
const MAX_ROUND_LOOKBACK = 64
const MAX_FEED_DECIMALS = 18
const MAX_COMMITMENT_ID = 2n ** 31n - 1n
/** Phases in which `settle` may be called (from `open` it starts the settlement). */
const SETTLE_FROM: readonly IntervalPhase[] = ['open', 'filing', 'clearing', 'paying']
/** Phases from which `expireInterval` may start an expiry, once end + grace period has passed. */
const EXPIRE_FROM: readonly IntervalPhase[] = ['open', 'filing', 'clearing']

/** A market error of the core namespace, with the arguments the contract reverts with. */
const marketError = (name: MarketErrorName, args: Record<string, unknown>): ModelFailure =>
  ModelFailure.revert(name, args)

/** The three feeds the market reads. */
export type FeedName = 'price' | 'produced' | 'consumed'

/** One commitment's outcome at settlement, in the order the contract emits `CommitmentSettled`. */
export type ModelTrade = {
  commitmentId: bigint
  tokenId: bigint
  side: Side
  energyWh: bigint
  amountWei: bigint
}

/** Who receives ETH that a profile's collateral withdrawal sends, for modelling contract recipients. */
export type ReceiveHook = (amountWei: bigint) => void

/** An interval as the model keeps it: its phase, its books, its readings and what is settled so far. */
export type ModelInterval = {
  phase: IntervalPhase
  /** Filed commitment ids per side, in filing order. */
  producers: bigint[]
  consumers: bigint[]
  /** Commitments created before this id belong to the settlement (set when it starts). */
  barrier: number
  readings: Omit<ClearingReadings, 'deliveredWh'> | undefined
  /** The clearing rule's outcome, once the book is complete. */
  outcome: ClearingOutcome | undefined
  /** Filed commitments settled or released so far. */
  closed: Set<bigint>
  paidWei: bigint
  receivedWei: bigint
}

type ModelState = {
  timestamp: bigint
  lastTokenId: bigint
  profiles: Map<bigint, ModelProfile>
  /** `${owner}|${operator}` for every ERC-721 operator approval. */
  operators: Set<string>
  commitments: ModelCommitment[]
  bufferCursor: number
  intervals: Map<number, ModelInterval>
  totals: Map<number, ModelTotals>
  rounds: Record<FeedName, ModelRound[]>
  /** Per interval, each profile's reported delivery (mechanisms with a meter). */
  deliveries: Map<number, Map<bigint, bigint>>
  /** Intervals whose deliveries the reporter finalized. */
  finalized: Set<number>
  /** `${interval}|${tokenId}` of every filed production commitment (one per profile and interval where the mechanism says so). */
  producing: Set<string>
  clearingWei: bigint
  /** ETH balances of every account the model knows, the contracts included. */
  balances: Map<string, bigint>
  /** Intervals any operation named, so observations cover them. */
  touched: Set<number>
}

/**
 * The reference model of a market mechanism (docs/design.md §2 and §5): plain bigint arithmetic,
 * no EVM, predicting operation by operation every profile's collateral (free and locked), every
 * commitment's status, every interval's stage, aggregates and trades, and which operations fail
 * with which custom error. It models outcomes, not bookkeeping: an interval's trades come from the
 * mechanism's pure `clear(book, readings)`; how far each keeper call gets through a settlement is
 * the contract's own business, taken from its events ({@link MarketModel.applyProgress}) and checked
 * against those trades.
 *
 * Each method is one transaction. A failing one throws {@link ModelFailure} and leaves the model
 * exactly as it was, as the chain does. Addresses are compared in lower case.
 *
 * @example
 * import { createMarketModel } from 'dem-sim/testing'
 * const model = createMarketModel(config, sim.mechanism)
 * model.addAccount(alice.address)
 * const tokenId = model.registerUser({ from: alice.address, valueWei: 10n ** 18n, inPool: true })
 * model.commit({ from: alice.address, tokenId, interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 100n })
 */
export function createMarketModel(config: MarketModelConfig, mechanism: MarketMechanism): MarketModel {
  return new MarketModel(config, mechanism)
}

export class MarketModel {
  readonly config: MarketModelConfig
  readonly #a: MarketModelConfig['addresses']
  readonly #readsPriceFeed: boolean
  readonly #clear: MarketMechanism['clear']
  readonly #settlementLag: number
  #s: ModelState

  constructor(config: MarketModelConfig, mechanism: MarketMechanism) {
    if (config.priceDecimals > MAX_FEED_DECIMALS || config.energyDecimals > MAX_FEED_DECIMALS) {
      throw new RangeError('feed decimals above 18 are not modelled')
    }
    const lower = Object.fromEntries(
      Object.entries(config.addresses).map(([k, v]) => [k, v.toLowerCase()]),
    ) as MarketModelConfig['addresses']
    this.config = { ...config, addresses: lower }
    this.#a = lower
    this.#readsPriceFeed = mechanism.readsPriceFeed
    this.#clear = mechanism.clear
    this.#settlementLag = mechanism.settlementLagIntervals
    this.#s = {
      timestamp: config.timestamp,
      lastTokenId: 0n,
      profiles: new Map(),
      operators: new Set(),
      commitments: [],
      bufferCursor: 0,
      intervals: new Map(),
      totals: new Map(),
      rounds: { price: [], produced: [], consumed: [] },
      deliveries: new Map(),
      finalized: new Set(),
      producing: new Set(),
      clearingWei: 0n,
      balances: new Map([
        [lower.profile, 0n],
        [lower.pool, 0n],
        [lower.market, 0n],
      ]),
      touched: new Set(),
    }
  }

  // ------------------------------------------------------------------------------------------
  // Views
  // ------------------------------------------------------------------------------------------

  get timestamp(): bigint {
    return this.#s.timestamp
  }

  /** The interval the next transaction falls in. */
  get currentInterval(): number {
    return Number((this.#s.timestamp - this.config.startTime) / this.config.intervalSeconds)
  }

  get lastTokenId(): bigint {
    return this.#s.lastTokenId
  }

  get commitmentCount(): number {
    return this.#s.commitments.length
  }

  get bufferCursor(): number {
    return this.#s.bufferCursor
  }

  get bufferLength(): number {
    return this.#s.commitments.length - this.#s.bufferCursor
  }

  /** ETH held by the profile contract: Σ collateral + the clearing account. */
  get heldWei(): bigint {
    return this.#s.balances.get(this.#a.profile) ?? 0n
  }

  /** Intervals that must close after an interval before it can start settling (the mechanism's). */
  get settlementLagIntervals(): number {
    return this.#settlementLag
  }

  /** Intervals that any operation named so far, ascending. */
  get touchedIntervals(): number[] {
    return [...this.#s.touched].sort((x, y) => x - y)
  }

  /** Accounts whose balance the model knows (lower case), the contracts included. */
  get knownAccounts(): AddressHex[] {
    return [...this.#s.balances.keys()] as AddressHex[]
  }

  intervalEnd(interval: number): bigint {
    return this.config.startTime + (BigInt(interval) + 1n) * this.config.intervalSeconds
  }

  profile(tokenId: bigint): Readonly<ModelProfile> | undefined {
    return this.#s.profiles.get(tokenId)
  }

  profiles(): readonly Readonly<ModelProfile>[] {
    return [...this.#s.profiles.keys()].map((tokenId) => this.profile(tokenId) as ModelProfile)
  }

  commitment(commitmentId: bigint): Readonly<ModelCommitment> | undefined {
    return this.#s.commitments[Number(commitmentId)]
  }

  commitments(): readonly Readonly<ModelCommitment>[] {
    return this.#s.commitments
  }

  /** As the market's `commitmentStatusOf`. */
  commitmentStatus(commitmentId: bigint): CommitmentStatus | 'none' {
    const c = commitmentId < 0n ? undefined : this.#s.commitments[Number(commitmentId)]
    if (c === undefined) return 'none'
    if (commitmentId >= BigInt(this.#s.bufferCursor)) return 'pending'
    if (c.expiredInBuffer) return 'expired'
    const phase = this.interval(c.interval).phase
    if (phase === 'settled') return 'settled'
    if (phase === 'expired') return 'expired'
    return 'filed'
  }

  interval(interval: number): Readonly<ModelInterval> {
    return this.#s.intervals.get(interval) ?? emptyInterval()
  }

  totals(interval: number): Readonly<ModelTotals> {
    return this.#s.totals.get(interval) ?? emptyTotals()
  }

  rounds(feed: FeedName): readonly ModelRound[] {
    return this.#s.rounds[feed]
  }

  balanceOf(account: string): bigint {
    return this.#s.balances.get(account.toLowerCase()) ?? 0n
  }

  /** Who acts for a profile: its depositor while escrowed, else its owner. */
  controllerOf(tokenId: bigint): AddressHex | undefined {
    const p = this.#s.profiles.get(tokenId)
    if (p === undefined) return undefined
    return p.owner === this.#a.pool ? p.depositor : p.owner
  }

  /** Profiles whose controller is `account`. */
  profilesControlledBy(account: string): bigint[] {
    const who = account.toLowerCase()
    return [...this.#s.profiles.values()].filter((p) => this.controllerOf(p.tokenId) === who).map((p) => p.tokenId)
  }

  // ------------------------------------------------------------------------------------------
  // Clock and accounts (not transactions)
  // ------------------------------------------------------------------------------------------

  /** Moves the clock, as `chain.setTime`; it never goes back. */
  setTime(timestamp: bigint): void {
    if (timestamp < this.#s.timestamp)
      throw new RangeError(`time cannot go back from ${this.#s.timestamp} to ${timestamp}`)
    this.#s.timestamp = timestamp
  }

  /** As `DemSimulator.advanceInterval`: to the start of the interval `intervals` later. */
  advanceInterval(intervals = 1): number {
    const target = this.config.startTime + BigInt(this.currentInterval + intervals) * this.config.intervalSeconds
    if (target > this.#s.timestamp) this.#s.timestamp = target
    return this.currentInterval
  }

  /** Makes an account known with `balanceWei` (default: the simulator's starting balance). */
  addAccount(account: string, balanceWei: bigint = this.config.accountBalanceWei): void {
    this.#s.balances.set(account.toLowerCase(), balanceWei)
  }

  /** Notes an interval an operation named, so observations include it. */
  touch(interval: number): void {
    if (Number.isInteger(interval) && interval >= 0 && interval <= 0xffffffff) this.#s.touched.add(interval)
  }

  // ------------------------------------------------------------------------------------------
  // Transactions
  // ------------------------------------------------------------------------------------------

  /**
   * Runs `operation` as one transaction: if it throws, the model is restored to before it. Nested
   * calls restore only their own part, as a reverted inner call does.
   */
  transaction<T>(operation: () => T): T {
    const saved = cloneState(this.#s)
    try {
      return operation()
    } catch (error) {
      this.#s = saved
      throw error
    }
  }

  /**
   * Runs `operation` and then undoes it whatever happens: what would it return, or how would it
   * fail, from the current state?
   */
  dryRun<T>(operation: () => T): T {
    const saved = cloneState(this.#s)
    try {
      return operation()
    } finally {
      this.#s = saved
    }
  }

  /** A plain ETH transfer between accounts (value only, no code run). */
  transfer(parameters: { from: string; to: string; valueWei: bigint }): void {
    this.transaction(() => this.#pay(parameters.from.toLowerCase(), parameters.to.toLowerCase(), parameters.valueWei))
  }

  /** `EnergyProfile.registerUser` / `registerUserInPool`: mints a profile with `valueWei` of collateral. */
  registerUser(parameters: {
    from: string
    valueWei: bigint
    location?: number
    energyType?: number
    inPool?: boolean
  }): bigint {
    const from = parameters.from.toLowerCase() as AddressHex
    return this.transaction(() => {
      this.#pay(from, this.#a.profile, parameters.valueWei)
      this.#checkCap()
      const tokenId = ++this.#s.lastTokenId
      const inPool = parameters.inPool ?? false
      this.#s.profiles.set(tokenId, {
        tokenId,
        owner: inPool ? this.#a.pool : from,
        depositor: inPool ? from : ZERO_ADDRESS,
        approved: ZERO_ADDRESS,
        collateralWei: parameters.valueWei,
        lockedWei: 0n,
        openCommitments: 0,
        location: parameters.location ?? 0,
        energyType: parameters.energyType ?? 0,
      })
      return tokenId
    })
  }

  /** ERC-721 `approve(to, tokenId)` sent by `from`. */
  approve(parameters: { from: string; to: string; tokenId: bigint }): void {
    const from = parameters.from.toLowerCase() as AddressHex
    this.transaction(() => {
      const p = this.#requireOwned(parameters.tokenId)
      if (p.owner !== from && !this.#s.operators.has(`${p.owner}|${from}`))
        throw ModelFailure.revert('ERC721InvalidApprover', { approver: from })
      p.approved = parameters.to.toLowerCase() as AddressHex
    })
  }

  /** ERC-721 `setApprovalForAll(operator, approved)` sent by `from`. */
  setApprovalForAll(parameters: { from: string; operator: string; approved: boolean }): void {
    const from = parameters.from.toLowerCase()
    const operator = parameters.operator.toLowerCase()
    this.transaction(() => {
      if (operator === ZERO_ADDRESS) throw ModelFailure.revert('ERC721InvalidOperator', { operator })
      if (parameters.approved) this.#s.operators.add(`${from}|${operator}`)
      else this.#s.operators.delete(`${from}|${operator}`)
    })
  }

  /**
   * ERC-721 `transferFrom(owner, to, tokenId)` sent by `sender`, or `safeTransferFrom` with
   * `safe` (the profile contract skips the receiver check for the pool; `acceptsTokens` says
   * whether a contract recipient answers `onERC721Received`).
   */
  transferFrom(parameters: {
    sender: string
    from: string
    to: string
    tokenId: bigint
    safe?: boolean
    recipientIsContract?: boolean
    acceptsTokens?: boolean
  }): void {
    const to = parameters.to.toLowerCase() as AddressHex
    this.transaction(() => {
      this.#transfer(
        parameters.sender.toLowerCase() as AddressHex,
        parameters.from.toLowerCase() as AddressHex,
        to,
        parameters.tokenId,
      )
      if (parameters.safe && to !== this.#a.pool && parameters.recipientIsContract && !parameters.acceptsTokens) {
        throw ModelFailure.revert('ERC721InvalidReceiver', { receiver: to })
      }
    })
  }

  /** `EnergyPool.deposit(tokenId)` sent by `from` (after approving the pool). */
  deposit(parameters: { from: string; tokenId: bigint }): void {
    this.transaction(() =>
      this.#transfer(this.#a.pool, parameters.from.toLowerCase() as AddressHex, this.#a.pool, parameters.tokenId),
    )
  }

  /** `EnergyPool.withdraw(tokenId)` sent by `from`. */
  withdraw(parameters: { from: string; tokenId: bigint }): void {
    const from = parameters.from.toLowerCase()
    this.transaction(() => {
      const depositor = this.#s.profiles.get(parameters.tokenId)?.depositor ?? ZERO_ADDRESS
      if (depositor !== from)
        throw ModelFailure.revert('EnergyPoolNotDepositor', { caller: from, tokenId: parameters.tokenId, depositor })
      this.#transfer(this.#a.pool, this.#a.pool, depositor, parameters.tokenId)
    })
  }

  /** `EnergyProfile.addCollateral(tokenId)` with `valueWei`, sent by `from`. */
  addCollateral(parameters: { from: string; tokenId: bigint; valueWei: bigint }): void {
    const from = parameters.from.toLowerCase()
    this.transaction(() => {
      this.#pay(from, this.#a.profile, parameters.valueWei)
      const p = this.#checkController(parameters.tokenId, from)
      if (parameters.valueWei === 0n) throw ModelFailure.revert('EnergyProfileZeroAmount', {})
      this.#checkCap()
      p.collateralWei += parameters.valueWei
    })
  }

  /**
   * `EnergyProfile.withdrawCollateral(tokenId, amountWei)` sent by `from`. The ETH goes to the
   * controller; `onReceive`, when given, models a contract recipient's code (it may call back
   * into the model, and throw to refuse the payment).
   */
  withdrawCollateral(parameters: { from: string; tokenId: bigint; amountWei: bigint; onReceive?: ReceiveHook }): void {
    const from = parameters.from.toLowerCase() as AddressHex
    const { amountWei } = parameters
    this.transaction(() => {
      const p = this.#checkController(parameters.tokenId, from)
      if (amountWei === 0n) throw ModelFailure.revert('EnergyProfileZeroAmount', {})
      const availableWei = this.#availableWei(p)
      if (amountWei > availableWei) {
        throw ModelFailure.revert('EnergyProfileInsufficientCollateral', {
          tokenId: parameters.tokenId,
          availableWei,
          neededWei: amountWei,
        })
      }
      p.collateralWei -= amountWei
      this.#pay(this.#a.profile, from, amountWei)
      if (parameters.onReceive !== undefined) {
        this.#guarded = true
        try {
          parameters.onReceive(amountWei)
        } catch (error) {
          if (!(error instanceof ModelFailure)) throw error
          throw ModelFailure.revert('EnergyProfileTransferFailed', { to: from, amountWei })
        } finally {
          this.#guarded = false
        }
      }
    })
  }

  /** True while a collateral function runs: re-entering one reverts with `EnergyProfileReentrantCall`. */
  #guarded = false

  /** The reentrancy guard as a transaction sees it: throws if a collateral function is running. */
  checkNotReentered(): void {
    if (this.#guarded) throw ModelFailure.revert('EnergyProfileReentrantCall', {})
  }

  /** `EnergyPool.commit(...)` sent by `from`; returns the commitment id. */
  commit(parameters: {
    from: string
    tokenId: bigint
    interval: number
    energyWh: bigint
    side: Side
    limitPriceWeiPerKWh: bigint
  }): bigint {
    const from = parameters.from.toLowerCase()
    const { tokenId, interval, energyWh, side, limitPriceWeiPerKWh } = parameters
    this.touch(interval)
    return this.transaction(() => {
      if (energyWh === 0n) throw ModelFailure.revert('EnergyPoolZeroEnergy', {})
      if (side === 'consumption' && limitPriceWeiPerKWh === 0n)
        throw ModelFailure.revert('EnergyPoolZeroConsumerLimit', {})
      const current = this.currentInterval
      if (interval < current)
        throw ModelFailure.revert('EnergyPoolIntervalClosed', {
          interval: BigInt(interval),
          currentInterval: BigInt(current),
        })
      const lockedWei = side === 'consumption' ? lockFor(energyWh, limitPriceWeiPerKWh) : 0n
      const p = this.#s.profiles.get(tokenId)
      const depositor = p?.depositor ?? ZERO_ADDRESS
      if (p === undefined || depositor !== from || depositor === ZERO_ADDRESS) {
        throw ModelFailure.revert('EnergyProfileNotDepositor', { account: from, tokenId, depositor })
      }
      const availableWei = this.#availableWei(p)
      if (lockedWei > availableWei)
        throw ModelFailure.revert('EnergyProfileInsufficientCollateral', {
          tokenId,
          availableWei,
          neededWei: lockedWei,
        })
      if (p.openCommitments === MAX_UINT24)
        throw ModelFailure.revert('EnergyProfileTooManyOpenCommitments', { tokenId })
      const commitmentId = BigInt(this.#s.commitments.length)
      if (commitmentId > MAX_COMMITMENT_ID) throw ModelFailure.revert('EnergyPoolLedgerFull', { commitmentId })
      p.lockedWei += lockedWei
      p.openCommitments += 1
      this.#s.commitments.push({
        commitmentId,
        tokenId,
        interval,
        side,
        energyWh,
        limitPriceWeiPerKWh,
        lockedWei,
        expiredInBuffer: false,
      })
      return commitmentId
    })
  }

  /** `SimulatedFeed.updateAnswer(answer)` on one feed, sent by `from`. */
  updateAnswer(parameters: { from: string; feed: FeedName; answer: bigint }): bigint {
    const from = parameters.from.toLowerCase()
    return this.transaction(() => {
      if (from !== this.#a.reporter) throw ModelFailure.revert('SimulatedFeedUnauthorizedReporter', { caller: from })
      if (parameters.answer > MAX_INT192 || parameters.answer < MIN_INT192)
        throw ModelFailure.revert('SimulatedFeedAnswerOutOfRange', { answer: parameters.answer })
      const rounds = this.#s.rounds[parameters.feed]
      rounds.push({ answer: parameters.answer, updatedAt: this.#s.timestamp })
      return BigInt(rounds.length)
    })
  }

  /** `processBuffer(maxItems)` (anyone may send it): files or releases the oldest buffered commitments. */
  processBuffer(maxItems: bigint): { processed: number; expired: bigint[] } {
    return this.transaction(() => {
      if (maxItems === 0n) throw marketError('EnergyMarketZeroBatch', {})
      return this.#processBuffer(Number.MAX_SAFE_INTEGER, maxItems)
    })
  }

  /**
   * The checks of one `settle(interval, maxItems)` transaction, and its start (reading the
   * oracle, fixing the barrier) when the interval is open. How far the call gets is the
   * contract's business: apply its events with {@link MarketModel.applyProgress}.
   */
  settle(interval: number, maxItems: bigint): void {
    this.touch(interval)
    this.transaction(() => {
      if (maxItems === 0n) throw marketError('EnergyMarketZeroBatch', {})
      const s = this.#intervalForWrite(interval)
      if (!SETTLE_FROM.includes(s.phase)) throw this.#wrongPhase(interval, s.phase)
      if (s.phase === 'open') this.#startSettlement(interval, s)
    })
  }

  /**
   * What `sim.settle(interval)` does as a whole: drains the buffer, then settles the interval to
   * the end (the keeper's ranking included). Returns every commitment's trade, in book order per
   * side (consumers first), and the totals; fails as the first failing transaction would.
   */
  settleAll(interval: number): { trades: ModelTrade[]; outcome: ClearingOutcome } {
    this.touch(interval)
    return this.transaction(() => {
      this.#processBuffer(Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER))
      const s = this.#intervalForWrite(interval)
      if (!SETTLE_FROM.includes(s.phase)) throw this.#wrongPhase(interval, s.phase)
      if (s.phase === 'open') this.#startSettlement(interval, s)
      const outcome = this.#outcomeOf(interval, s)
      const trades: ModelTrade[] = []
      for (const trade of outcome.trades) {
        if (s.closed.has(trade.commitmentId)) continue
        trades.push(this.#settleCommitment(s, trade.commitmentId, trade.energyWh, trade.amountWei))
      }
      this.#finishSettlement(interval, s)
      return { trades, outcome }
    })
  }

  /**
   * The checks of one `expireInterval(interval, maxItems)` transaction, and the start of the
   * expiry; which commitments each call releases come from its events ({@link MarketModel.applyProgress}).
   */
  expireInterval(interval: number, maxItems: bigint): void {
    this.touch(interval)
    this.transaction(() => {
      if (maxItems === 0n) throw marketError('EnergyMarketZeroBatch', {})
      const s = this.#intervalForWrite(interval)
      if (EXPIRE_FROM.includes(s.phase)) {
        const expiresAt = this.intervalEnd(interval) + this.config.gracePeriodSeconds
        if (this.#s.timestamp < expiresAt)
          throw marketError('EnergyMarketIntervalNotExpired', { interval: BigInt(interval), expiresAt })
        s.phase = 'expiring'
      } else if (s.phase !== 'expiring') {
        throw this.#wrongPhase(interval, s.phase)
      }
    })
  }

  /** What `sim.expireInterval(interval)` does as a whole: every filed commitment of the interval released. */
  expireAll(interval: number): bigint[] {
    return this.transaction(() => {
      this.expireInterval(interval, 1n)
      const s = this.#intervalForWrite(interval)
      const released: bigint[] = []
      for (const id of [...s.producers, ...s.consumers]) {
        if (s.closed.has(id)) continue
        this.#releaseFiled(s, id)
        released.push(id)
      }
      s.phase = 'expired'
      return released
    })
  }

  /**
   * Applies what keeper transactions did, from their events, checking each against the
   * mechanism's rules: buffer filings in order and as the model files them, each settled
   * commitment's trade equal to the clearing rule's, releases of the expiring interval's own
   * commitments, the final totals. `phases` are the phases the chain reports afterwards for the
   * intervals the calls worked on (a mechanism's intermediate phases are its own). Throws an
   * `Error` naming the first event that breaks the rules, and then leaves the model as it was.
   */
  applyProgress(logs: readonly ProgressLog[], phases: ReadonlyMap<number, IntervalPhase>): void {
    const saved = cloneState(this.#s)
    try {
      for (const log of logs) this.#applyLog(log)
      for (const [interval, phase] of phases) {
        const s = this.#intervalForWrite(interval)
        const final = s.phase === 'settled' || s.phase === 'expired'
        if (final || phase === 'settled' || phase === 'expired') {
          if (phase !== s.phase) throw new Error(`interval ${interval} is ${phase} on chain, ${s.phase} by its events`)
          continue
        }
        if (s.phase === 'expiring' && phase !== 'expiring')
          throw new Error(`interval ${interval} left its expiry (${phase}) without IntervalExpired`)
        s.phase = phase
        // Every market fixes its trades (and records the interval's totals) on entering `paying`.
        if (phase === 'paying') this.#outcomeOf(interval, s)
      }
    } catch (error) {
      this.#s = saved
      throw error
    }
  }

  /**
   * `SimulatedMeter.reportDeliveries(interval, tokenIds, energyWh)` sent by `from`: each profile's
   * own metered delivery (mechanisms that read a meter).
   */
  reportDeliveries(parameters: { from: string; interval: number; deliveries: ReadonlyMap<bigint, bigint> }): void {
    const { interval } = parameters
    this.touch(interval)
    this.transaction(() => {
      this.#checkReport(parameters.from, interval)
      const delivered = new Map(this.#s.deliveries.get(interval) ?? [])
      const { lastTokenId } = this.#s
      for (const [tokenId, energyWh] of parameters.deliveries) {
        if (tokenId === 0n || tokenId > lastTokenId)
          throw ModelFailure.revert('SimulatedMeterUnknownProfile', { tokenId, lastTokenId })
        delivered.set(tokenId, energyWh)
      }
      this.#s.deliveries.set(interval, delivered)
    })
  }

  /** `SimulatedMeter.finalizeDeliveries(interval)` sent by `from`: the interval's deliveries are final. */
  finalizeDeliveries(parameters: { from: string; interval: number }): void {
    const { interval } = parameters
    this.touch(interval)
    this.transaction(() => {
      this.#checkReport(parameters.from, interval)
      this.#s.finalized.add(interval)
    })
  }

  /** Whether the meter's deliveries for `interval` can still change (`SimulatedMeter.deliveriesFinal`). */
  deliveriesFinal(interval: number): boolean {
    return (
      this.#s.finalized.has(interval) || this.#s.timestamp >= this.intervalEnd(interval) + this.config.intervalSeconds
    )
  }

  /** The meter's `_checkReport`: the reporter, inside the interval's reporting window, before its deliveries are final. */
  #checkReport(from: string, interval: number): void {
    if (from.toLowerCase() !== this.#a.reporter)
      throw ModelFailure.revert('SimulatedMeterUnauthorizedReporter', { caller: from.toLowerCase() })
    const opensAt = this.intervalEnd(interval)
    const closesAt = opensAt + this.config.intervalSeconds
    if (this.#s.timestamp < opensAt || this.#s.timestamp >= closesAt) {
      throw ModelFailure.revert('SimulatedMeterOutsideReportingWindow', {
        interval: BigInt(interval),
        opensAt,
        closesAt,
      })
    }
    if (this.#s.finalized.has(interval))
      throw ModelFailure.revert('SimulatedMeterDeliveriesFinal', { interval: BigInt(interval) })
  }

  /** What the simulator reports by default for `interval`: each filed producer's committed energy. */
  committedProduction(interval: number): Map<bigint, bigint> {
    return committedProduction(this.#bookOf(this.interval(interval)))
  }

  /** The profile contract's clearing account. */
  get clearingWei(): bigint {
    return this.#s.clearingWei
  }

  /**
   * A call the caller is not allowed to make (owner, reporter, pool or market only): throws the
   * access error the contract reverts with, changing nothing.
   */
  forbidden(errorName: string, args: Record<string, unknown>): never {
    throw ModelFailure.revert(errorName, args)
  }

  // ------------------------------------------------------------------------------------------
  // Observation
  // ------------------------------------------------------------------------------------------

  /** The model's answer to `scope`, in the shape the chain observer returns. */
  observe(scope: ObservationScope): MarketObservation {
    const s = this.#s
    const tokenIds = scope.tokenIds ?? [...s.profiles.keys()]
    const profiles: ProfileObservation[] = tokenIds.map((tokenId) => {
      const p = this.profile(tokenId)
      if (p === undefined) throw new RangeError(`the model has no profile ${tokenId}`)
      const o: ProfileObservation = {
        tokenId,
        collateralWei: p.collateralWei,
        lockedWei: p.lockedWei,
        openCommitments: p.openCommitments,
        location: p.location,
        energyType: p.energyType,
      }
      if (scopeIncludes(scope.ownership, tokenId))
        Object.assign(o, { owner: p.owner, depositor: p.depositor, approved: p.approved })
      return o
    })
    const commitmentIds = scope.commitmentIds ?? s.commitments.map((c) => c.commitmentId)
    const commitments: CommitmentObservation[] = commitmentIds.map((commitmentId) => {
      const o: CommitmentObservation = { commitmentId, status: this.commitmentStatus(commitmentId) }
      const c = s.commitments[Number(commitmentId)]
      if (scopeIncludes(scope.commitmentTerms, commitmentId) && c !== undefined) {
        Object.assign(o, {
          tokenId: c.tokenId,
          interval: c.interval,
          side: c.side,
          energyWh: c.energyWh,
          limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
          lockedWei: c.lockedWei,
        })
      }
      return o
    })
    const intervals: IntervalObservation[] = scope.intervals.map((interval) => ({
      interval,
      stage: stageOf(this.interval(interval).phase),
      totals: { ...this.totals(interval) },
    }))
    const feed = (name: FeedName) => {
      const rounds = s.rounds[name]
      const last = rounds[rounds.length - 1]
      return { roundId: BigInt(rounds.length), answer: last?.answer ?? 0n, updatedAt: last?.updatedAt ?? 0n }
    }
    return {
      timestamp: s.timestamp,
      lastTokenId: s.lastTokenId,
      commitmentCount: BigInt(s.commitments.length),
      bufferCursor: BigInt(s.bufferCursor),
      heldWei: {
        profile: this.balanceOf(this.#a.profile),
        pool: this.balanceOf(this.#a.pool),
        market: this.balanceOf(this.#a.market),
      },
      clearingWei: s.clearingWei,
      profiles,
      commitments,
      intervals,
      balances: Object.fromEntries(scope.accounts.map((account) => [account.toLowerCase(), this.balanceOf(account)])),
      ...(scope.feeds === false
        ? {}
        : { feeds: { price: feed('price'), produced: feed('produced'), consumed: feed('consumed') } }),
    }
  }

  // ------------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------------

  #pay(from: string, to: string, valueWei: bigint): void {
    if (valueWei < 0n) throw new RangeError('negative value')
    if (valueWei === 0n) return
    const balance = this.#s.balances.get(from)
    if (balance === undefined) throw new RangeError(`the model does not know account ${from}: addAccount it first`)
    if (balance < valueWei) throw new ModelFailure({ kind: 'rejected', reason: `${from} cannot pay ${valueWei} wei` })
    this.#s.balances.set(from, balance - valueWei)
    this.#s.balances.set(to, (this.#s.balances.get(to) ?? 0n) + valueWei)
  }

  /** Collateral a profile may lock or withdraw now. */
  #availableWei(p: ModelProfile): bigint {
    return p.collateralWei - p.lockedWei
  }

  #checkCap(): void {
    const heldWei = this.heldWei
    if (heldWei > COLLATERAL_CAP_WEI)
      throw ModelFailure.revert('EnergyProfileCollateralCapExceeded', { heldWei, capWei: COLLATERAL_CAP_WEI })
  }

  #requireOwned(tokenId: bigint): ModelProfile {
    const p = this.#s.profiles.get(tokenId)
    if (p === undefined) throw ModelFailure.revert('ERC721NonexistentToken', { tokenId })
    return p
  }

  #checkController(tokenId: bigint, caller: string): ModelProfile {
    this.checkNotReentered()
    const p = this.#requireOwned(tokenId)
    const controller = this.controllerOf(tokenId) as AddressHex
    if (controller !== caller) throw ModelFailure.revert('EnergyProfileNotController', { caller, tokenId, controller })
    return p
  }

  /** ERC-721 `transferFrom` with `auth` = the calling account, and the profile contract's `_update` hook. */
  #transfer(auth: AddressHex, from: AddressHex, to: AddressHex, tokenId: bigint): void {
    if (to === ZERO_ADDRESS) throw ModelFailure.revert('ERC721InvalidReceiver', { receiver: to })
    const p = this.#s.profiles.get(tokenId)
    const owner = p?.owner ?? ZERO_ADDRESS
    const authorized =
      owner === auth || this.#s.operators.has(`${owner}|${auth}`) || (p !== undefined && p.approved === auth)
    if (!authorized || p === undefined) {
      if (p === undefined) throw ModelFailure.revert('ERC721NonexistentToken', { tokenId })
      throw ModelFailure.revert('ERC721InsufficientApproval', { operator: auth, tokenId })
    }
    p.approved = ZERO_ADDRESS
    p.owner = to
    if (to === this.#a.pool) {
      p.depositor = owner
    } else if (owner === this.#a.pool) {
      if (p.openCommitments !== 0)
        throw ModelFailure.revert('EnergyProfileHasOpenCommitments', {
          tokenId,
          openCommitments: BigInt(p.openCommitments),
        })
      p.depositor = ZERO_ADDRESS
    }
    if (owner !== from) throw ModelFailure.revert('ERC721IncorrectOwner', { sender: from, tokenId, owner })
  }

  #intervalForWrite(interval: number): ModelInterval {
    let s = this.#s.intervals.get(interval)
    if (s === undefined) this.#s.intervals.set(interval, (s = emptyInterval()))
    return s
  }

  #totalsForWrite(interval: number): ModelTotals {
    let t = this.#s.totals.get(interval)
    if (t === undefined) this.#s.totals.set(interval, (t = emptyTotals()))
    return t
  }

  #wrongPhase(interval: number, phase: IntervalPhase): ModelFailure {
    return marketError('EnergyMarketWrongPhase', { interval: BigInt(interval), phase: BigInt(PHASES.indexOf(phase)) })
  }

  /** Unlocks an unsettled commitment's collateral and closes it on its profile. */
  #release(c: ModelCommitment): void {
    const p = this.#s.profiles.get(c.tokenId) as ModelProfile
    p.lockedWei = checkedSub(p.lockedWei, c.lockedWei, 'locked collateral')
    p.openCommitments -= 1
  }

  /** Files or releases the buffer's oldest commitment (below `limitId`); returns what became of it. */
  #fileNext(): 'filed' | 'released' {
    const id = this.#s.bufferCursor
    const c = this.#s.commitments[id] as ModelCommitment
    this.touch(c.interval)
    const s = this.#intervalForWrite(c.interval)
    let released: boolean
    if (s.phase === 'open') {
      released = this.#s.timestamp >= this.intervalEnd(c.interval) + this.config.gracePeriodSeconds
    } else if (s.phase === 'expiring' || s.phase === 'expired') {
      released = true
    } else if (s.phase === 'filing') {
      released = false
    } else {
      throw this.#wrongPhase(c.interval, s.phase)
    }
    if (!released && c.energyWh < this.config.minEnergyWh) released = true
    if (!released && c.side === 'production') {
      const key = `${c.interval}|${c.tokenId}`
      if (this.#s.producing.has(key)) released = true
      else this.#s.producing.add(key)
    }
    this.#s.bufferCursor = id + 1
    if (released) {
      this.#release(c)
      c.expiredInBuffer = true
      return 'released'
    }
    const totals = this.#totalsForWrite(c.interval)
    if (c.side === 'consumption') {
      s.consumers.push(c.commitmentId)
      totals.committedConsumptionWh += c.energyWh
    } else {
      s.producers.push(c.commitmentId)
      totals.committedProductionWh += c.energyWh
    }
    return 'filed'
  }

  /** The market's `_processBuffer(limitId, maxItems)`: files or releases commitments below `limitId`. */
  #processBuffer(limitId: number, maxItems: bigint): { processed: number; expired: bigint[] } {
    const from = this.#s.bufferCursor
    const n = Math.max(0, Math.min(clampToNumber(maxItems), limitId - from, this.#s.commitments.length - from))
    const expired: bigint[] = []
    for (let k = 0; k < n; k++) if (this.#fileNext() === 'released') expired.push(BigInt(from + k))
    return { processed: n, expired }
  }

  /**
   * Checks the settlement window and the oracle's finality, reads the metered energy (and the
   * price, for a mechanism that reads the price feed) and fixes the buffer barrier.
   */
  #startSettlement(interval: number, s: ModelInterval): void {
    const end = this.intervalEnd(interval)
    if (this.#s.timestamp < end)
      throw marketError('EnergyMarketIntervalNotClosed', { interval: BigInt(interval), closesAt: end })
    const deadline = end + this.config.gracePeriodSeconds
    if (this.#s.timestamp >= deadline)
      throw marketError('EnergyMarketSettlementWindowClosed', { interval: BigInt(interval), deadline })
    const producedWh = this.#readEnergy('produced', interval, end)
    const consumedWh = this.#readEnergy('consumed', interval, end)
    if (!this.deliveriesFinal(interval))
      throw marketError('EnergyMarketReadingsNotFinal', {
        interval: BigInt(interval),
        finalAt: end + this.config.intervalSeconds,
      })
    let price: bigint | undefined
    if (this.#readsPriceFeed) {
      price = this.#readFeed('price', interval, end)
      if (price <= 0n || price > MAX_UINT128)
        throw marketError('EnergyMarketInvalidPrice', { feed: this.#a.priceFeed, answer: price })
    }
    s.phase = 'filing'
    s.barrier = this.#s.commitments.length
    s.readings =
      price === undefined
        ? { producedWh, consumedWh }
        : { producedWh, consumedWh, price, priceDecimals: this.config.priceDecimals }
  }

  #feedAddress(feed: FeedName): AddressHex {
    return feed === 'price' ? this.#a.priceFeed : feed === 'produced' ? this.#a.producedFeed : this.#a.consumedFeed
  }

  /** The latest round reported during the interval after `interval`, as the market reads its feeds. */
  #readFeed(feed: FeedName, interval: number, end: bigint): bigint {
    const rounds = this.#s.rounds[feed]
    const address = this.#feedAddress(feed)
    const round = (id: number): ModelRound =>
      id === 0 ? { answer: 0n, updatedAt: 0n } : (rounds[id - 1] as ModelRound)
    let roundId = rounds.length
    let { answer, updatedAt } = round(roundId)
    if (updatedAt < end)
      throw ModelFailure.revert('FeedReadingStaleFeed', { feed: address, updatedAt, intervalEnd: end })
    const nextEnd = end + this.config.intervalSeconds
    for (let steps = 0; updatedAt >= nextEnd; steps++) {
      if (steps === MAX_ROUND_LOOKBACK || roundId === 0)
        throw ModelFailure.revert('FeedReadingRoundNotFound', { feed: address, interval: BigInt(interval) })
      roundId -= 1
      ;({ answer, updatedAt } = round(roundId))
      if (updatedAt < end)
        throw ModelFailure.revert('FeedReadingRoundNotFound', { feed: address, interval: BigInt(interval) })
    }
    return answer
  }

  #readEnergy(feed: FeedName, interval: number, end: bigint): bigint {
    const answer = this.#readFeed(feed, interval, end)
    const address = this.#feedAddress(feed)
    if (answer < 0n) throw ModelFailure.revert('FeedReadingInvalidEnergyReading', { feed: address, answer })
    const energyWh = answer / 10n ** BigInt(this.config.energyDecimals)
    if (energyWh > MAX_UINT64) throw ModelFailure.revert('FeedReadingAnswerOutOfRange', { feed: address, answer })
    return energyWh
  }

  /** The clearing rule's outcome for a settling interval whose book is complete (computed once). */
  #outcomeOf(interval: number, s: ModelInterval): ClearingOutcome {
    if (s.outcome !== undefined) return s.outcome
    if (s.readings === undefined) throw new Error(`interval ${interval} has no readings: its settlement never started`)
    if (this.#s.bufferCursor < s.barrier) throw new Error(`interval ${interval} paid out before its book was complete`)
    s.outcome = this.#clear(
      this.#bookOf(s),
      { ...s.readings, deliveredWh: this.#s.deliveries.get(interval) ?? new Map() },
      this.config.terms,
    )
    const totals = this.#totalsForWrite(interval)
    totals.producedWh = s.readings.producedWh
    totals.consumedWh = s.readings.consumedWh
    totals.tradedWh = s.outcome.tradedWh
    return s.outcome
  }

  /** An interval's filed commitments as a clearing rule takes them. */
  #bookOf(s: Readonly<ModelInterval>): IntervalBook {
    const entry = (id: bigint): BookCommitment => {
      const c = this.#s.commitments[Number(id)] as ModelCommitment
      return {
        commitmentId: id,
        tokenId: c.tokenId,
        side: c.side,
        energyWh: c.energyWh,
        limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
        lockedWei: c.lockedWei,
      }
    }
    return { producers: s.producers.map(entry), consumers: s.consumers.map(entry) }
  }

  /** Settles one filed commitment with its trade: a consumer pays from its lock and the rest is released; a producer is paid. */
  #settleCommitment(s: ModelInterval, commitmentId: bigint, energyWh: bigint, amountWei: bigint): ModelTrade {
    const c = this.#s.commitments[Number(commitmentId)] as ModelCommitment
    const p = this.#s.profiles.get(c.tokenId) as ModelProfile
    if (c.side === 'consumption') {
      p.collateralWei = checkedSub(p.collateralWei, amountWei, 'collateral')
      p.lockedWei = checkedSub(p.lockedWei, c.lockedWei, 'locked collateral')
      this.#s.clearingWei += amountWei
      s.paidWei += amountWei
    } else {
      p.collateralWei += amountWei
      // Only rules that pay producers more than consumers paid overdraw it: the trades' comparison names them.
      this.#s.clearingWei -= amountWei
      s.receivedWei += amountWei
    }
    p.openCommitments -= 1
    s.closed.add(commitmentId)
    return { commitmentId, tokenId: c.tokenId, side: c.side, energyWh, amountWei }
  }

  /** Releases a filed commitment of an expiring interval. */
  #releaseFiled(s: ModelInterval, commitmentId: bigint): void {
    this.#release(this.#s.commitments[Number(commitmentId)] as ModelCommitment)
    s.closed.add(commitmentId)
  }

  #finishSettlement(interval: number, s: ModelInterval): void {
    const open = [...s.producers, ...s.consumers].filter((id) => !s.closed.has(id))
    if (open.length > 0) throw new Error(`interval ${interval} settled with commitments ${open.join(', ')} unsettled`)
    const outcome = this.#outcomeOf(interval, s)
    if (s.paidWei !== outcome.paidWei || s.receivedWei !== outcome.receivedWei) {
      throw new Error(
        `interval ${interval} settled paying ${s.paidWei} / receiving ${s.receivedWei} wei, its rule says ${outcome.paidWei} / ${outcome.receivedWei}`,
      )
    }
    s.phase = 'settled'
  }

  /** One keeper event, checked against the rules and applied. */
  #applyLog(log: ProgressLog): void {
    const args = log.args ?? {}
    const id = args.commitmentId as bigint | undefined
    switch (log.eventName) {
      case 'CommitmentProcessed':
      case 'CommitmentExpired': {
        if (id === BigInt(this.#s.bufferCursor) && id < BigInt(this.#s.commitments.length)) {
          const became = this.#fileNext()
          if ((became === 'filed') !== (log.eventName === 'CommitmentProcessed'))
            throw new Error(`commitment ${id} left the buffer as ${log.eventName}; the model ${became} it`)
          return
        }
        if (log.eventName === 'CommitmentProcessed')
          throw new Error(`commitment ${id} was filed out of buffer order (the buffer is at ${this.#s.bufferCursor})`)
        const c = id === undefined ? undefined : this.#s.commitments[Number(id)]
        const s = c === undefined ? undefined : this.#s.intervals.get(c.interval)
        if (
          c === undefined ||
          s === undefined ||
          s.phase !== 'expiring' ||
          s.closed.has(c.commitmentId) ||
          (!s.producers.includes(c.commitmentId) && !s.consumers.includes(c.commitmentId))
        ) {
          throw new Error(`commitment ${id} was released, but it is no open commitment of an expiring interval`)
        }
        if (args.releasedWei !== c.lockedWei)
          throw new Error(`commitment ${id} released ${args.releasedWei} wei; it locked ${c.lockedWei}`)
        this.#releaseFiled(s, c.commitmentId)
        return
      }
      case 'CommitmentSettled': {
        const c = id === undefined ? undefined : this.#s.commitments[Number(id)]
        const s = c === undefined ? undefined : this.#s.intervals.get(c.interval)
        if (c === undefined || s === undefined || stageOf(s.phase) !== 'settling' || s.closed.has(c.commitmentId)) {
          throw new Error(`commitment ${id} was settled, but it is no open commitment of a settling interval`)
        }
        const trade = this.#outcomeOf(c.interval, s).trades.find((t) => t.commitmentId === c.commitmentId)
        if (trade === undefined)
          throw new Error(`commitment ${id} was settled, but the clearing rule gives it no trade`)
        if (trade.energyWh !== args.energyWh || trade.amountWei !== args.amountWei) {
          throw new Error(
            `commitment ${id} settled ${args.energyWh} Wh for ${args.amountWei} wei; the clearing rule says ${trade.energyWh} Wh for ${trade.amountWei} wei`,
          )
        }
        this.#settleCommitment(s, c.commitmentId, trade.energyWh, trade.amountWei)
        return
      }
      case 'IntervalSettled':
      case 'IntervalExpired': {
        const interval = Number(args.interval)
        const s = this.#intervalForWrite(interval)
        if (log.eventName === 'IntervalSettled') {
          if (stageOf(s.phase) !== 'settling') throw new Error(`interval ${interval} was settled from ${s.phase}`)
          this.#finishSettlement(interval, s)
        } else {
          const open = [...s.producers, ...s.consumers].filter((x) => !s.closed.has(x))
          if (s.phase !== 'expiring' || open.length > 0)
            throw new Error(`interval ${interval} expired from ${s.phase} with ${open.length} commitments unreleased`)
          s.phase = 'expired'
        }
        return
      }
      default:
        return
    }
  }
}

/** A keeper event as the model reads it: its name and decoded arguments. */
export type ProgressLog = { eventName?: string | undefined; args?: Readonly<Record<string, unknown>> | undefined }

function emptyInterval(): ModelInterval {
  return {
    phase: 'open',
    producers: [],
    consumers: [],
    barrier: 0,
    readings: undefined,
    outcome: undefined,
    closed: new Set(),
    paidWei: 0n,
    receivedWei: 0n,
  }
}

function emptyTotals(): ModelTotals {
  return { committedProductionWh: 0n, committedConsumptionWh: 0n, producedWh: 0n, consumedWh: 0n, tradedWh: 0n }
}

function cloneState(s: ModelState): ModelState {
  return {
    timestamp: s.timestamp,
    lastTokenId: s.lastTokenId,
    profiles: new Map([...s.profiles].map(([k, v]) => [k, { ...v }])),
    operators: new Set(s.operators),
    commitments: s.commitments.map((c) => ({ ...c })),
    bufferCursor: s.bufferCursor,
    intervals: new Map(
      [...s.intervals].map(([k, v]) => [
        k,
        { ...v, producers: [...v.producers], consumers: [...v.consumers], closed: new Set(v.closed) },
      ]),
    ),
    totals: new Map([...s.totals].map(([k, v]) => [k, { ...v }])),
    rounds: { price: [...s.rounds.price], produced: [...s.rounds.produced], consumed: [...s.rounds.consumed] },
    deliveries: new Map([...s.deliveries].map(([k, v]) => [k, new Map(v)])),
    finalized: new Set(s.finalized),
    producing: new Set(s.producing),
    clearingWei: s.clearingWei,
    balances: new Map(s.balances),
    touched: new Set(s.touched),
  }
}

/** Checked subtraction, as Solidity's: a negative result means the contract would revert. */
function checkedSub(a: bigint, b: bigint, what: string): bigint {
  if (b > a) throw ModelFailure.revert('Panic', { code: 0x11n, what })
  return a - b
}

function clampToNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value)
}
