import type { Abi } from 'abitype'
import type { AddressHex } from '../../../chain/types.js'
import { IMeritOrderMarket } from '../../../artifacts/index.js'
import type { BookCommitment } from '../../../mechanisms/clearing.js'
import { BOOK_SIDES, type BookSide, PHASES } from '../../../mechanisms/contractEnums.js'
import { MARKET_CORE_ABI } from '../../../mechanisms/marketCoreAbi.js'
import { meritOrder } from '../../../mechanisms/meritOrder.js'
import type { MarketModel } from '../../MarketModel.js'
import { ModelFailure } from '../../ModelFailure.js'
import type { ModelCommitment } from '../../types.js'
import { marketCallData, resolveInterval } from '../helpers.js'
import type { HostileAction } from './HostileAction.js'
import { type HostileContext, type HostileEntries, type HostileStep, hostileCall } from './HostileStep.js'

type SideRanking = { ranked: number; lastPosition: number }
type Ranking = { producers: SideRanking; consumers: SideRanking }

/**
 * The mechanism's own keeper calls, out of turn: a stranger ranks an interval's merit order (a
 * correct continuation that helps, one that skips an entry, one out of order or out of range, or
 * nothing at all, which only claims the ranking) and resets a ranking. The model cannot tell how
 * such a call fares beyond the interval's phase — the ranking is the contract's business — so a
 * failure with one of the mechanism's own errors must change nothing, and a success is taken from
 * the chain's events and phases. Whether the market ranks at all is asked of its ABI.
 */
export const rankingAttacks: HostileEntries<'rank' | 'resetRanking'> = {
  rank: async (action, h) => {
    const interval = resolveInterval(h.model, action.target)
    const setupChanged = action.start && (await startSettlement(h, interval))
    const ranking = await rankingOf(h, interval)
    const order = ranking === undefined ? undefined : meritOrderOf(h.model, interval)
    const positions = { producers: [] as bigint[], consumers: [] as bigint[] }
    if (ranking !== undefined && order !== undefined) {
      for (const side of BOOK_SIDES) positions[side] = submission(action, side, order[side], ranking[side].ranked)
    }
    const label = `rank(${interval}, [${positions.producers.join(' ')}], [${positions.consumers.join(' ')}])`
    const step = rankingStep(h, action, interval, [interval, positions.producers, positions.consumers], label)
    return { ...step, setupChanged }
  },
  resetRanking: async (action, h) => {
    const interval = resolveInterval(h.model, action.target)
    const ranking = await rankingOf(h, interval)
    const order = ranking === undefined ? undefined : meritOrderOf(h.model, interval)[action.side]
    const position =
      order === undefined || ranking === undefined ? 0n : await resetPosition(h, action, interval, order, ranking)
    const label = `resetRanking(${interval}, ${action.side}, ${position})`
    return rankingStep(h, action, interval, [interval, BOOK_SIDES.indexOf(action.side), position], label)
  },
}

/**
 * The hostile account starts a closed interval's settlement itself, as its own command (a keeper
 * call anyone may make, checked as such), so that its ranking finds the interval clearing.
 * Returns whether it sent it.
 */
async function startSettlement(h: HostileContext, interval: number): Promise<boolean> {
  const { phase } = h.model.interval(interval)
  if ((phase !== 'open' && phase !== 'filing') || h.model.currentInterval <= interval) return false
  const target = { kind: 'absolute', interval } as const
  await h.act({ kind: 'keeper', call: 'settle', target, maxItems: 2n ** 32n })
  return true
}

/** The merit order's positions a `rank` action submits for one side, from where its ranking stands. */
function submission(
  action: Extract<HostileAction, { kind: 'rank' }>,
  side: BookSide,
  order: readonly bigint[],
  ranked: number,
): bigint[] {
  const own = action.side === side
  switch (action.order) {
    case 'prefix':
      return order.slice(ranked, ranked + action.count)
    case 'skip':
      return own ? order.slice(ranked + 1, ranked + 1 + action.count) : order.slice(ranked, ranked + action.count)
    case 'reverse':
      return order.slice(ranked, ranked + action.count).reverse()
    case 'outOfRange':
      return own ? [BigInt(order.length)] : []
    case 'empty':
      return []
  }
}

