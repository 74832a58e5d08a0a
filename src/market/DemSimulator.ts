import { createChain, type Chain, type SnapshotId } from '../chain/createChain.js'
import { InvalidArgumentError, UnknownSnapshotError } from '../chain/errors.js'
import type { AddressHex, Receipt } from '../chain/types.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import type { MarketTerms } from '../mechanisms/clearing.js'
import { createOrderSegments, type OrderSegments, type OrderSegmentsMark } from '../mechanisms/createOrderSegments.js'
import { readRound } from '../mechanisms/readRound.js'
import {
  checkAmount,
  checkBatch,
  checkCommitParameters,
  checkOracleReadings,
  checkSmallInteger,
  MAX_UINT32,
} from './checkArguments.js'
import { createGasLedger, type GasLedger } from './createGasLedger.js'
import { deployContracts, type MarketContracts } from './deployContracts.js'
import {
  type AddUserParameters,
  type DemSimulatorOptions,
  type ResolvedSimulatorOptions,
  resolveSimulatorOptions,
} from './DemSimulatorOptions.js'
import { loadPrecomputedChain } from './precomputedDeployments.js'
import { readFiledOrders } from './readFiledOrders.js'
import { settleResultOf } from './settleResultOf.js'
import { readCommitmentState, readCommitmentStates } from './readCommitmentStates.js'
import { readIntervalState } from './readIntervalState.js'
import { readProfileState } from './readProfileState.js'
import { readTrades } from './readTrades.js'
import { runKeeperExpire } from './runKeeperExpire.js'
import { runKeeperProcessBuffer } from './runKeeperProcessBuffer.js'
import { keeperContextOf, runKeeperSettle } from './runKeeperSettle.js'
import { runAtomically } from './runAtomically.js'
import { runReporterDeliveries } from './runReporterDeliveries.js'
import type { SignedOrder } from './signOrder.js'
import { type OrderParameters, submitOrders } from './submitOrders.js'
import type {
  CommitmentState,
  CommitParameters,
  CommitResult,
  IntervalState,
  OperationResult,
  OracleReadings,
  ProcessBufferResult,
  ProfileState,
  SettleResult,
  User,
} from './types.js'

export type { AddUserParameters, DemSimulatorOptions } from './DemSimulatorOptions.js'

/** Roles beside the users: who owns and wires the contracts, reports the feeds, and runs the keeper calls. */
type Roles = { owner: AddressHex; reporter: AddressHex; keeper: AddressHex }

/**
 * The Decentralized Energy Marketplace on an embedded chain: energy profiles, the pool, the
 * market and its three feeds, deployed and wired, behind a typed API. Every operation is a real
 * transaction from the right account — the user, the oracle reporter or the keeper — and its
 * receipt is recorded in {@link DemSimulator.gas}.
 *
 * @example
 * import { DemSimulator } from 'dem-sim'
 * const sim = await DemSimulator.create()
 * const alice = await sim.addUser({ collateralWei: 10n ** 18n })
 * const bob = await sim.addUser({ collateralWei: 10n ** 18n })
 * const interval = sim.currentInterval
 * await sim.commit(alice, { interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 100n })
 * await sim.commit(bob, { interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 200n })
 * sim.advanceInterval()
 * await sim.setOracle({ priceWeiPerKWh: 150n, producedWh: 3_000n, consumedWh: 2_000n })
 * const { trades, tradedWh } = await sim.settle(interval)
 */
export class DemSimulator {
  /** The embedded chain, for going beyond this API (e.g. with viem). */
  readonly chain: Chain
  /** The clearing mechanism the market runs. */
  readonly mechanism: MarketMechanism
  /** Each contract's address and ABI. */
  readonly contracts: MarketContracts
  /** Every transaction the simulator sent, with its gas, by operation, account, profile and interval. */
  readonly gas: GasLedger
  /** The owner, oracle reporter and keeper accounts. */
  readonly roles: Roles
  readonly intervalSeconds: bigint
  readonly startTime: bigint
  readonly priceDecimals: number
  readonly energyDecimals: number
  /** The market's fixed terms (its grid tariff), as its mechanism's clearing rule takes them. */
  readonly terms: MarketTerms
  readonly #defaultBatchSize: number
  readonly #settleBatchSize: number
  readonly #users = new Map<bigint, User>()
  /** The segments of the signed orders the pool filed: the keeper hands them back whenever a call reads an order. */
  readonly orders: OrderSegments = createOrderSegments()
  readonly #snapshots = new Map<SnapshotId, { gas: number; users: User[]; orders: OrderSegmentsMark }>()

