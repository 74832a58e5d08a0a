import type { Chain } from '../chain/createChain.js'
import type { AddressHex, Artifact, Receipt } from '../chain/types.js'
import type { IntervalPhase } from './contractEnums.js'
import type { MarketCoreAbi } from './marketCoreAbi.js'
import type { ClearingOutcome, IntervalBook, MeterReadings } from './meritOrder.js'

/** Where a mechanism's transactions are recorded (the simulator's gas ledger). */
export type GasRecorder = {
  record(
    operation: string,
    receipt: Receipt,
    context?: { tokenId?: bigint | undefined; interval?: number | undefined },
  ): unknown
}

/** What a mechanism's deploy step gets: the chain, the roles, the deployed profile, pool and feeds. */
export type MechanismDeployContext = {
  chain: Chain
  gas: GasRecorder
  roles: { owner: AddressHex; reporter: AddressHex; keeper: AddressHex }
  profile: AddressHex
  pool: AddressHex
  /** Deploys the price, produced and consumed feeds (once; later calls return the same). */
  deployFeeds(): Promise<{ price: AddressHex; produced: AddressHex; consumed: AddressHex }>
  /** Zero: the contract's default (24 intervals). */
  gracePeriodSeconds: bigint
}

/** What a keeper step gets: the chain, the market, who sends, and where gas is recorded. */
export type MechanismKeeperContext = {
  chain: Chain
  gas: GasRecorder
  market: { address: AddressHex; abi: MarketCoreAbi }
  pool: AddressHex
  keeper: AddressHex
}

/** What a mechanism with a meter needs to report deliveries: the keeper's context, the meter and the reporter. */
export type MechanismOracleContext = MechanismKeeperContext & {
  meter: AddressHex
  reporter: AddressHex
}

/**
 * What the oracle reported for the interval: metered energy and each profile's own delivery
 * (`MeterReadings`), and the price feed's answer (wei/kWh × 10^priceDecimals) for mechanisms
 * that read a price.
 */
export type ClearingReadings = MeterReadings & {
  readonly price?: bigint
  readonly priceDecimals?: number
}

/** An interval's settlement as its final event reports it, in the same terms for every mechanism. */
export type SettlementSummary = {
  /** The uniform price (wei/kWh × 10^priceDecimals; 0 for pay-as-bid or when nothing trades). */
  price: bigint
  /** In-the-money committed production and consumption, where the mechanism reports them (else 0). */
  supplyWh: bigint
  demandWh: bigint
  tradedWh: bigint
  /** Σ paid by consumers; Σ received by producers; what the market keeps (paid − received). */
  paidWei: bigint
  receivedWei: bigint
  surplusWei: bigint
}

/** An interval's settlement record, read from the mechanism's own view. */
export type MechanismIntervalState = {
  phase: IntervalPhase
  price: bigint
  priceDecimals: number
}

/**
 * What a reference model needs to know of a mechanism's market besides its clearing rule: its
 * phases, which calls each phase allows, where its readings come from, and its error names —
 * facts of the contract, stated once here.
 */
export type MarketRules = {
  /** The market's `Phase` enum, in order. */
  readonly phases: readonly IntervalPhase[]
  /** Phases in which `settle` may be called (from `open` it starts the settlement). */
  readonly settleFrom: readonly IntervalPhase[]
  /** Phases from which `expireInterval` may start an expiry, once end + grace period has passed. */
  readonly expireFrom: readonly IntervalPhase[]
  /**
   * `'feeds'`: the market reads the price, produced and consumed feeds itself; `'meter'`: the
   * produced and consumed feeds through the meter. Both read each producer's reported delivery from the meter.
   */
  readonly readings: 'feeds' | 'meter'
  /** Payments pass through the profile contract's clearing account (else straight from consumers to producers). */
  readonly clearingAccount: boolean
  /** A profile files at most one production commitment per interval; later ones are released at filing. */
  readonly oneProductionPerProfile: boolean
  /**
   * The market starts settling an interval only once the meter's deliveries for it are final
   * (the reporter finalized them, or the next interval closed); before, `errors.readingsNotFinal`.
   */
  readonly awaitsFinalDeliveries: boolean
  /** The market's custom errors, by what they mean. */
  readonly errors: {
    readonly zeroBatch: string
    readonly wrongPhase: string
    /** The interval cannot start settling yet (not closed, or its readings not final). */
    readonly notSettleable: string
    readonly windowClosed: string
    readonly notExpired: string
    readonly staleFeed: string
    readonly roundNotFound: string
    readonly invalidEnergyReading: string
    readonly answerOutOfRange: string
    /** A non-positive price answer (mechanisms that read the price feed). */
    readonly invalidPrice?: string
    /** The meter's deliveries are not final yet (mechanisms that await them). */
    readonly readingsNotFinal?: string
  }
}

/** What a mechanism's deploy step leaves: its market, and the meter it reads deliveries from (if any). */
export type MechanismDeployment = {
  market: AddressHex
  meter?: AddressHex
}

/**
 * A market clearing mechanism as a module: its market contract, how to deploy and wire it, how
 * the keeper prepares a settlement, how to read an interval's record, and its pure clearing
 * rules (what the contract computes, for models, runners and property tests).
 *
 * Every mechanism's market implements the core ABI (`processBuffer`, `settle`,
 * `expireInterval`, buffer and status views, and the commitment events); {@link defineMechanism}
 * checks it.
 */
export type MarketMechanism = {
  /** The name scenarios and the CLI use, e.g. `'oracle-price'`. */
  readonly name: string
  /** One line for listings. */
  readonly description: string
  /** The market contract. */
  readonly market: Artifact
  /** Operation names (gas-ledger keys) this mechanism's keeper may record besides the core ones. */
  readonly operations: readonly string[]
  /** Whether the market reads the price feed (else the price is discovered from the book and never reported). */
  readonly readsPriceFeed: boolean
  /**
   * Intervals the keeper lets close after an interval before settling it: 0 for the built-in
   * mechanisms, which settle once the oracle reported (and finalized) it; 1 for a market whose
   * readings are final only once the next interval closed.
   */
  readonly settlementLagIntervals: number
  /** The market's phases, calls and errors, for reference models. */
  readonly rules: MarketRules
  /** Deploys the market (and its meter), wires it to the profile contract and feeds; records gas. */
  deploy(context: MechanismDeployContext): Promise<MechanismDeployment>
  /**
   * Runs before each `settle` call of the keeper loop; sends what the interval's phase needs
   * first (the ranking of a merit-order market) and returns those receipts.
   */
  beforeSettle?(context: MechanismKeeperContext, interval: number, maxItems: number): Promise<Receipt[]>
  /**
   * Reports each producer's own delivery for `interval` to the meter (`deliveredWh`; by default
   * every producer of the interval's book delivered what it committed). Mechanisms with a meter only.
   */
  reportDeliveries?(
    context: MechanismOracleContext,
    interval: number,
    deliveredWh: ReadonlyMap<bigint, bigint> | undefined,
  ): Promise<Receipt[]>
  /** Reads an interval's phase and price from the market. */
  readInterval(chain: Chain, market: AddressHex, interval: number): Promise<MechanismIntervalState>
  /** The interval's final event (`IntervalSettled`) in common terms. */
  summarize(args: Readonly<Record<string, unknown>>): SettlementSummary
  /** The pure rules: the book (each side in book order) and the readings → every commitment's trade. */
  clear(book: IntervalBook, readings: ClearingReadings): ClearingOutcome
}
