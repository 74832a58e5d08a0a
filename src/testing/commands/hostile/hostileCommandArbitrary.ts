import * as fc from 'fast-check'
import type { Side } from '../../../market/types.js'
import { BOOK_SIDES, type BookSide } from '../../../mechanisms/contractEnums.js'
import type { IntervalTarget, MarketCommand } from '../helpers.js'
import {
  EXTREME_AMOUNTS,
  type HostileAction,
  MAX_UINT256,
  type RankOrder,
  type ReentryMode,
  type ResetPosition,
  type SegmentForgery,
  type Sender,
  type TokenTarget,
} from './HostileAction.js'
import { HostileCommand } from './HostileCommand.js'

/** Hostile actions, weighted towards attacks on others; see {@link HostileAction}. */
export function hostileCommandArbitrary(): fc.Arbitrary<MarketCommand> {
  const parts = hostileParts()
  const action: fc.Arbitrary<HostileAction> = fc.oneof(
    ...foreignProfileActions(parts),
    ...restrictedAndKeeperActions(parts),
    ...rankingActions(parts),
    ...ownActions(parts),
  )
  return action.map((a) => new HostileCommand(a))
}

/**
 * Only a stranger's ranking and resets (see {@link HostileAction}), for runs that grief the
 * keeper's preparation of intervals.
 *
 * @returns hostile `rank` and `resetRanking` commands
 * @example
 * import { marketCommands } from 'dem-sim/testing'
 * const commands = marketCommands({ weights: { hostileRanking: 20, settleStep: 12 } })
 */
export function hostileRankingArbitrary(): fc.Arbitrary<MarketCommand> {
  return fc.oneof(...rankingActions(hostileParts())).map((a) => new HostileCommand(a))
}

type Weighted = fc.WeightedArbitrary<HostileAction>

/** The arguments hostile actions draw from: the edges of every type the contracts take. */
function hostileParts() {
  const sender = fc.constantFrom<Sender>('eoa', 'receiver')
  const foreign = fc.oneof(
    { arbitrary: fc.nat(10).map((index): TokenTarget => ({ kind: 'victim', index })), weight: 6 },
    { arbitrary: fc.constantFrom<TokenTarget>({ kind: 'zero' }, { kind: 'next' }, { kind: 'max' }), weight: 2 },
    { arbitrary: fc.nat(10).map((index): TokenTarget => ({ kind: 'aliased', index })), weight: 1 },
  )
  const own = fc.nat(5).map((index): TokenTarget => ({ kind: 'own', index }))
  const amount = fc.oneof(
    { arbitrary: fc.constantFrom(...EXTREME_AMOUNTS), weight: 2 },
    { arbitrary: fc.bigInt(1n, 10n ** 6n), weight: 1 },
  )
  const energy = fc.constantFrom(0n, 1n, 1_000n, 2n ** 64n - 1n)
  const limit = fc.constantFrom(0n, 1n, 1_500n, 2n ** 96n - 1n)
  const side = fc.constantFrom<Side>('production', 'consumption')
  const target = fc.oneof(
    fc.integer({ min: -2, max: 2 }).map((offset): IntervalTarget => ({ kind: 'relative', offset })),
    fc.nat(20).map((index): IntervalTarget => ({ kind: 'touched', index })),
    fc.constant<IntervalTarget>({ kind: 'absolute', interval: 2 ** 32 - 1 }),
  )
  return { sender, foreign, own, amount, energy, limit, side, target }
}

type HostileParts = ReturnType<typeof hostileParts>

/** Calls on other users' profiles and on tokens that do not exist. */
function foreignProfileActions({ sender, foreign, amount, energy, limit, side, target }: HostileParts): Weighted[] {
  return [
    {
      arbitrary: fc.record({
        kind: fc.constant('addCollateral' as const),
        sender,
        token: foreign,
        valueWei: fc.constantFrom(0n, 1n, 10n ** 18n),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('withdrawCollateral' as const),
        sender,
        token: foreign,
        amountWei: amount,
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('commit' as const),
        sender,
        token: foreign,
        target,
        energyWh: energy,
        side,
        limitPriceWeiPerKWh: limit,
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('poolWithdraw' as const), sender, token: foreign }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('poolDeposit' as const), sender, token: foreign }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('transferFrom' as const),
        sender,
        token: foreign,
        safe: fc.boolean(),
        toPool: fc.boolean(),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('approve' as const), sender, token: foreign }), weight: 1 },
  ]
}

