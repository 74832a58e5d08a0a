import { DEFAULT_HARDFORK } from '../chain/hardforks.js'
import type { ChainHardfork } from '../chain/types.js'
import { DEFAULT_OPTIMIZER_RUNS, SOLC_VERSION, VIA_IR } from '../compile/compilerSettings.js'
import type { ScenarioKpis } from '../scenarios/kpis/types.js'
import { weiToCurrency } from '../scenarios/kpis/weiToCurrency.js'
import type { ScenarioResult } from '../scenarios/types.js'
import { contractOfOperation } from './contractOfOperation.js'
import { percentOf } from './percentOf.js'
import { formatCell, type ReportTable } from './ReportTable.js'

export type GasReportOptions = {
  /** The hardfork the run used. Default: the chain's default, as `runScenario` uses it. */
  hardfork?: ChainHardfork | undefined
}

/**
 * The line above a gas table that says what the figures depend on, as hardhat-gas-reporter's
 * header does: compiler, optimizer, hardfork and block gas limit.
 *
 * @example
 * gasReportHeader(result) // 'solc 0.8.37 · optimizer on, 200 runs · viaIR off · hardfork osaka · block gas limit 30,000,000'
 */
export function gasReportHeader(
  result: Pick<ScenarioResult, 'maxTransactionGas'>,
  options: GasReportOptions = {},
): string {
  const hardfork = options.hardfork ?? DEFAULT_HARDFORK
  return `solc ${SOLC_VERSION} · optimizer on, ${DEFAULT_OPTIMIZER_RUNS} runs · viaIR ${VIA_IR ? 'on' : 'off'} · hardfork ${hardfork} · block gas limit ${formatCell(result.maxTransactionGas.blockGasLimit)}`
}

/**
 * Gas per method, in hardhat-gas-reporter's shape: contract, method, calls, min, max, avg and
 * median gas, with the total and each method's share of the run's gas. Deployments are in
 * {@link deploymentsTable}.
 *
 * @example
 * import { gasTable, runScenario, tableToMarkdown } from 'dem-sim'
 * console.log(tableToMarkdown(gasTable(await runScenario(definition))))
 */
export function gasTable(result: Pick<ScenarioResult, 'gas'>): ReportTable {
  const total = result.gas.reduce((sum, row) => sum + row.total, 0n)
  const deployed = result.gas
    .map((row) => contractOfOperation(row.operation))
    .filter((c) => c.deployment)
    .map((c) => c.contract)
  const methods = result.gas
    .map((row) => ({ row, ...contractOfOperation(row.operation, deployed) }))
    .filter((entry) => !entry.deployment)
  return {
    name: 'gas',
    title: 'Gas per method',
    columns: [
      { header: 'contract' },
      { header: 'method' },
      { header: 'calls' },
      { header: 'min' },
      { header: 'max' },
      { header: 'avg' },
      { header: 'median' },
      { header: 'total' },
      { header: '% of gas', align: 'right' },
    ],
    rows: methods.map(({ row, contract, method }) => [
      contract,
      method,
      row.calls,
      row.min,
      row.max,
      row.avg,
      row.median,
      row.total,
      percentOf(row.total, total),
    ]),
  }
}

/** The contracts' deployments: gas per deployment and its share of the block gas limit. */
export function deploymentsTable(result: Pick<ScenarioResult, 'gas' | 'maxTransactionGas'>): ReportTable {
  const { blockGasLimit } = result.maxTransactionGas
  const deployments = result.gas
    .map((row) => ({ row, ...contractOfOperation(row.operation) }))
    .filter((entry) => entry.deployment)
  return {
    name: 'deployments',
    title: 'Deployments',
    columns: [
      { header: 'contract' },
      { header: 'deployments' },
      { header: 'min' },
      { header: 'max' },
      { header: 'avg' },
      { header: '% of block limit', align: 'right' },
    ],
    rows: deployments.map(({ row, contract }) => [
      contract,
      row.calls,
      row.min,
      row.max,
      row.avg,
      percentOf(row.max, blockGasLimit),
    ]),
  }
}

/**
 * The market's outcome per interval: committed, metered and traded energy, the price in wei per
 * kWh and in the run's currency (at its `economics.ethPrice`), money moved, and the gas it took.
 *
 * @param result a run's intervals and the economics its KPIs were priced at
 * @returns one row per interval
 * @example
 * import { intervalsTable, runScenario, tableToMarkdown } from 'dem-sim'
 * console.log(tableToMarkdown(intervalsTable(await runScenario(definition))))
 */
export function intervalsTable(
  result: Pick<ScenarioResult, 'intervals'> & { kpis: Pick<ScenarioKpis, 'economics'> },
): ReportTable {
  const { currency, ethPrice } = result.kpis.economics
  return {
    name: 'intervals',
    title: 'Market outcomes per interval',
    columns: [
      { header: 'interval' },
      { header: 'hour' },
      { header: 'commitments' },
      { header: 'committed production Wh' },
      { header: 'committed consumption Wh' },
      { header: 'matched supply Wh' },
      { header: 'matched demand Wh' },
      { header: 'metered production Wh' },
      { header: 'metered consumption Wh' },
      { header: 'traded Wh' },
      { header: 'clearing price wei/kWh' },
      { header: `clearing price ${currency}/kWh`, align: 'right', decimals: 4 },
      { header: 'average price wei/kWh' },
      { header: 'value moved wei' },
      { header: 'kept by the market wei' },
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
      weiToCurrency(o.priceWeiPerKWh, ethPrice),
      o.averagePriceWeiPerKWh,
      o.tradedValueWei,
      o.surplusWei,
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
    rows: result.users.map((u) => [
      u.index,
      u.role,
      u.tokenId,
      u.address,
      u.commitments,
      u.soldWh,
      u.boughtWh,
      u.receivedWei,
      u.paidWei,
      u.collateralWei,
      u.gasUsed,
    ]),
  }
}

/** The run in a few lines: size, gas, trade, the largest transaction against the limits, wall time. */
export function summaryTable(result: ScenarioResult): ReportTable {
  const { totals, maxTransactionGas: largest } = result
  const settles = result.intervals.map((o) => o.maxSettleTxGas)
  const largestSettle = settles.reduce((max, g) => (g > max ? g : max), 0n)
  const userGas = result.gas.filter((row) => !row.setup).reduce((sum, row) => sum + row.total, 0n)
  return {
    name: 'summary',
    title: 'Summary',
    columns: [{ header: 'measure' }, { header: 'value', align: 'right' }],
    rows: [
      ['users', result.userCount],
      ['intervals', result.intervalCount],
      ['commitments', totals.commitments],
      ['transactions', totals.transactions],
      ['gas, all transactions', totals.gasUsed],
      ['gas, market operation (no deployment)', userGas],
      [
        'gas per user per interval',
        result.userCount * result.intervalCount === 0 ? 0n : userGas / BigInt(result.userCount * result.intervalCount),
      ],
      ['traded energy Wh', totals.tradedWh],
      ['value moved wei', totals.tradedValueWei],
      ['largest settle transaction gas', largestSettle],
      [`largest transaction gas (${largest.operation}; deployment excluded)`, largest.gasUsed],
      ['per-transaction gas cap', largest.transactionGasCap],
      ['block gas limit', largest.blockGasLimit],
      [
        'ETH held = Σ collateral + clearing account',
        totals.heldWei === totals.collateralWei + totals.clearingWei
          ? 'yes'
          : `NO: ${totals.heldWei} ≠ ${totals.collateralWei} + ${totals.clearingWei}`,
      ],
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