  private constructor(
    deployed: { chain: Chain; contracts: MarketContracts; roles: Roles; gas: GasLedger },
    options: ResolvedSimulatorOptions,
  ) {
    this.chain = deployed.chain
    this.contracts = deployed.contracts
    this.roles = deployed.roles
    this.gas = deployed.gas
    this.mechanism = options.mechanism
    this.intervalSeconds = options.intervalSeconds
    this.startTime = options.startTime
    this.priceDecimals = options.priceDecimals
    this.energyDecimals = options.energyDecimals
    this.terms = { gridTariff: options.gridTariff }
    this.#defaultBatchSize = options.defaultBatchSize
    this.#settleBatchSize = options.settleBatchSize
  }

  /**
   * Creates a fresh chain, deploys the profile contract (which deploys its pool), the market and
   * the price / produced / consumed feeds, and wires them. Deployment gas is in `sim.gas`.
   *
   * @param options chain, clock, feed and batch settings; all optional
   * @returns a simulator with no users yet, its clock at the start of interval 0
   */
  static async create(options: DemSimulatorOptions = {}): Promise<DemSimulator> {
    const resolved = resolveSimulatorOptions(options)
    const { mechanism, startTime } = resolved
    const chain =
      options.chain ??
      (await loadPrecomputedChain(mechanism, options)) ??
      (await createChain({
        hardfork: options.hardfork,
        seed: options.seed,
        sign: options.sign,
        baseFeePerGasWei: options.baseFeePerGasWei,
        blockGasLimit: options.blockGasLimit,
        balanceWei: options.balanceWei,
        startTime,
        accounts: 3 + (options.accounts ?? 0),
      }))
    const [owner, reporter, keeper] = chain.accounts.map((a) => a.address) as [AddressHex, AddressHex, AddressHex]
    const roles = { owner, reporter, keeper }
    const gas = createGasLedger()
    const contracts = await deployContracts({ chain, gas: gas.setup, roles, ...resolved })
    return new DemSimulator({ chain, contracts, roles, gas }, resolved)
  }

  /** The interval the next transaction's block falls in. */
  get currentInterval(): number {
    return Number((this.chain.timestamp - this.startTime) / this.intervalSeconds)
  }

