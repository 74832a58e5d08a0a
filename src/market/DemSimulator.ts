import { createChain, type Chain, type CreateChainOptions, type SnapshotId } from '../chain/createChain.js'
import { InvalidArgumentError, UnknownSnapshotError } from '../chain/errors.js'
import type { AddressHex, Receipt } from '../chain/types.js'
import { describeValue } from '../errors/describeValue.js'
import { committedProduction } from '../mechanisms/clearing.js'
import { COMMITMENT_STATUSES, SIDES } from '../mechanisms/contractEnums.js'
import { decodeCommitmentWord } from '../mechanisms/decodeCommitmentWord.js'
import { lockFor } from '../mechanisms/lockFor.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { resolveMechanism } from '../mechanisms/mechanisms.js'
import { DEFAULT_GRID_TARIFF, type FlatTariff } from '../mechanisms/gridTariff.js'
import type { MarketTerms } from '../mechanisms/clearing.js'
import { createOrderSegments, type OrderSegments } from '../mechanisms/createOrderSegments.js'
import { BOOK_PAGE, readBook, readEntryWords } from '../mechanisms/readBook.js'
import { sendKeeperCall } from '../mechanisms/sendKeeperCall.js'
import { readRound } from '../mechanisms/readRound.js'
import { reportMeterDeliveries } from '../mechanisms/reportMeterDeliveries.js'
import { createGasLedger, type GasLedger } from './createGasLedger.js'
import { deployContracts, type MarketContracts } from './deployContracts.js'
import { KEEPER_BATCHES } from './keeperBatches.js'
import { loadPrecomputedChain } from './precomputedDeployments.js'
import { keeperContextOf, runKeeperSettle, type SettledCommitment } from './runKeeperSettle.js'
import type { SignedOrder } from './signOrder.js'
import { type OrderParameters, type SubmitOrdersResult, submitOrders } from './submitOrders.js'
import { runAtomically } from './runAtomically.js'
import type {
  CommitmentState,
  CommitmentStatus,
  CommitParameters,
  CommitResult,
  IntervalState,
  OperationResult,
  OracleReadings,
  ProcessBufferResult,
  ProfileState,
  SettleResult,
  Side,
  Trade,
  User,
} from './types.js'

export type DemSimulatorOptions = Pick<
  CreateChainOptions,
  'hardfork' | 'seed' | 'sign' | 'baseFeePerGasWei' | 'blockGasLimit'
> & {
  /** The clearing mechanism: a built-in name (`'oracle-price'`, the default) or a {@link MarketMechanism} module. */
  mechanism?: string | MarketMechanism
  /** Length of a market interval in seconds. Default 3600. */
  intervalSeconds?: bigint
  /** When interval 0 opens (unix seconds); the chain's clock starts there. Default 1,700,000,000. */
  startTime?: bigint
  /** How long after its end an interval may still start settling; more than one interval. Default 24 intervals. */
  gracePeriodSeconds?: bigint
  /** Decimals of the price feed's answers (wei per kWh × 10^decimals). Default 0. */
  priceDecimals?: number
  /** Decimals of the metered-energy feeds' answers (Wh × 10^decimals). Default 0. */
  energyDecimals?: number
  /** Accounts created up front besides the owner, reporter and keeper; more are added as users join. Default 0. */
  accounts?: number
  /** Starting ETH of every account. Default 1,000,000 ether. */
  balanceWei?: bigint
  /**
   * Commitments per `processBuffer` / `expireInterval` transaction when the caller does not say.
   * Default `KEEPER_BATCHES.process.default`: under the per-transaction cap however the
   * commitments spread over intervals.
   */
  defaultBatchSize?: number
  /**
   * Work items per `settle` transaction when the caller does not say (a commitment counts once in
   * each pass the mechanism makes over it). Default `KEEPER_BATCHES.settle.default`: under the
   * per-transaction cap however large the interval.
   */
  settleBatchSize?: number
  /** The grid tariff the market's households face, for a mechanism that prices against it (`sdr`). Default {@link DEFAULT_GRID_TARIFF}. */
  gridTariff?: FlatTariff
  /** Run on this chain (e.g. `await connectChain({ rpcUrl })`) instead of a fresh embedded one; its accounts 0–2 become owner, reporter and keeper. */
  chain?: Chain
}

