import type { DemSimulator } from '../market/DemSimulator.js'
import { SIDES } from '../mechanisms/contractEnums.js'
import type { Side } from '../market/types.js'
import { readRound } from '../mechanisms/readRound.js'
import {
  COMMITMENT_STATUSES,
  type CommitmentObservation,
  type FeedObservation,
  type IntervalObservation,
  type MarketObservation,
  type ObservationScope,
  type ProfileObservation,
  scopeIncludes,
  stageOf,
} from './types.js'

/**
 * Reads the parts of a simulator's market state that `scope` names, straight from the
 * contracts' views, in the shape {@link MarketModel.observe} answers — so a test compares the
 * chain with the reference model with one `expect(...).toEqual(...)`, or with
 * {@link diffObservations} for a readable list of differences.
 *
 * Costs one view call per profile (four with `ownership`), one per commitment (two with
 * `commitmentTerms`), two per interval, plus seven.
 *
 * @example
 * import { observeMarket } from 'dem-sim/testing'
 * const observed = await observeMarket(sim, { intervals: [0, 1], accounts: [alice.address] })
 * observed.profiles[0]?.collateralWei
 */
export async function observeMarket(sim: DemSimulator, scope: ObservationScope): Promise<MarketObservation> {
  const { chain, contracts } = sim
  const { profile, pool } = contracts
  const market = contracts.market
  const lastTokenId = await chain.call({ ...profile, functionName: 'lastTokenId' })
  const commitmentCount = await chain.call({ ...pool, functionName: 'commitmentCount' })
  const bufferCursor = await chain.call({ ...market, functionName: 'bufferCursor' })

  const profiles: ProfileObservation[] = []
  const tokenIds = scope.tokenIds ?? Array.from({ length: Number(lastTokenId) }, (_, i) => BigInt(i + 1))
  for (const tokenId of tokenIds) {
    const p = await chain.call({ ...profile, functionName: 'profileOf', args: [tokenId] })
    const o: ProfileObservation = {
      tokenId,
      collateralWei: p.collateralWei,
      lockedWei: p.lockedWei,
      openCommitments: p.openCommitments,
      location: p.location,
      energyType: p.energyType,
    }
    if (scopeIncludes(scope.ownership, tokenId)) {
      o.owner = (await chain.call({ ...profile, functionName: 'ownerOf', args: [tokenId] })).toLowerCase()
      o.depositor = (await chain.call({ ...profile, functionName: 'depositorOf', args: [tokenId] })).toLowerCase()
      o.approved = (await chain.call({ ...profile, functionName: 'getApproved', args: [tokenId] })).toLowerCase()
    }
    profiles.push(o)
  }

  const commitments: CommitmentObservation[] = []
  const commitmentIds = scope.commitmentIds ?? Array.from({ length: Number(commitmentCount) }, (_, i) => BigInt(i))
  for (const commitmentId of commitmentIds) {
    const status = await chain.call({ ...market, functionName: 'commitmentStatusOf', args: [commitmentId] })
    const o: CommitmentObservation = { commitmentId, status: COMMITMENT_STATUSES[status] ?? 'none' }
    if (scopeIncludes(scope.commitmentTerms, commitmentId) && commitmentId < commitmentCount) {
      const c = await chain.call({ ...pool, functionName: 'commitmentOf', args: [commitmentId] })
      Object.assign(o, {
        tokenId: c.tokenId,
        interval: c.interval,
        side: SIDES[c.side] as Side,
        energyWh: c.energyWh,
        limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
        lockedWei: c.lockedWei,
      })
    }
    commitments.push(o)
  }

  const intervals: IntervalObservation[] = []
  for (const interval of scope.intervals) {
    const { phase } = await readRound(chain, market.address, interval)
    const t = await chain.call({ ...pool, functionName: 'intervalTotalsOf', args: [interval] })
    intervals.push({
      interval,
      stage: stageOf(phase),
      totals: {
        committedProductionWh: t.committedProductionWh,
        committedConsumptionWh: t.committedConsumptionWh,
        producedWh: t.producedWh,
        consumedWh: t.consumedWh,
        tradedWh: t.tradedWh,
      },
    })
  }

  const balances: Record<string, bigint> = {}
  for (const account of scope.accounts)
    balances[account.toLowerCase()] = await chain.getBalance(account as `0x${string}`)

  const feed = async (address: typeof contracts.priceFeed): Promise<FeedObservation> => {
    const [roundId, answer, , updatedAt] = await chain.call({ ...address, functionName: 'latestRoundData' })
    return { roundId, answer, updatedAt }
  }

  return {
    timestamp: chain.timestamp,
    lastTokenId,
    commitmentCount,
    bufferCursor,
    heldWei: {
      profile: await chain.getBalance(profile.address),
      pool: await chain.getBalance(pool.address),
      market: await chain.getBalance(market.address),
    },
    clearingWei: await chain.call({ ...profile, functionName: 'clearingWei' }),
    profiles,
    commitments,
    intervals,
    balances,
    ...(scope.feeds === false
      ? {}
      : {
          feeds: {
            price: await feed(contracts.priceFeed),
            produced: await feed(contracts.producedFeed),
            consumed: await feed(contracts.consumedFeed),
          },
        }),
  }
}
