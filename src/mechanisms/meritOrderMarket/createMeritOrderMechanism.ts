import type { Artifact } from '../../chain/types.js'
import type { ClearingOutcome, IntervalBook, MeterReadings } from '../clearing.js'
import { deployMarket } from '../deployMarket.js'
import type { MarketMechanism } from '../MarketMechanism.js'
import { rankInterval } from './rankInterval.js'

export type MeritOrderMechanismParameters = {
  name: string
  description: string
  /** `PayAsClearMarket`, `PayAsBidMarket`, or another market on `MeritOrderMarket` with its constructor. */
  market: Artifact
  clear: (book: IntervalBook, readings: MeterReadings) => ClearingOutcome
}

/**
 * A mechanism on `MeritOrderMarket`: while an interval is clearing, the keeper submits each side's
 * merit order (`rank`), recovering from anyone else's ranking; the price comes from the book,
 * not from a feed.
 *
 * @param parameters its name, description, market contract and clearing rule
 * @returns the mechanism
 * @example
 * import { createMeritOrderMechanism } from 'dem-sim'
 * const payAsOffer = createMeritOrderMechanism({ name: 'pay-as-offer', description: '…', market: PayAsOfferMarket, clear })
 */
export function createMeritOrderMechanism(parameters: MeritOrderMechanismParameters): MarketMechanism {
  const { name, description, market, clear } = parameters
  return {
    name,
    description,
    market,
    readsPriceFeed: false,
    settlementLagIntervals: 0,
    deploy: (context) =>
      deployMarket(context, market, [
        context.roles.owner,
        context.pool,
        context.oracle,
        context.gracePeriodSeconds,
        0n,
      ]),
    beforeSettle: rankInterval,
    clear,
  }
}