export type AddUserParameters = {
  /** ETH locked in the profile as collateral at registration. */
  collateralWei: bigint
  /** A location label (grid zone, postcode...). Default 0. */
  location?: number
  /** An energy-type label (0 solar, 1 wind, 2 hydro, 3 biomass, 4 storage, 5 consumer-only). Default 0. */
  energyType?: number
  /** Escrow the profile in the pool, so it can commit. Default true. */
  deposit?: boolean
}

const MAX_UINT32 = 2 ** 32 - 1

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
  /** The segments of the signed orders the pool filed: the keeper hands them back whenever a call reads an order. */
  readonly orders: OrderSegments = createOrderSegments()
  readonly #nonces = new Map<bigint, bigint>()
  readonly #defaultBatchSize: number
  readonly #settleBatchSize: number
  readonly #users = new Map<bigint, User>()
  readonly #snapshots = new Map<
    SnapshotId,
    { gas: number; users: User[]; orders: number; nonces: Map<bigint, bigint> }
  >()

  private constructor(init: {
    chain: Chain
    mechanism: MarketMechanism
    contracts: MarketContracts
    roles: Roles
    gas: GasLedger
    intervalSeconds: bigint
    startTime: bigint
    priceDecimals: number
    energyDecimals: number
    terms: MarketTerms
    defaultBatchSize: number
    settleBatchSize: number
  }) {
    this.chain = init.chain
    this.mechanism = init.mechanism
    this.contracts = init.contracts
    this.roles = init.roles
    this.gas = init.gas
    this.intervalSeconds = init.intervalSeconds
    this.startTime = init.startTime
    this.priceDecimals = init.priceDecimals
    this.energyDecimals = init.energyDecimals
    this.terms = init.terms
    this.#defaultBatchSize = init.defaultBatchSize
    this.#settleBatchSize = init.settleBatchSize
  }

  /**
   * Creates a fresh chain, deploys the profile contract (which deploys its pool), the market and
   * the price / produced / consumed feeds, and wires them. Deployment gas is in `sim.gas`.
   *
   * @param options chain, clock, feed and batch settings; all optional
   * @returns a simulator with no users yet, its clock at the start of interval 0
   */
  static async create(options: DemSimulatorOptions = {}): Promise<DemSimulator> {
    const intervalSeconds = options.intervalSeconds ?? 3600n
    const startTime = options.startTime ?? options.chain?.timestamp ?? 1_700_000_000n
    const priceDecimals = options.priceDecimals ?? 0
    const energyDecimals = options.energyDecimals ?? 0
    const defaultBatchSize = options.defaultBatchSize ?? KEEPER_BATCHES.process.default
    const settleBatchSize = options.settleBatchSize ?? KEEPER_BATCHES.settle.default
    const mechanism = resolveMechanism(options.mechanism)
    checkPositive(intervalSeconds, 'intervalSeconds')
    checkPositive(startTime, 'startTime')
    checkSmallInteger(priceDecimals, 'priceDecimals', 18)
    checkSmallInteger(energyDecimals, 'energyDecimals', 18)
    checkBatch(defaultBatchSize, 'defaultBatchSize')
    checkBatch(settleBatchSize, 'settleBatchSize')
    const gridTariff = options.gridTariff ?? DEFAULT_GRID_TARIFF
    checkTariff(gridTariff)
    const gracePeriodSeconds = options.gracePeriodSeconds ?? 0n
    if (options.gracePeriodSeconds !== undefined) checkGracePeriod(gracePeriodSeconds, intervalSeconds)

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
    const contracts = await deployContracts({
      chain,
      gas: gas.setup,
      roles,
      mechanism,
      startTime,
      intervalSeconds,
      gracePeriodSeconds,
      gridTariff,
      priceDecimals,
      energyDecimals,
    })
    return new DemSimulator({
      chain,
      mechanism,
      gas,
      roles,
      contracts,
      intervalSeconds,
      startTime,
      priceDecimals,
      energyDecimals,
      terms: { gridTariff },
      defaultBatchSize,
      settleBatchSize,
    })
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
   * Commits a deposited profile to produce or consume energy in an interval. A consumer locks
   * ceil(energyWh × limitPriceWeiPerKWh / 1000) of its collateral until settlement or expiry.
   */
  async commit(user: User, parameters: CommitParameters): Promise<CommitResult> {
    this.#checkUser(user)
    const { interval, energyWh, side, limitPriceWeiPerKWh } = parameters
    checkSmallInteger(interval, 'interval', MAX_UINT32)
    checkAmount(energyWh, 'energyWh', 2n ** 64n - 1n)
    checkAmount(limitPriceWeiPerKWh, 'limitPriceWeiPerKWh', 2n ** 96n - 1n)
    const sideIndex = SIDES.indexOf(side)
    if (sideIndex < 0) throw new InvalidArgumentError(`side must be 'production' or 'consumption', got ${String(side)}`)
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
   * Submits signed orders in one batch, as an aggregator does (`EnergyPool.submitOrders`): each
   * order given by its terms is signed with its user's key (EIP-712, viem's `signTypedData`), its
   * nonce by default the user's next and its deadline the last second of its interval; an order
   * given already signed ({@link signOrder}) is sent as it is. The pool files each good order into
   * its interval's book and skips each bad one with its reason; the batch never fails for one. The
   * filed orders' segment is kept in {@link DemSimulator.orders} for the keeper.
   *
   * @param orders the batch, at most `KEEPER_BATCHES.orders.max`
   * @param options `from`: who submits (default the keeper account)
   * @returns the receipt, the filed orders with their ids, the skipped ones with their reasons
   * @throws {OrderBatchTooLargeError} for a batch over the largest that fits a transaction (nothing sent)
   * @throws {InvalidArgumentError} for a malformed entry or an unknown user (nothing sent)
   * @example
   * const { filed, skipped } = await sim.submitOrders([
   *   { user: alice, interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 100n },
   *   { user: bob, interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 200n },
   * ])
   */
  async submitOrders(
    orders: readonly (OrderParameters | SignedOrder)[],
    options: { from?: AddressHex } = {},
  ): Promise<SubmitOrdersResult> {
    const submitter = {
      chain: this.chain,
      gas: this.gas,
      pool: this.contracts.pool.address,
      orders: this.orders,
      intervalSeconds: this.intervalSeconds,
      startTime: this.startTime,
      keyOf: (user: User) => this.#keyOf(user),
      takeNonce: (user: User) => {
        const nonce = this.#nonces.get(user.tokenId) ?? 0n
        this.#nonces.set(user.tokenId, nonce + 1n)
        return nonce
      },
    }
    return submitOrders(submitter, orders, options.from ?? this.roles.keeper)
  }

  /** The private key of a user's account (a user of this simulator). */
  #keyOf(user: User): `0x${string}` {
    this.#checkUser(user)
    const account = this.chain.accounts.find((a) => a.address.toLowerCase() === user.address.toLowerCase())
    if (account === undefined) throw new InvalidArgumentError(`no key for ${user.address}: it cannot sign orders`)
    return account.privateKey
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
    const entries = [
      ['priceWeiPerKWh', this.contracts.priceFeed, this.priceDecimals],
      ['producedWh', this.contracts.producedFeed, this.energyDecimals],
      ['consumedWh', this.contracts.consumedFeed, this.energyDecimals],
    ] as const
    for (const [key] of entries) {
      const value = readings[key]
      if (value !== undefined && typeof value !== 'bigint')
        throw new InvalidArgumentError(`${key} must be a bigint, got ${describeValue(value)}`)
    }
    const { deliveredWh } = readings
    const reportsDeliveries = options.deliveries ?? true
    if (typeof reportsDeliveries !== 'boolean')
      throw new InvalidArgumentError(`deliveries must be a boolean, got ${describeValue(reportsDeliveries)}`)
    if (deliveredWh !== undefined && !reportsDeliveries)
      throw new InvalidArgumentError('deliveredWh given with deliveries: false')
    if (deliveredWh !== undefined) checkDeliveries(deliveredWh)
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
        receipts.push(...(await this.#reportDeliveries(reported, deliveredWh)))
      return { receipts }
    })
  }

  /**
   * The reporter reports and finalizes `interval`'s deliveries: `deliveredWh`, or by default what
   * each filed producer committed (read from the interval's book, so pending commitments are filed first).
   */
  async #reportDeliveries(interval: number, deliveredWh: ReadonlyMap<bigint, bigint> | undefined): Promise<Receipt[]> {
    const receipts: Receipt[] = []
    if (deliveredWh === undefined && (await this.bufferLength()) > 0n)
      receipts.push(...(await this.#processBuffer(this.#defaultBatchSize, false)).receipts)
    const deliveries = deliveredWh ?? committedProduction(await readBook(this.#bookSource, interval))
    const context = {
      chain: this.chain,
      gas: this.gas,
      meter: this.contracts.meter.address,
      reporter: this.roles.reporter,
    }
    receipts.push(...(await reportMeterDeliveries(context, interval, deliveries)))
    return receipts
  }

  /** Whether the meter's deliveries for `interval` are final (then a report without `deliveredWh` keeps them). */
  async #deliveriesFinal(interval: number): Promise<boolean> {
    return this.chain.call({ ...this.contracts.meter, functionName: 'deliveriesFinal', args: [interval] })
  }

  get #bookSource() {
    return {
      chain: this.chain,
      market: this.contracts.market.address,
      pool: this.contracts.pool.address,
      orders: this.orders,
    }
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
    return runAtomically(this, 'processBuffer', () => this.#processBuffer(maxItems, options.once ?? false))
  }

  async #processBuffer(maxItems: number, once: boolean): Promise<ProcessBufferResult> {
    const result: ProcessBufferResult = { processed: 0, expired: [], receipts: [] }
    do {
      const { receipt, result: processed } = await this.chain.send({
        ...this.contracts.market,
        functionName: 'processBuffer',
        args: [BigInt(maxItems)],
        from: this.roles.keeper,
      })
      this.gas.record('processBuffer', receipt)
      result.processed += Number(processed)
      result.receipts.push(receipt)
      for (const log of receipt.logs)
        if (log.eventName === 'CommitmentExpired') result.expired.push(log.args?.commitmentId as bigint)
      if (processed === 0n) break
    } while (!once && (await this.bufferLength()) > 0n)
    return result
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
    const trades = await this.#tradesOf(settled)
    const round = await readRound(this.chain, this.contracts.market.address, interval)
    return {
      interval,
      price: round.price,
      priceDecimals: round.priceDecimals,
      supplyWh: round.supplyWh,
      demandWh: round.demandWh,
      producedWh: round.producedWh,
      consumedWh: round.consumedWh,
      tradedWh: round.tradedWh,
      tradedValueWei: round.paidWei,
      receivedWei: round.receivedWei,
      surplusWei: round.paidWei - round.receivedWei,
      trades,
      receipts,
    }
  }

  /** The settled commitments as trades: who and which side come from the pool, a page of words per call. */
  async #tradesOf(settled: readonly SettledCommitment[]): Promise<Trade[]> {
    const trades: Trade[] = []
    for (let from = 0; from < settled.length; from += BOOK_PAGE) {
      const page = settled.slice(from, from + BOOK_PAGE)
      const words = await readEntryWords(
        this.#bookSource,
        page.map((t) => t.commitmentId),
      )
      page.forEach((t, i) => {
        const { tokenId, side } = decodeCommitmentWord(words[i] as bigint)
        trades.push({ commitmentId: t.commitmentId, tokenId, side, energyWh: t.energyWh, amountWei: t.amountWei })
      })
    }
    return trades
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
    return runAtomically(this, 'expireInterval', async () => {
      const receipts: Receipt[] = []
      for (let done = false; !done; ) {
        const call = {
          abi: this.contracts.market.abi,
          functionName: 'expireInterval',
          args: [interval, BigInt(maxItems)],
        }
        const { receipt, done: expired } = await sendKeeperCall(keeperContextOf(this), interval, call)
        receipts.push(receipt)
        done = expired
      }
      return { receipts }
    })
  }

  /** A profile's collateral, lock and labels. */
  async profile(user: User | bigint): Promise<ProfileState> {
    const tokenId = typeof user === 'bigint' ? user : user.tokenId
    const profile = await this.chain.call({ ...this.contracts.profile, functionName: 'profileOf', args: [tokenId] })
    const owner = await this.chain.call({ ...this.contracts.profile, functionName: 'ownerOf', args: [tokenId] })
    const controller = await this.chain.call({
      ...this.contracts.profile,
      functionName: 'controllerOf',
      args: [tokenId],
    })
    return {
      tokenId,
      owner,
      controller,
      deposited: owner.toLowerCase() === this.contracts.pool.address.toLowerCase(),
      location: profile.location,
      energyType: profile.energyType,
      collateralWei: profile.collateralWei,
      lockedWei: profile.lockedWei,
      availableWei: profile.collateralWei - profile.lockedWei,
      openCommitments: profile.openCommitments,
    }
  }

  /** One commitment's terms and status. */
  async commitment(commitmentId: bigint): Promise<CommitmentState> {
    const c = await this.chain.call({ ...this.contracts.pool, functionName: 'commitmentOf', args: [commitmentId] })
    const status = await this.chain.call({
      ...this.contracts.market,
      functionName: 'commitmentStatusOf',
      args: [commitmentId],
    })
    return {
      commitmentId,
      tokenId: c.tokenId,
      interval: c.interval,
      side: SIDES[c.side] as Side,
      energyWh: c.energyWh,
      limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
      lockedWei: c.lockedWei,
      status: (COMMITMENT_STATUSES[status] ?? 'pending') as CommitmentStatus,
    }
  }

  /** Every commitment ever made, or only a user's. */
  async commitments(user?: User): Promise<CommitmentState[]> {
    const count = await this.chain.call({ ...this.contracts.pool, functionName: 'commitmentCount' })
    const all = await this.#commitmentRange(0n, count)
    return user === undefined ? all : all.filter((c) => c.tokenId === user.tokenId)
  }

  /** The commitments waiting in the market buffer, oldest first. */
  async buffer(): Promise<CommitmentState[]> {
    const cursor = await this.chain.call({ ...this.contracts.market, functionName: 'bufferCursor' })
    const count = await this.chain.call({ ...this.contracts.pool, functionName: 'commitmentCount' })
    return this.#commitmentRange(cursor, count)
  }

  /** Commitments `from` to `to − 1`: their terms a page of words per call, each one's status one call. */
  async #commitmentRange(from: bigint, to: bigint): Promise<CommitmentState[]> {
    const states: CommitmentState[] = []
    for (let first = from; first < to; first += BigInt(BOOK_PAGE)) {
      const words = await this.chain.call({
        ...this.contracts.pool,
        functionName: 'commitmentWordsFrom',
        args: [first, BigInt(BOOK_PAGE)],
      })
      for (const [k, word] of words.slice(0, Number(to - first)).entries()) {
        const commitmentId = first + BigInt(k)
        const status = await this.chain.call({
          ...this.contracts.market,
          functionName: 'commitmentStatusOf',
          args: [commitmentId],
        })
        const terms = decodeCommitmentWord(word)
        states.push({
          commitmentId,
          ...terms,
          lockedWei: terms.side === 'consumption' ? lockFor(terms.energyWh, terms.limitPriceWeiPerKWh) : 0n,
          status: (COMMITMENT_STATUSES[status] ?? 'pending') as CommitmentStatus,
        })
      }
    }
    return states
  }

  /** How many commitments wait in the market buffer. */
  async bufferLength(): Promise<bigint> {
    return this.chain.call({ ...this.contracts.market, functionName: 'bufferLength' })
  }

  /** An interval's aggregates and settlement state. */
  async interval(interval: number): Promise<IntervalState> {
    checkSmallInteger(interval, 'interval', MAX_UINT32)
    const totals = await this.chain.call({ ...this.contracts.pool, functionName: 'intervalTotalsOf', args: [interval] })
    const round = await readRound(this.chain, this.contracts.market.address, interval)
    return {
      interval,
      phase: round.phase,
      committedProductionWh: totals.committedProductionWh,
      committedConsumptionWh: totals.committedConsumptionWh,
      producedWh: totals.producedWh,
      consumedWh: totals.consumedWh,
      tradedWh: totals.tradedWh,
      price: round.price,
      priceDecimals: round.priceDecimals,
    }
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
    this.#snapshots.set(id, {
      gas: this.gas.mark(),
      users: [...this.#users.values()],
      orders: this.orders.mark(),
      nonces: new Map(this.#nonces),
    })
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
    this.#nonces.clear()
    for (const [tokenId, nonce] of saved.nonces) this.#nonces.set(tokenId, nonce)
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

function checkAmount(value: unknown, what: string, max?: bigint): void {
  if (typeof value !== 'bigint' || value < 0n)
    throw new InvalidArgumentError(`${what} must be a non-negative bigint, got ${describeValue(value)}`)
  if (max !== undefined && value > max) throw new InvalidArgumentError(`${what} must be at most ${max}, got ${value}`)
}

function checkPositive(value: unknown, what: string): void {
  if (typeof value !== 'bigint' || value <= 0n)
    throw new InvalidArgumentError(`${what} must be a positive bigint, got ${describeValue(value)}`)
}

function checkSmallInteger(value: unknown, what: string, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidArgumentError(`${what} must be an integer from 0 to ${max}, got ${describeValue(value)}`)
  }
}

