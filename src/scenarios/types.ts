import type { GasTableRow } from '../market/createGasLedger.js'
import type { Side } from '../market/types.js'
import type { Economics } from './kpis/types.js'

// ------------------------------------------------------------------------------------------------
// The JSON form: what a scenario file holds. Wei amounts are decimal strings (JSON numbers cannot
// hold them exactly); energy is a JSON number of Wh.
// ------------------------------------------------------------------------------------------------

/** A wei amount in JSON: a decimal integer string such as `"1000000000000000000"` (a safe integer number is accepted too). */
export type WeiString = string

/**
 * A scenario: who takes part, what they commit each interval, what the oracles report, and how
 * the keeper batches its calls. Plain JSON; {@link parseScenario} checks it and resolves it.
 */
export type ScenarioDefinition = {
  /** Ignored; lets editors find a JSON schema. */
  $schema?: string
  name?: string
  description?: string
  /** Seed of the pseudo-random draws (jitter, limit prices). Default 1. */
  seed?: number
  /** How many market intervals to run. */
  intervals: number
  /** Length of an interval in seconds. Default 3600. */
  intervalSeconds?: number
  /** Hour of the day (0–24) at which interval 0 starts; built-in profiles follow the clock. Default 0. */
  startHour?: number
  users: UsersDefinition
  /** What each user commits per interval: producers follow `production`, consumers `consumption`, prosumers commit the net of both. */
  profiles?: {
    /** Default: a solar bell curve peaking at 3,000 Wh per hour. */
    production?: EnergyProfileDefinition
    /** Default: an evening-peak household load. */
    consumption?: EnergyProfileDefinition
  }
  /** The limit prices users commit with: a producer's lowest, a consumer's highest acceptable price. */
  limitPrices?: {
    /** Default `"40000000000000"` wei per kWh. */
    production?: PriceRangeDefinition
    /** Default `"70000000000000"` wei per kWh. */
    consumption?: PriceRangeDefinition
  }
  oracle?: OracleDefinition
  keeper?: KeeperDefinition
  market?: MarketDefinition
  economics?: EconomicsDefinition
}

/** What the KPIs price gas and ether at. */
export type EconomicsDefinition = {
  /** Gas price in gwei for each household's transactions (rounded to whole wei). Default 1. */
  gasPriceGwei?: number
  /** The price of one ether in `currency`. Default 3000. */
  ethPrice?: number
  /** ISO 4217 code, three capital letters. Default `"EUR"`. */
  currency?: string
}

/** Which market runs the scenario. */
export type MarketDefinition = {
  /** A built-in clearing mechanism's name. Default `"oracle-price"`. */
  mechanism?: string
}

/** Kinds of market participant. */
export type Role = 'producer' | 'consumer' | 'prosumer'

export type UsersDefinition = {
  /** How many prosumers join. At least 1. */
  count: number
  /** Collateral each locks at registration. Default `"100000000000000000"` (0.1 ether). */
  collateralWei?: WeiString
  /**
   * Shares of producers, consumers and prosumers; non-negative, summing to 1. Users are
   * assigned roles in an interleaved, seed-independent order. Default half producers, half consumers.
   */
  mix?: { producers?: number; consumers?: number; prosumers?: number }
  /**
   * How a profile enters the pool: `registerInPool` (one transaction, minted into escrow),
   * `registerTransfer` (registerUser, then safeTransferFrom to the pool) or
   * `registerApproveDeposit` (the seed demo's registerUser, approve, deposit). Default `registerInPool`.
   */
  onboarding?: Onboarding
}

export type Onboarding = 'registerInPool' | 'registerTransfer' | 'registerApproveDeposit'

/** Random variation of a profile: each user's value in each interval is scaled by 1 ± up to `jitter`. */
type Jitter = {
  /** 0 ≤ jitter ≤ 1. Default 0. */
  jitter?: number
}

/**
 * Energy per user per interval. Built-in shapes give Wh per hour of interval (scaled by the
 * interval's length); arrays and CSV columns give Wh per interval as they are.
 */
