import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { connectChain } from '../chain/connectChain.js'
import { createChain } from '../chain/createChain.js'
import { compareReceipts, recordReceipts } from '../chain/recordReceipts.js'
import type { Chain } from '../chain/types.js'
import { DemError } from '../errors/DemError.js'
import { breakEvenTable, networkSavingsTable, networksTable } from '../reports/breakEvenTables.js'
import { MissingPeerDependencyError } from '../errors/MissingPeerDependencyError.js'
import { tableToCsv, tableToText } from '../reports/ReportTable.js'
import { mechanismComparisonChart } from '../reports/chartSpecs.js'
import { kpiSummaryTable } from '../reports/kpiTables.js'
import { loadChartPackages, renderSvg } from '../reports/renderSvg.js'
import { deploymentsTable, gasReportHeader, gasTable, summaryTable } from '../reports/scenarioTables.js'
import { type ParquetTable, runParquetTables, sweepParquetTables } from '../reports/parquet/parquetTables.js'
import { missingDuckDbNote } from '../reports/parquet/parquetWriter.js'
import { writeParquetFiles } from '../reports/parquet/writeParquetFiles.js'
import { mechanismComparisonTable, operationGasTable, scalingTable, settlementTable } from '../reports/sweepTables.js'
import { MechanismError } from '../mechanisms/MechanismError.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import {
  BUILTIN_MECHANISMS,
  createMechanismRegistry,
  type MechanismRegistry,
  resolveMechanism,
} from '../mechanisms/mechanisms.js'
import { withMechanism } from '../scenarios/withMechanism.js'
import { isMechanismPath, loadMechanism } from './loadMechanism.js'
import { toJson } from '../reports/toJson.js'
import { writeBreakEvenReports, writeScenarioReports, writeSweepReports } from '../reports/writeReports.js'
import {
  BUILTIN_SCENARIO_NAMES,
  builtinScenario,
  PAPER_SCENARIO,
  type BuiltinScenarioName,
} from '../scenarios/builtinScenarios.js'
import { breakEvenByMechanism } from '../scenarios/kpis/breakEvenByMechanism.js'
import { loadScenario, parseScenario, withUserCount } from '../scenarios/parseScenario.js'
import { planScenario } from '../scenarios/planScenario.js'
import { runScenario } from '../scenarios/runScenario.js'
import { ScenarioError } from '../scenarios/ScenarioError.js'
import { sweep, type SweepResult } from '../scenarios/sweep.js'
import { ShardError } from '../scenarios/ShardError.js'
import { SweepMergeError } from '../scenarios/sweepShards.js'
import type { Onboarding, Scenario } from '../scenarios/types.js'
import { cityCommand, reportCity } from './cityCommand.js'
import { createProgressBar, type ProgressBar, type ProgressStream } from './createProgressBar.js'
import {
  ECONOMICS_HELP,
  ENV_HELP,
  GAS_HELP,
  MAIN_HELP,
  MERGE_HELP,
  RUN_HELP,
  SWEEP_HELP,
  VALIDATE_HELP,
} from './help.js'
import { packageVersion } from './packageVersion.js'
import { mergeShardFolders } from './mergeShards.js'
import { parse, positiveInteger } from './parseOptions.js'
import { prepareOutDir } from './prepareOutDir.js'
import { envStdioLines } from './envStdioLines.js'
import { serveMarketEnv } from './serveMarketEnv.js'
import { shardOption } from './shardOption.js'
import { runSweepShard } from './sweepShard.js'
import { UsageError } from './UsageError.js'

