import type { AddressHex } from '../chain/types.js'
import type { CommitmentStatus, Side } from '../market/types.js'
import { ModelFailure } from './ModelFailure.js'
import {
  PHASES,
  ZERO_ADDRESS,
  type CommitmentObservation,
  type IntervalObservation,
  type MarketModelConfig,
  type MarketObservation,
  type ModelCommitment,
  type ModelProfile,
  type ModelRound,
  type ModelSettlement,
  type ModelTotals,
  type ObservationScope,
  type ProfileObservation,
  scopeIncludes,
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

/** What one `settle` transaction did. */
export type ModelSettleStep = {
  /** Whether the interval is settled after it. */
  settled: boolean
  /** Commitments the call filed or expired from the buffer on the way. */
  processed: number
  expired: bigint[]
  trades: ModelTrade[]
  /** The `IntervalSettled` event's totals, when the call finished the interval. */
  summary?: {
    price: bigint
    supplyWh: bigint
    demandWh: bigint
    producedWh: bigint
    consumedWh: bigint
    tradedWh: bigint
    tradedValueWei: bigint
  }
}

/** Who receives ETH that a profile's collateral withdrawal sends, for modelling contract recipients. */
export type ReceiveHook = (amountWei: bigint) => void

type ModelState = {
  timestamp: bigint
  lastTokenId: bigint
  profiles: Map<bigint, ModelProfile>
  /** `${owner}|${operator}` for every ERC-721 operator approval. */
  operators: Set<string>
  commitments: ModelCommitment[]
  bufferCursor: number
  settlements: Map<number, ModelSettlement>
  totals: Map<number, ModelTotals>
  rounds: Record<FeedName, ModelRound[]>
  /** ETH balances of every account the model knows, the contracts included. */
  balances: Map<string, bigint>
  /** Intervals any operation named, so observations cover them. */
  touched: Set<number>
}

/** A side's in-the-money placement along the money line, for one commitment. */
type Placement = {
  commitmentId: bigint
  position: number
  tokenId: bigint
  lockedWei: bigint
  production: boolean
  tradedWh: bigint
  startWei: bigint
  endWei: bigint
  /** In-the-money Wh of the side up to and including this commitment. */
  cumWh: bigint
}

/**
 * The reference model of the v1 market (docs/design.md §3, contracts/README.md): plain bigint
 * arithmetic, no EVM, predicting operation by operation every profile's collateral (free and
 * locked), every commitment's status, every interval's settlement record, aggregates and trades,
 * and which operations fail with which custom error.
 *
 * Each method is one transaction. A failing one throws {@link ModelFailure} and leaves the model
 * exactly as it was, as the chain does. Addresses are compared in lower case.
 *
 * @example
 * import { createMarketModel } from 'dem-sim/testing'
 * const model = createMarketModel(marketModelConfigOf(sim))
 * model.addAccount(alice.address)
 * const tokenId = model.registerUser({ from: alice.address, valueWei: 10n ** 18n, inPool: true })
 * model.commit({ from: alice.address, tokenId, interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 100n })
 */
export function createMarketModel(config: MarketModelConfig): MarketModel {
  return new MarketModel(config)
}

export class MarketModel {
  readonly config: MarketModelConfig
  readonly #a: MarketModelConfig['addresses']
  #s: ModelState

  constructor(config: MarketModelConfig) {
    if (config.priceDecimals > MAX_FEED_DECIMALS || config.energyDecimals > MAX_FEED_DECIMALS) {
      throw new RangeError('feed decimals above 18 are not modelled')
    }
    const lower = Object.fromEntries(Object.entries(config.addresses).map(([k, v]) => [k, v.toLowerCase()])) as MarketModelConfig['addresses']
    this.config = { ...config, addresses: lower }
    this.#a = lower
    this.#s = {
      timestamp: config.timestamp,
      lastTokenId: 0n,
      profiles: new Map(),
      operators: new Set(),
      commitments: [],
      bufferCursor: 0,
      settlements: new Map(),
      totals: new Map(),
      rounds: { price: [], produced: [], consumed: [] },
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

  /** ETH held by the profile contract: Σ collateral. */
  get heldWei(): bigint {
    return this.#s.balances.get(this.#a.profile) ?? 0n
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
    return [...this.#s.profiles.values()]
  }

  commitment(commitmentId: bigint): Readonly<ModelCommitment> | undefined {
    return this.#s.commitments[Number(commitmentId)]
  }

  commitments(): readonly Readonly<ModelCommitment>[] {
    return this.#s.commitments
  }

  /** As `EnergyMarket.commitmentStatusOf`. */
  commitmentStatus(commitmentId: bigint): CommitmentStatus | 'none' {
    const c = commitmentId < 0n ? undefined : this.#s.commitments[Number(commitmentId)]
    if (c === undefined) return 'none'
    if (commitmentId >= BigInt(this.#s.bufferCursor)) return 'pending'
    if (c.expiredInBuffer) return 'expired'
    const phase = this.settlement(c.interval).phase
    if (phase === 'settled') return 'settled'
    if (phase === 'expired') return 'expired'
    return 'filed'
  }

  settlement(interval: number): Readonly<ModelSettlement> {
    return this.#s.settlements.get(interval) ?? emptySettlement()
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
    if (timestamp < this.#s.timestamp) throw new RangeError(`time cannot go back from ${this.#s.timestamp} to ${timestamp}`)
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
  registerUser(parameters: { from: string; valueWei: bigint; location?: number; energyType?: number; inPool?: boolean }): bigint {
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
      if (p.owner !== from && !this.#s.operators.has(`${p.owner}|${from}`)) throw ModelFailure.revert('ERC721InvalidApprover', { approver: from })
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
  transferFrom(parameters: { sender: string; from: string; to: string; tokenId: bigint; safe?: boolean; recipientIsContract?: boolean; acceptsTokens?: boolean }): void {
    const to = parameters.to.toLowerCase() as AddressHex
    this.transaction(() => {
      this.#transfer(parameters.sender.toLowerCase() as AddressHex, parameters.from.toLowerCase() as AddressHex, to, parameters.tokenId)
      if (parameters.safe && to !== this.#a.pool && parameters.recipientIsContract && !parameters.acceptsTokens) {
        throw ModelFailure.revert('ERC721InvalidReceiver', { receiver: to })
      }
    })
  }

  /** `EnergyPool.deposit(tokenId)` sent by `from` (after approving the pool). */
  deposit(parameters: { from: string; tokenId: bigint }): void {
    this.transaction(() => this.#transfer(this.#a.pool, parameters.from.toLowerCase() as AddressHex, this.#a.pool, parameters.tokenId))
  }

  /** `EnergyPool.withdraw(tokenId)` sent by `from`. */
  withdraw(parameters: { from: string; tokenId: bigint }): void {
    const from = parameters.from.toLowerCase()
    this.transaction(() => {
      const depositor = this.#s.profiles.get(parameters.tokenId)?.depositor ?? ZERO_ADDRESS
      if (depositor !== from) throw ModelFailure.revert('EnergyPoolNotDepositor', { caller: from, tokenId: parameters.tokenId, depositor })
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
      const availableWei = p.collateralWei - p.lockedWei
      if (amountWei > availableWei) {
        throw ModelFailure.revert('EnergyProfileInsufficientCollateral', { tokenId: parameters.tokenId, availableWei, neededWei: amountWei })
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
  commit(parameters: { from: string; tokenId: bigint; interval: number; energyWh: bigint; side: Side; limitPriceWeiPerKWh: bigint }): bigint {
    const from = parameters.from.toLowerCase()
    const { tokenId, interval, energyWh, side, limitPriceWeiPerKWh } = parameters
    this.touch(interval)
    return this.transaction(() => {
      if (energyWh === 0n) throw ModelFailure.revert('EnergyPoolZeroEnergy', {})
      const current = this.currentInterval
      if (interval < current) throw ModelFailure.revert('EnergyPoolIntervalClosed', { interval: BigInt(interval), currentInterval: BigInt(current) })
      const lockedWei = side === 'consumption' ? lockFor(energyWh, limitPriceWeiPerKWh) : 0n
      const p = this.#s.profiles.get(tokenId)
      const depositor = p?.depositor ?? ZERO_ADDRESS
      if (p === undefined || depositor !== from || depositor === ZERO_ADDRESS) {
        throw ModelFailure.revert('EnergyProfileNotDepositor', { account: from, tokenId, depositor })
      }
      const availableWei = p.collateralWei - p.lockedWei
      if (lockedWei > availableWei) throw ModelFailure.revert('EnergyProfileInsufficientCollateral', { tokenId, availableWei, neededWei: lockedWei })
      if (p.openCommitments === MAX_UINT24) throw ModelFailure.revert('EnergyProfileTooManyOpenCommitments', { tokenId })
      const commitmentId = BigInt(this.#s.commitments.length)
      if (commitmentId > MAX_COMMITMENT_ID) throw ModelFailure.revert('EnergyPoolLedgerFull', { commitmentId })
      p.lockedWei += lockedWei
      p.openCommitments += 1
      this.#s.commitments.push({ commitmentId, tokenId, interval, side, energyWh, limitPriceWeiPerKWh, lockedWei, expiredInBuffer: false })
      return commitmentId
    })
  }

  /** `SimulatedFeed.updateAnswer(answer)` on one feed, sent by `from`. */
  updateAnswer(parameters: { from: string; feed: FeedName; answer: bigint }): bigint {
    const from = parameters.from.toLowerCase()
    return this.transaction(() => {
      if (from !== this.#a.reporter) throw ModelFailure.revert('SimulatedFeedUnauthorizedReporter', { caller: from })
      if (parameters.answer > MAX_INT192 || parameters.answer < MIN_INT192) throw ModelFailure.revert('SimulatedFeedAnswerOutOfRange', { answer: parameters.answer })
      const rounds = this.#s.rounds[parameters.feed]
      rounds.push({ answer: parameters.answer, updatedAt: this.#s.timestamp })
      return BigInt(rounds.length)
    })
  }

  /** `EnergyMarket.processBuffer(maxItems)` (anyone may send it). */
  processBuffer(maxItems: bigint): { processed: number; expired: bigint[] } {
    return this.transaction(() => {
      if (maxItems === 0n) throw ModelFailure.revert('EnergyMarketZeroBatch', {})
      return this.#processBuffer(Number.MAX_SAFE_INTEGER, maxItems)
    })
  }

  /** One `EnergyMarket.settle(interval, maxItems)` transaction (anyone may send it). */
  settle(interval: number, maxItems: bigint): ModelSettleStep {
    this.touch(interval)
    return this.transaction(() => this.#settle(interval, maxItems))
  }

  /** One `EnergyMarket.expireInterval(interval, maxItems)` transaction; returns whether the interval is now expired. */
  expireInterval(interval: number, maxItems: bigint): { expired: boolean; released: bigint[] } {
    this.touch(interval)
    return this.transaction(() => {
      if (maxItems === 0n) throw ModelFailure.revert('EnergyMarketZeroBatch', {})
      const s = this.#settlementForWrite(interval)
      if (s.phase === 'open') {
        const expiresAt = this.intervalEnd(interval) + this.config.gracePeriodSeconds
        if (this.#s.timestamp < expiresAt) throw ModelFailure.revert('EnergyMarketIntervalNotExpired', { interval: BigInt(interval), expiresAt })
        s.phase = 'expiring'
      } else if (s.phase !== 'expiring') {
        throw ModelFailure.revert('EnergyMarketWrongPhase', { interval: BigInt(interval), phase: BigInt(PHASES.indexOf(s.phase)) })
      }
      const length = s.book.length
      const n = Math.min(length - s.producerCursor, clampToNumber(maxItems))
      const released: bigint[] = []
      for (let k = 0; k < n; k++) {
        const c = this.#s.commitments[Number(s.book[s.producerCursor + k])] as ModelCommitment
        this.#release(c)
        released.push(c.commitmentId)
      }
      s.producerCursor += n
      if (s.producerCursor < length) return { expired: false, released }
      s.phase = 'expired'
      return { expired: true, released }
    })
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
      const p = s.profiles.get(tokenId)
      if (p === undefined) throw new RangeError(`the model has no profile ${tokenId}`)
      const o: ProfileObservation = {
        tokenId,
        collateralWei: p.collateralWei,
        lockedWei: p.lockedWei,
        openCommitments: p.openCommitments,
        location: p.location,
        energyType: p.energyType,
      }
      if (scopeIncludes(scope.ownership, tokenId)) Object.assign(o, { owner: p.owner, depositor: p.depositor, approved: p.approved })
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
    const intervals: IntervalObservation[] = scope.intervals.map((interval) => {
      const { book, ...settlement } = this.settlement(interval)
      const o: IntervalObservation = { interval, ...settlement, totals: { ...this.totals(interval) } }
      if (scopeIncludes(scope.books, interval)) o.book = [...book]
      return o
    })
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
      heldWei: { profile: this.balanceOf(this.#a.profile), pool: this.balanceOf(this.#a.pool), market: this.balanceOf(this.#a.market) },
      profiles,
      commitments,
      intervals,
      balances: Object.fromEntries(scope.accounts.map((account) => [account.toLowerCase(), this.balanceOf(account)])),
      ...(scope.feeds === false ? {} : { feeds: { price: feed('price'), produced: feed('produced'), consumed: feed('consumed') } }),
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

  #checkCap(): void {
    const heldWei = this.heldWei
    if (heldWei > COLLATERAL_CAP_WEI) throw ModelFailure.revert('EnergyProfileCollateralCapExceeded', { heldWei, capWei: COLLATERAL_CAP_WEI })
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
    const authorized = owner === auth || this.#s.operators.has(`${owner}|${auth}`) || (p !== undefined && p.approved === auth)
    if (!authorized || p === undefined) {
      if (p === undefined) throw ModelFailure.revert('ERC721NonexistentToken', { tokenId })
      throw ModelFailure.revert('ERC721InsufficientApproval', { operator: auth, tokenId })
    }
    p.approved = ZERO_ADDRESS
    p.owner = to
    if (to === this.#a.pool) {
      p.depositor = owner
    } else if (owner === this.#a.pool) {
      if (p.openCommitments !== 0) throw ModelFailure.revert('EnergyProfileHasOpenCommitments', { tokenId, openCommitments: BigInt(p.openCommitments) })
      p.depositor = ZERO_ADDRESS
    }
    if (owner !== from) throw ModelFailure.revert('ERC721IncorrectOwner', { sender: from, tokenId, owner })
  }

  #settlementForWrite(interval: number): ModelSettlement {
    let s = this.#s.settlements.get(interval)
    if (s === undefined) this.#s.settlements.set(interval, (s = emptySettlement()))
    return s
  }

  #totalsForWrite(interval: number): ModelTotals {
    let t = this.#s.totals.get(interval)
    if (t === undefined) this.#s.totals.set(interval, (t = emptyTotals()))
    return t
  }

  /** Unlocks an unsettled commitment's collateral and closes it on its profile. */
  #release(c: ModelCommitment): void {
    const p = this.#s.profiles.get(c.tokenId) as ModelProfile
    p.lockedWei = checkedSub(p.lockedWei, c.lockedWei, 'locked collateral')
    p.openCommitments -= 1
  }

  /** The market's `_processBuffer(limitId, maxItems)`: files or expires commitments below `limitId`. */
  #processBuffer(limitId: number, maxItems: bigint): { processed: number; expired: bigint[] } {
    const from = this.#s.bufferCursor
    if (from >= limitId) return { processed: 0, expired: [] }
    const n = Math.min(clampToNumber(maxItems), limitId - from, this.#s.commitments.length - from)
    const expired: bigint[] = []
    if (n <= 0) return { processed: 0, expired }
    for (let id = from; id < from + n; id++) {
      const c = this.#s.commitments[id] as ModelCommitment
      this.touch(c.interval)
      const s = this.#settlementForWrite(c.interval)
      let isExpired: boolean
      if (s.phase === 'open') {
        isExpired = this.#s.timestamp >= this.intervalEnd(c.interval) + this.config.gracePeriodSeconds
      } else if (s.phase === 'expiring' || s.phase === 'expired') {
        isExpired = true
      } else if (s.phase === 'filing') {
        isExpired = false
      } else {
        throw ModelFailure.revert('EnergyMarketWrongPhase', { interval: BigInt(c.interval), phase: BigInt(PHASES.indexOf(s.phase)) })
      }
      if (isExpired) {
        this.#release(c)
        c.expiredInBuffer = true
        expired.push(c.commitmentId)
        continue
      }
      s.book.push(c.commitmentId)
      const totals = this.#totalsForWrite(c.interval)
      if (c.side === 'consumption') {
        s.consumerCount += 1
        totals.committedConsumptionWh += c.energyWh
      } else {
        s.producerCount += 1
        totals.committedProductionWh += c.energyWh
      }
    }
    this.#s.bufferCursor = from + n
    return { processed: n, expired }
  }

  #settle(interval: number, maxItems: bigint): ModelSettleStep {
    if (maxItems === 0n) throw ModelFailure.revert('EnergyMarketZeroBatch', {})
    const s = this.#settlementForWrite(interval)
    const step: ModelSettleStep = { settled: false, processed: 0, expired: [], trades: [] }
    if (s.phase === 'open') {
      this.#startSettlement(interval, s)
    } else if (s.phase !== 'filing' && s.phase !== 'tallying' && s.phase !== 'paying') {
      throw ModelFailure.revert('EnergyMarketWrongPhase', { interval: BigInt(interval), phase: BigInt(PHASES.indexOf(s.phase)) })
    }
    let budget = maxItems
    if (s.phase === 'filing') {
      const { processed, expired } = this.#processBuffer(s.barrier, budget)
      step.processed = processed
      step.expired = expired
      budget -= BigInt(processed)
      if (this.#s.bufferCursor < s.barrier) return step
      s.phase = 'tallying'
    }
    let resumed = true
    if (s.phase === 'tallying') {
      resumed = false
      const length = s.book.length
      const n = Math.min(length - s.producerCursor, clampToNumber(budget))
      budget -= BigInt(n)
      const scale = 10n ** BigInt(s.priceDecimals)
      for (let k = s.producerCursor; k < s.producerCursor + n; k++) {
        const c = this.#s.commitments[Number(s.book[k])] as ModelCommitment
        const limitScaled = c.limitPriceWeiPerKWh * scale
        if (c.side === 'consumption') {
          if (limitScaled >= s.price) s.demandWh += c.energyWh
        } else if (limitScaled <= s.price) {
          s.supplyWh += c.energyWh
        }
      }
      s.producerCursor += n
      if (s.producerCursor < length) return step
      s.tradedWh = min(min(s.supplyWh, s.demandWh), min(s.producedWh, s.consumedWh))
      s.producerCursor = 0
      s.phase = 'paying'
      const totals = this.#totalsForWrite(interval)
      totals.producedWh = s.producedWh
      totals.consumedWh = s.consumedWh
      totals.tradedWh = s.tradedWh
    }
    this.#pay_(interval, s, budget, resumed, step)
    return step
  }

  /** Checks the settlement window, reads the feeds and fixes the buffer barrier. */
  #startSettlement(interval: number, s: ModelSettlement): void {
    const end = this.intervalEnd(interval)
    if (this.#s.timestamp < end) throw ModelFailure.revert('EnergyMarketIntervalNotClosed', { interval: BigInt(interval), closesAt: end })
    const deadline = end + this.config.gracePeriodSeconds
    if (this.#s.timestamp >= deadline) throw ModelFailure.revert('EnergyMarketSettlementWindowClosed', { interval: BigInt(interval), deadline })
    const price = this.#readFeed('price', interval, end)
    if (price <= 0n) throw ModelFailure.revert('EnergyMarketInvalidPrice', { feed: this.#a.priceFeed, answer: price })
    if (price > MAX_UINT128) throw ModelFailure.revert('EnergyMarketFeedAnswerOutOfRange', { feed: this.#a.priceFeed, answer: price })
    const producedWh = this.#readEnergy('produced', interval, end)
    const consumedWh = this.#readEnergy('consumed', interval, end)
    s.phase = 'filing'
    s.priceDecimals = this.config.priceDecimals
    s.barrier = this.#s.commitments.length
    s.price = price
    s.producedWh = producedWh
    s.consumedWh = consumedWh
  }

  #feedAddress(feed: FeedName): AddressHex {
    return feed === 'price' ? this.#a.priceFeed : feed === 'produced' ? this.#a.producedFeed : this.#a.consumedFeed
  }

  /** The latest round reported during the interval after `interval`, as the market's `_readFeed`. */
  #readFeed(feed: FeedName, interval: number, end: bigint): bigint {
    const rounds = this.#s.rounds[feed]
    const address = this.#feedAddress(feed)
    const round = (id: number): ModelRound => (id === 0 ? { answer: 0n, updatedAt: 0n } : (rounds[id - 1] as ModelRound))
    let roundId = rounds.length
    let { answer, updatedAt } = round(roundId)
    if (updatedAt < end) throw ModelFailure.revert('EnergyMarketStaleFeed', { feed: address, updatedAt, intervalEnd: end })
    const nextEnd = end + this.config.intervalSeconds
    for (let steps = 0; updatedAt >= nextEnd; steps++) {
      if (steps === MAX_ROUND_LOOKBACK || roundId === 0) throw ModelFailure.revert('EnergyMarketFeedRoundNotFound', { feed: address, interval: BigInt(interval) })
      roundId -= 1
      ;({ answer, updatedAt } = round(roundId))
      if (updatedAt < end) throw ModelFailure.revert('EnergyMarketFeedRoundNotFound', { feed: address, interval: BigInt(interval) })
    }
    return answer
  }

  #readEnergy(feed: FeedName, interval: number, end: bigint): bigint {
    const answer = this.#readFeed(feed, interval, end)
    const address = this.#feedAddress(feed)
    if (answer < 0n) throw ModelFailure.revert('EnergyMarketInvalidEnergyReading', { feed: address, answer })
    const energyWh = answer / 10n ** BigInt(this.config.energyDecimals)
    if (energyWh > MAX_UINT64) throw ModelFailure.revert('EnergyMarketFeedAnswerOutOfRange', { feed: address, answer })
    return energyWh
  }

  /**
   * One side's commitments in book order, placed along the money line `[0, V)`: an in-the-money
   * commitment with `cum` Wh of the side's in-the-money energy before it owns
   * `[floor(p·floor(E·cum/total)/U), floor(p·floor(E·(cum+energy)/total)/U))` and trades the
   * difference of the two floors in Wh; others trade nothing and own an empty stretch at 0.
   */
  #place(s: ModelSettlement, production: boolean): Placement[] {
    const scale = 10n ** BigInt(s.priceDecimals)
    const unit = 1000n * scale
    const total = production ? s.supplyWh : s.demandWh
    const placements: Placement[] = []
    let cumWh = 0n
    let cumTradedWh = 0n
    let cumEndWei = 0n
    s.book.forEach((id, position) => {
      const c = this.#s.commitments[Number(id)] as ModelCommitment
      if ((c.side === 'production') !== production) return
      const limitScaled = c.limitPriceWeiPerKWh * scale
      const inTheMoney = production ? limitScaled <= s.price : limitScaled >= s.price
      const base = { commitmentId: id, position, tokenId: c.tokenId, lockedWei: c.lockedWei, production }
      if (s.tradedWh === 0n || !inTheMoney) {
        placements.push({ ...base, tradedWh: 0n, startWei: 0n, endWei: 0n, cumWh })
        return
      }
      cumWh += c.energyWh
      const nextTradedWh = (s.tradedWh * cumWh) / total
      const endWei = (s.price * nextTradedWh) / unit
      placements.push({ ...base, tradedWh: nextTradedWh - cumTradedWh, startWei: cumEndWei, endWei, cumWh })
      cumTradedWh = nextTradedWh
      cumEndWei = endWei
    })
    return placements
  }

  /**
   * Pass 2 of settlement: consumers pay producers, at most `budget` work items this call — a
   * commitment settled, or an entry of the other side passed over to reach a side's next one.
   */
  #pay_(interval: number, s: ModelSettlement, budget: bigint, resumed: boolean, step: ModelSettleStep): void {
    const producers = this.#place(s, true)
    const consumers = this.#place(s, false)
    let paidWei = resumed ? s.paidWei : 0n
    let ps = resumed ? s.producersSettled : 0
    let cs = resumed ? s.consumersSettled : 0
    let pNext = resumed ? s.producerCursor : 0
    let cNext = resumed ? s.consumerCursor : 0
    const remaining = producers.length - ps + (consumers.length - cs)
    if (remaining > 0) {
      if (budget === 0n) return
      const paidBefore = paidWei
      const bookLength = producers.length + consumers.length
      if (BigInt(bookLength - Math.min(pNext, cNext)) <= budget) {
        // This call finishes both sides: every remaining commitment, in book order, moves the
        // part of its stretch beyond what was paid before.
        const rest = [...producers.slice(ps), ...consumers.slice(cs)].sort((x, y) => x.position - y.position)
        for (const item of rest) {
          const movedWei = item.endWei > paidBefore ? item.endWei - max(item.startWei, paidBefore) : 0n
          if (item.production) this.#credit(item.tokenId, movedWei)
          else this.#spend(item.tokenId, movedWei)
          this.#close(item, step)
        }
        ps = producers.length
        cs = consumers.length
        // The consumers' side ends at V (and D = 0 implies E = 0, V = 0).
        paidWei = this.#lineEnd(s)
      } else {
        // The merge along the money line, moving wei from the current consumer to the current
        // producer up to the nearer of their ends.
        const limit = clampToNumber(budget)
        let used = 0
        let consumerLoaded = false
        let producerLoaded = false
        // Reaching a side's next entry passes over the other side's entries since its scan
        // position and needs one item left for the entry itself; what the budget does not
        // allow waits for the next call.
        const reach = (position: number, next: number): { next: number; reached: boolean } => {
          const left = limit - used
          if (position - next >= left) {
            used = limit
            return { next: next + left, reached: false }
          }
          used += position - next
          return { next: position, reached: true }
        }
        while (used < limit) {
          if (!consumerLoaded && cs < consumers.length) {
            const { next, reached } = reach((consumers[cs] as Placement).position, cNext)
            cNext = next
            if (!reached) break
            consumerLoaded = true
          }
          const c = consumers[cs] as Placement
          if (consumerLoaded && c.endWei <= paidWei) {
            this.#close(c, step)
            cs += 1
            used += 1
            cNext = c.position + 1
            consumerLoaded = false
            continue
          }
          if (!producerLoaded && ps < producers.length) {
            const { next, reached } = reach((producers[ps] as Placement).position, pNext)
            pNext = next
            if (!reached) break
            producerLoaded = true
          }
          const p = producers[ps] as Placement
          if (producerLoaded && p.endWei <= paidWei) {
            this.#close(p, step)
            ps += 1
            used += 1
            pNext = p.position + 1
            producerLoaded = false
            continue
          }
          if (!consumerLoaded || !producerLoaded) {
            if (consumerLoaded || producerLoaded) throw ModelFailure.revert('EnergyMarketSettlementMismatch', { interval: BigInt(interval) })
            break
          }
          const to = min(c.endWei, p.endWei)
          this.#spend(c.tokenId, to - paidWei)
          this.#credit(p.tokenId, to - paidWei)
          paidWei = to
        }
        s.producerCursor = pNext
        s.consumerCursor = cNext
        s.cumSupplyWh = ps > 0 ? (producers[ps - 1] as Placement).cumWh : 0n
        s.cumDemandWh = cs > 0 ? (consumers[cs - 1] as Placement).cumWh : 0n
        s.producersSettled = ps
        s.consumersSettled = cs
        s.paidWei = paidWei
        return
      }
    }
    s.phase = 'settled'
    s.producerCursor = 0
    s.consumerCursor = 0
    s.cumSupplyWh = 0n
    s.cumDemandWh = 0n
    s.producersSettled = 0
    s.consumersSettled = 0
    s.paidWei = 0n
    step.settled = true
    step.summary = {
      price: s.price,
      supplyWh: s.supplyWh,
      demandWh: s.demandWh,
      producedWh: s.producedWh,
      consumedWh: s.consumedWh,
      tradedWh: s.tradedWh,
      tradedValueWei: paidWei,
    }
  }

  /** `V = floor(p·E/U)`: the value an interval trades. */
  #lineEnd(s: ModelSettlement): bigint {
    return (s.price * s.tradedWh) / (1000n * 10n ** BigInt(s.priceDecimals))
  }

  #spend(tokenId: bigint, amountWei: bigint): void {
    if (amountWei === 0n) return
    const p = this.#s.profiles.get(tokenId) as ModelProfile
    p.collateralWei = checkedSub(p.collateralWei, amountWei, 'collateral')
    p.lockedWei = checkedSub(p.lockedWei, amountWei, 'locked collateral')
  }

  #credit(tokenId: bigint, amountWei: bigint): void {
    const p = this.#s.profiles.get(tokenId) as ModelProfile
    p.collateralWei += amountWei
  }

  /** Settles a placed commitment: a consumer's unneeded lock is released; one open commitment less. */
  #close(item: Placement, step: ModelSettleStep): void {
    const p = this.#s.profiles.get(item.tokenId) as ModelProfile
    const amountWei = item.endWei - item.startWei
    if (!item.production) p.lockedWei = checkedSub(p.lockedWei, checkedSub(item.lockedWei, amountWei, 'a consumer lock'), 'locked collateral')
    p.openCommitments -= 1
    step.trades.push({
      commitmentId: item.commitmentId,
      tokenId: item.tokenId,
      side: item.production ? 'production' : 'consumption',
      energyWh: item.tradedWh,
      amountWei,
    })
  }
}

/** ceil(energyWh × limitPriceWeiPerKWh / 1000): what a consumption commitment locks. */
export function lockFor(energyWh: bigint, limitPriceWeiPerKWh: bigint): bigint {
  return (energyWh * limitPriceWeiPerKWh + 999n) / 1000n
}

function emptySettlement(): ModelSettlement {
  return {
    phase: 'open',
    priceDecimals: 0,
    producerCount: 0,
    consumerCount: 0,
    barrier: 0,
    producerCursor: 0,
    consumerCursor: 0,
    tradedWh: 0n,
    price: 0n,
    producedWh: 0n,
    consumedWh: 0n,
    supplyWh: 0n,
    demandWh: 0n,
    cumSupplyWh: 0n,
    cumDemandWh: 0n,
    producersSettled: 0,
    consumersSettled: 0,
    paidWei: 0n,
    book: [],
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
    settlements: new Map([...s.settlements].map(([k, v]) => [k, { ...v, book: [...v.book] }])),
    totals: new Map([...s.totals].map(([k, v]) => [k, { ...v }])),
    rounds: { price: [...s.rounds.price], produced: [...s.rounds.produced], consumed: [...s.rounds.consumed] },
    balances: new Map(s.balances),
    touched: new Set(s.touched),
  }
}

/** Checked subtraction, as Solidity's: a negative result means the contract would revert. */
function checkedSub(a: bigint, b: bigint, what: string): bigint {
  if (b > a) throw ModelFailure.revert('Panic', { code: 0x11n, what })
  return a - b
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

function clampToNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value)
}
