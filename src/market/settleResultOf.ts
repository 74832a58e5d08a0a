import type { Receipt } from '../chain/types.js'
import type { RoundState } from '../mechanisms/readRound.js'
import type { SettleResult, Trade } from './types.js'

/** What `sim.settle` answers: the interval's round as the market records it, its trades and the transactions sent. */
export function settleResultOf(
  interval: number,
  round: RoundState,
  trades: Trade[],
  receipts: Receipt[],
): SettleResult {
  return {
    interval,
    price: round.price,
    priceDecimals: round.priceDecimals,
    supplyWh: round.supplyWh,
    demandWh: round.demandWh,
    producedWh: round.producedWh,
    consumedWh: round.consumedWh,
    tradedWh: round.tradedWh,
    tradedValueWei: round.paidWei,
    receivedWei: round.receivedWei,
    surplusWei: round.paidWei - round.receivedWei,
    trades,
    receipts,
  }
}