/** Where the CLI writes, and the directory relative paths start from. */
export type CliIo = {
  /** Tables and `--json` output. */
  stdout: { write(text: string): unknown }
  /** The progress bar (drawn only on a terminal), notes and errors. */
  stderr: ProgressStream
  /** Default: `process.cwd()`. */
  cwd?: string
  /** Where `env --stdio` reads its requests: a readable stream. Default `process.stdin`. */
  stdin?: AsyncIterable<string | Uint8Array>
  /** Where `--shard auto` finds the array job's index. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
}

const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  out: { type: 'string' },
  'no-charts': { type: 'boolean' },
  mechanism: { type: 'string' },
  'allow-outside': { type: 'boolean' },
} as const

/**
 * The `dem-sim` command line: `run`, `gas`, `sweep`, `economics`, `validate`. Returns the exit status
 * instead of exiting, so that it can be called in-process.
 *
 * @param argv the arguments after the program name
 * @param io stdout, stderr and the working directory
 * @returns 0 done, 1 a run failed, 2 bad usage or a bad scenario file
 * @example
 * import { main } from 'dem-sim/cli'
 * process.exitCode = await main(['gas', '--users', '2,10,50', '--out', 'results'])
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...args] = argv
  const bar: { current?: ProgressBar } = {}
  try {
    if (command === undefined) {
      io.stderr.write(MAIN_HELP)
      return 2
    }
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout.write(MAIN_HELP)
      return 0
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`${packageVersion()}\n`)
      return 0
    }
    switch (command) {
      case 'run':
        return await runCommand(args, io, bar)
      case 'gas':
        return await gasCommand(args, io, bar)
      case 'sweep':
        return await sweepCommand(args, io, bar)
      case 'validate':
        return await validateCommand(args, io)
      case 'merge':
        return await mergeCommand(args, io)
      case 'city':
        return await cityCommand(args, io, bar)
      case 'env':
        return await envCommand(args, io)
      case 'economics':
        return await economicsCommand(args, io, bar)
      default:
        throw new UsageError(
          `unknown command "${command}": use run, gas, sweep, city, economics, merge, validate or env`,
          undefined,
        )
    }
  } catch (error) {
    bar.current?.done()
    if (error instanceof UsageError) {
      io.stderr.write(
        `dem-sim: ${error.message} (see dem-sim ${error.command === undefined ? '' : `${error.command} `}--help)\n`,
      )
      return 2
    }
    if (
      error instanceof ScenarioError ||
      error instanceof SweepMergeError ||
      error instanceof ShardError ||
      error instanceof MechanismError
    ) {
      io.stderr.write(`dem-sim: ${oneLine(error.shortMessage)}\n`)
      return 2
    }
    if (error instanceof DemError) io.stderr.write(`dem-sim: ${error.name}: ${oneLine(error.shortMessage)}\n`)
    else io.stderr.write(`dem-sim: ${oneLine(error instanceof Error ? error.message : String(error))}\n`)
    if (process.env.DEM_SIM_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`)
    return 1
  }
}

async function runCommand(args: readonly string[], io: CliIo, bar: { current?: ProgressBar }): Promise<number> {
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

async function gasCommand(args: readonly string[], io: CliIo, bar: { current?: ProgressBar }): Promise<number> {
  const { values, positionals } = parse('gas', args, {
    ...COMMON_OPTIONS,
    users: { type: 'string' },
    scenario: { type: 'string' },
    onboarding: { type: 'string' },
    workers: { type: 'string' },
    rpc: RPC_OPTIONS.rpc,
    shard: { type: 'string' },
  })
  if (values.help) return help(io, GAS_HELP)
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'gas')
  const mechanisms = await mechanismChoice(values.mechanism, io, 'gas', values.rpc === undefined)
  values['no-charts'] = await withoutCharts(values, io)
  let scenario =
    values.scenario === undefined
      ? parseScenario(PAPER_SCENARIO)
      : await scenarioArgument('gas', values.scenario, io, values['allow-outside'], mechanisms.registry)
  if (values.onboarding !== undefined) {
    const modes: readonly Onboarding[] = ['registerInPool', 'registerTransfer', 'registerApproveDeposit']
    const onboarding = values.onboarding as Onboarding
    if (!modes.includes(onboarding))
      throw new UsageError(`--onboarding must be one of ${modes.join(', ')}, got "${values.onboarding}"`, 'gas')
    scenario = {
      ...scenario,
      users: { ...scenario.users, onboarding },
      definition: { ...scenario.definition, users: { ...scenario.definition.users, onboarding } },
    }
  }
  if (values.rpc !== undefined) {
    const selected = mechanisms.selected
    return nodeGasReport(values.rpc, selected === undefined ? scenario : withMechanism(scenario, selected), values, io)
  }
  return sweepAndReport('gas', scenario, mechanisms, values, io, bar, [2, 10, 50])
}

/** The gas report's runs one after another on a node, each from a snapshot of the same fresh state. */
async function nodeGasReport(
  rpcUrl: string,
  scenario: Scenario,
  values: { users?: string; out?: string; json?: boolean; quiet?: boolean; 'no-charts'?: boolean },
  io: CliIo,
): Promise<number> {
  const started = performance.now()
  const users = values.users === undefined ? [2, 10, 50] : userList('gas', values.users)
  const counts = [...new Set(users)].sort((a, b) => a - b)
  const variants = counts.map((count) => withUserCount(scenario, count))
  const chain = await connectNode(rpcUrl, variants.at(-1) as Scenario)
  const fresh = chain.snapshot()
  const points = []
  for (const variant of variants) {
    if (!values.quiet) io.stderr.write(`gas ${scenario.name}: ${variant.users.count} users on ${rpcUrl}\n`)
    points.push({ users: variant.users.count, result: await runScenario(variant, { chain }) })
    chain.revert(fresh)
  }
  const result: SweepResult = {
    name: scenario.name,
    users: counts,
    points,
    workers: 1,
    wallMs: performance.now() - started,
  }
  if (values.out !== undefined) {
    const written = await writeSweepReports(result, {
      outDir: resolve(cwd(io), values.out),
      renderSvg: values['no-charts'] ? undefined : renderSvg,
    })
    if (!values.quiet) io.stderr.write(`wrote ${written.length} files to ${values.out}\n`)
  }
  io.stdout.write(
    values.json ? toJson(result) : `${tableToText(operationGasTable(result))}\n${tableToText(scalingTable(result))}`,
  )
  return 0
}

const RPC_OPTIONS = { rpc: { type: 'string' }, 'verify-gas': { type: 'boolean' } } as const

/** As on the embedded chain: the owner, reporter and keeper up front, users' accounts added as they join, so addresses match. */
const RPC_ROLE_ACCOUNTS = 3

function rpcBalanceWei(scenario: Scenario): bigint {
  return scenario.users.collateralWei + 10n ** 24n
}

function connectNode(rpcUrl: string, scenario: Scenario): Promise<Chain> {
  return connectChain({ rpcUrl, accounts: RPC_ROLE_ACCOUNTS, balanceWei: rpcBalanceWei(scenario) })
}

async function sweepCommand(args: readonly string[], io: CliIo, bar: { current?: ProgressBar }): Promise<number> {
  const { values, positionals } = parse('sweep', args, {
    ...COMMON_OPTIONS,
    users: { type: 'string' },
    workers: { type: 'string' },
    shard: { type: 'string' },
  })
  if (values.help) return help(io, SWEEP_HELP)
  const file = single('sweep', positionals, 'a scenario file')
  const mechanisms = await mechanismChoice(values.mechanism, io, 'sweep', true)
  values['no-charts'] = await withoutCharts(values, io)
  const scenario = await scenarioArgument('sweep', file, io, values['allow-outside'], mechanisms.registry)
  return sweepAndReport('sweep', scenario, mechanisms, values, io, bar, [2, 10, 50, 200, 1000])
}

async function sweepAndReport(
  command: string,
  scenario: Scenario,
  mechanisms: MechanismChoice,
  values: {
    users?: string
    workers?: string
    shard?: string
    out?: string
    json?: boolean
    quiet?: boolean
    'no-charts'?: boolean
  },
  io: CliIo,
  bar: { current?: ProgressBar },
  defaultUsers: number[],
): Promise<number> {
  if (mechanisms.all) {
    // One sweep per mechanism, each with its own reports folder, then the comparison.
    const results: SweepResult[] = []
    for (const [name, mechanism] of mechanisms.registry) {
      io.stdout.write(values.json ? '' : `\n== ${name}\n`)
      const out = values.out === undefined ? undefined : join(values.out, name)
      const variant = withMechanism(scenario, mechanism)
      const result = await sweepOnce(command, variant, { ...values, out }, io, bar, defaultUsers)
      if (result !== undefined) results.push(result)
    }
    if (results.length > 0) {
      const table = mechanismComparisonTable(results)
      if (!values.json) io.stdout.write(`\n${tableToText(table)}`)
      if (values.out !== undefined) {
        const outDir = resolve(cwd(io), values.out)
        await writeFile(join(outDir, `${table.name}.csv`), tableToCsv(table))
        const spec = mechanismComparisonChart(results)
        await writeFile(join(outDir, 'mechanisms.vl.json'), `${JSON.stringify(spec, null, 2)}\n`)
        if (!values['no-charts']) await writeFile(join(outDir, 'mechanisms.svg'), await renderSvg(spec))
      }
    }
    return 0
  }
  const selected = mechanisms.selected
  await sweepOnce(
    command,
    selected === undefined ? scenario : withMechanism(scenario, selected),
    values,
    io,
    bar,
    defaultUsers,
  )
  return 0
}

async function sweepOnce(
  command: string,
  scenario: Scenario,
  values: {
    users?: string
    workers?: string
    shard?: string
    out?: string | undefined
    json?: boolean
    quiet?: boolean
    'no-charts'?: boolean
  },
  io: CliIo,
  bar: { current?: ProgressBar },
  defaultUsers: number[],
): Promise<SweepResult | undefined> {
  const users = values.users === undefined ? defaultUsers : userList(command, values.users)
  const workers = values.workers === undefined ? undefined : positiveInteger(command, '--workers', values.workers)
  const shard = values.shard === undefined ? undefined : shardOption(command, values.shard, io.env ?? process.env)
  if (shard !== undefined && values.out === undefined)
    throw new UsageError('--shard needs --out: the folder the shards write into and dem-sim merge reads', command)
  if (values.out !== undefined) await prepareOutDir(resolve(cwd(io), values.out), values.out, command)
  if (shard !== undefined) {
    const out = values.out as string
    const outDir = resolve(cwd(io), out)
    await runSweepShard({
      command,
      scenario,
      users,
      workers,
      option: shard,
      out,
      outDir,
      quiet: values.quiet,
      json: values.json,
      io,
      bar,
    })
    return undefined
  }
  const progress = values.quiet
    ? undefined
    : (bar.current = createProgressBar(io.stderr, { label: `${command} ${scenario.name}` }))
  const result = await sweep(scenario, {
    users,
    workers,
    onProgress: (p) => progress?.update(p.completed, p.total, `runs ${p.runsDone}/${p.runs}`),
  })
  progress?.done()
  await reportSweep(result, values, io)
  if (values.out !== undefined) await writeParquet(sweepParquetTables(result), values.out, values, io)
  return result
}

/** Writes Parquet tables into `--out`, or says why not (DuckDB not installed). */
async function writeParquet(tables: ParquetTable[], out: string, values: { quiet?: boolean }, io: CliIo) {
  const written = await writeParquetFiles(tables, resolve(cwd(io), out))
  if (!values.quiet)
    io.stderr.write(
      written === undefined ? `${missingDuckDbNote()}\n` : `wrote ${written.length} Parquet files to ${out}\n`,
    )
}

async function reportSweep(
  result: SweepResult,
  values: { out?: string; json?: boolean; quiet?: boolean; 'no-charts'?: boolean },
  io: CliIo,
): Promise<number> {
  if (values.out !== undefined) {
    const written = await writeSweepReports(result, {
      outDir: resolve(cwd(io), values.out),
      renderSvg: values['no-charts'] ? undefined : renderSvg,
    })
    if (!values.quiet) io.stderr.write(`wrote ${written.length} files to ${values.out}\n`)
  }
  io.stdout.write(
    values.json
      ? toJson(result)
      : [operationGasTable(result), scalingTable(result), settlementTable(result)]
          .map((table) => tableToText(table))
          .join('\n'),
  )
  return 0
}

/** What `--mechanism` chose: the mechanisms a scenario may name, and the one to run (or every one). */
type MechanismChoice = { registry: MechanismRegistry; selected: MarketMechanism | undefined; all: boolean }

/**
 * Resolves `--mechanism` once: a registered name, a module file (`./mine.js`, then also a name
 * scenarios may use), or `all` where the command compares them.
 */
async function mechanismChoice(
  value: string | undefined,
  io: CliIo,
  command: string,
  allowAll: boolean,
): Promise<MechanismChoice> {
  if (value === 'all') {
    if (!allowAll) throw new UsageError('--mechanism all is not available here; name one mechanism', command)
    return { registry: BUILTIN_MECHANISMS, selected: undefined, all: true }
  }
  if (value === undefined) return { registry: BUILTIN_MECHANISMS, selected: undefined, all: false }
  if (isMechanismPath(value)) {
    const loaded = await loadMechanism(value, cwd(io))
    return { registry: createMechanismRegistry([loaded]), selected: loaded, all: false }
  }
  return { registry: BUILTIN_MECHANISMS, selected: resolveMechanism(value), all: false }
}

async function economicsCommand(args: readonly string[], io: CliIo, bar: { current?: ProgressBar }): Promise<number> {
  const { values, positionals } = parse('economics', args, {
    ...COMMON_OPTIONS,
    users: { type: 'string' },
    workers: { type: 'string' },
  })
  if (values.help) return help(io, ECONOMICS_HELP)
  const file = single('economics', positionals, 'a scenario file')
  const choice = await mechanismChoice(values.mechanism, io, 'economics', true)
  let scenario = await scenarioArgument('economics', file, io, values['allow-outside'], choice.registry)
  if (values.users !== undefined)
    scenario = withUserCount(scenario, positiveInteger('economics', '--users', values.users))
  const mechanisms = choice.selected === undefined ? undefined : [choice.selected]
  const workers = values.workers === undefined ? undefined : positiveInteger('economics', '--workers', values.workers)
  const out = values.out ?? '.'
  values['no-charts'] = await withoutCharts({ ...values, out }, io)
  await prepareOutDir(resolve(cwd(io), out), out, 'economics')
  const progress = values.quiet
    ? undefined
    : (bar.current = createProgressBar(io.stderr, { label: `economics ${scenario.name}` }))
  const breakEvens = await breakEvenByMechanism(scenario, {
    mechanisms,
    workers,
    onProgress: (p) => progress?.update(p.completed, p.total, `runs ${p.runsDone}/${p.runs}`),
  })
  progress?.done()
  const run = { name: scenario.name, economics: scenario.economics, breakEvens }
  const written = await writeBreakEvenReports(run, {
    outDir: resolve(cwd(io), out),
    renderSvg: values['no-charts'] ? undefined : renderSvg,
  })
  if (!values.quiet) io.stderr.write(`wrote ${written.length} files to ${out}\n`)
  io.stdout.write(
    values.json
      ? toJson(run)
      : [
          breakEvenTable(breakEvens, scenario.economics),
          networksTable(scenario.economics),
          networkSavingsTable(breakEvens, scenario.economics),
        ]
          .map((table) => tableToText(table))
          .join('\n'),
  )
  return 0
}

async function mergeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('merge', args, COMMON_OPTIONS)
  if (values.help) return help(io, MERGE_HELP)
  if (positionals.length === 0)
    throw new UsageError('merge needs the folders the shards wrote (their --out), e.g. results/', 'merge')
  values['no-charts'] = await withoutCharts(values, io)
  const merged = await mergeShardFolders(positionals, cwd(io))
  try {
    if (values.out !== undefined) await prepareOutDir(resolve(cwd(io), values.out), values.out, 'merge')
    if (merged.kind === 'city') await reportCity(merged.city, merged.economics, values, io)
    else await reportSweep(merged.sweep, values, io)
    if (values.out !== undefined && merged.parquet !== undefined) {
      const written = await merged.parquet.write(resolve(cwd(io), values.out))
      if (!values.quiet) io.stderr.write(`wrote ${written.length} Parquet files (the shards' union) to ${values.out}\n`)
    } else if (values.out !== undefined && !values.quiet) io.stderr.write(`${merged.parquetNote}\n`)
  } finally {
    merged.parquet?.close()
  }
  return 0
}

