export { DemError, type DemErrorOptions } from './errors/DemError.js'
export { MissingPeerDependencyError, type OptionalPeer } from './errors/MissingPeerDependencyError.js'
export { BrowserUnsupportedError } from './errors/BrowserUnsupportedError.js'

export {
  createChain,
  type CallParameters,
  type Chain,
  type CreateChainOptions,
  type DeployParameters,
  type EmbeddedChain,
  type SendParameters,
  type SendReturnType,
  type SnapshotId,
} from './chain/createChain.js'
export { DEFAULT_HARDFORK, SUPPORTED_HARDFORKS } from './chain/hardforks.js'
export { connectChain, type ConnectChainOptions, type Eip1193Provider, type NodeChain } from './chain/connectChain.js'
export { compareReceipts, recordReceipts, type ReceiptMismatch, type RecordedChain } from './chain/recordReceipts.js'
export type { ChainState, ChainStateAccount } from './chain/ChainState.js'
export { ChainInternalError } from './chain/ChainInternalError.js'
export {
  CallFailedError,
  ChainBusyError,
  ExecutionHaltedError,
  InvalidArgumentError,
  InvalidTimeError,
  TransactionFailedError,
  TransactionRejectedError,
  TransactionRevertedError,
  UnknownAccountError,
  UnknownSnapshotError,
  isRevertOf,
  type DemContractErrorName,
  type DemContractsAbi,
  type ExecutionErrorOptions,
  type RevertDetails,
  ChainIdMismatchError,
  InvalidAccountError,
  NodeRequestError,
  NodeUnreachableError,
  UnsupportedDevMethodError,
  UnsupportedHardforkError,
} from './chain/errors.js'
export { parseEvents, type ParsedEvent } from './chain/parseEvents.js'
export type {
  ContractConstructorArgs,
  ContractErrorName,
  ContractEventArgs,
  ContractEventName,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  DecodedRevert,
  NamedParameters,
} from './chain/abiTypes.js'
export type {
  AccountRef,
  AddressHex,
  Artifact,
  ChainAccount,
  ChainHardfork,
  DecodedLog,
  Hex,
  ReadMutability,
  Receipt,
  TransactionRequest,
  WriteMutability,
} from './chain/types.js'

export { CompileError } from './compile/CompileError.js'
export type { CompilerMessage } from './compile/CompilerMessage.js'
export type { ContractArtifact, ContractKind } from './compile/ContractArtifact.js'
export {
  compileContracts,
  type CompileContractsParameters,
  type CompileContractsReturnType,
} from './compile/compileContracts.js'
export {
  compileSources,
  type CompileSourcesParameters,
  type CompileSourcesReturnType,
} from './compile/compileSources.js'
export {
  DEFAULT_EVM_VERSION,
  SOLC_VERSION,
  evmVersionForHardfork,
  type EvmVersion,
  EVM_VERSIONS,
  UnsupportedEvmVersionError,
} from './compile/compilerSettings.js'
export type { ImportResult, Solc, SolcChoice } from './compile/loadSolc.js'
export type { CreateCompilerInputParameters } from './compile/createCompilerInput.js'
export type { RunSolcParameters } from './compile/runSolc.js'
export type { StorageLayout, StorageLayoutEntry, StorageLayoutType } from './compile/StorageLayout.js'
export { SolcNotFoundError } from './compile/SolcNotFoundError.js'

export { DemSimulator, type AddUserParameters, type DemSimulatorOptions } from './market/DemSimulator.js'
export type { MarketContracts } from './market/deployContracts.js'
export {
  createGasLedger,
  type GasContext,
  type GasEntry,
  type GasLedger,
  type GasLedgerMark,
  type GasSummary,
  type GasTableRow,
} from './market/createGasLedger.js'
export type {
  CommitmentState,
  CommitmentStatus,
  CommitParameters,
  CommitResult,
  IntervalPhase,
  IntervalState,
  OperationResult,
  OracleReadings,
  ProcessBufferResult,
  ProfileState,
  SettleResult,
  Side,
  Trade,
  User,
} from './market/types.js'
export {
  EnergyPool,
  EnergyProfile,
  IEnergyMarket,
  IMeritOrderMarket,
  ISignedOrders,
  SimulatedFeed,
} from './artifacts/index.js'
export {
  OraclePriceMarket,
  PayAsBidMarket,
  PayAsClearMarket,
  SimulatedMeter,
  SupplyDemandRatioMarket,
} from './artifacts/index.js'
export { KEEPER_BATCHES } from './market/keeperBatches.js'
export {
  ORDER_TYPES,
  orderDomainOf,
  packOrder,
  signOrder,
  type OrderDomain,
  type OrderTerms,
  type SignedOrder,
} from './market/signOrder.js'
export { OrderBatchTooLargeError } from './market/OrderBatchTooLargeError.js'
export {
  ORDER_SKIP_REASONS,
  type FiledOrder,
  type OrderParameters,
  type OrderSkipReason,
  type SkippedOrder,
  type SubmitOrdersResult,
} from './market/submitOrders.js'
export { OperationRolledBackError } from './market/OperationRolledBackError.js'

