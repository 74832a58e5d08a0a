import { EnergyProfile, PayAsClearMarket, SimulatedMeter } from '../../artifacts/index.js'
import type { Artifact, Receipt } from '../../chain/types.js'
import type { IntervalPhase } from '../contractEnums.js'
import type { ClearingReadings, MarketMechanism, MechanismKeeperContext } from '../MarketMechanism.js'
import {
  type BookCommitment,
  type ClearingOutcome,
  committedProduction,
  type IntervalBook,
  meritOrder,
} from '../meritOrder.js'
import { readBookCommitments } from '../readBookCommitments.js'
import { reportMeterDeliveries } from '../reportMeterDeliveries.js'

/** `IEnergyMarketBase.Phase`, in enum order. */
const PHASES: readonly IntervalPhase[] = ['open', 'filing', 'ranking', 'paying', 'settled', 'expiring', 'expired']
/** `IEnergyMarketBase.BookSide`, in enum order. */
const BOOK_SIDES = { production: 0, consumption: 1 } as const
const ALL = 2n ** 32n

/** Every merit-order market shares the base's ABI; only the pricing differs. */
const abi = PayAsClearMarket.abi

export type MeritOrderMechanismParameters = {
  name: string
  description: string
  /** `PayAsClearMarket`, `PayAsBidMarket`, or another market on `EnergyMarketBase`. */
  market: Artifact
  clear: (book: IntervalBook, readings: ClearingReadings) => ClearingOutcome
}

/**
 * A mechanism on `EnergyMarketBase`: the market reads metered energy and each producer's own
 * delivery from a `SimulatedMeter`, the keeper submits each side's merit order (`rank`) before
 * the payouts, and the price comes from the book, not from a feed. Interval `i` can be settled
 * once its readings are final: the reporter finalized them, or interval `i + 1` has closed.
 */
export function createMeritOrderMechanism(parameters: MeritOrderMechanismParameters): MarketMechanism {
  const { name, description, market: artifact, clear } = parameters
  const contractName = artifact.contractName ?? name
  return {
    name,
    description,
    market: artifact,
    operations: ['rank', 'reportDeliveries', 'finalizeDeliveries'],
    readsPriceFeed: false,
    settlementLagIntervals: 0,
    rules: {
      phases: PHASES,
      settleFrom: ['open', 'filing', 'paying'],
      expireFrom: ['open', 'filing', 'ranking'],
      readings: 'meter',
      clearingAccount: true,
      oneProductionPerProfile: true,
      awaitsFinalDeliveries: true,
      errors: {
        zeroBatch: 'EnergyMarketBaseZeroBatch',
        wrongPhase: 'EnergyMarketBaseWrongPhase',
        notSettleable: 'EnergyMarketBaseReadingsNotFinal',
        windowClosed: 'EnergyMarketBaseSettlementWindowClosed',
        notExpired: 'EnergyMarketBaseIntervalNotExpired',
        staleFeed: 'FeedReadingStaleFeed',
        roundNotFound: 'FeedReadingRoundNotFound',
        invalidEnergyReading: 'FeedReadingInvalidEnergyReading',
        answerOutOfRange: 'FeedReadingAnswerOutOfRange',
        readingsNotFinal: 'EnergyMarketBaseReadingsNotFinal',
      },
    },
    async deploy({ chain, gas, roles, profile, pool, deployFeeds, gracePeriodSeconds }) {
      const feeds = await deployFeeds()
      const meter = await chain.deploy({
        artifact: SimulatedMeter,
        args: [roles.owner, roles.reporter, pool, feeds.produced, feeds.consumed],
        from: roles.owner,
      })
      gas.record('deploySimulatedMeter', meter.receipt)
      // Zero minimum size: the contract's default (its spam rule).
      const market = await chain.deploy({
        artifact,
        args: [roles.owner, pool, meter.address, gracePeriodSeconds, 0n],
        from: roles.owner,
      })
      gas.record(`deploy${contractName}`, market.receipt)
      const wired = await chain.send({
        address: profile,
        abi: EnergyProfile.abi,
        functionName: 'wire',
        args: [market.address],
        from: roles.owner,
      })
      gas.record('wire', wired.receipt)
      return { market: market.address, meter: meter.address }
    },
    async beforeSettle(context, interval, maxItems) {
      const round = await context.chain.call({
        address: context.market.address,
        abi,
        functionName: 'roundOf',
        args: [interval],
      })
      if (PHASES[round.phase] !== 'ranking') return []
      const order = meritOrder(await readBook(context, interval))
      // Each rank call submits up to maxItems positions, both sides in step so the match never waits long.
      const half = Math.max(1, Math.floor(maxItems / 2))
      const receipts: Receipt[] = []
      for (let p = Number(round.producersRanked), c = Number(round.consumersRanked), ranked = false; !ranked; ) {
        const producers = order.producerPositions.slice(p, p + half)
        const consumers = order.consumerPositions.slice(c, c + half)
        p += producers.length
        c += consumers.length
        const { receipt, result } = await context.chain.send({
          address: context.market.address,
          abi,
          functionName: 'rank',
          args: [interval, producers, consumers],
          from: context.keeper,
        })
        context.gas.record('rank', receipt, { interval })
        receipts.push(receipt)
        ranked = result
      }
      return receipts
    },
    async reportDeliveries(context, interval, deliveredWh) {
      return reportMeterDeliveries(
        context,
        interval,
        deliveredWh ?? committedProduction(await readBook(context, interval)),
      )
    },
    async readInterval(chain, market, interval) {
      const round = await chain.call({ address: market, abi, functionName: 'roundOf', args: [interval] })
      return { phase: PHASES[round.phase] ?? 'open', price: round.priceWeiPerKWh, priceDecimals: 0 }
    },
    summarize(args) {
      const field = (key: string): bigint => (args[key] as bigint | undefined) ?? 0n
      return {
        price: field('priceWeiPerKWh'),
        supplyWh: 0n,
        demandWh: 0n,
        tradedWh: field('tradedWh'),
        paidWei: field('paidWei'),
        receivedWei: field('receivedWei'),
        surplusWei: field('surplusWei'),
      }
    },
    clear,
  }
}

/** The interval's filed commitments per side, in book order, read from the market and the pool. */
async function readBook(context: MechanismKeeperContext, interval: number): Promise<IntervalBook> {
  const side = async (bookSide: 0 | 1): Promise<BookCommitment[]> =>
    readBookCommitments(
      context,
      await context.chain.call({
        address: context.market.address,
        abi,
        functionName: 'bookOf',
        args: [interval, bookSide, 0n, ALL],
      }),
    )
  return { producers: await side(BOOK_SIDES.production), consumers: await side(BOOK_SIDES.consumption) }
}