async function envCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('env', args, {
    help: COMMON_OPTIONS.help,
    stdio: { type: 'boolean' },
    agents: { type: 'string' },
    mechanism: COMMON_OPTIONS.mechanism,
    'allow-outside': COMMON_OPTIONS['allow-outside'],
  })
  if (values.help) return help(io, ENV_HELP)
  if (!values.stdio) throw new UsageError('--stdio is required (the only transport so far)', 'env')
  if (positionals.length > 1)
    throw new UsageError(`expected at most one scenario file, got ${positionals.length}`, 'env')
  const mechanisms = await mechanismChoice(values.mechanism, io, 'env', false)
  let scenario =
    positionals[0] === undefined
      ? undefined
      : await scenarioArgument('env', positionals[0], io, values['allow-outside'], mechanisms.registry)
  if (scenario !== undefined && mechanisms.selected !== undefined)
    scenario = withMechanism(scenario, mechanisms.selected)
  const agents =
    values.agents === undefined || values.agents === 'all'
      ? 'all'
      : values.agents.split(',').map((part) => nonNegativeInteger('env', '--agents', part.trim()))
  const input = (io.stdin ?? process.stdin) as NodeJS.ReadableStream & AsyncIterable<Uint8Array | string>
  await serveMarketEnv(envStdioLines(input), (line) => io.stdout.write(line), {
    scenario,
    agents,
    parse: { baseDir: cwd(io), allowOutside: values['allow-outside'] === true, mechanisms: mechanisms.registry },
  })
  return 0
}

