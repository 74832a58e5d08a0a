// dem-sim/testing: the reference model of the market, fast-check arbitraries and model-based
// commands, for property tests of the market and of your own variants. fast-check is a peer of
// what you write: import it yourself.

export { createMarketModel } from './createMarketModel.js'
export { MarketModel } from './MarketModel.js'
export type { FeedName, ModelInterval, ModelOrder, ModelTrade, ProgressLog, ReceiveHook } from './model/ModelState.js'
export type { ModelOrdersOutcome, ModelSignedOrder } from './model/SignedOrdersModel.js'
export type {
  CommitParameters,
  RegisterUserParameters,
  TransferFromParameters,
  WithdrawCollateralParameters,
} from './model/ProfileCustodyModel.js'
export { lockFor } from '../mechanisms/lockFor.js'
export { ModelFailure, describeFailure, type ExpectedFailure } from './ModelFailure.js'
export {
  COMMITMENT_STATUSES,
  PHASES,
  ZERO_ADDRESS,
  scopeIncludes,
  stageOf,
  type CommitmentObservation,
  type FeedObservation,
  type IntervalObservation,
  type IntervalStage,
  type MarketModelConfig,
  type MarketObservation,
  type ModelCommitment,
  type ModelProfile,
  type ModelRound,
  type ModelTotals,
  type ObservationScope,
  type ProfileObservation,
} from './types.js'
export { observeMarket } from './observeMarket.js'
export { observeMarketStorage } from './observeMarketStorage.js'
export { diffObservations } from './diffObservations.js'
export { attempt, expectSameOutcome, predict, sameValue, type Outcome } from './outcomes.js'

export {
  PRICE_GRID,
  PRICE_GRID_TARIFF,
  collateralArbitrary,
  commitmentArbitrary,
  energyArbitrary,
  intervalTargetArbitrary,
  limitPriceArbitrary,
  marketScenarioArbitrary,
  oraclePathArbitrary,
  oracleReadingsArbitrary,
  orderEntryArbitrary,
  userArbitrary,
  validOracleReadingsArbitrary,
  type CommitmentTerms,
  type MarketScenario,
} from './arbitraries.js'
export { playMarketScenario, type PlayMarketScenarioReturnType } from './playMarketScenario.js'

export {
  MARKET_COMMAND_KINDS,
  marketCommands,
  type MarketCommandKind,
  type MarketCommandsOptions,
} from './marketCommands.js'
export {
  createMarketModelRunner,
  type CreateMarketModelRunnerOptions,
  type MarketModelRunner,
} from './createMarketModelRunner.js'
export {
  MarketRun,
  type CommandEffects,
  type HostileAccount,
  type InvariantContext,
  type MarketInvariant,
  type MarketRunModel,
  type MarketRunOptions,
} from './MarketRun.js'
export { createRunStats, type GriefingRecord, type MarketRunStats } from './MarketRunStats.js'
export {
  describeTarget,
  resolveInterval,
  resolveUser,
  type IntervalTarget,
  type MarketCommand,
} from './commands/helpers.js'
export {
  AddCollateralCommand,
  AddUserCommand,
  CommitBatchCommand,
  CommitCommand,
  DepositCommand,
  WithdrawCollateralCommand,
  WithdrawProfileCommand,
  type WithdrawAmount,
} from './commands/userCommands.js'
export {
  ExpireIntervalCommand,
  ExpireStepCommand,
  ProcessBufferCommand,
  SettleCommand,
  SettleStepCommand,
} from './commands/keeperCommands.js'
export { LivenessCommand, livenessBound } from './commands/LivenessCommand.js'
export {
  CloseIntervalCommand,
  type DeliveryShare,
  RawOracleCommand,
  SetOracleCommand,
} from './commands/oracleCommands.js'
export { AdvanceIntervalCommand, AdvanceTimeCommand } from './commands/clockCommands.js'
export {
  ORDER_MUTATIONS,
  SubmitHeldOrdersCommand,
  SubmitOrdersCommand,
  type Aggregator,
  type OrderEntry,
  type OrderMutation,
  type OrderWallet,
  type SubmissionOrder,
  type WalletOrder,
} from './commands/orderCommands.js'
export {
  EXTREME_AMOUNTS,
  type HostileAction,
  type RankOrder,
  type ReentryMode,
  type ResetPosition,
  type SegmentForgery,
  type Sender,
  type TokenTarget,
} from './commands/hostile/HostileAction.js'
export { HostileCommand } from './commands/hostile/HostileCommand.js'
export { hostileCommandArbitrary, hostileRankingArbitrary } from './commands/hostile/hostileCommandArbitrary.js'
export {
  MALICIOUS_RECEIVER_SOURCE,
  deployMaliciousReceiver,
  type MaliciousReceiver,
} from './deployMaliciousReceiver.js'
