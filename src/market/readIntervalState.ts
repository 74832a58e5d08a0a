import { readRound } from '../mechanisms/readRound.js'
import type { MarketReader } from './MarketReader.js'
import type { IntervalState } from './types.js'

/** An interval's aggregates (from the pool) and settlement state (from the market). */
export async function readIntervalState({ chain, contracts }: MarketReader, interval: number): Promise<IntervalState> {
  const totals = await chain.call({ ...contracts.pool, functionName: 'intervalTotalsOf', args: [interval] })
  const round = await readRound(chain, contracts.market.address, interval)
  return {
    interval,
    phase: round.phase,
    committedProductionWh: totals.committedProductionWh,
    committedConsumptionWh: totals.committedConsumptionWh,
    producedWh: totals.producedWh,
    consumedWh: totals.consumedWh,
    tradedWh: totals.tradedWh,
    price: round.price,
    priceDecimals: round.priceDecimals,
  }
}