export type EnergyProfileDefinition =
  | number[]
  | ({ type: 'flat'; energyWh: number } & Jitter)
  | ({
      type: 'solar'
      /** Wh per hour at solar noon. */
      peakWh: number
      /** Default 6. */
      sunriseHour?: number
      /** Default 18. */
      sunsetHour?: number
    } & Jitter)
  | ({
      type: 'evening-peak'
      /** Wh per hour all day. Default 300. */
      baseWh?: number
      /** Extra Wh per hour at the evening peak. Default 700. */
      peakWh?: number
      /** Default 19. */
      peakHour?: number
      /** Width (standard deviation) of the evening peak in hours. Default 2.5. */
      widthHours?: number
      /** Extra Wh per hour at the morning peak. Default 250. */
      morningPeakWh?: number
      /** Default 7.5. */
      morningHour?: number
      /** Default 1.5. */
      morningWidthHours?: number
    } & Jitter)
  | ({ type: 'array'; valuesWh: number[] } & Jitter)
  | ({
      type: 'csv'
      /** Path relative to the scenario file (or to `baseDir`). */
      file: string
      /** Header of the column to read; may be omitted when the file has one column. */
      column?: string
      /** Multiplies each value, e.g. 1000 for a column in kWh. Default 1. Results are rounded to whole Wh. */
      scale?: number
    } & Jitter)

/** A price per interval in wei per kWh. */
export type PriceSeriesDefinition =
  | WeiString
  | WeiString[]
  | { type: 'flat'; weiPerKWh: WeiString }
  | {
      type: 'evening-peak'
      baseWeiPerKWh: WeiString
      peakWeiPerKWh: WeiString
      /** Default 19. */
      peakHour?: number
      /** Default 3. */
      widthHours?: number
    }
  | { type: 'array'; valuesWeiPerKWh: WeiString[] }
  | { type: 'csv'; file: string; column?: string }

/** One price for everyone, or each commitment's drawn uniformly from [min, max]. */
export type PriceRangeDefinition = WeiString | { minWeiPerKWh: WeiString; maxWeiPerKWh: WeiString }

export type OracleDefinition = {
  /** The clearing price reported for each interval. Default `"50000000000000"` wei per kWh, flat. */
  price?: PriceSeriesDefinition
  /** The metered production reported for each interval. Default: what producers committed, less any shortfall. */
  production?: MeteredDefinition
  /** The metered consumption reported for each interval. Default: what consumers committed, less any shortfall. */
  consumption?: MeteredDefinition
}

export type MeteredDefinition = {
  /** Fraction (0–1) of the committed (or given) energy that is not metered; one for all intervals or one per interval. Default 0. */
  shortfall?: number | number[]
  /** The market-wide reading per interval instead of the committed total: an array or a CSV column. */
  meteredWh?: number[] | { type: 'csv'; file: string; column?: string; scale?: number }
}

/** How the keeper batches its transactions. Each transaction must stay under the chain's per-transaction gas cap (2^24 on osaka). */
export type KeeperDefinition = {
  /** Commitments per `processBuffer` transaction (≈ 8,200 gas each in one interval, up to ≈ 87,000 spread over many). Default and at most 150. */
  processBatch?: number
  /**
   * Work items per `settle` transaction: a commitment counts once when tallied and once when
   * paid (≈ 14,500 gas per paid one). Default 800 (≤ ≈ 11.6M gas), at most 1,000 (≤ ≈ 14.5M).
   */
  settleBatch?: number
}

// ------------------------------------------------------------------------------------------------
// The resolved form: checked, defaults filled in, every series expanded to one value per interval.
// ------------------------------------------------------------------------------------------------

/** A per-user energy profile expanded to one base value (Wh) per interval, before jitter. */
export type ResolvedProfile = {
  /** `flat`, `solar`, `evening-peak`, `array` or `csv`. */
  type: string
  baseWh: number[]
  jitter: number
}

/** A metered reading per interval: `undefined` entries follow the committed totals. */
export type ResolvedMetered = {
  meteredWh: number[] | undefined
  shortfall: number[]
}

/**
 * A checked scenario: every default filled in and every series resolved to one value per
 * interval. Made by {@link parseScenario}; what {@link runScenario} runs. Structured-clonable
 * (it crosses to worker threads), not JSON — `definition` is its JSON form.
 */
