import type { Chain } from '../chain/createChain.js'
import type { MarketContracts } from './deployContracts.js'

/** What a read-only query of a deployed market needs: the chain and the contracts (a simulator is one). */
export type MarketReader = { chain: Chain; contracts: MarketContracts }
