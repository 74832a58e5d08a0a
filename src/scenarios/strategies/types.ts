import type { Side } from '../../market/types.js'
import type { Random } from '../createRandom.js'
import type { HouseholdRecord } from '../HouseholdRecord.js'
import type { BatterySpec, Role } from '../types.js'

/** What a household metered in a past interval. */
export type MeterReading = { interval: number; loadWh: bigint; generationWh: bigint }

/** A settled interval's clearing price (wei per kWh; 0 when the market discovered none). */
export type ClearingPrice = { interval: number; priceWeiPerKWh: bigint }

/** The battery as a strategy sees it at the start of an interval. */
export type BatteryView = {
  spec: BatterySpec
  stateOfChargeWh: bigint
  /** The most it can take in this interval (before losses): power and room left. */
  chargeableWh: bigint
  /** The most it can deliver this interval (after losses): power and charge above the minimum. */
  dischargeableWh: bigint
}

/**
 * Everything one user can know when it decides for an interval: its own forecast and meter
 * history, its battery, the market's past clearing prices, its own settled records, the clock,
 * the grid tariff, its collateral — never other users' private data or the oracle's future.
 */
export type StrategyContext = {
  /** The user's index in the run. */
  user: number
  role: Role
  /** Its group's name. */
  group: string
  /** The interval being decided (the run's index, 0-based) and the run's length. */
  interval: number
  intervals: number
  /** Hour of the day at the interval's start, and the interval's length. */
  hour: number
  intervalSeconds: number
  /**
   * The home's own load and generation expected in this interval. Forecasts are perfect: what the
   * household will meter (the scenario's profile with its jitter). A producer has no load, a consumer no generation.
   */
  forecast: { loadWh: bigint; generationWh: bigint }
  /**
   * Metered load and generation of the past intervals, oldest first. This and the other lists
   * (`clearingPrices`, `settled`) are read-only views that grow as the run goes on: copy what you keep.
   */
  history: readonly MeterReading[]
  /** The home battery, if its group has one. */
  battery: BatteryView | undefined
  /** Clearing prices of the intervals settled so far, oldest first (a mechanism's settlement lag delays them). */
  clearingPrices: readonly ClearingPrice[]
  /** The user's own records of the settled intervals (its trades, payments and gas), oldest first. */
  settled: readonly HouseholdRecord[]
  /** This interval's grid tariff (wei per kWh). */
  tariff: { importWeiPerKWh: bigint; feedInWeiPerKWh: bigint }
  /** The limit prices the scenario's `limitPrices` give this user for this interval (what `profile` commits with). */
  limitPrices: { productionWeiPerKWh: bigint; consumptionWeiPerKWh: bigint }
  /** Collateral not locked by open commitments: what new consumption commitments can lock. */
  availableCollateralWei: bigint
  /** The user's own seeded random stream (independent of the scenario's draws). */
  random: Random
  /** The group's strategy parameters (resolved for built-ins, as written in the scenario for strategies from code). */
  params: Readonly<Record<string, unknown>>
  /** A per-user object that persists from interval to interval, for a strategy's own memory. */
  state: Record<string, unknown>
}

/** One commitment a strategy makes. */
export type CommitmentDecision = {
  side: Side
  /** Positive, whole Wh. */
  energyWh: bigint
  /** A producer's lowest, a consumer's highest acceptable price (wei per kWh). */
  limitPriceWeiPerKWh: bigint
  /** The run's interval it is for: the current one (default) or a later one. */
  interval?: number
}

/** What to do with the battery this interval; the battery model clamps it to power, room, minimum charge and losses. */
export type BatteryAction = {
  /** Energy taken in (before losses). */
  chargeWh?: bigint
  /** Energy delivered out (after losses). */
  dischargeWh?: bigint
}

/** A strategy's decision for one interval. */
export type StrategyDecision = {
  commitments?: readonly CommitmentDecision[]
  battery?: BatteryAction
}

/**
 * A user's behaviour: called once per interval with what the user can know; returns its
 * commitments and its battery action. May be async. Must be deterministic given the context
 * (use `context.random` for randomness) so that runs reproduce.
 *
 * @example
 * import type { Strategy } from 'dem-sim'
 * const sellHalf: Strategy = ({ forecast, limitPrices }) => {
 *   const surplusWh = (forecast.generationWh - forecast.loadWh) / 2n
 *   return surplusWh > 0n ? { commitments: [{ side: 'production', energyWh: surplusWh, limitPriceWeiPerKWh: limitPrices.productionWeiPerKWh }] } : {}
 * }
 */
export type Strategy = (context: StrategyContext) => StrategyDecision | Promise<StrategyDecision>

/** A strategy that decides synchronously, as every built-in one does (so its decision can be used directly). */
export type SyncStrategy = (context: StrategyContext) => StrategyDecision