/** The position a `resetRanking` action names: the first one its side left unranked, the last ranked, or one past the book. */
async function resetPosition(
  h: HostileContext,
  action: Extract<HostileAction, { kind: 'resetRanking' }>,
  interval: number,
  order: readonly bigint[],
  ranking: Ranking,
): Promise<bigint> {
  if (action.position === 'beyond') return BigInt(order.length)
  const { ranked, lastPosition } = ranking[action.side]
  if (action.position === 'lastRanked' || ranked === 0) return BigInt(lastPosition)
  const market = marketOf(h)
  for (const position of order) {
    const isRanked = await h.r.sim.chain.call({
      ...market,
      functionName: 'isRanked',
      args: [interval, BOOK_SIDES.indexOf(action.side), position],
    } as never)
    if (!isRanked) return position
  }
  return BigInt(lastPosition)
}

/**
 * The step of a ranking call: refused as the core refuses any call on an interval in the wrong
 * phase; otherwise it may fail with the mechanism's own errors, or help.
 */
function rankingStep(
  h: HostileContext,
  action: Extract<HostileAction, { kind: 'rank' | 'resetRanking' }>,
  interval: number,
  args: readonly unknown[],
  label: string,
): HostileStep {
  const market = marketOf(h)
  const { ranks } = market
  const phase = h.model.interval(interval).phase
  const ownErrors = mechanismErrors(market.abi)
  const call = hostileCall(label, market, action.kind, args)
  return {
    sender: action.sender,
    // A ranking reads the book's words: an interval's signed orders' come with the call (`withOrders`).
    call: { ...call, data: marketCallData(h.r.sim, interval, call.data) },
    predict: () => {
      // Without such a function the market has nothing to run: a revert without data.
      if (!ranks) throw ModelFailure.revert(undefined)
      if (phase !== 'clearing')
        throw ModelFailure.revert('EnergyMarketWrongPhase', {
          interval: BigInt(interval),
          phase: BigInt(PHASES.indexOf(phase)),
        })
    },
    mayFailWith: (errorName) => errorName !== undefined && ownErrors.has(errorName),
    progressIntervals: [interval],
    keeperLike: true,
    observeIntervals: true,
    griefs: interval,
  }
}

/**
 * The market with the ABI its ranking calls are encoded with: its own when its ABI has `rank`,
 * else the merit-order interface's (which the market then does not implement).
 */
function marketOf(h: HostileContext): { address: AddressHex; abi: Abi; ranks: boolean } {
  const { abi } = h.r.sim.mechanism.market
  const ranks = abi.some((item) => item.type === 'function' && item.name === 'rank')
  return { address: h.contracts.market.address, abi: ranks ? abi : IMeritOrderMarket.abi, ranks }
}

/** The errors a mechanism's market adds to the core's: how its own calls may fail. */
function mechanismErrors(abi: Abi): Set<string> {
  const core = new Set<string>(MARKET_CORE_ABI.filter((item) => item.type === 'error').map((item) => item.name))
  return new Set(abi.flatMap((item) => (item.type === 'error' && !core.has(item.name) ? [item.name] : [])))
}

/** The chain's ranking of `interval`, when the market ranks and the interval is clearing. */
async function rankingOf(h: HostileContext, interval: number): Promise<Ranking | undefined> {
  const market = marketOf(h)
  if (!market.ranks || h.model.interval(interval).phase !== 'clearing') return undefined
  return (await h.r.sim.chain.call({ ...market, functionName: 'rankingOf', args: [interval] } as never)) as Ranking
}

/** The merit order of `interval`'s book as the model keeps it (each side's positions in merit order). */
function meritOrderOf(model: MarketModel, interval: number): Record<BookSide, readonly bigint[]> {
  const s = model.interval(interval)
  const entry = (id: bigint): BookCommitment => {
    const c = model.commitment(id) as ModelCommitment
    const { tokenId, side, energyWh, limitPriceWeiPerKWh, lockedWei } = c
    return { commitmentId: id, tokenId, side, energyWh, limitPriceWeiPerKWh, lockedWei }
  }
  const order = meritOrder({ producers: s.producers.map(entry), consumers: s.consumers.map(entry) })
  return { producers: order.producerPositions, consumers: order.consumerPositions }
}
