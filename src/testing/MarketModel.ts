import type { AddressHex } from '../chain/types.js'
import type { CommitmentStatus } from '../market/types.js'
import type { ClearingOutcome } from '../mechanisms/clearing.js'
import type { IntervalPhase } from '../mechanisms/contractEnums.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { MarketBookModel } from './model/MarketBookModel.js'
import { ModelContext } from './model/ModelContext.js'
import type { FeedName, ModelInterval, ModelOrder, ModelTrade, ProgressLog } from './model/ModelState.js'
import { emptyTotals } from './model/ModelState.js'
import { observeModel } from './model/observeModel.js'
import { OracleMeterModel } from './model/OracleMeterModel.js'
import {
  type CommitParameters,
  ProfileCustodyModel,
  type RegisterUserParameters,
  type TransferFromParameters,
  type WithdrawCollateralParameters,
} from './model/ProfileCustodyModel.js'
import { type ModelOrdersOutcome, type ModelSignedOrder, submitOrdersModel } from './model/SignedOrdersModel.js'
import { ModelFailure } from './ModelFailure.js'
import type {
  MarketModelConfig,
  MarketObservation,
  ModelCommitment,
  ModelProfile,
  ModelRound,
  ModelTotals,
  ObservationScope,
} from './types.js'

const MAX_FEED_DECIMALS = 18

/**
 * The reference model of a market mechanism; see {@link createMarketModel}. One object over three
 * parts that share its state, one per contract: the profiles and the pool's custody, the market
 * and its books, the oracle's feeds and meter.
 *
 * @example
 * import { MarketModel } from 'dem-sim/testing'
 * const model = new MarketModel(config, sim.mechanism)
 * model.advanceInterval()
 */
export class MarketModel {
  readonly config: MarketModelConfig
  readonly #ctx: ModelContext
  readonly #custody: ProfileCustodyModel
  readonly #oracle: OracleMeterModel
  readonly #market: MarketBookModel
  readonly #settlementLag: number

  constructor(config: MarketModelConfig, mechanism: MarketMechanism) {
    if (config.priceDecimals > MAX_FEED_DECIMALS || config.energyDecimals > MAX_FEED_DECIMALS) {
      throw new RangeError('feed decimals above 18 are not modelled')
    }
    this.#ctx = new ModelContext(config)
    this.config = this.#ctx.config
    this.#custody = new ProfileCustodyModel(this.#ctx)
    this.#oracle = new OracleMeterModel(this.#ctx)
    this.#market = new MarketBookModel(this.#ctx, { custody: this.#custody, oracle: this.#oracle }, mechanism)
    this.#settlementLag = mechanism.settlementLagIntervals
  }

  // Views

  get timestamp(): bigint {
    return this.#ctx.state.timestamp
  }

  /** The interval the next transaction falls in. */
  get currentInterval(): number {
    return this.#ctx.currentInterval
  }

  get lastTokenId(): bigint {
    return this.#ctx.state.lastTokenId
  }

  get commitmentCount(): number {
    return this.#ctx.state.commitments.length
  }

  get bufferCursor(): number {
    return this.#ctx.state.bufferCursor
  }

  get bufferLength(): number {
    return this.#ctx.state.commitments.length - this.#ctx.state.bufferCursor
  }

  /** ETH held by the profile contract: Σ collateral + the clearing account. */
  get heldWei(): bigint {
    return this.#custody.heldWei
  }

  /** Intervals that must close after an interval before it can start settling (the mechanism's). */
  get settlementLagIntervals(): number {
    return this.#settlementLag
  }