async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('validate', args, {
    help: COMMON_OPTIONS.help,
    json: COMMON_OPTIONS.json,
    'allow-outside': COMMON_OPTIONS['allow-outside'],
  })
  if (values.help) return help(io, VALIDATE_HELP)
  const file = single('validate', positionals, 'a scenario file')
  const scenario = await scenarioArgument('validate', file, io, values['allow-outside'])
  const plan = planArgument(scenario, file, io)
  const commitments = plan.intervals.flatMap((interval) => interval.commitments)
  const summary = {
    name: scenario.name,
    intervals: scenario.intervals,
    users: scenario.users.count,
    roles: {
      producers: count(plan.roles, 'producer'),
      consumers: count(plan.roles, 'consumer'),
      prosumers: count(plan.roles, 'prosumer'),
    },
    commitments: commitments.length,
    committedProductionWh: commitments.filter((c) => c.side === 'production').reduce((s, c) => s + c.energyWh, 0n),
    committedConsumptionWh: commitments.filter((c) => c.side === 'consumption').reduce((s, c) => s + c.energyWh, 0n),
    /** Users whose strategy decides while the scenario runs: the plan has no commitments for them. */
    decideWhileRunning: plan.groups.filter((g) => scenario.users.groups[g]?.strategy.type !== 'profile').length,
    keeper: scenario.keeper,
  }
  if (values.json) io.stdout.write(toJson(summary))
  else {
    io.stdout.write(
      `${file}: valid — ${summary.users} users (${summary.roles.producers} producers, ${summary.roles.consumers} consumers, ${summary.roles.prosumers} prosumers), ` +
        `${summary.intervals} intervals, ${summary.commitments} commitments (${summary.committedProductionWh} Wh offered, ${summary.committedConsumptionWh} Wh wanted)` +
        `${summary.decideWhileRunning === 0 ? '' : `; ${summary.decideWhileRunning} users decide while running (not counted)`}\n`,
    )
  }
  return 0
}

