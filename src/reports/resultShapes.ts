import type { GasTableRow } from '../market/createGasLedger.js'
import type { HouseholdRecord } from '../scenarios/HouseholdRecord.js'
import type {
  BreakEven,
  BreakEvenBasis,
  DayKpis,
  Economics,
  GasPhase,
  IntervalKpis,
  Kpis,
  KpiTotals,
  UserKpis,
} from '../scenarios/kpis/types.js'
import type { CommitmentRefusal, IntervalOutcome, ScenarioResult, UserOutcome } from '../scenarios/types.js'
import type { Shape } from './fieldKinds.js'

/**
 * The shapes of a run's results, field by field. The type checker holds each to its type (every
 * field named, a kind that fits its type), so a field added to a result must be added here; the
 * Parquet tables take their columns from these, and a shard read back from disk is checked
 * against them before any report is made of it.
 */

export const GAS_ROW_SHAPE: Shape<GasTableRow> = {
  operation: 'text',
  calls: 'count',
  min: 'uint',
  max: 'uint',
  avg: 'uint',
  median: 'uint',
  total: 'uint',
  setup: 'flag',
  batched: 'flag',
  settles: 'flag',
}

export const INTERVAL_SHAPE: Shape<IntervalOutcome> = {
  interval: 'count',
  hour: 'real',
  commitments: 'count',
  committedProductionWh: 'uint',
  committedConsumptionWh: 'uint',
  supplyWh: 'uint',
  demandWh: 'uint',
  producedWh: 'uint',
  consumedWh: 'uint',
  tradedWh: 'uint',
  priceWeiPerKWh: 'uint',
  averagePriceWeiPerKWh: 'uint',
  tradedValueWei: 'uint',
  surplusWei: 'uint',
  settleTransactions: 'count',
  settleGas: 'uint',
  maxSettleTxGas: 'uint',
  processBufferTransactions: 'count',
  gasUsed: 'uint',
}

export const USER_SHAPE: Shape<UserOutcome> = {
  index: 'count',
  role: 'text',
  tokenId: 'uint',
  address: 'text',
  commitments: 'count',
  soldWh: 'uint',
  boughtWh: 'uint',
  receivedWei: 'uint',
  paidWei: 'uint',
  collateralWei: 'uint',
  gasUsed: 'uint',
  group: 'text',
  strategy: 'text',
}

export const HOUSEHOLD_SHAPE: Shape<HouseholdRecord> = {
  user: 'count',
  interval: 'count',
  strategy: 'text',
  loadWh: 'uint',
  generationWh: 'uint',
  batteryChargeWh: 'uint',
  batteryDischargeWh: 'uint',
  stateOfChargeWh: 'uint',
  committedProductionWh: 'uint',
  committedConsumptionWh: 'uint',
  soldLocalWh: 'uint',
  boughtLocalWh: 'uint',
  receivedWei: 'uint',
  paidWei: 'uint',
  gasUsed: 'uint',
}

const KPI_TOTALS_SHAPE: Shape<KpiTotals> = {
  records: 'count',
  loadWh: 'uint',
  generationWh: 'uint',
  selfSuppliedWh: 'uint',
  selfConsumedWh: 'uint',
  boughtLocalWh: 'uint',
  soldLocalWh: 'uint',
  gridImportWh: 'uint',
  gridExportWh: 'uint',
  batteryChargeWh: 'uint',
  batteryDischargeWh: 'uint',
  paidWei: 'uint',
  receivedWei: 'uint',
  gridImportCostWei: 'uint',
  gridFeedInWei: 'uint',
  billWei: 'int',
  gridOnlyBillWei: 'int',
  gasUsed: 'uint',
  gasCostWei: 'uint',
  energySavingsWei: 'int',
  savingsWei: 'int',
  tradeSavingsWei: 'int',
}

export const KPIS_SHAPE: Shape<Kpis> = {
  ...KPI_TOTALS_SHAPE,
  selfSufficiency: 'real?',
  selfConsumption: 'real?',
  tradedShare: 'real?',
  batteryThroughputWh: 'uint',
  tradedLocalWh: 'uint',
  localBuyPriceWeiPerKWh: 'uint?',
  localSellPriceWeiPerKWh: 'uint?',
  gasCostWeiPerKWhTraded: 'uint?',
  inCurrency: {
    bill: 'real',
    gridOnlyBill: 'real',
    energySavings: 'real',
    savings: 'real',
    gasCost: 'real',
    gasCostPerKWhTraded: 'real?',
  },
}

const DAY_KPIS_SHAPE: Shape<DayKpis> = { ...KPIS_SHAPE, day: 'count', firstInterval: 'count', intervals: 'count' }

