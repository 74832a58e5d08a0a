import type { AddressHex, Receipt } from '../chain/types.js'
import { committedProduction } from '../mechanisms/clearing.js'
import type { OrderSegments } from '../mechanisms/createOrderSegments.js'
import { readBook } from '../mechanisms/readBook.js'
import { reportMeterDeliveries } from '../mechanisms/reportMeterDeliveries.js'
import type { GasLedger } from './createGasLedger.js'
import type { MarketReader } from './MarketReader.js'
import { runKeeperProcessBuffer } from './runKeeperProcessBuffer.js'
import { keeperContextOf } from './runKeeperSettle.js'

/** What the reporter's step needs of a simulator: the market, the ledger and both roles. */
export type ReporterHost = MarketReader & {
  gas: GasLedger
  roles: { reporter: AddressHex; keeper: AddressHex }
  orders?: Pick<OrderSegments, 'forInterval' | 'wordOf'>
}

/**
 * The reporter reports and finalizes `interval`'s deliveries: `deliveredWh`, or by default what
 * each filed producer committed, read from the interval's book (so the keeper files pending
 * commitments first, in `processBuffer(processBatch)` transactions).
 *
 * @param host the simulator
 * @param interval the interval reported
 * @param deliveredWh each producer's delivery, or undefined for what it committed
 * @param processBatch commitments per `processBuffer` call
 * @returns the receipts, in order
 */
export async function runReporterDeliveries(
  host: ReporterHost,
  interval: number,
  deliveredWh: ReadonlyMap<bigint, bigint> | undefined,
  processBatch: number,
): Promise<Receipt[]> {
  const { chain, gas, contracts, roles } = host
  const receipts: Receipt[] = []
  if (deliveredWh === undefined && (await chain.call({ ...contracts.market, functionName: 'bufferLength' })) > 0n)
    receipts.push(...(await runKeeperProcessBuffer(keeperContextOf(host), processBatch, false)).receipts)
  const book = { chain, market: contracts.market.address, pool: contracts.pool.address, orders: host.orders }
  const deliveries = deliveredWh ?? committedProduction(await readBook(book, interval))
  const context = { chain, gas, meter: contracts.meter.address, reporter: roles.reporter }
  receipts.push(...(await reportMeterDeliveries(context, interval, deliveries)))
  return receipts
}