// ------------------------------------------------------------------------------------------------

function help(io: CliIo, text: string): number {
  io.stdout.write(text)
  return 0
}

function single(command: string, positionals: readonly string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`${command} needs ${what}`, command)
  if (positionals.length > 1)
    throw new UsageError(
      `${command} takes one ${what.replace(/^an? /, '')}, got ${positionals.length}: ${positionals.join(' ')}`,
      command,
    )
  return positionals[0] as string
}

/**
 * Whether to leave the SVG charts out of `--out`: with `--no-charts`, or when vega or vega-lite is
 * not installed — said before anything runs, every missing package in one install command, so
 * that no run is lost for a chart: the data files and the charts' Vega-Lite specs are written all the same.
 */
async function withoutCharts(values: { out?: string | undefined; 'no-charts'?: boolean }, io: CliIo) {
  if (values['no-charts'] || values.out === undefined) return values['no-charts'] === true
  try {
    await loadChartPackages()
    return false
  } catch (error) {
    if (!(error instanceof MissingPeerDependencyError)) throw error
    const missing = error.packageNames.join(' and ')
    io.stderr.write(
      `dem-sim: no SVG charts: ${missing} ${error.packageNames.length === 1 ? 'is' : 'are'} not installed (\`${error.install}\`, or pass --no-charts); the data files and the charts' specs are written\n`,
    )
    return true
  }
}