/** The functions the contracts call on each other, the owner's, the reporter's, and the keeper's out of turn. */
function restrictedAndKeeperActions({ sender, foreign, amount, energy, side, target }: HostileParts): Weighted[] {
  return [
    {
      arbitrary: fc.record({ kind: fc.constant('openCommitment' as const), sender, token: foreign, lockWei: amount }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('applyCommitmentUpdates' as const),
        sender,
        token: foreign,
        amountWei: amount,
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('recordCommitted' as const), sender, target, energyWh: energy }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('recordMetered' as const), sender, target, energyWh: energy }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('wire' as const),
        sender,
        contract: fc.constantFrom('profile' as const, 'pool' as const),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('ownerOnly' as const),
        sender,
        call: fc.constantFrom('withdrawSurplus' as const, 'setGracePeriod' as const, 'setReporter' as const),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('updateAnswer' as const),
        sender,
        answer: fc.constantFrom(1n, 10n ** 30n, -1n),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('meter' as const),
        sender,
        call: fc.constantFrom('reportDeliveries' as const, 'finalizeDeliveries' as const),
        target,
        token: foreign,
      }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('onERC721Received' as const), sender, token: foreign }), weight: 1 },
    {
      arbitrary: fc.record({ kind: fc.constant('escrowOrders' as const), sender, token: foreign, lockWei: amount }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('fileOrders' as const), sender, target, side, energyWh: energy }),
      weight: 1,
    },
    {
      arbitrary: fc
        .record({
          kind: fc.constant('supplyOrders' as const),
          sender,
          target: fc.oneof(target, fc.constant<IntervalTarget>({ kind: 'recent' })),
          segments: fc.constantFrom<SegmentForgery>('genuine', 'word', 'header', 'truncated', 'invented'),
          settle: fc.boolean(),
        })
        // A genuine settle through `withOrders` is the keeper's call, which `keeper` makes.
        .map((a) => (a.segments === 'genuine' ? { ...a, settle: false } : a)),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('keeper' as const),
        call: fc.constantFrom('processBuffer' as const, 'settle' as const, 'expireInterval' as const),
        target,
        maxItems: fc.constantFrom(0n, 1n, 2n ** 64n, MAX_UINT256),
      }),
      weight: 2,
    },
  ]
}

/** A stranger's ranking and resets, mostly on the latest interval still settling. */
function rankingActions({ sender, target }: HostileParts): Weighted[] {
  const settling = fc.oneof(
    { arbitrary: fc.constant<IntervalTarget>({ kind: 'recent' }), weight: 3 },
    { arbitrary: target, weight: 1 },
  )
  const side = fc.constantFrom<BookSide>(...BOOK_SIDES)
  return [
    {
      arbitrary: fc.record({
        kind: fc.constant('rank' as const),
        sender,
        target: settling,
        order: fc.constantFrom<RankOrder>('prefix', 'skip', 'reverse', 'outOfRange', 'empty'),
        side,
        count: fc.integer({ min: 1, max: 4 }),
        start: fc.boolean(),
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('resetRanking' as const),
        sender,
        target: settling,
        side,
        position: fc.constantFrom<ResetPosition>('firstUnranked', 'lastRanked', 'beyond'),
      }),
      weight: 2,
    },
  ]
}

/** Its own profiles at the edges, and the receiver's withdrawals that re-enter. */
function ownActions(parts: HostileParts): Weighted[] {
  const { sender, own, amount, energy, limit, side, target } = parts
  const reentry = reentryArbitrary(parts)
  return [
    {
      arbitrary: fc.record({
        kind: fc.constant('register' as const),
        sender,
        valueWei: fc.constantFrom(0n, 1n, 10n ** 6n, 10n ** 18n),
        inPool: fc.boolean(),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('fundReceiver' as const), valueWei: fc.constantFrom(1n, 10n ** 18n) }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('ownDeposit' as const), token: own }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('ownTransfer' as const), token: own, safe: fc.boolean() }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('ownCommit' as const),
        token: own,
        target,
        energyWh: energy,
        side,
        limitPriceWeiPerKWh: limit,
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('ownWithdrawCollateral' as const),
        token: own,
        amountWei: fc.oneof(fc.constant('available' as const), amount),
        reentry,
      }),
      weight: 4,
    },
  ]
}

/** What the malicious receiver does when paid. */
function reentryArbitrary({ foreign, energy, side, limit }: HostileParts): fc.Arbitrary<ReentryMode> {
  const bubble = fc.boolean()
  return fc.oneof(
    fc.constant<ReentryMode>({ kind: 'none' }),
    fc.constant<ReentryMode>({ kind: 'refuse' }),
    bubble.map((b): ReentryMode => ({ kind: 'withdrawAgain', bubble: b })),
    bubble.map((b): ReentryMode => ({ kind: 'addCollateral', bubble: b })),
    fc.tuple(foreign, bubble).map(([victim, b]): ReentryMode => ({ kind: 'withdrawVictim', victim, bubble: b })),
    fc
      .tuple(fc.constantFrom(0n, 1n, 5n), bubble)
      .map(([maxItems, b]): ReentryMode => ({ kind: 'processBuffer', maxItems, bubble: b })),
    fc.tuple(energy, side, limit, bubble).map(
      ([energyWh, s, l, b]): ReentryMode => ({
        kind: 'commit',
        energyWh,
        side: s,
        limitPriceWeiPerKWh: l,
        bubble: b,
      }),
    ),
  )
}
