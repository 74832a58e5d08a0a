import { IMeritOrderMarket } from '../../artifacts/index.js'
import type { AddressHex, Receipt } from '../../chain/types.js'
import { BOOK_SIDES, type BookSide } from '../contractEnums.js'
import type { MechanismKeeperContext } from '../MarketMechanism.js'
import { meritOrder } from '../meritOrder.js'
import { readBook } from '../readBook.js'
import { readRound } from '../readRound.js'
import { sendKeeperCall } from '../sendKeeperCall.js'
import { RankingClaimedError } from './RankingClaimedError.js'

const abi = IMeritOrderMarket.abi
const NOBODY = '0x0000000000000000000000000000000000000000'

type Ranking = Awaited<ReturnType<typeof readRanking>>

/**
 * Book positions, both sides together, that one keeper `rank` call submits at most, whatever the
 * settle batch: a position costs the most of any keeper item, and each call may also load as many
 * earlier-ranked entries back as it submits plus `MATCH_STEPS_PER_RANK` (sized in
 * `KEEPER_BATCHES`' doc comment).
 */
export const MAX_RANK_POSITIONS = 240

/**
 * The keeper's ranking of a clearing interval of a merit-order market: reads the interval's
 * ranking, recovers from whatever anyone else ranked — continues a correct prefix, or proves a
 * skip (`resetRanking`, which hands the claim to the keeper) and starts again — then submits the
 * rest of both sides' merit order, `maxItems / 2` positions a side per `rank` transaction (at most
 * {@link MAX_RANK_POSITIONS} in all).
 *
 * @throws {RankingClaimedError} when another account holds a live claim on a ranking that skipped nothing
 */
export async function rankInterval(
  context: MechanismKeeperContext,
  interval: number,
  maxItems: number,
): Promise<Receipt[]> {
  const { chain, market } = context
  if ((await readRound(chain, market.address, interval)).phase !== 'clearing') return []
  const book = await readBook({ chain, market: market.address, pool: context.pool, orders: context.orders }, interval)
  const order = meritOrder(book)
  const receipts: Receipt[] = []
  let ranking = await readRanking(context, interval)
  for (const side of BOOK_SIDES) {
    const positions = side === 'producers' ? order.producerPositions : order.consumerPositions
    const skipped = await findSkip(context, interval, side, positions, ranking)
    if (skipped === undefined) continue
    const reset = { abi, functionName: 'resetRanking', args: [interval, BOOK_SIDES.indexOf(side), skipped] }
    receipts.push((await sendKeeperCall(context, interval, reset, { batched: true, settles: true })).receipt)
    ranking = await readRanking(context, interval)
    break
  }
  await checkClaim(context, interval, ranking)
  // Each rank call submits up to maxItems positions (MAX_RANK_POSITIONS at most), both sides in step so the match never waits long.
  const half = Math.max(1, Math.floor(Math.min(maxItems, MAX_RANK_POSITIONS) / 2))
  let p = ranking.producers.ranked
  let c = ranking.consumers.ranked
  for (let ranked = false; !ranked; ) {
    const producers = order.producerPositions.slice(p, p + half)
    const consumers = order.consumerPositions.slice(c, c + half)
    p += producers.length
    c += consumers.length
    const { receipt, done } = await sendKeeperCall(
      context,
      interval,
      {
        abi,
        functionName: 'rank',
        args: [interval, producers, consumers],
      },
      { batched: true, settles: true },
    )
    receipts.push(receipt)
    ranked = done
  }
  return receipts
}

function readRanking(context: MechanismKeeperContext, interval: number) {
  return context.chain.call({ address: context.market.address, abi, functionName: 'rankingOf', args: [interval] })
}

/**
 * A position of `side` that its ranking skipped, when the ranked entries are not the merit order's
 * prefix. Ranked keys strictly increase, so they are that prefix exactly when the last ranked
 * position is the order's `k`-th for `k` ranked; otherwise an unranked entry lies before the last
 * ranked key, and the first such is a skip.
 */
async function findSkip(
  context: MechanismKeeperContext,
  interval: number,
  side: BookSide,
  order: readonly bigint[],
  ranking: Ranking,
): Promise<bigint | undefined> {
  const { ranked, lastPosition } = ranking[side]
  if (ranked === 0) return undefined
  const last = BigInt(lastPosition)
  if (order[ranked - 1] === last) return undefined
  for (const position of order) {
    if (position === last) break
    const isRanked = await context.chain.call({
      address: context.market.address,
      abi,
      functionName: 'isRanked',
      args: [interval, BOOK_SIDES.indexOf(side), position],
    })
    if (!isRanked) return position
  }
  return undefined
}

/** Refuses to rank while another account's claim is live (the contract would revert). */
async function checkClaim(context: MechanismKeeperContext, interval: number, ranking: Ranking): Promise<void> {
  const ranker = ranking.ranker as AddressHex
  if (ranker === NOBODY || ranker.toLowerCase() === context.keeper.toLowerCase()) return
  const intervalSeconds = await context.chain.call({ ...context.market, functionName: 'intervalSeconds' })
  const claimedUntil = ranking.rankedAt + intervalSeconds
  if (context.chain.timestamp < claimedUntil) throw new RankingClaimedError(interval, ranker, claimedUntil)
}