export const INTERVAL_KPIS_SHAPE: Shape<IntervalKpis> = {
  ...KPIS_SHAPE,
  interval: 'count',
  day: 'count',
  hour: 'real',
  importWeiPerKWh: 'uint',
  feedInWeiPerKWh: 'uint',
  storedWh: 'uint',
}

const USER_KPIS_SHAPE: Shape<UserKpis> = {
  user: 'count',
  strategy: 'text',
  battery: 'flag',
  batteryCapacityWh: 'uint?',
  equivalentFullCycles: 'real?',
  total: KPIS_SHAPE,
  days: [DAY_KPIS_SHAPE],
}

const REFUSAL_SHAPE: Shape<CommitmentRefusal> = {
  user: 'count',
  interval: 'count',
  commitment: { side: 'text', energyWh: 'uint', limitPriceWeiPerKWh: 'uint', interval: 'count' },
  errorName: 'text',
  message: 'text',
}

export const ECONOMICS_SHAPE: Shape<Economics> = {
  gasPriceGwei: 'real',
  gasPriceWei: 'uint',
  ethPrice: 'real',
  currency: 'text',
  horizonDays: 'real',
  transactionOverheadBytes: 'count',
  networks: [{ name: 'text', gasPriceGwei: 'real', dataFeeGweiPerByte: 'real' }],
}

const GAS_PHASE_SHAPE: Shape<GasPhase> = {
  transactions: 'count',
  gasUsed: 'uint',
  calldataBytes: 'uint',
  compressedCalldataBytes: 'uint',
}

const BREAK_EVEN_BASIS_SHAPE: Shape<BreakEvenBasis> = {
  gasUsed: 'uint',
  dataBytes: 'uint',
  breakEvenGasPriceGwei: 'real?',
  networks: [
    {
      name: 'text',
      gasPriceGwei: 'real',
      dataFeeGweiPerByte: 'real',
      costWei: 'uint',
      effectiveGasPriceGwei: 'real',
      netSavingsWei: 'int',
      inCurrency: { cost: 'real', netSavings: 'real' },
    },
  ],
}

const BREAK_EVEN_SHAPE: Shape<BreakEven> = {
  mechanism: 'text',
  orderPath: 'text',
  tradeSavingsWei: 'int',
  footprint: { deployment: GAS_PHASE_SHAPE, join: GAS_PHASE_SHAPE, operation: GAS_PHASE_SHAPE },
  runDays: 'real',
  horizonDays: 'real',
  joinsInFull: BREAK_EVEN_BASIS_SHAPE,
  joinsAmortised: BREAK_EVEN_BASIS_SHAPE,
}

/** A run's totals: what every run, sweep point and city community reports. */
export const TOTALS_SHAPE: Shape<ScenarioResult['totals']> = {
  transactions: 'count',
  gasUsed: 'uint',
  commitments: 'count',
  tradedWh: 'uint',
  tradedValueWei: 'uint',
  heldWei: 'uint',
  collateralWei: 'uint',
  clearingWei: 'uint',
}

export const SCENARIO_RESULT_SHAPE: Shape<ScenarioResult> = {
  name: 'text',
  seed: 'count',
  userCount: 'count',
  intervalCount: 'count',
  mechanism: 'text',
  keeper: { processBatch: 'count', settleBatch: 'count' },
  gas: [GAS_ROW_SHAPE],
  maxTransactionGas: { operation: 'text', gasUsed: 'uint', transactionGasCap: 'uint', blockGasLimit: 'uint' },
  intervals: [INTERVAL_SHAPE],
  users: [USER_SHAPE],
  households: [HOUSEHOLD_SHAPE],
  grid: { importWeiPerKWh: ['uint'], feedInWeiPerKWh: ['uint'] },
  kpis: {
    economics: ECONOMICS_SHAPE,
    community: {
      total: KPIS_SHAPE,
      days: [DAY_KPIS_SHAPE],
      intervals: [INTERVAL_KPIS_SHAPE],
      batteryCapacityWh: 'uint',
      equivalentFullCycles: 'real?',
    },
    users: [USER_KPIS_SHAPE],
    breakEven: { '?': BREAK_EVEN_SHAPE },
  },
  refusals: [REFUSAL_SHAPE],
  totals: TOTALS_SHAPE,
  timing: {
    totalMs: 'real',
    setupMs: 'real',
    onboardingMs: 'real',
    commitMs: 'real',
    processBufferMs: 'real',
    oracleMs: 'real',
    settleMs: 'real',
  },
}
