import * as fc from 'fast-check'
import {
  collateralArbitrary,
  commitmentArbitrary,
  orderEntryArbitrary,
  oracleReadingsArbitrary,
  userArbitrary,
  validOracleReadingsArbitrary,
} from './arbitraries.js'
import { AdvanceIntervalCommand, AdvanceTimeCommand } from './commands/clockCommands.js'
import type { IntervalTarget, MarketCommand } from './commands/helpers.js'
import { hostileCommandArbitrary, hostileRankingArbitrary } from './commands/hostile/hostileCommandArbitrary.js'
import {
  ExpireIntervalCommand,
  ProcessBufferCommand,
  SettleCommand,
  SettleStepCommand,
} from './commands/keeperCommands.js'
import {
  type Aggregator,
  type SubmissionOrder,
  SubmitHeldOrdersCommand,
  SubmitOrdersCommand,
} from './commands/orderCommands.js'
import {
  CloseIntervalCommand,
  type DeliveryShare,
  RawOracleCommand,
  SetOracleCommand,
} from './commands/oracleCommands.js'
import {
  AddCollateralCommand,
  AddUserCommand,
  CommitBatchCommand,
  CommitCommand,
  DepositCommand,
  WithdrawCollateralCommand,
  WithdrawProfileCommand,
  type WithdrawAmount,
} from './commands/userCommands.js'

/** The kinds of command {@link marketCommands} generates, for weighting them. */
export type MarketCommandKind =
  | 'addUser'
  | 'deposit'
  | 'withdrawProfile'
  | 'addCollateral'
  | 'withdrawCollateral'
  | 'commit'
  | 'commitBatch'
  | 'processBuffer'
  | 'settle'
  | 'settleStep'
  | 'expireInterval'
  | 'setOracle'
  | 'rawOracle'
  | 'advanceInterval'
  | 'advanceTime'
  | 'closeInterval'
  | 'submitOrders'
  | 'submitHeldOrders'
  | 'hostile'
  | 'hostileRanking'

export type MarketCommandsOptions = {
  /** Most commands per run. Default 40. */
  maxCommands?: number
  /**
   * Relative weight of each kind of command (0 leaves it out). `hostile` (every attack) and
   * `hostileRanking` (only a stranger's ranking and resets) default to 0.
   */
  weights?: Partial<Record<MarketCommandKind, number>>
  /** The market's grace period in intervals, so the clock sometimes jumps past it. Default 24. */
  graceIntervals?: number
  /** The interval length in seconds, for sub-interval clock moves. Default 3600. */
  intervalSeconds?: bigint
  /** fast-check's `replayPath` from a failure report (`/*replayPath="..."*\/`), to replay it exactly with its seed and path. */
  replayPath?: string
}

const DEFAULT_WEIGHTS: Record<MarketCommandKind, number> = {
  addUser: 4,
  deposit: 3,
  withdrawProfile: 2,
  addCollateral: 3,
  withdrawCollateral: 5,
  commit: 16,
  commitBatch: 14,
  processBuffer: 6,
  settle: 9,
  settleStep: 6,
  expireInterval: 3,
  setOracle: 4,
  rawOracle: 2,
  advanceInterval: 3,
  advanceTime: 3,
  closeInterval: 8,
  submitOrders: 8,
  submitHeldOrders: 2,
  hostile: 0,
  hostileRanking: 0,
}

/** Every kind of command {@link marketCommands} generates, e.g. to weight all but a few at 0. */
export const MARKET_COMMAND_KINDS = Object.keys(DEFAULT_WEIGHTS) as readonly MarketCommandKind[]

/**
 * Random command sequences over the market for `fc.asyncModelRun` (through
 * {@link MarketModelRunner.run}): users register, deposit, withdraw, add and withdraw
 * collateral and commit (both sides, random limits, past/current/future intervals); the oracle
 * reports (stale, zero, negative and out-of-range readings included); the clock moves; the
 * keeper processes the buffer, settles with random batch sizes (whole or one transaction at a
 * time) and expires intervals; and, when weighted in, the hostile account attacks.
 *
 * @example
 * import fc from 'fast-check'
 * import { marketCommands } from 'dem-sim/testing'
 * await fc.assert(fc.asyncProperty(marketCommands({ maxCommands: 30, weights: { hostile: 10 } }), (cmds) => runner.run(cmds)))
 */
