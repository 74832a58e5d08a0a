import type { Side } from '../../../market/types.js'
import type { BookSide } from '../../../mechanisms/contractEnums.js'
import type { IntervalTarget } from '../helpers.js'

/** The largest uint256: the edge every unbounded argument is tried at. */
export const MAX_UINT256 = 2n ** 256n - 1n

/** A token id the hostile account aims at: another user's, or one that does not exist (0, the next, above 48 bits, 2^256 − 1). */
export type TokenTarget =
  | { kind: 'victim'; index: number }
  | { kind: 'own'; index: number }
  | { kind: 'zero' }
  | { kind: 'next' }
  | { kind: 'aliased'; index: number }
  | { kind: 'max' }

/** Amounts the hostile account tries: the edges of every integer type the contracts use. */
export const EXTREME_AMOUNTS: readonly bigint[] = [0n, 1n, 2n ** 64n, 2n ** 96n - 1n, 2n ** 96n, MAX_UINT256]

/** Who sends: the hostile EOA itself, or its malicious receiver contract on its behalf. */
export type Sender = 'eoa' | 'receiver'

/** What happens when the malicious receiver is paid: re-enter a call (swallowing or bubbling its failure), refuse, or nothing. */
export type ReentryMode =
  | { kind: 'none' }
  | { kind: 'refuse' }
  | { kind: 'withdrawAgain'; bubble: boolean }
  | { kind: 'addCollateral'; bubble: boolean }
  | { kind: 'withdrawVictim'; victim: TokenTarget; bubble: boolean }
  | { kind: 'processBuffer'; maxItems: bigint; bubble: boolean }
  | { kind: 'commit'; energyWh: bigint; side: Side; limitPriceWeiPerKWh: bigint; bubble: boolean }

/** One hostile action. */
export type HostileAction =
  // Calls on other users' profiles and on nonexistent tokens.
  | { kind: 'addCollateral'; sender: Sender; token: TokenTarget; valueWei: bigint }
  | { kind: 'withdrawCollateral'; sender: Sender; token: TokenTarget; amountWei: bigint }
  | {
      kind: 'commit'
      sender: Sender
      token: TokenTarget
      target: IntervalTarget
      energyWh: bigint
      side: Side
      limitPriceWeiPerKWh: bigint
    }
  | { kind: 'poolWithdraw'; sender: Sender; token: TokenTarget }
  | { kind: 'poolDeposit'; sender: Sender; token: TokenTarget }
  | { kind: 'transferFrom'; sender: Sender; token: TokenTarget; safe: boolean; toPool: boolean }
  | { kind: 'approve'; sender: Sender; token: TokenTarget }
  // The functions the contracts call on each other, and the owner's and reporter's.
  | { kind: 'openCommitment'; sender: Sender; token: TokenTarget; lockWei: bigint }
  | { kind: 'applyCommitmentUpdates'; sender: Sender; token: TokenTarget; amountWei: bigint }
  | { kind: 'recordCommitted'; sender: Sender; target: IntervalTarget; energyWh: bigint }
  | { kind: 'recordMetered'; sender: Sender; target: IntervalTarget; energyWh: bigint }
  | { kind: 'wire'; sender: Sender; contract: 'profile' | 'pool' }
  | { kind: 'ownerOnly'; sender: Sender; call: 'withdrawSurplus' | 'setGracePeriod' | 'setReporter' }
  | { kind: 'updateAnswer'; sender: Sender; answer: bigint }
  | {
      kind: 'meter'
      sender: Sender
      call: 'reportDeliveries' | 'finalizeDeliveries'
      target: IntervalTarget
      token: TokenTarget
    }
  | { kind: 'onERC721Received'; sender: Sender; token: TokenTarget }
  // Signed orders' machinery: the calls the pool makes on the profile contract and the market, and segments handed back forged.
  | { kind: 'escrowOrders'; sender: Sender; token: TokenTarget; lockWei: bigint }
  | { kind: 'fileOrders'; sender: Sender; target: IntervalTarget; side: Side; energyWh: bigint }
  | { kind: 'supplyOrders'; sender: Sender; target: IntervalTarget; segments: SegmentForgery; settle: boolean }
  // Anyone's calls, with extreme arguments.
  | { kind: 'keeper'; call: 'processBuffer' | 'settle' | 'expireInterval'; target: IntervalTarget; maxItems: bigint }
  // The mechanism's own keeper calls (a merit order's ranking), out of turn.
  | {
      kind: 'rank'
      sender: Sender
      target: IntervalTarget
      order: RankOrder
      side: BookSide
      count: number
      /** Start the interval's settlement first, as anyone may (`settle`), if it has not started. */
      start: boolean
    }
  | { kind: 'resetRanking'; sender: Sender; target: IntervalTarget; side: BookSide; position: ResetPosition }
  // Its own profiles, legitimately but at the edges.
  | { kind: 'register'; sender: Sender; valueWei: bigint; inPool: boolean }
  | { kind: 'fundReceiver'; valueWei: bigint }
  | { kind: 'ownDeposit'; token: TokenTarget }
  | { kind: 'ownTransfer'; token: TokenTarget; safe: boolean }
  | {
      kind: 'ownCommit'
      token: TokenTarget
      target: IntervalTarget
      energyWh: bigint
      side: Side
      limitPriceWeiPerKWh: bigint
    }
  | { kind: 'ownWithdrawCollateral'; token: TokenTarget; amountWei: bigint | 'available'; reentry: ReentryMode }

/**
 * What a hostile `rank` submits, from where the interval's ranking stands: the merit order's next
 * `count` positions per side (`prefix`, which helps), the same after skipping one of `side`'s
 * (`skip`), them in reverse (`reverse`), one past `side`'s book (`outOfRange`), or nothing, which
 * only claims the ranking (`empty`).
 */
export type RankOrder = 'prefix' | 'skip' | 'reverse' | 'outOfRange' | 'empty'

/** The position a hostile `resetRanking` names: the first its side left unranked, the last ranked, or one past the book. */
export type ResetPosition = 'firstUnranked' | 'lastRanked' | 'beyond'

/**
 * The segments a hostile `supplyOrders` hands the pool (alone, or wrapped around a `settle` by
 * `withOrders`): an interval's as published (`genuine`), with a word changed (`word`), a count
 * one too high (`header`), its last word dropped (`truncated`), or a segment the pool never filed
 * (`invented`).
 */
export type SegmentForgery = 'genuine' | 'word' | 'header' | 'truncated' | 'invented'