/** A scenario file, or the name of a built-in scenario (`solar`) where no such file exists. */
async function scenarioArgument(
  command: string,
  given: string,
  io: CliIo,
  allowOutside: boolean | undefined,
  mechanisms: MechanismRegistry = BUILTIN_MECHANISMS,
): Promise<Scenario> {
  const path = resolve(cwd(io), given)
  if (existsSync(path)) return loadScenario(path, { allowOutside, mechanisms })
  if ((BUILTIN_SCENARIO_NAMES as readonly string[]).includes(given))
    return builtinScenario(given as BuiltinScenarioName)
  throw new UsageError(
    `${given}: no such file, and no built-in scenario is called that (built-in: ${BUILTIN_SCENARIO_NAMES.join(', ')})`,
    command,
  )
}

/** The scenario's plan, checked before anything runs; a refusal names the file, as the parser's do. */
function planArgument(scenario: Scenario, given: string, io: CliIo): ReturnType<typeof planScenario> {
  const path = resolve(cwd(io), given)
  return planScenario(scenario, { file: existsSync(path) ? path : `${given}.json` })
}

function nonNegativeInteger(command: string, option: string, text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`${option} must be a non-negative integer, got "${text}"`, command)
  return n
}

function userList(command: string, text: string): number[] {
  const parts = text.split(',').map((part) => part.trim())
  if (parts.length === 0 || parts.some((part) => part === ''))
    throw new UsageError(`--users must be a comma-separated list of user counts, e.g. 2,10,50, got "${text}"`, command)
  return parts.map((part) => positiveInteger(command, '--users', part))
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ')
}

function cwd(io: CliIo): string {
  return io.cwd ?? process.cwd()
}

function count<T>(values: readonly T[], value: T): number {
  return values.filter((v) => v === value).length
}