  /** Every registered user, in registration order. */
  get users(): readonly User[] {
    return [...this.#users.values()]
  }

  /**
   * Registers a new prosumer from a fresh funded account: mints its profile with `collateralWei`,
   * straight into the pool's escrow when `deposit` (one transaction), else to the account.
   */
  async addUser(parameters: AddUserParameters): Promise<User & OperationResult> {
    const { collateralWei, location = 0, energyType = 0, deposit = true } = parameters
    checkAmount(collateralWei, 'collateralWei')
    checkSmallInteger(location, 'location', MAX_UINT32)
    checkSmallInteger(energyType, 'energyType', 255)
    if (typeof deposit !== 'boolean')
      throw new InvalidArgumentError(`deposit must be a boolean, got ${String(deposit)}`)
    const [account] = await this.chain.addAccounts(1)
    const address = (account as { address: AddressHex }).address
    const { receipt, result: tokenId } = await this.chain.send({
      ...this.contracts.profile,
      functionName: deposit ? 'registerUserInPool' : 'registerUser',
      args: [location, energyType],
      value: collateralWei,
      from: address,
    })
    this.gas.record(deposit ? 'registerUserInPool' : 'registerUser', receipt, { tokenId })
    const user = { address, tokenId }
    this.#users.set(tokenId, user)
    return { ...user, receipt }
  }

  /**
   * Escrows a user's profile in the pool: by default one `safeTransferFrom` to the pool, or
   * `approve` + `pool.deposit` (two transactions) with `{ via: 'approve' }`.
   */
  async deposit(user: User, options: { via?: 'safeTransferFrom' | 'approve' } = {}): Promise<{ receipts: Receipt[] }> {
    this.#checkUser(user)
    const via = options.via ?? 'safeTransferFrom'
    if (via === 'safeTransferFrom') {
      const { receipt } = await this.chain.send({
        ...this.contracts.profile,
        functionName: 'safeTransferFrom',
        args: [user.address, this.contracts.pool.address, user.tokenId],
        from: user.address,
      })
      this.gas.record('safeTransferFrom', receipt, { tokenId: user.tokenId })
      return { receipts: [receipt] }
    }
    if (via !== 'approve')
      throw new InvalidArgumentError(`via must be 'safeTransferFrom' or 'approve', got ${String(via)}`)
    return runAtomically(this, 'deposit', async () => {
      const approve = await this.chain.send({
        ...this.contracts.profile,
        functionName: 'approve',
        args: [this.contracts.pool.address, user.tokenId],
        from: user.address,
      })
      this.gas.record('approve', approve.receipt, { tokenId: user.tokenId })
      const deposit = await this.chain.send({
        ...this.contracts.pool,
        functionName: 'deposit',
        args: [user.tokenId],
        from: user.address,
      })
      this.gas.record('deposit', deposit.receipt, { tokenId: user.tokenId })
      return { receipts: [approve.receipt, deposit.receipt] }
    })
  }

  /** Returns a profile from the pool to its depositor; it must have no open commitments. */
  async withdraw(user: User): Promise<OperationResult> {
    this.#checkUser(user)
    const { receipt } = await this.chain.send({
      ...this.contracts.pool,
      functionName: 'withdraw',
      args: [user.tokenId],
      from: user.address,
    })
    this.gas.record('withdraw', receipt, { tokenId: user.tokenId })
    return { receipt }
  }

  /** Adds `amountWei` to the profile's collateral. */
  async addCollateral(user: User, amountWei: bigint): Promise<OperationResult> {
    this.#checkUser(user)
    checkAmount(amountWei, 'amountWei')
    const { receipt } = await this.chain.send({
      ...this.contracts.profile,
      functionName: 'addCollateral',
      args: [user.tokenId],
      value: amountWei,
      from: user.address,
    })
    this.gas.record('addCollateral', receipt, { tokenId: user.tokenId })
    return { receipt }
  }

  /** Sends `amountWei` of the profile's unlocked collateral back to the user. */
  async withdrawCollateral(user: User, amountWei: bigint): Promise<OperationResult> {
    this.#checkUser(user)
    checkAmount(amountWei, 'amountWei')
    const { receipt } = await this.chain.send({
      ...this.contracts.profile,
      functionName: 'withdrawCollateral',
      args: [user.tokenId, amountWei],
      from: user.address,
    })
    this.gas.record('withdrawCollateral', receipt, { tokenId: user.tokenId })
    return { receipt }
  }

  /**
   * Submits signed orders in one batch from `from` (an aggregator; default the keeper), as
   * {@link submitOrders} describes: orders by their terms are signed with their users' keys.
   *
   * @example
   * const { filed, skipped } = await sim.submitOrders([{ user, interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 100n }])
   */
  async submitOrders(orders: readonly (OrderParameters | SignedOrder)[], options: { from?: AddressHex } = {}) {
    const checkUser = (user: User) => this.#checkUser(user)
    return submitOrders({ ...this, pool: this.contracts.pool.address, checkUser }, orders, options.from)
  }

  /**
   * Commits a deposited profile to produce or consume energy in an interval. A consumer locks
   * ceil(energyWh × limitPriceWeiPerKWh / 1000) of its collateral until settlement or expiry.
   */
  async commit(user: User, parameters: CommitParameters): Promise<CommitResult> {
    this.#checkUser(user)
    const sideIndex = checkCommitParameters(parameters)
    const { interval, energyWh, limitPriceWeiPerKWh } = parameters
    const { receipt, result: commitmentId } = await this.chain.send({
      ...this.contracts.pool,
      functionName: 'commit',
      args: [user.tokenId, interval, energyWh, sideIndex, limitPriceWeiPerKWh],
      from: user.address,
    })
    this.gas.record('commit', receipt, { tokenId: user.tokenId, interval })
    const created = receipt.logs.find((log) => log.eventName === 'CommitmentCreated')
    return { receipt, commitmentId, lockedWei: (created?.args?.lockedWei as bigint | undefined) ?? 0n }
  }

  /**
   * The oracle reporter publishes readings; each becomes a new round of its feed, and the market
   * takes it as the reading of the interval that closed last before it. Report an interval's
   * readings after it closes (after `advanceInterval`) and before settling it. The price is published
   * only for a mechanism that reads the price feed. The reporter also reports each producer's
   * delivery for that interval to the meter (`deliveredWh`, by default what each filed producer
   * committed; the buffer is filed first) and finalizes them, so the interval can settle at once; a
   * later call for the same interval without `deliveredWh` keeps them, one with it is refused by the
   * meter (`SimulatedMeterDeliveriesFinal`).
   * With `{ deliveries: false }` only the feeds are published, as by an oracle whose meter did not
   * report: the interval settles once its deliveries are final anyway, every producer counting for nothing.
   * Completes, or publishes nothing: a failure after the first transaction rolls every round and
   * report back ({@link OperationRolledBackError}).
   */
  async setOracle(readings: OracleReadings, options: { deliveries?: boolean } = {}): Promise<{ receipts: Receipt[] }> {
    const reportsDeliveries = checkOracleReadings(readings, options)
    const { deliveredWh } = readings
    const entries = [
      ['priceWeiPerKWh', this.contracts.priceFeed, this.priceDecimals],
      ['producedWh', this.contracts.producedFeed, this.energyDecimals],
      ['consumedWh', this.contracts.consumedFeed, this.energyDecimals],
    ] as const
    const reported = this.currentInterval - 1
    return runAtomically(this, 'setOracle', async () => {
      const receipts: Receipt[] = []
      for (const [key, feed, decimals] of entries) {
        const value = readings[key]
        if (value === undefined || (key === 'priceWeiPerKWh' && !this.mechanism.readsPriceFeed)) continue
        const { receipt } = await this.chain.send({
          ...feed,
          functionName: 'updateAnswer',
          args: [value * 10n ** BigInt(decimals)],
          from: this.roles.reporter,
        })
        this.gas.record('updateAnswer', receipt, { interval: reported >= 0 ? reported : undefined })
        receipts.push(receipt)
      }
      if (reportsDeliveries && reported >= 0 && !(deliveredWh === undefined && (await this.#deliveriesFinal(reported))))
        receipts.push(...(await runReporterDeliveries(this, reported, deliveredWh, this.#defaultBatchSize)))
      return { receipts }
    })
  }

  /** Whether the meter's deliveries for `interval` are final (then a report without `deliveredWh` keeps them). */
  async #deliveriesFinal(interval: number): Promise<boolean> {
    return this.chain.call({ ...this.contracts.meter, functionName: 'deliveriesFinal', args: [interval] })
  }

  /** Moves the chain's clock to the start of the interval `intervals` later; returns the new current interval. */
  advanceInterval(intervals = 1): number {
    checkSmallInteger(intervals, 'intervals', MAX_UINT32)
    const target = this.startTime + BigInt(this.currentInterval + intervals) * this.intervalSeconds
    if (target > this.chain.timestamp) this.chain.setTime(target)
    return this.currentInterval
  }

  /**
   * The keeper drains the market buffer: expired commitments are released, live ones filed into
   * their intervals' books. Sends transactions of `maxItems` until the buffer is empty (or only
   * one when `once`). Completes, or changes nothing ({@link OperationRolledBackError} when a
   * later transaction fails).
   */
  async processBuffer(options: { maxItems?: number; once?: boolean } = {}): Promise<ProcessBufferResult> {
    const maxItems = options.maxItems ?? this.#defaultBatchSize
    checkBatch(maxItems, 'maxItems')
    return runAtomically(this, 'processBuffer', () =>
      runKeeperProcessBuffer(keeperContextOf(this), maxItems, options.once ?? false),
    )
  }

  /**
   * The keeper settles a closed interval: reads the feeds, tallies the in-the-money totals and
   * pays producers from consumers' locked collateral, in transactions of about `maxItems` work
   * items each until done. The buffer is drained first (its own transactions, in `receipts`
   * too), since filing inside `settle` costs more than `processBuffer` does. Completes, or changes
   * nothing ({@link OperationRolledBackError} when a later transaction or read fails).
   */
  async settle(interval: number, options: { maxItems?: number } = {}): Promise<SettleResult> {
    checkSmallInteger(interval, 'interval', MAX_UINT32)
    const maxItems = options.maxItems ?? this.#settleBatchSize
    checkBatch(maxItems, 'maxItems')
    return runAtomically(this, 'settle', () => this.#settle(interval, maxItems))
  }

  async #settle(interval: number, maxItems: number): Promise<SettleResult> {
    const { receipts, settled } = await runKeeperSettle(this.mechanism, keeperContextOf(this), interval, {
      maxItems,
      processBatch: this.#defaultBatchSize,
    })
    const round = await readRound(this.chain, this.contracts.market.address, interval)
    return settleResultOf(interval, round, await readTrades(this, settled), receipts)
  }

  /**
   * Releases the commitments of an interval that was never settled within the grace period, in
   * transactions of `maxItems`. Completes, or changes nothing ({@link OperationRolledBackError}
   * when a later transaction fails).
   */
  async expireInterval(interval: number, options: { maxItems?: number } = {}): Promise<{ receipts: Receipt[] }> {
    checkSmallInteger(interval, 'interval', MAX_UINT32)
    const maxItems = options.maxItems ?? this.#defaultBatchSize
    checkBatch(maxItems, 'maxItems')
    return runAtomically(this, 'expireInterval', async () => ({
      receipts: await runKeeperExpire(keeperContextOf(this), interval, maxItems),
    }))
  }

  /** A profile's collateral, lock and labels. */
  async profile(user: User | bigint): Promise<ProfileState> {
    return readProfileState(this, typeof user === 'bigint' ? user : user.tokenId)
  }

  /** One commitment's terms and status. */
  async commitment(commitmentId: bigint): Promise<CommitmentState> {
    return readCommitmentState(this, commitmentId)
  }

  /** Every commitment ever made, or only a user's. */
  async commitments(user?: User): Promise<CommitmentState[]> {
    const all = await readCommitmentStates(this, 'all')
    return user === undefined ? all : all.filter((c) => c.tokenId === user.tokenId)
  }

  /**
   * The signed orders the pool filed (from the segments kept in {@link DemSimulator.orders}), all or
   * one user's, in the order filed, each with its order id as `commitmentId`. An order has no
   * buffer: it is `filed` until its interval is settled or expired.
   */
  async filedOrders(user?: User): Promise<CommitmentState[]> {
    return readFiledOrders(this, this.orders, user?.tokenId)
  }

  /** The commitments waiting in the market buffer, oldest first. */
  async buffer(): Promise<CommitmentState[]> {
    return readCommitmentStates(this, 'buffer')
  }

  /** How many commitments wait in the market buffer. */
  async bufferLength(): Promise<bigint> {
    return this.chain.call({ ...this.contracts.market, functionName: 'bufferLength' })
  }

  /** An interval's aggregates and settlement state. */
  async interval(interval: number): Promise<IntervalState> {
    checkSmallInteger(interval, 'interval', MAX_UINT32)
    return readIntervalState(this, interval)
  }

  /** The ETH balance of a user's account (or any address). */
  async balance(who: User | AddressHex): Promise<bigint> {
    return this.chain.getBalance(typeof who === 'string' ? who : who.address)
  }

  /** ETH held by the profile contract: always the sum of all profiles' collateral. */
  async heldWei(): Promise<bigint> {
    return this.chain.getBalance(this.contracts.profile.address)
  }

  /** Records the chain state, the clock, the users and the gas ledger. */
  snapshot(): SnapshotId {
    const id = this.chain.snapshot()
    this.#snapshots.set(id, { gas: this.gas.mark(), users: [...this.#users.values()], orders: this.orders.mark() })
    return id
  }

  /**
   * Restores what {@link snapshot} recorded; the snapshot stays usable.
   *
   * @throws {UnknownSnapshotError} for an id `sim.snapshot()` did not return (one from
   * `sim.chain.snapshot()`, which recorded neither the users nor the gas ledger: rewind the chain
   * alone with `sim.chain.revert`), or one an earlier revert discarded; nothing changes
   */
  revert(id: SnapshotId): void {
    const saved = this.#snapshots.get(id)
    if (saved === undefined)
      throw new UnknownSnapshotError(
        `unknown simulator snapshot ${String(id)}: it was not taken by sim.snapshot(), or an earlier revert discarded it`,
        {
          details:
            'a snapshot of sim.chain records the chain alone, not the users or the gas ledger: rewind it with sim.chain.revert',
        },
      )
    this.chain.revert(id)
    for (const later of [...this.#snapshots.keys()]) if (later > id) this.#snapshots.delete(later)
    this.gas.revertTo(saved.gas)
    this.orders.revertTo(saved.orders)
    this.#users.clear()
    for (const user of saved.users) this.#users.set(user.tokenId, user)
  }

  #checkUser(user: User): void {
    if (user === null || typeof user !== 'object' || typeof user.tokenId !== 'bigint') {
      throw new InvalidArgumentError(`expected a user returned by addUser, got ${String(user)}`)
    }
    const known = this.#users.get(user.tokenId)
    if (known === undefined || known.address.toLowerCase() !== String(user.address).toLowerCase()) {
      throw new InvalidArgumentError(
        `unknown user: profile ${user.tokenId} of ${String(user.address)} was not added to this simulator`,
      )
    }
  }
}
