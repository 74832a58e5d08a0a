import type { GasTableRow } from '../market/createGasLedger.js'
import { SETUP_OPERATIONS } from '../scenarios/setupOperations.js'
import type { ScenarioResult } from '../scenarios/types.js'
import type { ReportTable } from './ReportTable.js'

/**
 * Gas per operation, like hardhat-gas-reporter's table: calls, min, avg, max and total gas,
 * and each operation's share of the run's gas.
 *
 * @example
 * import { gasTable, runScenario, tableToMarkdown } from 'dem-sim'
 * console.log(tableToMarkdown(gasTable(await runScenario(definition))))
 */
export function gasTable(result: Pick<ScenarioResult, 'gas'>): ReportTable {
  const total = result.gas.reduce((sum, row) => sum + row.total, 0n)
  return {
    name: 'gas',
    title: 'Gas per operation',
    columns: [{ header: 'operation' }, { header: 'calls' }, { header: 'min' }, { header: 'avg' }, { header: 'max' }, { header: 'total' }, { header: '% of gas', align: 'right' }],
    rows: result.gas.map((row: GasTableRow) => [row.operation, row.calls, row.min, row.avg, row.max, row.total, percent(row.total, total)]),
  }
}

/** The market's outcome per interval: committed, metered and traded energy, price, money moved, and the gas it took. */
export function intervalsTable(result: Pick<ScenarioResult, 'intervals'>): ReportTable {
  return {
    name: 'intervals',
    title: 'Market outcomes per interval',
    columns: [
      { header: 'interval' },
      { header: 'hour' },
      { header: 'commitments' },
      { header: 'committed production Wh' },
      { header: 'committed consumption Wh' },
      { header: 'supply Wh' },
      { header: 'demand Wh' },
      { header: 'metered production Wh' },
      { header: 'metered consumption Wh' },
      { header: 'traded Wh' },
      { header: 'price wei/kWh' },
      { header: 'value moved wei' },
      { header: 'settle txs' },
      { header: 'settle gas' },
      { header: 'largest settle tx' },
      { header: 'gas' },
    ],
    rows: result.intervals.map((o) => [
      o.interval,
      hourLabel(o.hour),
      o.commitments,
      o.committedProductionWh,
      o.committedConsumptionWh,
      o.supplyWh,
      o.demandWh,
      o.producedWh,
      o.consumedWh,
      o.tradedWh,
      o.priceWeiPerKWh,
      o.tradedValueWei,
      o.settleTransactions,
      o.settleGas,
      o.maxSettleTxGas,
      o.gasUsed,
    ]),
  }
}

/** Each user's trades, money and gas over the run. */
export function usersTable(result: Pick<ScenarioResult, 'users'>): ReportTable {
  return {
    name: 'users',
    title: 'Per-user totals',
    columns: [
      { header: 'user' },
      { header: 'role' },
      { header: 'token id' },
      { header: 'address' },
      { header: 'commitments' },
      { header: 'sold Wh' },
      { header: 'bought Wh' },
      { header: 'received wei' },
      { header: 'paid wei' },
      { header: 'collateral wei' },
      { header: 'gas' },
    ],
    rows: result.users.map((u) => [u.index, u.role, u.tokenId, u.address, u.commitments, u.soldWh, u.boughtWh, u.receivedWei, u.paidWei, u.collateralWei, u.gasUsed]),
  }
}

/** The run in a few lines: size, gas, trade, the largest transaction against the limits, wall time. */
export function summaryTable(result: ScenarioResult): ReportTable {
  const { totals, maxTransactionGas: largest } = result
  const settles = result.intervals.map((o) => o.maxSettleTxGas)
  const largestSettle = settles.reduce((max, g) => (g > max ? g : max), 0n)
  const userGas = result.gas.filter((row) => !SETUP_OPERATIONS.has(row.operation)).reduce((sum, row) => sum + row.total, 0n)
  return {
    name: 'summary',
    title: `Scenario ${result.name}`,
    columns: [{ header: 'measure' }, { header: 'value', align: 'right' }],
    rows: [
      ['users', result.userCount],
      ['intervals', result.intervalCount],
      ['commitments', totals.commitments],
      ['transactions', totals.transactions],
      ['gas, all transactions', totals.gasUsed],
      ['gas, market operation (no deployment)', userGas],
      ['gas per user per interval', result.userCount * result.intervalCount === 0 ? 0n : userGas / BigInt(result.userCount * result.intervalCount)],
      ['traded energy Wh', totals.tradedWh],
      ['value moved wei', totals.tradedValueWei],
      ['largest settle transaction gas', largestSettle],
      [`largest transaction gas (${largest.operation}; deployment excluded)`, largest.gasUsed],
      ['per-transaction gas cap', largest.transactionGasCap],
      ['block gas limit', largest.blockGasLimit],
      ['ETH held = Σ collateral', totals.heldWei === totals.collateralWei ? 'yes' : `NO: ${totals.heldWei} ≠ ${totals.collateralWei}`],
      ['keeper batches (process / settle)', `${result.keeper.processBatch} / ${result.keeper.settleBatch}`],
      ['wall time s', Number((result.timing.totalMs / 1000).toFixed(2))],
    ],
  }
}

/** `HH:MM` of an hour of the day. */
export function hourLabel(hour: number): string {
  const minutes = Math.round(hour * 60) % (24 * 60)
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.0'
  return (Number((part * 10_000n) / whole) / 100).toFixed(1)
}
