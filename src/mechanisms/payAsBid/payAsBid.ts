import { PayAsBidMarket } from '../../artifacts/index.js'
import { createMeritOrderMechanism } from '../meritOrderMarket/createMeritOrderMechanism.js'
import { clear } from './clear.js'

/**
 * `pay-as-bid`: discriminatory matching in merit order; consumers pay their bid, producers
 * receive their offer, the spread stays with the market as its surplus.
 */
export const payAsBid = createMeritOrderMechanism({
  name: 'pay-as-bid',
  description:
    'merit-order matching; consumers pay their bid, producers get their offer, the spread is the market surplus',
  market: PayAsBidMarket,
  clear,
})
