import type { KeeperWaitError } from './KeeperWaitError.js'
import type { Chain } from '../chain/createChain.js'
import type { AddressHex, Artifact, Receipt } from '../chain/types.js'
import type { FlatTariff } from './gridTariff.js'
import type { ClearingOutcome, ClearingReadings, IntervalBook, MarketTerms } from './clearing.js'
import type { MarketCoreAbi } from './marketCoreAbi.js'
import type { OrderSegments } from './createOrderSegments.js'

/**
 * Where a mechanism's transactions are recorded (the simulator's gas ledger), with the profile and
 * interval they acted for, whether one transaction served many commitments (`batched`: reports count
 * it per commitment) and whether it settles an interval (`settles`: a ranking mechanism's ranking does).
 */
export type GasRecorder = {
  record(
    operation: string,
    receipt: Receipt,
    context?: {
      tokenId?: bigint | undefined
      interval?: number | undefined
      batched?: boolean | undefined
      settles?: boolean | undefined
    },
  ): unknown
}

/** The accounts beside the users: who owns and wires the contracts, reports the oracle, and runs the keeper calls. */
export type MarketRoles = { owner: AddressHex; reporter: AddressHex; keeper: AddressHex }

/**
 * What a mechanism's deploy step gets: the chain, the roles, the deployed pool and oracle, the
 * feeds, and the market's settings. The simulator wires the market to the profile contract afterwards.
 */
export type MechanismDeployContext = {
  chain: Chain
  gas: GasRecorder
  roles: MarketRoles
  pool: AddressHex
  /** The oracle of metered energy and each profile's delivery (an `IEnergyOracle`). */
  oracle: AddressHex
  /** The deployed feeds: the price feed (for a market that reads one), and the metered energy behind the oracle. */
  feeds: { price: AddressHex; produced: AddressHex; consumed: AddressHex }
  /** Zero: the contract's default (24 intervals). */
  gracePeriodSeconds: bigint
  /** The grid tariff the market's households face, for a mechanism that prices against it. */
  gridTariff: FlatTariff
}

/** What a keeper step gets: the chain, the market, who sends, and where gas is recorded. */
export type MechanismKeeperContext = {
  chain: Chain
  gas: GasRecorder
  market: { address: AddressHex; abi: MarketCoreAbi }
  pool: AddressHex
  keeper: AddressHex
  /** The segments of the signed orders the pool filed, which every call reading an order needs again (see `sendKeeperCall`). */
  orders?: Pick<OrderSegments, 'forInterval' | 'wordOf'>
}

/**
 * A market clearing mechanism as a module: its market contract (on `MarketCore`, so it
 * implements `IEnergyMarket`), how to deploy it, what the keeper sends while an interval is
 * clearing when `settle` alone does not clear it, and its pure clearing rule (what the contract
 * computes, for models, runners and property tests). Everything else — the buffer, books,
 * phases, payouts, expiry, errors and views — is the core's, the same for every mechanism.
 *
 * Pass it as it is wherever a mechanism is taken (`DemSimulator.create({ mechanism })`,
 * `runScenario`, `sweep`, a registry for scenario files, `dem-sim --mechanism ./mine.js`);
 * {@link resolveMechanism} checks it.
 */
export type MarketMechanism = {
  /** The name scenarios and the CLI use, e.g. `'oracle-price'`. */
  readonly name: string
  /** One line for listings. */
  readonly description: string
  /**
   * Where the module can be imported from (a file URL), when it was loaded from a file: worker
   * threads load it from there. Built-in mechanisms need none.
   */
  readonly source?: string
  /** The market contract. */
  readonly market: Artifact
  /** Whether the market reads the price feed (else the oracle reports no price for it). */
  readonly readsPriceFeed: boolean
  /**
   * Intervals the keeper lets close after an interval before settling it: 0 for the built-in
   * mechanisms, which settle once the oracle reported (and finalized) it; 1 for a market whose
   * readings are final only once the next interval closed.
   */
  readonly settlementLagIntervals: number
  /** Deploys the market on the given pool and oracle (recording its gas); returns its address. */
  deploy(context: MechanismDeployContext): Promise<AddressHex>
  /**
   * Runs before each `settle` call of the keeper loop; sends what a clearing interval needs from
   * the keeper besides `settle` (the ranking of a merit-order market) and returns those receipts.
   * Throws a {@link KeeperWaitError} (sending nothing) when another account holds the step for now.
   */
  beforeSettle?(context: MechanismKeeperContext, interval: number, maxItems: number): Promise<Receipt[]>
  /** The pure rule: the book (each side in book order), the readings and the market's terms → every commitment's trade. */
  clear(book: IntervalBook, readings: ClearingReadings, terms: MarketTerms): ClearingOutcome
}
