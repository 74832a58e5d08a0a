import {
  type CommitmentObservation,
  type IntervalObservation,
  type MarketObservation,
  type ObservationScope,
  type ProfileObservation,
  scopeIncludes,
  stageOf,
} from '../types.js'
import type { MarketBookModel } from './MarketBookModel.js'
import type { ModelContext } from './ModelContext.js'
import { emptyTotals, type FeedName } from './ModelState.js'

/** The model's answer to `scope`, in the shape the chain observer returns. */
export function observeModel(ctx: ModelContext, market: MarketBookModel, scope: ObservationScope): MarketObservation {
  const s = ctx.state
  const balanceOf = (account: string) => s.balances.get(account.toLowerCase()) ?? 0n
  const tokenIds = scope.tokenIds ?? [...s.profiles.keys()]
  const profiles: ProfileObservation[] = tokenIds.map((tokenId) => {
    const p = s.profiles.get(tokenId)
    if (p === undefined) throw new RangeError(`the model has no profile ${tokenId}`)
    const o: ProfileObservation = {
      tokenId,
      collateralWei: p.collateralWei,
      lockedWei: p.lockedWei,
      openCommitments: p.openCommitments,
      location: p.location,
      energyType: p.energyType,
    }
    if (scopeIncludes(scope.ownership, tokenId))
      Object.assign(o, { owner: p.owner, depositor: p.depositor, approved: p.approved })
    return o
  })
  const commitmentIds = scope.commitmentIds ?? s.commitments.map((c) => c.commitmentId)
  const commitments: CommitmentObservation[] = commitmentIds.map((commitmentId) => {
    const o: CommitmentObservation = { commitmentId, status: market.commitmentStatus(commitmentId) }
    const c = s.commitments[Number(commitmentId)]
    if (scopeIncludes(scope.commitmentTerms, commitmentId) && c !== undefined) {
      Object.assign(o, {
        tokenId: c.tokenId,
        interval: c.interval,
        side: c.side,
        energyWh: c.energyWh,
        limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
        lockedWei: c.lockedWei,
      })
    }
    return o
  })
  const intervals: IntervalObservation[] = scope.intervals.map((interval) => ({
    interval,
    stage: stageOf(market.interval(interval).phase),
    totals: { ...(s.totals.get(interval) ?? emptyTotals()) },
  }))
  const feed = (name: FeedName) => {
    const rounds = s.rounds[name]
    const last = rounds[rounds.length - 1]
    return { roundId: BigInt(rounds.length), answer: last?.answer ?? 0n, updatedAt: last?.updatedAt ?? 0n }
  }
  const a = ctx.addresses
  return {
    timestamp: s.timestamp,
    lastTokenId: s.lastTokenId,
    commitmentCount: BigInt(s.commitments.length),
    bufferCursor: BigInt(s.bufferCursor),
    heldWei: { profile: balanceOf(a.profile), pool: balanceOf(a.pool), market: balanceOf(a.market) },
    clearingWei: s.clearingWei,
    profiles,
    commitments,
    intervals,
    balances: Object.fromEntries(scope.accounts.map((account) => [account.toLowerCase(), balanceOf(account)])),
    ...(scope.feeds === false
      ? {}
      : { feeds: { price: feed('price'), produced: feed('produced'), consumed: feed('consumed') } }),
  }
}
