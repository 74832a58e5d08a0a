import { OraclePriceMarket } from '../../artifacts/index.js'
import { deployMarket } from '../deployMarket.js'
import type { MarketMechanism } from '../MarketMechanism.js'
import { clearOraclePrice } from './clearOraclePrice.js'

/**
 * `oracle-price`: the uniform price is the price feed's answer for the interval; in-the-money
 * commitments share `min(S, D, P, C)` pro rata, each producer counted for at most its own
 * metered delivery (`OraclePriceMarket`).
 */
export const oraclePrice: MarketMechanism = {
  name: 'oracle-price',
  description:
    'uniform price read from the price feed; in-the-money commitments share min(S, D, P, C) pro rata, producers up to their delivery',
  market: OraclePriceMarket,
  readsPriceFeed: true,
  settlementLagIntervals: 0,
  deploy: (context) =>
    deployMarket(context, OraclePriceMarket, [
      context.roles.owner,
      context.pool,
      context.oracle,
      context.feeds.price,
      context.gracePeriodSeconds,
      0n,
    ]),
  clear: clearOraclePrice,
}
