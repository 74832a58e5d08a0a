import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import type { GasTableRow } from '../market/createGasLedger.js'
import type { Side } from '../market/types.js'
import type { HouseholdRecord } from './HouseholdRecord.js'
import type { Economics, OrderPath, ScenarioKpis } from './kpis/types.js'

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
  /**
   * The grid tariff households compare the market with: what importing from and exporting to the
   * grid would cost and earn. Used for rewards, bills and price-aware strategies; nothing on chain.
   */
  grid?: GridDefinition
  keeper?: KeeperDefinition
  market?: MarketDefinition
  economics?: EconomicsDefinition
}

/** What the KPIs price gas and ether at, and the networks the break-even analysis prices a run on. */
export type EconomicsDefinition = {
  /** Gas price in gwei for each household's transactions (rounded to whole wei). Default 1. */
  gasPriceGwei?: number
  /** The price of one ether in `currency`. Default 3000. */
  ethPrice?: number
  /** ISO 4217 code, three capital letters. Default `"EUR"`. */
  currency?: string
  /** Days over which joining is amortised in the break-even analysis (at least the run's length). Default 365. */
  horizonDays?: number
  /** Bytes a rollup posts per transaction besides its compressed calldata. Default 100. */
  transactionOverheadBytes?: number
  /** The networks the break-even analysis prices the run on, replacing the defaults (Ethereum L1, Arbitrum One, Base). */
  networks?: { name: string; gasPriceGwei: number; dataFeeGweiPerByte?: number }[]
}

/** The grid tariff, wei per kWh per interval. */
export type GridDefinition = {
  /** What a household pays per kWh drawn from the grid. Default `"80000000000000"` (above the default consumer limit). */
  importPrice?: PriceSeriesDefinition
  /** What a household earns per kWh fed into the grid. Default `"20000000000000"` (below the default producer limit). */
  feedInPrice?: PriceSeriesDefinition
}

/** Which market runs the scenario. */
export type MarketDefinition = {
  /** A clearing mechanism's name: a built-in one, or one registered with the parser. Default `"oracle-price"`. */
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
  /**
   * User groups, each with its role, strategy and (optionally) a battery; instead of `mix`.
   * Shares (or counts) say how many users each group gets; users are assigned to groups in an
   * interleaved, seed-independent order. Default: one group per role of `mix`, following `profile`.
   */
  groups?: UserGroupDefinition[]
  /**
   * What the runner does with a commitment a strategy returns that the contracts would refuse
   * (zero energy, a past interval, a lock above the available collateral): `"stop"` the run
   * with a `StrategyError` before sending it, or `"send"` it and record the contract's refusal
   * (`ScenarioResult.refusals`). A decision that cannot be encoded at all (not a bigint, an
   * unknown side) always stops. Default `"stop"`.
   */
  onInvalidCommitment?: 'stop' | 'send'
}

/** A group of users that share a role, a strategy and their hardware. */
export type UserGroupDefinition = {
  /** The group's name in results. Default `group-<index>`. */
  name?: string
  /** Share of `users.count` (0–1); the groups' shares sum to 1. Give either `share` in every group or `count` in every group. */
  share?: number
  /** Exactly this many users; the groups' counts sum to `users.count`. */
  count?: number
  /** `producer` (generation only), `consumer` (load only) or `prosumer` (both). Default `prosumer`. */
  role?: Role
  /** How the group's users decide each interval. Default `{ "type": "profile" }`. */
  strategy?: StrategyDefinition
  /** A home battery every user of the group has. */
  battery?: BatteryDefinition
  /**
   * How the group's commitments reach the market: `direct` (each household's own `commit`) or
   * `batched` (signed orders an aggregator submits, `orderBatch` a transaction). Default `direct`.
   */
  orders?: GroupOrderPath
  /** Orders per `submitOrders` transaction of a batched group. Default `KEEPER_BATCHES.orders.default`. */
  orderBatch?: number
}

/** How a group's commitments reach the market: each household's own transaction, or signed orders in batches. */
export type GroupOrderPath = Exclude<OrderPath, 'mixed'>