export type {
  GasRecorder,
  MarketMechanism,
  MarketRoles,
  MechanismDeployContext,
  MechanismKeeperContext,
} from './mechanisms/MarketMechanism.js'
export { MechanismError } from './mechanisms/MechanismError.js'
export {
  MARKET_CORE_ABI,
  checkMarketCoreAbi,
  type MarketCoreAbi,
  type MarketErrorName,
} from './mechanisms/marketCoreAbi.js'
export {
  BUILTIN_MECHANISMS,
  DEFAULT_MECHANISM,
  MECHANISMS,
  checkMechanism,
  createMechanismRegistry,
  mechanismNames,
  resolveMechanism,
  type MechanismRegistry,
} from './mechanisms/mechanisms.js'
export type { BookSide } from './mechanisms/contractEnums.js'
export { deployMarket } from './mechanisms/deployMarket.js'
export { readBook, readEntryWords, BOOK_PAGE, type BookSource } from './mechanisms/readBook.js'
export {
  createOrderSegments,
  type OrderSegments,
  type OrderSegmentsMark,
} from './mechanisms/createOrderSegments.js'
export { sendKeeperCall, type KeeperCall } from './mechanisms/sendKeeperCall.js'
export { UnknownOrderError } from './mechanisms/UnknownOrderError.js'
export { readRound, type RoundState } from './mechanisms/readRound.js'
export { reportMeterDeliveries, type MeterReportContext } from './mechanisms/reportMeterDeliveries.js'
export { DEFAULT_GRID_TARIFF, type FlatTariff } from './mechanisms/gridTariff.js'
export { oraclePrice } from './mechanisms/oraclePrice/oraclePrice.js'
export { payAsClear } from './mechanisms/payAsClear/payAsClear.js'
export { payAsBid } from './mechanisms/payAsBid/payAsBid.js'
export { createSdrMechanism, sdr, sdrPrice } from './mechanisms/sdr/sdr.js'
export {
  createMeritOrderMechanism,
  type MeritOrderMechanismParameters,
} from './mechanisms/meritOrderMarket/createMeritOrderMechanism.js'
export { RankingClaimedError } from './mechanisms/meritOrderMarket/RankingClaimedError.js'
export { KeeperWaitError } from './mechanisms/KeeperWaitError.js'
export { clearOraclePrice } from './mechanisms/oraclePrice/clearOraclePrice.js'
export { clearProRata, type UniformPrice } from './mechanisms/proRata.js'
export {
  committedProduction,
  countedProductionWh,
  type BookCommitment,
  type ClearingOutcome,
  type ClearingReadings,
  type ClearingTrade,
  type IntervalBook,
  type MarketTerms,
  type MeterReadings,
} from './mechanisms/clearing.js'

