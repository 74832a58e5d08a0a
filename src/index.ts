export { DemError, type DemErrorOptions } from './errors/DemError.js'

export {
  createChain,
  type CallParameters,
  type Chain,
  type CreateChainOptions,
  type DeployParameters,
  type SendParameters,
  type SendReturnType,
  type SnapshotId,
} from './chain/createChain.js'
export { DEFAULT_HARDFORK, SUPPORTED_HARDFORKS } from './chain/hardforks.js'
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
  type RevertDetails,
} from './chain/errors.js'
export type {
  AccountRef,
  AddressHex,
  Artifact,
  ChainAccount,
  ChainHardfork,
  DecodedLog,
  Hex,
  Receipt,
} from './chain/types.js'

export { CompileError, type CompilerMessage } from './compile/CompileError.js'
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
} from './compile/compilerSettings.js'

export { DemSimulator, type AddUserParameters, type DemSimulatorOptions } from './market/DemSimulator.js'
export {
  createGasLedger,
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
export { EnergyMarket, EnergyPool, EnergyProfile, SimulatedFeed } from './artifacts/index.js'

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
export { sweep, type SweepOptions, type SweepPoint, type SweepProgress, type SweepResult } from './scenarios/sweep.js'
export { PAPER_SCENARIO } from './scenarios/builtinScenarios.js'
export type {
  EnergyProfileDefinition,
  IntervalOutcome,
  KeeperDefinition,
  MeteredDefinition,
  OracleDefinition,
  Onboarding,
  PlannedCommitment,
  PriceRangeDefinition,
  PriceSeriesDefinition,
  ResolvedMetered,
  ResolvedProfile,
  Role,
  Scenario,
  ScenarioDefinition,
  ScenarioPlan,
  ScenarioProgress,
  ScenarioResult,
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
export { operationGasTable, scalingTable, settlementFigures } from './reports/sweepTables.js'
export { energyChart, gasPerOperationChart, settlementGasChart, wallTimeChart, type ChartSpec, type GasLimits } from './reports/chartSpecs.js'
export { scenarioMarkdown, sweepMarkdown, type MarkdownReportOptions } from './reports/markdownReports.js'
export { writeScenarioReports, writeSweepReports, type WriteReportsOptions } from './reports/writeReports.js'
export { toJson } from './reports/toJson.js'
export { settlementTable, timingTable } from './reports/sweepTables.js'
export { deploymentsTable, gasReportHeader, type GasReportOptions } from './reports/scenarioTables.js'
export type { TableToTextOptions } from './reports/ReportTable.js'
export { contractOfOperation, type OperationContract } from './reports/contractOfOperation.js'
export { builtinScenario, BUILTIN_SCENARIO_NAMES, type BuiltinScenarioName } from './scenarios/builtinScenarios.js'
export { SCENARIO_SCHEMA, scenarioSchemaJson } from './scenarios/scenarioSchema.js'
export { mergeSweepShards, shardUsers, SweepMergeError, type ShardSpec, type SweepShard } from './scenarios/sweepShards.js'
export { SWEEP_SHARD_FILE, sweepShardFromJson, sweepShardToJson } from './reports/sweepShardJson.js'
