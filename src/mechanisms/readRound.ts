import type { Chain } from '../chain/createChain.js'
import type { AddressHex } from '../chain/types.js'
import { type IntervalPhase, PHASES } from './contractEnums.js'
import { MARKET_CORE_ABI } from './marketCoreAbi.js'

/** An interval's record in the market (`IEnergyMarket.Round`), the same on every mechanism. */
export type RoundState = {
  phase: IntervalPhase
  /** The metered readings, read when the settlement started. */
  producedWh: bigint
  consumedWh: bigint
  /** Once cleared: the uniform price (wei/kWh × 10^priceDecimals; 0 for a mechanism without one). */
  price: bigint
  priceDecimals: number
  /** Once cleared: the counted energy of the commitments the clearing admitted, and the traded energy. */
  supplyWh: bigint
  demandWh: bigint
  tradedWh: bigint
  /** What consumers paid and producers received so far. */
  paidWei: bigint
  receivedWei: bigint
}

/**
 * Reads `interval`'s record from any mechanism's market.
 *
 * @param chain the chain
 * @param market the market's address
 * @param interval the interval
 * @returns its phase, readings, clearing result and payments so far
 * @example
 * import { readRound } from 'dem-sim'
 * const { phase, tradedWh } = await readRound(sim.chain, sim.contracts.market.address, 0)
 */
export async function readRound(chain: Chain, market: AddressHex, interval: number): Promise<RoundState> {
  const round = await chain.call({ address: market, abi: MARKET_CORE_ABI, functionName: 'roundOf', args: [interval] })
  return {
    phase: PHASES[round.phase] ?? 'open',
    producedWh: round.producedWh,
    consumedWh: round.consumedWh,
    price: round.price,
    priceDecimals: round.priceDecimals,
    supplyWh: round.supplyWh,
    demandWh: round.demandWh,
    tradedWh: round.tradedWh,
    paidWei: round.paidWei,
    receivedWei: round.receivedWei,
  }
}
