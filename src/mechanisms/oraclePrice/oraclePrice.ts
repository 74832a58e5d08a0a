import { EnergyMarket, EnergyProfile, SimulatedMeter } from '../../artifacts/index.js'
import { PHASES } from '../contractEnums.js'
import type { MarketMechanism, MechanismKeeperContext } from '../MarketMechanism.js'
import { committedProduction, type IntervalBook } from '../meritOrder.js'
import { readBookCommitments } from '../readBookCommitments.js'
import { reportMeterDeliveries } from '../reportMeterDeliveries.js'
import { clearOraclePrice } from './clearOraclePrice.js'

const ALL = 2n ** 32n

/**
 * `oracle-price`: the uniform price is the price feed's answer for the interval; in-the-money
 * commitments share `min(S, D, P, C)` pro rata, each producer counted for at most its own
 * metered delivery (the v1 market, `EnergyMarket`). The reporter finalizes the deliveries with
 * the readings, so an interval settles as soon as it is reported.
 */
export const oraclePrice: MarketMechanism = {
  name: 'oracle-price',
  description:
    'uniform price read from the price feed; in-the-money commitments share min(S, D, P, C) pro rata, producers up to their delivery',
  market: EnergyMarket,
  operations: ['reportDeliveries', 'finalizeDeliveries'],
  readsPriceFeed: true,
  settlementLagIntervals: 0,
  rules: {
    phases: PHASES,
    settleFrom: ['open', 'filing', 'tallying', 'paying'],
    expireFrom: ['open'],
    readings: 'feeds',
    clearingAccount: false,
    oneProductionPerProfile: true,
    awaitsFinalDeliveries: true,
    errors: {
      zeroBatch: 'EnergyMarketZeroBatch',
      wrongPhase: 'EnergyMarketWrongPhase',
      notSettleable: 'EnergyMarketIntervalNotClosed',
      windowClosed: 'EnergyMarketSettlementWindowClosed',
      notExpired: 'EnergyMarketIntervalNotExpired',
      staleFeed: 'EnergyMarketStaleFeed',
      roundNotFound: 'EnergyMarketFeedRoundNotFound',
      invalidEnergyReading: 'EnergyMarketInvalidEnergyReading',
      answerOutOfRange: 'EnergyMarketFeedAnswerOutOfRange',
      invalidPrice: 'EnergyMarketInvalidPrice',
      readingsNotFinal: 'EnergyMarketReadingsNotFinal',
    },
  },
  async deploy({ chain, gas, roles, profile, pool, deployFeeds, gracePeriodSeconds }) {
    // Zero minimum size: the contract's default (its spam rule).
    const market = await chain.deploy({
      artifact: EnergyMarket,
      args: [roles.owner, pool, gracePeriodSeconds, 0n],
      from: roles.owner,
    })
    gas.record('deployEnergyMarket', market.receipt)
    const wired = await chain.send({
      address: profile,
      abi: EnergyProfile.abi,
      functionName: 'wire',
      args: [market.address],
      from: roles.owner,
    })
    gas.record('wire', wired.receipt)
    const feeds = await deployFeeds()
    const meter = await chain.deploy({
      artifact: SimulatedMeter,
      args: [roles.owner, roles.reporter, pool, feeds.produced, feeds.consumed],
      from: roles.owner,
    })
    gas.record('deploySimulatedMeter', meter.receipt)
    const set = await chain.send({
      address: market.address,
      abi: EnergyMarket.abi,
      functionName: 'setFeeds',
      args: [feeds.price, feeds.produced, feeds.consumed, meter.address],
      from: roles.owner,
    })
    gas.record('setFeeds', set.receipt)
    return { market: market.address, meter: meter.address }
  },
  async reportDeliveries(context, interval, deliveredWh) {
    return reportMeterDeliveries(
      context,
      interval,
      deliveredWh ?? committedProduction(await readBook(context, interval)),
    )
  },
  async readInterval(chain, market, interval) {
    const settlement = await chain.call({
      address: market,
      abi: EnergyMarket.abi,
      functionName: 'settlementOf',
      args: [interval],
    })
    return {
      phase: PHASES[settlement.phase] ?? 'open',
      price: settlement.price,
      priceDecimals: settlement.priceDecimals,
    }
  },
  summarize: (args) => {
    const field = (name: string): bigint => (args[name] as bigint | undefined) ?? 0n
    const valueWei = field('tradedValueWei')
    return {
      price: field('price'),
      supplyWh: field('supplyWh'),
      demandWh: field('demandWh'),
      tradedWh: field('tradedWh'),
      paidWei: valueWei,
      receivedWei: valueWei,
      surplusWei: 0n,
    }
  },
  clear: clearOraclePrice,
}

/** The interval's filed commitments per side, in book order (the book lists both sides mixed, in filing order). */
async function readBook(context: MechanismKeeperContext, interval: number): Promise<IntervalBook> {
  const ids = await context.chain.call({
    address: context.market.address,
    abi: EnergyMarket.abi,
    functionName: 'bookOf',
    args: [interval, 0n, ALL],
  })
  const commitments = await readBookCommitments(context, ids)
  return {
    producers: commitments.filter((c) => c.side === 'production'),
    consumers: commitments.filter((c) => c.side === 'consumption'),
  }
}