export function marketCommands(options: MarketCommandsOptions = {}): fc.Arbitrary<Iterable<MarketCommand>> {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights }
  const grace = options.graceIntervals ?? 24
  const intervalSeconds = options.intervalSeconds ?? 3600n
  const user = fc.nat(30)
  const settleTarget: fc.Arbitrary<IntervalTarget> = fc.oneof(
    { arbitrary: fc.constant<IntervalTarget>({ kind: 'recent' }), weight: 8 },
    { arbitrary: fc.constant<IntervalTarget>({ kind: 'relative', offset: -1 }), weight: 2 },
    { arbitrary: fc.nat(20).map((index): IntervalTarget => ({ kind: 'touched', index })), weight: 2 },
    {
      arbitrary: fc.integer({ min: -4, max: 0 }).map((offset): IntervalTarget => ({ kind: 'relative', offset })),
      weight: 1,
    },
  )
  // With a meter: each producer delivers what it committed (most often), half of it or nothing.
  const deliveryShare = fc.option(fc.constantFrom<DeliveryShare>(0, 0.5, 'none'), { nil: undefined, freq: 3 })
  const submissionOrder = fc.constantFrom<SubmissionOrder>('signed', 'signed', 'reversed', 'rotated')
  // The hostile account aggregates too when it is in the mix: it may submit others' signed orders, never change them.
  const aggregator =
    weights.hostile > 0 || weights.hostileRanking > 0
      ? fc.constantFrom<Aggregator>('keeper', 'hostile')
      : fc.constant<Aggregator>('keeper')
  const arbitraries: Record<MarketCommandKind, fc.Arbitrary<MarketCommand>> = {
    addUser: userArbitrary().map((parameters) => new AddUserCommand(parameters)),
    deposit: fc
      .tuple(user, fc.constantFrom('safeTransferFrom' as const, 'approve' as const))
      .map(([index, via]) => new DepositCommand(index, via)),
    withdrawProfile: user.map((index) => new WithdrawProfileCommand(index)),
    addCollateral: fc
      .tuple(user, collateralArbitrary())
      .map(([index, amount]) => new AddCollateralCommand(index, amount)),
    withdrawCollateral: fc
      .tuple(
        user,
        fc.oneof(
          fc.constantFrom<WithdrawAmount>('available', 'available+1', 'half', 'one', 'zero', 'collateral'),
          fc.bigInt(1n, 20_000n),
        ),
      )
      .map(([index, amount]) => new WithdrawCollateralCommand(index, amount)),
    commit: fc
      .tuple(user, commitmentArbitrary())
      .map(([userIndex, terms]) => new CommitCommand({ userIndex, ...terms })),
    commitBatch: fc
      .array(
        fc.tuple(
          user,
          commitmentArbitrary(),
          fc.constantFrom<IntervalTarget>(
            { kind: 'relative', offset: 0 },
            { kind: 'relative', offset: 0 },
            { kind: 'relative', offset: 1 },
          ),
        ),
        { minLength: 2, maxLength: 6 },
      )
      .map(
        (entries) =>
          new CommitBatchCommand(entries.map(([userIndex, terms, target]) => ({ userIndex, ...terms, target }))),
      ),
    processBuffer: fc
      .tuple(fc.integer({ min: 1, max: 10 }), fc.boolean())
      .map(([maxItems, once]) => new ProcessBufferCommand(maxItems, once)),
    settle: fc
      .tuple(settleTarget, fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }))
      .map(([target, maxItems]) => new SettleCommand(target, maxItems)),
    settleStep: fc
      .tuple(
        settleTarget,
        fc.oneof(
          { arbitrary: fc.bigInt(1n, 6n), weight: 8 },
          { arbitrary: fc.constantFrom(0n, 2n ** 256n - 1n), weight: 1 },
        ),
      )
      .map(([target, maxItems]) => new SettleStepCommand(target, maxItems)),
    expireInterval: fc
      .tuple(
        fc.oneof(
          { arbitrary: fc.nat(20).map((index): IntervalTarget => ({ kind: 'touched', index })), weight: 3 },
          { arbitrary: fc.constant<IntervalTarget>({ kind: 'recent' }), weight: 2 },
          { arbitrary: fc.constant<IntervalTarget>({ kind: 'relative', offset: -(grace + 1) }), weight: 1 },
        ),
        fc.integer({ min: 1, max: 5 }),
      )
      .map(([target, maxItems]) => new ExpireIntervalCommand(target, maxItems)),
    setOracle: fc
      .tuple(oracleReadingsArbitrary(), deliveryShare)
      .map(([readings, share]) => new SetOracleCommand(readings, share)),
    rawOracle: fc
      .tuple(
        fc.constantFrom('price' as const, 'produced' as const, 'consumed' as const),
        fc.oneof(
          { arbitrary: fc.bigInt(0n, 10n ** 8n), weight: 5 },
          { arbitrary: fc.bigInt(-(2n ** 200n), 2n ** 200n), weight: 1 },
        ),
      )
      .map(([feed, answer]) => new RawOracleCommand(feed, answer)),
    advanceInterval: fc
      .oneof(
        { arbitrary: fc.constant(1), weight: 6 },
        { arbitrary: fc.integer({ min: 2, max: 3 }), weight: 2 },
        { arbitrary: fc.integer({ min: grace, max: grace + 2 }), weight: 2 },
      )
      .map((k) => new AdvanceIntervalCommand(k)),
    advanceTime: fc.bigInt(1n, (intervalSeconds * 3n) / 2n).map((seconds) => new AdvanceTimeCommand(seconds)),
    closeInterval: fc
      .tuple(
        fc.oneof(
          { arbitrary: validOracleReadingsArbitrary(), weight: 6 },
          { arbitrary: oracleReadingsArbitrary(), weight: 1 },
        ),
        fc.option(fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }), { nil: undefined }),
        deliveryShare,
      )
      .map(([readings, settle, share]) => new CloseIntervalCommand(readings, settle, share)),
    submitOrders: fc
      .record({
        entries: fc.array(orderEntryArbitrary(), { minLength: 1, maxLength: 8 }),
        submitted: submissionOrder,
        drain: fc.option(
          fc.record({
            userIndex: user,
            amount: fc.constantFrom<WithdrawAmount>('available', 'half', 'one'),
          }),
          { nil: undefined, freq: 4 },
        ),
        hold: fc.boolean(),
        aggregator,
      })
      .map((parameters) => new SubmitOrdersCommand(parameters)),
    submitHeldOrders: fc
      .tuple(fc.nat(10), submissionOrder, aggregator)
      .map(([index, submitted, by]) => new SubmitHeldOrdersCommand(index, submitted, by)),
    hostile: hostileCommandArbitrary(),
    hostileRanking: hostileRankingArbitrary(),
  }
  const weighted = (Object.keys(arbitraries) as MarketCommandKind[])
    .filter((kind) => weights[kind] > 0)
    .map((kind) => ({ arbitrary: arbitraries[kind], weight: weights[kind] }))
  return fc.commands([fc.oneof(...weighted)], {
    maxCommands: options.maxCommands ?? 40,
    size: 'max',
    ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
  })
}
