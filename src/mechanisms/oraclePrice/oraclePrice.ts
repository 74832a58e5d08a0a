import { EnergyMarket, EnergyProfile } from '../../artifacts/index.js'
import { PHASES } from '../contractEnums.js'
import type { MarketMechanism } from '../MarketMechanism.js'
import { clearOraclePrice } from './clearOraclePrice.js'

/**
 * `oracle-price`: the uniform price is the price feed's answer for the interval; in-the-money
 * commitments share `min(S, D, P, C)` pro rata (the v1 market, `EnergyMarket`).
 */
export const oraclePrice: MarketMechanism = {
  name: 'oracle-price',
  description: 'uniform price read from the price feed; in-the-money commitments share min(S, D, P, C) pro rata',
  market: EnergyMarket,
  operations: [],
  readsPriceFeed: true,
  settlementLagIntervals: 0,
  rules: {
    phases: PHASES,
    settleFrom: ['open', 'filing', 'tallying', 'paying'],
    expireFrom: ['open'],
    readings: 'feeds',
    clearingAccount: false,
    oneProductionPerProfile: false,
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
    },
  },
  async deploy({ chain, gas, roles, profile, pool, deployFeeds, gracePeriodSeconds }) {
    const market = await chain.deploy({ artifact: EnergyMarket, args: [roles.owner, pool, gracePeriodSeconds], from: roles.owner })
    gas.record('deployEnergyMarket', market.receipt)
    const wired = await chain.send({ address: profile, abi: EnergyProfile.abi, functionName: 'wire', args: [market.address], from: roles.owner })
    gas.record('wire', wired.receipt)
    const feeds = await deployFeeds()
    const set = await chain.send({
      address: market.address,
      abi: EnergyMarket.abi,
      functionName: 'setFeeds',
      args: [feeds.price, feeds.produced, feeds.consumed],
      from: roles.owner,
    })
    gas.record('setFeeds', set.receipt)
    return { market: market.address }
  },
  async readInterval(chain, market, interval) {
    const settlement = await chain.call({ address: market, abi: EnergyMarket.abi, functionName: 'settlementOf', args: [interval] })
    return { phase: PHASES[settlement.phase] ?? 'open', price: settlement.price, priceDecimals: settlement.priceDecimals }
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
