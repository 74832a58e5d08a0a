import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { MarketModel } from './MarketModel.js'
import type { MarketModelConfig } from './types.js'

/**
 * The reference model of a market mechanism (docs/design.md §2 and §5): plain bigint arithmetic,
 * no EVM, predicting operation by operation every profile's collateral (free and locked), every
 * commitment's status, every interval's stage, aggregates and trades, and which operations fail
 * with which custom error. It models outcomes, not bookkeeping: an interval's trades come from the
 * mechanism's pure `clear(book, readings)`; how far each keeper call gets through a settlement is
 * the contract's own business, taken from its events ({@link MarketModel.applyProgress}) and checked
 * against those trades.
 *
 * Each method is one transaction. A failing one throws {@link ModelFailure} and leaves the model
 * exactly as it was, as the chain does. Addresses are compared in lower case.
 *
 * @param config the deployed market's parameters and addresses
 * @param mechanism the mechanism whose rules the model applies
 * @returns a model of the market just deployed
 * @example
 * import { createMarketModel } from 'dem-sim/testing'
 * const model = createMarketModel(config, sim.mechanism)
 * model.addAccount(alice.address)
 * const tokenId = model.registerUser({ from: alice.address, valueWei: 10n ** 18n, inPool: true })
 * model.commit({ from: alice.address, tokenId, interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 100n })
 */
export function createMarketModel(config: MarketModelConfig, mechanism: MarketMechanism): MarketModel {
  return new MarketModel(config, mechanism)
}
