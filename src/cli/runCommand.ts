import { resolve } from 'node:path'
import { createChain } from '../chain/createChain.js'
import { compareReceipts, recordReceipts } from '../chain/recordReceipts.js'
import { tableToText } from '../reports/ReportTable.js'
import { kpiSummaryTable } from '../reports/kpiTables.js'
import { renderSvg } from '../reports/renderSvg.js'
import { deploymentsTable, gasReportHeader, gasTable, summaryTable } from '../reports/scenarioTables.js'
import { runParquetTables } from '../reports/parquet/parquetTables.js'
import { withMechanism } from '../scenarios/withMechanism.js'
import { toJson } from '../scenarios/toJson.js'
import { writeScenarioReports } from '../reports/writeReports.js'
import { withUserCount } from '../scenarios/parseScenario.js'
import { runScenario } from '../scenarios/runScenario.js'
import { createProgressBar } from './createProgressBar.js'
import { RUN_HELP } from './help.js'
import { parse, positiveInteger } from './parseOptions.js'
import { prepareOutDir } from './prepareOutDir.js'
import { UsageError } from './UsageError.js'
import type { CliIo, ProgressSlot } from './CliIo.js'
import { cwd } from './CliIo.js'
import {
  COMMON_OPTIONS,
  help,
  nonNegativeInteger,
  planArgument,
  scenarioArgument,
  single,
  withoutCharts,
} from './cliArguments.js'
import { mechanismChoice } from './mechanismChoice.js'
import { connectNode, RPC_OPTIONS, RPC_ROLE_ACCOUNTS, rpcBalanceWei } from './rpcNode.js'
import { writeParquet } from './reportSweep.js'

/** `dem-sim run`: one scenario, its tables (or JSON) and reports; on a node with `--rpc`, its gas checked against the embedded chain with `--verify-gas`. */
export async function runCommand(args: readonly string[], io: CliIo, bar: ProgressSlot): Promise<number> {
  const { values, positionals } = parse('run', args, {
    ...COMMON_OPTIONS,
    users: { type: 'string' },
    seed: { type: 'string' },
    ...RPC_OPTIONS,
  })
  if (values.help) return help(io, RUN_HELP)
  const file = single('run', positionals, 'a scenario file')
  const mechanisms = await mechanismChoice(values.mechanism, io, 'run', false)
  let scenario = await scenarioArgument('run', file, io, values['allow-outside'], mechanisms.registry)
  if (values.users !== undefined) scenario = withUserCount(scenario, positiveInteger('run', '--users', values.users))
  if (mechanisms.selected !== undefined) scenario = withMechanism(scenario, mechanisms.selected)
  if (values.seed !== undefined) {
    const seed = nonNegativeInteger('run', '--seed', values.seed)
    scenario = { ...scenario, seed, definition: { ...scenario.definition, seed } }
  }
  planArgument(scenario, file, io)
  if (values.out !== undefined) await prepareOutDir(resolve(cwd(io), values.out), values.out, 'run')
  values['no-charts'] = await withoutCharts(values, io)
  if (values['verify-gas'] && values.rpc === undefined) throw new UsageError('--verify-gas needs --rpc <url>', 'run')
  const node = values.rpc === undefined ? undefined : recordReceipts(await connectNode(values.rpc, scenario))
  const progress = values.quiet
    ? undefined
    : (bar.current = createProgressBar(io.stderr, { label: `run ${scenario.name}` }))
  const startTime = node?.chain.timestamp
  const result = await runScenario(scenario, {
    chain: node?.chain,
    onProgress: (p) =>
      progress?.update(
        p.completed,
        p.total,
        p.interval === undefined ? p.phase : `interval ${p.interval + 1}/${scenario.intervals}`,
      ),
  })
  progress?.done()
  if (node !== undefined && values['verify-gas']) {
    const embedded = recordReceipts(
      await createChain({
        hardfork: node.chain.hardfork,
        accounts: RPC_ROLE_ACCOUNTS,
        balanceWei: rpcBalanceWei(scenario),
        startTime,
      }),
    )
    await runScenario(scenario, { chain: embedded.chain })
    const mismatches = compareReceipts(embedded.receipts, node.receipts)
    for (const { index, expected, actual } of mismatches) {
      io.stderr.write(
        `gas mismatch at transaction ${index}: embedded ${expected?.status ?? '-'} ${expected?.gasUsed ?? '-'}, node ${actual?.status ?? '-'} ${actual?.gasUsed ?? '-'}\n`,
      )
    }
    io.stderr.write(`verify-gas: ${node.receipts.length} transactions, ${mismatches.length} mismatches\n`)
    if (mismatches.length > 0) return 1
  }
  if (values.out !== undefined) {
    const written = await writeScenarioReports(result, {
      outDir: resolve(cwd(io), values.out),
      renderSvg: values['no-charts'] ? undefined : renderSvg,
    })
    if (!values.quiet) io.stderr.write(`wrote ${written.length} files to ${values.out}\n`)
    await writeParquet(runParquetTables(result), values.out, values, io)
  }
  io.stdout.write(
    values.json
      ? toJson(result)
      : `${tableToText(summaryTable(result))}\n${gasReportHeader(result)}\n\n${tableToText(gasTable(result))}\n${tableToText(deploymentsTable(result))}\n${tableToText(kpiSummaryTable(result.kpis))}`,
  )
  return 0
}