/**
 * A strategy by name and its parameters: a built-in one (`profile`, `battery`,
 * `price-responsive`, `random`) or one given in code (`runScenario(def, { strategies })`).
 */
export type StrategyDefinition =
  | { type: 'profile' }
  | {
      type: 'battery'
      /** Discharge to cover the home's load only when the forecast clearing price is at least this (wei per kWh). Default `"0"`: always. */
      dischargeAboveWeiPerKWh?: WeiString
      /** Also discharge the rest of the battery's power onto the market when the forecast price is at least this. Default: never. */
      sellAboveWeiPerKWh?: WeiString
      /** Past clearing prices averaged for the forecast. Default 3. */
      priceWindow?: number
    }
  | {
      type: 'price-responsive'
      /** Past clearing prices averaged for the forecast. Default 4. */
      window?: number
      /** Producers ask the forecast × (1 − margin), consumers bid the forecast × (1 + margin). Default 0.1. */
      margin?: number
    }
  | {
      type: 'random'
      /** Chance (0–1) of committing at all in an interval. Default 1. */
      commitProbability?: number
      /** Energy is drawn uniformly from 1 to this (Wh). Default 2000. */
      maxEnergyWh?: number
      /** Limit prices are drawn uniformly from this range (wei per kWh). Default the scenario's lowest producer limit to its highest consumer limit. */
      minPriceWeiPerKWh?: WeiString
      maxPriceWeiPerKWh?: WeiString
    }
  | { type: string; [parameter: string]: unknown }

/**
 * A home battery. Power is given per interval (`maxChargeWh`) or in watts (`maxChargeW`), not both;
 * default half the capacity per hour (0.5 C).
 */
export type BatteryDefinition = {
  /** Usable capacity (Wh), positive. */
  capacityWh: number
  /** Most energy taken in per interval (Wh, before losses). */
  maxChargeWh?: number
  /** Most energy delivered per interval (Wh, after losses). */
  maxDischargeWh?: number
  maxChargeW?: number
  maxDischargeW?: number
  /** Round-trip efficiency in (0, 1], taken when charging. Default 0.9. */
  efficiency?: number
  /** Stored at the start (Wh). Default `minStateOfChargeWh`. */
  initialStateOfChargeWh?: number
  /** Never discharged below this (Wh). Default 0. */
  minStateOfChargeWh?: number
  /** Wear cost per kWh discharged, subtracted from a learning agent's reward. Default `"0"`. */
  wearWeiPerKWh?: WeiString
}

export type Onboarding = 'registerInPool' | 'registerTransfer' | 'registerApproveDeposit'