function checkGracePeriod(gracePeriodSeconds: unknown, intervalSeconds: bigint): void {
  if (
    typeof gracePeriodSeconds !== 'bigint' ||
    gracePeriodSeconds <= intervalSeconds ||
    gracePeriodSeconds >= 2n ** 64n
  )
    throw new InvalidArgumentError(
      `gracePeriodSeconds must be a bigint above one interval (${intervalSeconds} s) and below 2^64, got ${describeValue(gracePeriodSeconds)}`,
      { details: "an interval's deliveries may become final only once the next interval has closed" },
    )
}

function checkTariff(tariff: unknown): void {
  const t = tariff as FlatTariff | null
  const inRange = (value: unknown) => typeof value === 'bigint' && value >= 0n && value < 2n ** 96n
  if (t === null || typeof t !== 'object' || !inRange(t.importWeiPerKWh) || !inRange(t.feedInWeiPerKWh))
    throw new InvalidArgumentError(
      `gridTariff must be { importWeiPerKWh, feedInWeiPerKWh }, bigints from 0 to 2^96 − 1, got ${describeValue(tariff)}`,
    )
}

function checkDeliveries(deliveredWh: unknown): void {
  if (!(deliveredWh instanceof Map))
    throw new InvalidArgumentError(
      `deliveredWh must be a Map of profile token id to Wh, got ${describeValue(deliveredWh)}`,
    )
  for (const [tokenId, energyWh] of deliveredWh) {
    if (typeof tokenId !== 'bigint' || tokenId <= 0n || tokenId >= 2n ** 48n)
      throw new InvalidArgumentError(
        `deliveredWh keys must be profile token ids (positive bigints below 2^48), got ${describeValue(tokenId)}`,
      )
    checkAmount(energyWh, `deliveredWh of profile ${tokenId}`, 2n ** 64n - 1n)
  }
}

function checkBatch(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer, got ${describeValue(value)}`)
  }
}
