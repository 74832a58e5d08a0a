/**
 * The KPI types: what households care about in a run (self-sufficiency, bills, savings, battery
 * use, gas), per interval and per day, per user and for the community. Each KPI is defined once,
 * in {@link householdTotals} (the integer sums) and {@link describeKpis} (the ratios and the
 * amounts in a currency); every report renders these values and computes none of its own.
 */

/** A grid tariff per interval of a run, in wei per kWh: what a household pays to import and earns to feed in. */
export type GridTariff = {
  importWeiPerKWh: readonly bigint[]
  feedInWeiPerKWh: readonly bigint[]
}

/** What the KPIs price gas and ether at. Made by `parseScenario` from the scenario's `economics` section. */
export type Economics = {
  /** Gas price in gwei, as given. */
  gasPriceGwei: number
  /** The same, rounded to whole wei per gas: what the KPIs multiply gas by. */
  gasPriceWei: bigint
  /** The price of one ether in `currency`. */
  ethPrice: number
  /** ISO 4217 code of the currency that amounts are shown in, e.g. `EUR`. */
  currency: string
  /** Days over which the break-even analysis spreads what joining cost (at least the run's length). */
  horizonDays: number
  /** Bytes a rollup posts per transaction besides its compressed calldata (nonce, fees, recipient, signature). */
  transactionOverheadBytes: number
  /** The networks the break-even analysis prices a run on. */
  networks: Network[]
}

/** Where a run's transactions could be sent, by what it charges for them. */
export type Network = {
  name: string
  /** Price per gas unit (a rollup's L2 gas price), in gwei. */
  gasPriceGwei: number
  /** What a rollup charges per byte of compressed transaction data it posts to its L1, in gwei; 0 for an L1. */
  dataFeeGweiPerByte: number
}

/**
 * Exact sums over household records — one user's interval, a user's day, the community's run.
 * Energy in Wh, money in wei, gas in gas units; they add up: the totals of a day are the sums of
 * its intervals', the community's the sums of its users'.
 */
export type KpiTotals = {
  /** Records summed (user-intervals). */
  records: number
  loadWh: bigint
  generationWh: bigint
  /**
   * Load not drawn from the grid in the same interval: covered by own generation, the battery
   * and local purchases. Per record `load − min(load, gridImport)` (grid imports go to the load
   * first, e.g. when a battery is also charged from the grid).
   */
  selfSuppliedWh: bigint
  /**
   * Generation not sent out of the home in the same interval: used by the load or stored. Per
   * record `generation − min(generation, soldLocal + gridExport)` (what leaves the home is taken
   * from the generation first; energy stored and sold later counted as self-consumed when stored).
   */
  selfConsumedWh: bigint
  boughtLocalWh: bigint
  soldLocalWh: bigint
  gridImportWh: bigint
  gridExportWh: bigint
  batteryChargeWh: bigint
  batteryDischargeWh: bigint
  /** Paid for local purchases and received for local sales, as the market settled them. */
  paidWei: bigint
  receivedWei: bigint
  /** Per record `floor(gridImport × import price / 1000)`: the sub-wei fraction is not charged, as in the market. */
  gridImportCostWei: bigint
  /** Per record `floor(gridExport × feed-in price / 1000)`. */
  gridFeedInWei: bigint
  /** What energy cost the household with the market and its battery: `paid − received + grid import cost − feed-in`. Negative when it earned. Gas is apart. */
  billWei: bigint
  /**
   * The counterfactual: the same load and generation with neither market nor battery, settled
   * with the grid alone. Per record the net `load − generation` is imported (or fed in) at the
   * interval's tariff, rounded down to the wei like the grid costs above.
   */
  gridOnlyBillWei: bigint
  /** Gas of the transactions the users sent (their commits; onboarding and the keeper's and oracle's transactions are not a household's). */
  gasUsed: bigint
  /** `gasUsed × gasPriceWei`. */
  gasCostWei: bigint
  /** `gridOnlyBill − bill`: what the market and the battery saved on energy, before gas. */
  energySavingsWei: bigint
  /** `energySavings − gasCost`: what taking part in the market (with its battery) saved, gas paid. */
  savingsWei: bigint
  /**
   * What local trade alone saved, before gas: the bill had the energy bought and sold locally gone
   * through the grid instead (same load, generation and battery), minus the bill. A battery's own
   * savings are not in it, so this is what the chain has to pay for.
   */
  tradeSavingsWei: bigint
}

/** {@link KpiTotals} with the KPIs derived from them. A ratio whose denominator is 0 is `null`. */
export type Kpis = KpiTotals & {
  /** `selfSupplied / load`: share of the load not drawn from the grid. */
  selfSufficiency: number | null
  /** `selfConsumed / generation`: share of the generation used at home or stored. */
  selfConsumption: number | null
  /** Local trade in the household's exchange: `(bought + sold) / (bought + sold + grid import + grid export)`. */
  tradedShare: number | null
  /** Energy that went into and out of batteries: `charge + discharge`. */
  batteryThroughputWh: bigint
  /** Energy bought and sold locally: `bought + sold` (the community's counts each kWh exchanged once per side). */
  tradedLocalWh: bigint
  /** `floor(paid × 1000 / boughtLocal)`: the average price paid per kWh bought locally (wei per kWh). */
  localBuyPriceWeiPerKWh: bigint | null
  /** `floor(received × 1000 / soldLocal)`: the average price received per kWh sold locally. */
  localSellPriceWeiPerKWh: bigint | null
  /** `floor(gasCost × 1000 / tradedLocal)`: gas paid per kWh bought or sold locally. */
  gasCostWeiPerKWhTraded: bigint | null
  /** The money in `economics.currency`, from the exact wei at `economics.ethPrice`, rounded to 6 decimals. */
  inCurrency: {
    bill: number
    gridOnlyBill: number
    energySavings: number
    savings: number
    gasCost: number
    gasCostPerKWhTraded: number | null
  }
}

