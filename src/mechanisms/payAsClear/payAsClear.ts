import { PayAsClearMarket } from '../../artifacts/index.js'
import { createMeritOrderMechanism } from '../meritOrderMarket/createMeritOrderMechanism.js'
import { clear } from './clear.js'

/**
 * `pay-as-clear`: a uniform-price double auction; the price is the midpoint of the marginal pair
 * of the merit-order match, metered energy and each producer's delivery cap what trades.
 */
export const payAsClear = createMeritOrderMechanism({
  name: 'pay-as-clear',
  description:
    'uniform price discovered from the book in merit order (midpoint of the marginal pair); producers paid for what they delivered',
  market: PayAsClearMarket,
  clear,
})