export type Scenario = {
  readonly resolved: true
  name: string
  description: string | undefined
  seed: number
  intervals: number
  intervalSeconds: number
  startHour: number
  users: {
    count: number
    collateralWei: bigint
    mix: { producers: number; consumers: number; prosumers: number }
    onboarding: Onboarding
  }
  profiles: { production: ResolvedProfile; consumption: ResolvedProfile }
  limitPrices: {
    production: { minWeiPerKWh: bigint; maxWeiPerKWh: bigint }
    consumption: { minWeiPerKWh: bigint; maxWeiPerKWh: bigint }
  }
  oracle: {
    priceWeiPerKWh: bigint[]
    production: ResolvedMetered
    consumption: ResolvedMetered
  }
  keeper: { processBatch: number; settleBatch: number }
  market: { mechanism: string }
  /** What the KPIs price gas and ether at. */
  economics: Economics
  /** The definition it came from, CSV files included as arrays: self-contained JSON that reproduces the scenario. */
  definition: ScenarioDefinition
}

// ------------------------------------------------------------------------------------------------
// Results.
// ------------------------------------------------------------------------------------------------

/** One commitment a user will make. */
export type PlannedCommitment = {
  user: number
  side: Side
  energyWh: bigint
  limitPriceWeiPerKWh: bigint
}

/** Everything a scenario will do, drawn up front from its definition and seed. */
export type ScenarioPlan = {
  roles: Role[]
  intervals: {
    commitments: PlannedCommitment[]
    priceWeiPerKWh: bigint
    producedWh: bigint
    consumedWh: bigint
  }[]
}

/** A market interval's outcome. */
export type IntervalOutcome = {
  interval: number
  /** Hour of the day at the interval's start. */
  hour: number
  commitments: number
  /** Energy committed to production and consumption (all commitments). */
  committedProductionWh: bigint
  committedConsumptionWh: bigint
  /** In-the-money committed production and consumption at the clearing price. */
  supplyWh: bigint
  demandWh: bigint
  /** Metered energy reported by the feeds. */
  producedWh: bigint
  consumedWh: bigint
  /** min(supply, demand, produced, consumed). */
  tradedWh: bigint
  /** The clearing price (wei per kWh). */
  priceWeiPerKWh: bigint
  /** Paid by consumers = received by producers. */
  tradedValueWei: bigint
  settleTransactions: number
  settleGas: bigint
  maxSettleTxGas: bigint
  processBufferTransactions: number
  /** Gas of every transaction sent during the interval: commits, keeper, oracle. */
  gasUsed: bigint
}

/** A user's totals over the run. */
export type UserOutcome = {
  index: number
  role: Role
  tokenId: bigint
  address: string
  commitments: number
  soldWh: bigint
  boughtWh: bigint
  receivedWei: bigint
  paidWei: bigint
  /** Collateral on chain at the end: the starting collateral + received − paid. */
  collateralWei: bigint
  /** Gas of the transactions the user sent (onboarding and commits). */
  gasUsed: bigint
}

/** What a scenario run produced. Everything except `timing` is the same on every run of the same scenario. */
export type ScenarioResult = {
  name: string
  seed: number
  userCount: number
  intervalCount: number
  /** The clearing mechanism's name. */
  mechanism: string
  keeper: { processBatch: number; settleBatch: number }
  /** Gas per operation, like hardhat-gas-reporter's table (deployment and wiring included). */
  gas: GasTableRow[]
  /** The largest transaction of the market's operation (deployment excluded), and the limits every transaction must stay under. */
  maxTransactionGas: { operation: string; gasUsed: bigint; transactionGasCap: bigint; blockGasLimit: bigint }
  intervals: IntervalOutcome[]
  users: UserOutcome[]
  totals: {
    transactions: number
    gasUsed: bigint
    commitments: number
    tradedWh: bigint
    tradedValueWei: bigint
    /** ETH held by the contracts at the end; equals Σ collateral. */
    heldWei: bigint
    collateralWei: bigint
  }
  /** Wall-clock milliseconds by phase. Varies from run to run. */
  timing: {
    totalMs: number
    setupMs: number
    onboardingMs: number
    commitMs: number
    processBufferMs: number
    oracleMs: number
    settleMs: number
  }
}

/** Progress of a run, reported after each step. */
export type ScenarioProgress = {
  phase: 'setup' | 'onboarding' | 'intervals' | 'done'
  /** Steps done and planned: one per user joining, per commitment, per interval settled. */
  completed: number
  total: number
  /** The interval being run, in the `intervals` phase. */
  interval?: number
}