/** Random variation of a profile: each user's value in each interval is scaled by 1 ± up to `jitter`. */
export type Jitter = {
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
  /** Commitments per `processBuffer` transaction. Default and at most `KEEPER_BATCHES.process` (sized there from the costliest item). */
  processBatch?: number
  /**
   * Work items per `settle` transaction: a commitment counts once when tallied and once when
   * paid. Default and at most `KEEPER_BATCHES.settle` (sized there from the costliest item).
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

/** A user group, checked. */
export type ResolvedUserGroup = {
  name: string
  role: Role
  /** Its share of the users. */
  share: number
  /** Its exact number of users, when the definition gave counts. */
  count: number | undefined
  strategy: ResolvedStrategy
  battery: BatterySpec | undefined
  orders: GroupOrderPath
  /** Orders per `submitOrders` transaction (batched groups). */
  orderBatch: number
}

/** A strategy's name and its parameters: checked and resolved for built-ins, as written for strategies from code. */
export type ResolvedStrategy = { type: string; params: Readonly<Record<string, unknown>> }

/** A home battery, resolved: energy in whole Wh per interval. */
export type BatterySpec = {
  capacityWh: bigint
  /** Most taken in per interval (before losses). */
  maxChargeWh: bigint
  /** Most delivered per interval (after losses). */
  maxDischargeWh: bigint
  /** Round-trip efficiency in (0, 1]. */
  efficiency: number
  initialStateOfChargeWh: bigint
  minStateOfChargeWh: bigint
  wearWeiPerKWh: bigint
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
    /** Shares of the roles over all groups. */
    mix: { producers: number; consumers: number; prosumers: number }
    onboarding: Onboarding
    /** The groups (from `mix` when the definition has none: `producers`, `consumers`, `prosumers` with a share, each following `profile`). */
    groups: ResolvedUserGroup[]
    onInvalidCommitment: 'stop' | 'send'
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
  /** The grid tariff, one price per interval (wei per kWh). */
  grid: { importWeiPerKWh: bigint[]; feedInWeiPerKWh: bigint[] }
  keeper: { processBatch: number; settleBatch: number }
  /** The market's clearing mechanism, resolved from the definition's name (or given as a module). */
  market: { mechanism: MarketMechanism }
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

/** What a scenario's `profile` users will do, drawn up front from its definition and seed. */
export type ScenarioPlan = {
  roles: Role[]
  /** Each user's group (an index into `scenario.users.groups`). */
  groups: number[]
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
  /**
   * Matched supply and demand: the counted energy of the commitments the clearing admitted (in the
   * money at a uniform price, or reached by a merit-order match), each producer at most its delivery.
   */
  supplyWh: bigint
  demandWh: bigint
  /** Metered energy reported by the oracle. */
  producedWh: bigint
  consumedWh: bigint
  /** At most each of supply, demand, produced and consumed. */
  tradedWh: bigint
  /** The uniform clearing price (wei per kWh); 0 for a mechanism without one (see `averagePriceWeiPerKWh`). */
  priceWeiPerKWh: bigint
  /** What consumers paid per kWh traded, on average (wei per kWh, rounded down; 0 without trade): comparable on every mechanism. */
  averagePriceWeiPerKWh: bigint
  /** Paid by consumers (= received by producers + `surplusWei`). */
  tradedValueWei: bigint
  /** What the market kept of the payments (pay-as-bid's spread). */
  surplusWei: bigint
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
  /** Its group's name and the strategy that decided for it (`agent` for a user driven from outside). */
  group: string
  strategy: string
}

/** A commitment the contracts refused, recorded because the scenario lets invalid commitments through (`users.onInvalidCommitment: "send"`). */
export type CommitmentRefusal = {
  user: number
  /** The run's interval in which it was sent. */
  interval: number
  commitment: { side: Side; energyWh: bigint; limitPriceWeiPerKWh: bigint; interval: number }
  /** The contract's custom error (`EnergyPoolZeroEnergy`, `EnergyProfileInsufficientCollateral`, …), or the library's error name for one that could not be sent. */
  errorName: string
  message: string
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
  /**
   * What every user metered, decided and traded in every interval, interval-major: all users of
   * interval 0 (by user index), then interval 1, and so on (`households[i * userCount + k]`).
   */
  households: HouseholdRecord[]
  /** The scenario's grid tariff (one price per interval), for bills and rewards. */
  grid: { importWeiPerKWh: bigint[]; feedInWeiPerKWh: bigint[] }
  /** The households' KPIs (self-sufficiency, bills against the grid tariff, savings, gas), from `households` at the scenario's `economics`. */
  kpis: ScenarioKpis
  /** Commitments the contracts refused (only with `users.onInvalidCommitment: "send"`). */
  refusals: CommitmentRefusal[]
  totals: {
    transactions: number
    gasUsed: bigint
    commitments: number
    tradedWh: bigint
    tradedValueWei: bigint
    /** ETH held by the contracts at the end; equals Σ collateral + the clearing account. */
    heldWei: bigint
    collateralWei: bigint
    /** The profile contract's clearing account at the end: what a mechanism keeps (pay-as-bid's spread). */
    clearingWei: bigint
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
  /** Steps done and planned: one per user joining, per user deciding in an interval, per interval settled. */
  completed: number
  total: number
  /** The interval being run, in the `intervals` phase. */
  interval?: number
}
