import type { SweepResult } from '../scenarios/sweep.js'
import type { ScenarioResult } from '../scenarios/types.js'
import { percentOf } from './percentOf.js'
import type { ReportTable } from './ReportTable.js'

/** One bar of the gas-per-operation figure. */
export type OperationGasPoint = {
  /** The operation, with `per commitment` for the keeper's batched ones. */
  operation: string
  users: number
  gas: number
}

/**
 * Gas per operation at each user count: the average per call for what users and the oracle
 * send, and per commitment for the batches the ledger marks (the keeper's and the meter's: their
 * total over the run divided by the commitments made) — what each user's participation costs.
 */
export function operationGasPoints(sweep: Pick<SweepResult, 'points'>): OperationGasPoint[] {
  const points: OperationGasPoint[] = []
  for (const { users, result } of sweep.points) {
    for (const row of result.gas) {
      if (row.setup) continue
      if (row.batched) {
        const commitments = BigInt(Math.max(1, result.totals.commitments))
        points.push({ operation: `${row.operation} per commitment`, users, gas: Number(row.total / commitments) })
      } else {
        points.push({ operation: row.operation, users, gas: Number(row.avg) })
      }
    }
  }
  return points
}

/**
 * The seed paper's figure as a table: one row per operation, one column per user count, gas
 * per call (per commitment for the keeper's batched operations).
 */
export function operationGasTable(sweep: Pick<SweepResult, 'points' | 'users'>): ReportTable {
  const points = operationGasPoints(sweep)
  const operations = [...new Set(points.map((p) => p.operation))]
  return {
    name: 'gas-per-operation',
    title: 'Gas per operation by number of users',
    columns: [{ header: 'operation' }, ...sweep.users.map((users) => ({ header: `${users} users` }))],
    rows: operations.map((operation) => [
      operation,
      ...sweep.users.map((users) => points.find((p) => p.operation === operation && p.users === users)?.gas),
    ]),
  }
}

/** How a run grows with users: commitments, transactions, gas, and the largest transaction. Wall time is in {@link timingTable}. */
export function scalingTable(sweep: Pick<SweepResult, 'points'>): ReportTable {
  return {
    name: 'scaling',
    title: 'Scaling with the number of users',
    columns: [
      { header: 'users' },
      { header: 'commitments' },
      { header: 'transactions' },
      { header: 'gas' },
      { header: 'gas per user' },
      { header: 'largest tx gas' },
      { header: 'largest tx operation' },
    ],
    rows: sweep.points.map(({ users, result }) => [
      users,
      result.totals.commitments,
      result.totals.transactions,
      result.totals.gasUsed,
      marketGas(result) / BigInt(users),
      result.maxTransactionGas.gasUsed,
      result.maxTransactionGas.operation,
    ]),
  }
}

/** The heaviest interval's settlement at each user count, against the per-transaction cap and the block gas limit. */
export function settlementTable(sweep: Pick<SweepResult, 'points'>): ReportTable {
  return {
    name: 'settlement',
    title: 'Settlement of the heaviest interval',
    columns: [
      { header: 'users' },
      { header: 'settle gas' },
      { header: 'settle txs' },
      { header: 'largest settle tx' },
      { header: '% of tx cap', align: 'right' },
      { header: '% of block limit', align: 'right' },
    ],
    rows: sweep.points.map(({ users, result }) => {
      const settlement = settlementFigures(result)
      return [
        users,
        settlement.maxIntervalSettleGas,
        settlement.maxSettleTransactions,
        settlement.maxSettleTxGas,
        percentOf(settlement.maxSettleTxGas, result.maxTransactionGas.transactionGasCap),
        percentOf(settlement.maxIntervalSettleGas, result.maxTransactionGas.blockGasLimit),
      ]
    }),
  }
}

/** Wall time of each run: the one figure that differs from run to run, kept apart from the gas tables. */
export function timingTable(sweep: Pick<SweepResult, 'points'>): ReportTable {
  return {
    name: 'timing',
    title: 'Wall time',
    columns: [{ header: 'users' }, { header: 'transactions' }, { header: 'wall s' }, { header: 'ms per tx' }],
    rows: sweep.points.map(({ users, result }) => [
      users,
      result.totals.transactions,
      Number((result.timing.totalMs / 1000).toFixed(2)),
      Number((result.timing.totalMs / Math.max(1, result.totals.transactions)).toFixed(2)),
    ]),
  }
}

/** Gas of everything but deploying and wiring the contracts. */
function marketGas(result: Pick<ScenarioResult, 'gas'>): bigint {
  return result.gas.filter((row) => !row.setup).reduce((sum, row) => sum + row.total, 0n)
}

/** The heaviest interval's settlement: its total gas, its number of transactions, and the largest one. */
export function settlementFigures(result: Pick<ScenarioResult, 'intervals'>): {
  maxIntervalSettleGas: bigint
  maxSettleTransactions: number
  maxSettleTxGas: bigint
} {
  let maxIntervalSettleGas = 0n
  let maxSettleTransactions = 0
  let maxSettleTxGas = 0n
  for (const o of result.intervals) {
    if (o.settleGas > maxIntervalSettleGas) maxIntervalSettleGas = o.settleGas
    if (o.settleTransactions > maxSettleTransactions) maxSettleTransactions = o.settleTransactions
    if (o.maxSettleTxGas > maxSettleTxGas) maxSettleTxGas = o.maxSettleTxGas
  }
  return { maxIntervalSettleGas, maxSettleTransactions, maxSettleTxGas }
}

/**
 * Mechanisms side by side: per user count, the keeper's gas per commitment made (`processBuffer`,
 * and every transaction the ledger marks as settling: `settle` and a ranking mechanism's ranking)
 * and the energy traded, one row per mechanism and user count.
 */
export function mechanismComparisonTable(sweeps: readonly Pick<SweepResult, 'points'>[]): ReportTable {
  const rows = sweeps.flatMap((sweep) =>
    sweep.points.map(({ users, result }) => {
      const total = (operation: string) => result.gas.find((row) => row.operation === operation)?.total ?? 0n
      const settlementGas = result.gas.filter((row) => row.settles).reduce((sum, row) => sum + row.total, 0n)
      const commitments = BigInt(Math.max(1, result.totals.commitments))
      return [
        result.mechanism,
        users,
        result.totals.commitments,
        total('processBuffer') / commitments,
        settlementGas / commitments,
        result.totals.tradedWh,
      ]
    }),
  )
  return {
    name: 'mechanisms',
    title: 'Mechanisms compared: keeper gas per commitment',
    columns: [
      { header: 'mechanism' },
      { header: 'users' },
      { header: 'commitments' },
      { header: 'processBuffer / commitment' },
      { header: 'settlement / commitment' },
      { header: 'traded Wh' },
    ],
    rows,
  }
}