// Experiments: scenarios, reports (no CLI, no vega here: those are in `dem-sim/cli`).
export { ScenarioError, type ScenarioErrorOptions } from './scenarios/ScenarioError.js'
export {
  DEFAULT_PROCESS_BATCH,
  DEFAULT_SETTLE_BATCH,
  loadScenario,
  parseScenario,
  withUserCount,
  type ParseScenarioOptions,
} from './scenarios/parseScenario.js'
export { planScenario } from './scenarios/planScenario.js'
export { runScenario, type RunScenarioOptions } from './scenarios/runScenario.js'
export { gridFlowsOf, type GridFlows, type HouseholdRecord } from './scenarios/HouseholdRecord.js'
export { StrategyError } from './scenarios/strategies/StrategyError.js'
export { BUILTIN_STRATEGIES, type BuiltinStrategyName } from './scenarios/strategies/builtinStrategies.js'
export { profileStrategy } from './scenarios/strategies/profileStrategy.js'
export { batteryStrategy, type BatteryStrategyParams } from './scenarios/strategies/batteryStrategy.js'
export {
  priceResponsiveStrategy,
  type PriceResponsiveStrategyParams,
} from './scenarios/strategies/priceResponsiveStrategy.js'
export { randomStrategy, type RandomStrategyParams } from './scenarios/strategies/randomStrategy.js'
export { createBattery, type Battery, type BatteryStep } from './scenarios/strategies/createBattery.js'
export { forecastClearingPrice } from './scenarios/strategies/forecastClearingPrice.js'
export type {
  BatteryAction,
  BatteryView,
  ClearingPrice,
  CommitmentDecision,
  MeterReading,
  Strategy,
  StrategyContext,
  StrategyDecision,
  SyncStrategy,
} from './scenarios/strategies/types.js'
export type { Random } from './scenarios/createRandom.js'
export {
  createMarketEnv,
  OBSERVED_PRICES,
  type AgentObservation,
  type MarketEnv,
  type MarketEnvOptions,
  type MarketEnvReset,
  type MarketEnvStep,
} from './scenarios/env/createMarketEnv.js'
export { householdRewardWei } from './scenarios/env/householdRewardWei.js'
export { noisyForecast, type ForecastNoise } from './scenarios/env/noisyForecast.js'
export { sweep, type SweepOptions, type SweepPoint, type SweepProgress, type SweepResult } from './scenarios/sweep.js'
export { PAPER_SCENARIO } from './scenarios/builtinScenarios.js'
export type {
  BatteryDefinition,
  BatterySpec,
  CommitmentRefusal,
  EnergyProfileDefinition,
  GridDefinition,
  IntervalOutcome,
  Jitter,
  KeeperDefinition,
  MarketDefinition,
  MeteredDefinition,
  OracleDefinition,
  GroupOrderPath,
  Onboarding,
  PlannedCommitment,
  PriceRangeDefinition,
  PriceSeriesDefinition,
  ResolvedMetered,
  ResolvedProfile,
  ResolvedStrategy,
  ResolvedUserGroup,
  Role,
  Scenario,
  ScenarioDefinition,
  ScenarioPlan,
  ScenarioProgress,
  ScenarioResult,
  StrategyDefinition,
  UserGroupDefinition,
  UserOutcome,
  UsersDefinition,
  WeiString,
} from './scenarios/types.js'
export {
  tableToCsv,
  tableToMarkdown,
  tableToText,
  type Cell,
  type ReportColumn,
  type ReportTable,
} from './reports/ReportTable.js'
export { gasTable, intervalsTable, summaryTable, usersTable } from './reports/scenarioTables.js'
export { gasLedgerTable } from './reports/gasLedgerTable.js'
export { mechanismComparisonTable, operationGasTable, scalingTable, settlementFigures } from './reports/sweepTables.js'
export {
  energyChart,
  gasPerOperationChart,
  mechanismComparisonChart,
  settlementGasChart,
  wallTimeChart,
  type ChartSpec,
  type GasLimits,
} from './reports/chartSpecs.js'
export { scenarioMarkdown, sweepMarkdown, type MarkdownReportOptions } from './reports/markdownReports.js'
export {
  writeBreakEvenReports,
  writeScenarioReports,
  writeSweepReports,
  type WriteReportsOptions,
} from './reports/writeReports.js'
export { toJson } from './scenarios/toJson.js'
export {
  matchMeritOrder,
  meritOrder,
  payOut,
  type PaymentRules,
  type MeritMatch,
  type MeritOrder,
} from './mechanisms/meritOrder.js'
export { clear as clearPayAsClear } from './mechanisms/payAsClear/clear.js'
export { clear as clearPayAsBid } from './mechanisms/payAsBid/clear.js'
export { settlementTable, timingTable } from './reports/sweepTables.js'
export { deploymentsTable, gasReportHeader, type GasReportOptions } from './reports/scenarioTables.js'
export type { TableToTextOptions } from './reports/ReportTable.js'
export { contractOfOperation, type OperationContract } from './reports/contractOfOperation.js'
export { builtinScenario, BUILTIN_SCENARIO_NAMES, type BuiltinScenarioName } from './scenarios/builtinScenarios.js'
export { SCENARIO_SCHEMA, scenarioSchemaJson } from './scenarios/scenarioSchema.js'
export {
  mergeSweepShards,
  shardPoints,
  shardUsers,
  SweepMergeError,
  type ShardSpec,
  type SweepShard,
} from './scenarios/sweepShards.js'
export {
  shardFromEnvironment,
  type ShardEngine,
  type ShardFromEnvironment,
} from './scenarios/shardFromEnvironment.js'
export { ShardError } from './scenarios/ShardError.js'

