import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { percentOf } from '../../src/reports/percentOf.js'
import { formatCell } from '../../src/reports/ReportTable.js'
import { settlementFigures } from '../../src/reports/sweepTables.js'
import { builtinScenario } from '../../src/scenarios/builtinScenarios.js'
import type { Figure } from './Figure.js'

/**
 * A day of 1,000 households × 24 hourly intervals (examples/scenarios/scale-1000.json) on every
 * mechanism: its size, its gas, and its heaviest transactions against the limits. (Its wall time
 * and memory are `npm run bench:scale`'s, measured.)
 */
export const scaleFigures: Figure = {
  name: 'scale',
  variants: () =>
    MECHANISMS.map(({ name }) => ({
      label: name,
      scenario: { ...builtinScenario('scale-1000').definition, market: { mechanism: name } },
    })),
  produce: async (results) => {
    const f = formatCell
    const rows = results.map((result) => {
      const settlement = settlementFigures(result)
      const reports = result.gas.find((row) => row.operation === 'reportDeliveries')
      return [
        `\`${result.mechanism}\``,
        f(result.totals.commitments),
        f(result.totals.transactions),
        f(result.totals.gasUsed),
        `${f(settlement.maxIntervalSettleGas)} in ${settlement.maxSettleTransactions} tx`,
        f(settlement.maxSettleTxGas),
        reports === undefined
          ? '—'
          : `${f(reports.max)} (${percentOf(reports.total, result.totals.gasUsed)}% of the gas)`,
        `${f(result.maxTransactionGas.gasUsed)} (${result.maxTransactionGas.operation})`,
      ]
    })
    const header = [
      'mechanism',
      'commitments',
      'transactions',
      'gas',
      'heaviest interval: settlement gas',
      'largest settle tx',
      'largest delivery report',
      'largest transaction',
    ]
    return {
      blocks: {
        'scale-day': [
          `| ${header.join(' | ')} |`,
          `|:---|${header
            .slice(1)
            .map(() => '---:')
            .join('|')}|`,
          ...rows.map((row) => `| ${row.join(' | ')} |`),
          '',
        ].join('\n'),
      },
    }
  },
}
