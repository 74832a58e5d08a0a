import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { formatCell } from '../../src/reports/ReportTable.js'
import { perTradedCommitment } from '../../bench/support/perTradedCommitment.js'
import type { Figure } from './Figure.js'

const HOUSEHOLDS = [200, 1_000]

/** Gas per traded commitment of direct commitments against batched signed orders, as `npm run bench:orders` measures it. */
export const signedOrdersFigures: Figure = {
  name: 'signed-orders',
  produce: async () => {
    const totals = [
      '| mechanism | households | direct | batched | direct ÷ batched | largest transaction, batched |',
      '|:---|---:|---:|---:|---:|---:|',
    ]
    const parts = [
      '| mechanism | households | order path | into the book | settlement | oracle reports |',
      '|:---|---:|:---|---:|---:|---:|',
    ]
    for (const mechanism of MECHANISMS) {
      for (const users of HOUSEHOLDS) {
        const direct = await perTradedCommitment(mechanism, users, 'direct')
        const batched = await perTradedCommitment(mechanism, users, 'batched')
        const ratio = (Number((direct.perTraded * 100n) / batched.perTraded) / 100).toFixed(2)
        totals.push(
          `| ${mechanism.name} | ${formatCell(users)} | ${formatCell(direct.perTraded)} | ${formatCell(batched.perTraded)} | ${ratio}× | ${formatCell(batched.largest)} |`,
        )
        for (const [path, { parts: p }] of [
          ['direct', direct],
          ['batched', batched],
        ] as const) {
          parts.push(
            `| ${mechanism.name} | ${formatCell(users)} | ${path} | ${formatCell(p.entry)} | ${formatCell(p.settlement)} | ${formatCell(p.oracle)} |`,
          )
        }
      }
    }
    return { blocks: { 'signed-orders': `${totals.join('\n')}\n\n${parts.join('\n')}\n` } }
  },
}