// Cities: many energy communities, each its own market on its own chain.
export { isCityDefinition, loadCity, parseCity } from './scenarios/city/parseCity.js'
export { cityKpis, runCity, type CityRun, type RunCityOptions } from './scenarios/city/runCity.js'
export { mergeCityShards, type CityShard } from './scenarios/city/mergeCityShards.js'
export type {
  City,
  CityDefinition,
  CityProgress,
  CityResult,
  Community,
  CommunityDefinition,
  CommunitySummary,
} from './scenarios/city/types.js'
export { cityKpisTable, cityMarkdown, communitiesTable } from './reports/cityTables.js'
export { CITY_SHARD_FILE, cityShardFromJson, cityShardToJson } from './reports/cityShardJson.js'
export type { ScenarioWorkerStats } from './scenarios/createScenarioWorkers.js'
export { SWEEP_SHARD_FILE, sweepShardFromJson, sweepShardToJson } from './reports/sweepShardJson.js'

// KPIs: what households care about in a run (self-sufficiency, bills, savings, batteries, gas).
export { computeKpis, type ComputeKpisParameters } from './scenarios/kpis/computeKpis.js'
export { householdTotals, type HouseholdTotalsParameters } from './scenarios/kpis/householdTotals.js'
export { addKpiTotals, EMPTY_KPI_TOTALS } from './scenarios/kpis/addKpiTotals.js'
export { describeKpis } from './scenarios/kpis/describeKpis.js'
export { dayOfInterval, type RunClock } from './scenarios/kpis/dayOfInterval.js'
export { weiToCurrency } from './scenarios/kpis/weiToCurrency.js'
export type {
  DayKpis,
  Economics,
  GridTariff,
  IntervalKpis,
  Kpis,
  KpiTotals,
  ScenarioKpis,
  UserKpis,
} from './scenarios/kpis/types.js'
export type { EconomicsDefinition } from './scenarios/types.js'
export {
  sweepVariants,
  type ScenarioVariant,
  type SweepVariantsOptions,
  type VariantSweepResult,
} from './scenarios/sweepVariants.js'
export {
  kpiDaysTable,
  kpiHouseholdIntervalsTable,
  kpiIntervalsTable,
  kpiRowsTable,
  kpiSummaryTable,
  kpiUserDaysTable,
  kpiUsersTable,
  type KpiTableOptions,
} from './reports/kpiTables.js'
export { billsChart, priceChart, stateOfChargeChart } from './reports/kpiCharts.js'
export { kpiMarkdown } from './reports/kpiMarkdown.js'

// Economics: where on-chain trading pays for itself (break-even gas price, L1 and rollups).
export { computeBreakEven, type ComputeBreakEvenParameters } from './scenarios/kpis/computeBreakEven.js'
export { gasFootprint } from './scenarios/kpis/gasFootprint.js'
export { gweiToWei } from './scenarios/kpis/gweiToWei.js'
export {
  breakEvenByMechanism,
  type BreakEvenByMechanismOptions,
} from './scenarios/kpis/breakEvenByMechanism.js'
export type {
  BreakEven,
  BreakEvenBasis,
  GasFootprint,
  GasPhase,
  Network,
  NetworkCost,
  OrderPath,
} from './scenarios/kpis/types.js'
export { breakEvenTable, networkSavingsTable, networksTable } from './reports/breakEvenTables.js'
export { BREAK_EVEN_CHART_GWEI, breakEvenChart } from './reports/breakEvenChart.js'
export { variantKpiTable, type VariantPoint } from './reports/variantTables.js'
export { variantComparisonChart } from './reports/variantCharts.js'
