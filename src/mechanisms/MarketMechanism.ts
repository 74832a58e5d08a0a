import type { Chain } from '../chain/createChain.js'
import type { AddressHex, Artifact, Receipt } from '../chain/types.js'
import type { GasLedger } from '../market/createGasLedger.js'
import type { IntervalPhase, Side } from '../market/types.js'
import type { MarketCoreAbi } from './marketCoreAbi.js'

/** What a mechanism's deploy step gets: the chain, the roles, the deployed profile, pool and feeds. */
export type MechanismDeployContext = {
  chain: Chain
  gas: GasLedger
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
  gas: GasLedger
  market: { address: AddressHex; abi: MarketCoreAbi }
  pool: AddressHex
  keeper: AddressHex
}

/** One commitment of an interval's book, as the pure clearing rules see it. */
export type BookEntry = {
  commitmentId: bigint
  tokenId: bigint
  side: Side
  energyWh: bigint
  limitPriceWeiPerKWh: bigint
  lockedWei: bigint
}

/** What the oracle reported for the interval. `price` is the price feed's answer (wei/kWh × 10^priceDecimals). */
export type ClearingReadings = {
  price: bigint
  priceDecimals: number
  producedWh: bigint
  consumedWh: bigint
}

/** The outcome of clearing one interval: what every commitment of the book traded and paid or received. */
export type ClearingOutcome = {
  /** The uniform price used (same scale as the readings' price); zero when the mechanism has none or nothing traded. */
  price: bigint
  /** In-the-money committed production and consumption. */
  supplyWh: bigint
  demandWh: bigint
  tradedWh: bigint
  /** Σ paid by consumers. */
  paidWei: bigint
  /** Σ received by producers. */
  receivedWei: bigint
  /** What the mechanism keeps in its named account (a spread); paid = received + surplus. */
  surplusWei: bigint
  /** One per commitment of the book, in book order. */
  trades: { commitmentId: bigint; energyWh: bigint; amountWei: bigint }[]
}

/** An interval's settlement record, read from the mechanism's own view. */
export type MechanismIntervalState = {
  phase: IntervalPhase
  price: bigint
  priceDecimals: number
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
  /** Deploys the market, wires it to the profile contract and feeds; records gas; returns the market's address. */
  deploy(context: MechanismDeployContext): Promise<AddressHex>
  /** Sends what must precede `settle` calls for an interval (nothing for most mechanisms). */
  prepareSettlement?(context: MechanismKeeperContext, interval: number, maxItems: number): Promise<Receipt[]>
  /** Reads an interval's phase and price from the market. */
  readInterval(chain: Chain, market: AddressHex, interval: number): Promise<MechanismIntervalState>
  /** The pure rules: the book (in book order) and the readings → every commitment's trade. */
  clear(book: readonly BookEntry[], readings: ClearingReadings): ClearingOutcome
}