/** A day of a run: the intervals that start on it (the day of the run's first interval is 0). */
export type DayKpis = Kpis & {
  day: number
  /** Index of the day's first interval in the run. */
  firstInterval: number
  intervals: number
}

/** The community in one interval, with the tariff it was priced at. */
export type IntervalKpis = Kpis & {
  interval: number
  day: number
  /** Hour of the day at the interval's start. */
  hour: number
  importWeiPerKWh: bigint
  feedInWeiPerKWh: bigint
  /** Energy in the community's batteries at the interval's end: Σ `stateOfChargeWh`. */
  storedWh: bigint
}

/** One user over the run and per day. */
export type UserKpis = {
  user: number
  /** The strategy of the user's records (the first's, if they differ). */
  strategy: string
  /** Whether the user has a battery: a capacity was given, or it charged, discharged or stored energy. */
  battery: boolean
  /** The battery's usable capacity, when known. */
  batteryCapacityWh: bigint | null
  /** `batteryThroughput / (2 × capacity)`: how many full charge-and-discharge cycles the run's use amounts to. */
  equivalentFullCycles: number | null
  total: Kpis
  days: DayKpis[]
}

/** A run's KPIs: the community's over the run, per day and per interval, and each user's over the run and per day. */
export type ScenarioKpis = {
  economics: Economics
  community: {
    total: Kpis
    days: DayKpis[]
    intervals: IntervalKpis[]
    /** Σ of the known battery capacities, and the community's throughput over twice that (`null` without capacities). */
    batteryCapacityWh: bigint
    equivalentFullCycles: number | null
  }
  users: UserKpis[]
  /** Where the run breaks even (set with the run's result, from its gas ledger). */
  breakEven?: BreakEven | undefined
}

/**
 * How orders reach the market: `direct` is each user's own `commit` transaction, `batched` signed
 * orders an aggregator submits in batches; a run whose groups use both is `mixed`.
 */
export type OrderPath = 'direct' | 'batched' | 'mixed'

/** Some of a run's transactions: how many, their gas, and the data a rollup would post for them. */
export type GasPhase = {
  transactions: number
  gasUsed: bigint
  /** Σ calldata bytes as sent. */
  calldataBytes: bigint
  /** Σ each transaction's calldata compressed on its own with FastLZ, as OP Stack rollups price their L1 data. */
  compressedCalldataBytes: bigint
}

/** A run's transactions by who pays for them and how often. */
export type GasFootprint = {
  /** Deploying and wiring the contracts: once per market, by whoever sets it up; not charged to the community. */
  deployment: GasPhase
  /** The users joining (registration, deposit into the pool): once per user. */
  join: GasPhase
  /** Everything sent while the intervals ran: commitments, the keeper's and the oracle reporter's transactions. */
  operation: GasPhase
}

/** A run's transactions priced on one network. */
export type NetworkCost = Network & {
  /** `gas × gasPrice + dataBytes × dataFee`, each price rounded to whole wei. */
  costWei: bigint
  /** `cost / gas` in gwei: the L1 gas price that would cost the same (the network's mark on the chart). */
  effectiveGasPriceGwei: number
  /** `tradeSavings − cost`. */
  netSavingsWei: bigint
  inCurrency: { cost: number; netSavings: number }
}

/** The break-even of a run with joins counted one way. */
export type BreakEvenBasis = {
  /** What the community pays gas for: the operation's, plus the joins' in full or their share of the horizon (rounded to the unit). */
  gasUsed: bigint
  /** What a rollup posts for the same transactions: `transactions × overhead + compressed calldata`, counted like the gas. */
  dataBytes: bigint
  /** `tradeSavings / gas` in gwei: the gas price at which local trade pays exactly for its gas; `null` when it saves nothing. */
  breakEvenGasPriceGwei: number | null
  /** The run priced on each of the economics' networks. */
  networks: NetworkCost[]
}

/**
 * Where on-chain trading pays for itself in a run: the community's savings from local trade
 * (`gridOnlyBill − bill`, before gas) against the gas of everything it sends — joins, commitments,
 * the keeper's and the reporter's transactions; deployment is apart.
 */
export type BreakEven = {
  mechanism: string
  orderPath: OrderPath
  /** What the community's local trade saved over the run, before gas (the KPIs' `tradeSavingsWei`). */
  tradeSavingsWei: bigint
  footprint: GasFootprint
  /** The run's length, `intervals × intervalSeconds`, in days. */
  runDays: number
  horizonDays: number
  /** Joins counted in full against the run's savings. */
  joinsInFull: BreakEvenBasis
  /** Joins spread over the horizon: the run bears `runDays / horizonDays` of them. */
  joinsAmortised: BreakEvenBasis
}
