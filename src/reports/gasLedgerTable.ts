import type { GasTableRow } from '../market/createGasLedger.js'
import type { ReportTable } from './ReportTable.js'

/**
 * A gas ledger's rows (`sim.gas.table()`, `createGasLedger().table()`) as a report table —
 * operation (marked when it is setup), calls, min, max, avg, median and total gas — for `tableToText`, `tableToMarkdown` or
 * `tableToCsv`: digits grouped where people read them, exact where programs do. (`console.table`
 * of the rows themselves prints every bigint with an `n`.)
 *
 * @param rows one row per operation
 * @returns the table
 * @example
 * import { DemSimulator, gasLedgerTable, tableToText } from 'dem-sim'
 * const sim = await DemSimulator.create()
 * await sim.addUser({ collateralWei: 10n ** 16n })
 * console.log(tableToText(gasLedgerTable(sim.gas.table())))
 */
export function gasLedgerTable(rows: readonly GasTableRow[]): ReportTable {
  return {
    name: 'gas',
    title: 'Gas per operation',
    columns: ['operation', 'calls', 'min', 'max', 'avg', 'median', 'total'].map((header) => ({ header })),
    rows: rows.map((row) => [
      row.setup ? `${row.operation} (setup)` : row.operation,
      row.calls,
      row.min,
      row.max,
      row.avg,
      row.median,
      row.total,
    ]),
  }
}