  /** Intervals that any operation named so far, ascending. */
  get touchedIntervals(): number[] {
    return [...this.#ctx.state.touched].sort((x, y) => x - y)
  }

  /** Accounts whose balance the model knows (lower case), the contracts included. */
  get knownAccounts(): AddressHex[] {
    return [...this.#ctx.state.balances.keys()] as AddressHex[]
  }

  /** The profile contract's clearing account. */
  get clearingWei(): bigint {
    return this.#ctx.state.clearingWei
  }

  intervalEnd(interval: number): bigint {
    return this.#ctx.intervalEnd(interval)
  }

  profile(tokenId: bigint): Readonly<ModelProfile> | undefined {
    return this.#ctx.state.profiles.get(tokenId)
  }

  profiles(): readonly Readonly<ModelProfile>[] {
    return [...this.#ctx.state.profiles.values()]
  }

  /** A commitment, or a filed signed order by its order id (from 2^31): what a book entry's id names. */
  commitment(commitmentId: bigint): Readonly<ModelCommitment> | undefined {
    return this.#market.entry(commitmentId)
  }

  /** Filed signed orders, by order id. */
  orders(): readonly Readonly<ModelOrder>[] {
    return [...this.#ctx.state.orders.values()]
  }

  /** Whether profile `tokenId`'s order with `nonce` was filed (`EnergyPool.isNonceUsed`). */
  isNonceUsed(tokenId: bigint, nonce: bigint): boolean {
    return this.#ctx.state.usedNonces.has(`${tokenId}|${nonce}`)
  }

  /** Order ids given out so far (`EnergyPool.orderCount`). */
  get orderCount(): number {
    return this.#ctx.state.orderCount
  }

  commitments(): readonly Readonly<ModelCommitment>[] {
    return this.#ctx.state.commitments
  }

  /** As the market's `commitmentStatusOf`. */
  commitmentStatus(commitmentId: bigint): CommitmentStatus | 'none' {
    return this.#market.commitmentStatus(commitmentId)
  }

  interval(interval: number): Readonly<ModelInterval> {
    return this.#market.interval(interval)
  }

  totals(interval: number): Readonly<ModelTotals> {
    return this.#ctx.state.totals.get(interval) ?? emptyTotals()
  }

  rounds(feed: FeedName): readonly ModelRound[] {
    return this.#ctx.state.rounds[feed]
  }

  balanceOf(account: string): bigint {
    return this.#ctx.state.balances.get(account.toLowerCase()) ?? 0n
  }

  /** Who acts for a profile: its depositor while escrowed, else its owner. */
  controllerOf(tokenId: bigint): AddressHex | undefined {
    return this.#custody.controllerOf(tokenId)
  }

  /** Profiles whose controller is `account`. */
  profilesControlledBy(account: string): bigint[] {
    return this.#custody.profilesControlledBy(account)
  }

  /** Whether the meter's deliveries for `interval` can still change (`SimulatedMeter.deliveriesFinal`). */
  deliveriesFinal(interval: number): boolean {
    return this.#oracle.deliveriesFinal(interval)
  }

  /** What the simulator reports by default for `interval`: each filed producer's committed energy. */
  committedProduction(interval: number): Map<bigint, bigint> {
    return this.#market.committedProduction(interval)
  }

  /** The model's answer to `scope`, in the shape the chain observer returns. */
  observe(scope: ObservationScope): MarketObservation {
    return observeModel(this.#ctx, this.#market, scope)
  }

  // Clock and accounts (not transactions)

  /** Moves the clock, as `chain.setTime`; it never goes back. */
  setTime(timestamp: bigint): void {
    const s = this.#ctx.state
    if (timestamp < s.timestamp) throw new RangeError(`time cannot go back from ${s.timestamp} to ${timestamp}`)
    s.timestamp = timestamp
  }

  /** As `DemSimulator.advanceInterval`: to the start of the interval `intervals` later. */
  advanceInterval(intervals = 1): number {
    const target = this.config.startTime + BigInt(this.currentInterval + intervals) * this.config.intervalSeconds
    if (target > this.#ctx.state.timestamp) this.#ctx.state.timestamp = target
    return this.currentInterval
  }

  /** Makes an account known with `balanceWei` (default: the simulator's starting balance). */
  addAccount(account: string, balanceWei: bigint = this.config.accountBalanceWei): void {
    this.#ctx.state.balances.set(account.toLowerCase(), balanceWei)
  }

  /** Notes an interval an operation named, so observations include it. */
  touch(interval: number): void {
    this.#ctx.touch(interval)
  }

  // Transactions

  /**
   * Runs `operation` as one transaction: if it throws, the model is restored to before it. Nested
   * calls restore only their own part, as a reverted inner call does.
   */
  transaction<T>(operation: () => T): T {
    return this.#ctx.transaction(operation)
  }

  /**
   * Runs `operation` and then undoes it whatever happens: what would it return, or how would it
   * fail, from the current state?
   */
  dryRun<T>(operation: () => T): T {
    return this.#ctx.dryRun(operation)
  }

  /** A plain ETH transfer between accounts (value only, no code run). */
  transfer(parameters: { from: string; to: string; valueWei: bigint }): void {
    this.transaction(() =>
      this.#ctx.pay(parameters.from.toLowerCase(), parameters.to.toLowerCase(), parameters.valueWei),
    )
  }

  /** `EnergyProfile.registerUser` / `registerUserInPool`: mints a profile with `valueWei` of collateral. */
  registerUser(parameters: RegisterUserParameters): bigint {
    return this.#custody.registerUser(parameters)
  }

  /** ERC-721 `approve(to, tokenId)` sent by `from`. */
  approve(parameters: { from: string; to: string; tokenId: bigint }): void {
    this.#custody.approve(parameters)
  }

  /** ERC-721 `setApprovalForAll(operator, approved)` sent by `from`. */
  setApprovalForAll(parameters: { from: string; operator: string; approved: boolean }): void {
    this.#custody.setApprovalForAll(parameters)
  }

  /**
   * ERC-721 `transferFrom(owner, to, tokenId)` sent by `sender`, or `safeTransferFrom` with
   * `safe` (the profile contract skips the receiver check for the pool; `acceptsTokens` says
   * whether a contract recipient answers `onERC721Received`).
   */
  transferFrom(parameters: TransferFromParameters): void {
    this.#custody.transferFrom(parameters)
  }

  /** `EnergyPool.deposit(tokenId)` sent by `from` (after approving the pool). */
  deposit(parameters: { from: string; tokenId: bigint }): void {
    this.#custody.deposit(parameters)
  }

  /** `EnergyPool.withdraw(tokenId)` sent by `from`. */
  withdraw(parameters: { from: string; tokenId: bigint }): void {
    this.#custody.withdraw(parameters)
  }

  /** `EnergyProfile.addCollateral(tokenId)` with `valueWei`, sent by `from`. */
  addCollateral(parameters: { from: string; tokenId: bigint; valueWei: bigint }): void {
    this.#custody.addCollateral(parameters)
  }

  /**
   * `EnergyProfile.withdrawCollateral(tokenId, amountWei)` sent by `from`. The ETH goes to the
   * controller; `onReceive`, when given, models a contract recipient's code (it may call back
   * into the model, and throw to refuse the payment).
   */
  withdrawCollateral(parameters: WithdrawCollateralParameters): void {
    this.#custody.withdrawCollateral(parameters)
  }

  /** The reentrancy guard as a transaction sees it: throws if a collateral function is running. */
  checkNotReentered(): void {
    this.#custody.checkNotReentered()
  }

  /** `EnergyPool.commit(...)` sent by `from`; returns the commitment id. */
  commit(parameters: CommitParameters): bigint {
    return this.#custody.commit(parameters)
  }

  /**
   * `EnergyPool.submitOrders(orders)` sent by anyone: files each good order into its interval's
   * book and skips each bad one with its reason (the pool's checks, in its order: docs/market.md); never fails.
   */
  submitOrders(orders: readonly ModelSignedOrder[]): ModelOrdersOutcome {
    return submitOrdersModel(this.#ctx, { custody: this.#custody, market: this.#market }, orders)
  }

  /** `SimulatedFeed.updateAnswer(answer)` on one feed, sent by `from`. */
  updateAnswer(parameters: { from: string; feed: FeedName; answer: bigint }): bigint {
    return this.#oracle.updateAnswer(parameters)
  }

  /**
   * `SimulatedMeter.reportDeliveries(interval, tokenIds, energyWh)` sent by `from`: each profile's
   * own metered delivery (mechanisms that read a meter).
   */
  reportDeliveries(parameters: { from: string; interval: number; deliveries: ReadonlyMap<bigint, bigint> }): void {
    this.#oracle.reportDeliveries(parameters)
  }

  /** `SimulatedMeter.finalizeDeliveries(interval)` sent by `from`: the interval's deliveries are final. */
  finalizeDeliveries(parameters: { from: string; interval: number }): void {
    this.#oracle.finalizeDeliveries(parameters)
  }

  /** `processBuffer(maxItems)` (anyone may send it): files or releases the oldest buffered commitments. */
  processBuffer(maxItems: bigint): { processed: number; expired: bigint[] } {
    return this.#market.processBuffer(maxItems)
  }

  /**
   * The checks of one `settle(interval, maxItems)` transaction, and its start (reading the
   * oracle, fixing the barrier) when the interval is open. How far the call gets is the
   * contract's business: apply its events with {@link MarketModel.applyProgress}.
   */
  settle(interval: number, maxItems: bigint): void {
    this.#market.settle(interval, maxItems)
  }

  /**
   * What `sim.settle(interval)` does as a whole: drains the buffer, then settles the interval to
   * the end (the keeper's ranking included). Returns every commitment's trade, in book order per
   * side (consumers first), and the totals; fails as the first failing transaction would.
   */
  settleAll(interval: number): { trades: ModelTrade[]; outcome: ClearingOutcome } {
    return this.#market.settleAll(interval)
  }

  /**
   * The checks of one `expireInterval(interval, maxItems)` transaction, and the start of the
   * expiry; which commitments each call releases come from its events ({@link MarketModel.applyProgress}).
   */
  expireInterval(interval: number, maxItems: bigint): void {
    this.#market.expireInterval(interval, maxItems)
  }

  /** What `sim.expireInterval(interval)` does as a whole: every filed commitment of the interval released. */
  expireAll(interval: number): bigint[] {
    return this.#market.expireAll(interval)
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
    this.#market.applyProgress(logs, phases)
  }

  /**
   * A call the caller is not allowed to make (owner, reporter, pool or market only): throws the
   * access error the contract reverts with, changing nothing.
   */
  forbidden(errorName: string, args: Record<string, unknown>): never {
    throw ModelFailure.revert(errorName, args)
  }
}
