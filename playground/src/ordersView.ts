/// <reference lib="dom" />
import { formatInteger, h, table } from './dom.js'
import type { BatchOutcome, PendingOrder } from './protocol.js'

/**
 * The Market tab's signed orders: those waiting for the next batch, then what the last batch did —
 * its size, filed and skipped counts and gas, each filed order's id and each skipped one's reason.
 */
export function ordersView(pending: readonly PendingOrder[], batch: BatchOutcome | undefined): HTMLElement[] {
  return [
    table(
      [
        { header: 'user', cell: (o: PendingOrder) => `#${o.user}` },
        { header: 'token', cell: (o) => o.tokenId, numeric: true },
        { header: 'interval', cell: (o) => o.interval, numeric: true },
        { header: 'side', cell: (o) => o.side },
        { header: 'energy (Wh)', cell: (o) => o.energyWh, numeric: true },
        { header: 'limit (wei/kWh)', cell: (o) => o.limitPriceWeiPerKWh, numeric: true },
        { header: 'nonce', cell: (o) => o.nonce, numeric: true },
        { header: 'deadline (unix s)', cell: (o) => o.deadline, numeric: true },
      ],
      pending,
      { testId: 'pending-orders-table', empty: 'no signed orders waiting: sign one above' },
    ),
    ...(batch === undefined
      ? []
      : [
          h(
            'p',
            { 'data-testid': 'batch-summary' },
            `last batch: ${batch.orders} orders in one submitOrders transaction · filed ${batch.filed.length} · skipped ${batch.skipped.length} · gas ${formatInteger(batch.gasUsed)}`,
          ),
          table(
            [
              { header: 'order', cell: (f: BatchOutcome['filed'][number]) => f.index, numeric: true },
              { header: 'user', cell: (f) => `#${f.user}` },
              { header: 'token', cell: (f) => f.tokenId, numeric: true },
              { header: 'filed as', cell: (f) => f.orderId, numeric: true },
            ],
            batch.filed,
            { testId: 'filed-orders-table', empty: 'no order filed' },
          ),
          table(
            [
              { header: 'order', cell: (k: BatchOutcome['skipped'][number]) => k.index, numeric: true },
              { header: 'user', cell: (k) => `#${k.user}` },
              { header: 'token', cell: (k) => k.tokenId, numeric: true },
              { header: 'nonce', cell: (k) => k.nonce, numeric: true },
              { header: 'skipped because', cell: (k) => k.reason },
            ],
            batch.skipped,
            { testId: 'skipped-orders-table', empty: 'no order skipped' },
          ),
        ]),
  ]
}
