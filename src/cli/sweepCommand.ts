import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { tableToCsv, tableToText } from '../reports/ReportTable.js'
import { mechanismComparisonChart } from '../reports/chartSpecs.js'
import { renderSvg } from '../reports/renderSvg.js'
import { sweepParquetTables } from '../reports/parquet/parquetTables.js'
import { mechanismComparisonTable } from '../reports/sweepTables.js'
import { withMechanism } from '../scenarios/withMechanism.js'
import { sweep, type SweepResult } from '../scenarios/sweep.js'
import type { Scenario } from '../scenarios/types.js'
import { createProgressBar } from './createProgressBar.js'
import { SWEEP_HELP } from './help.js'
import { parse, positiveInteger } from './parseOptions.js'
import { prepareOutDir } from './prepareOutDir.js'
import { shardOption } from './shardOption.js'
import { runSweepShard } from './sweepShard.js'
import { UsageError } from './UsageError.js'
import type { CliIo, ProgressSlot } from './CliIo.js'
import { cwd } from './CliIo.js'
import { COMMON_OPTIONS, help, scenarioArgument, single, userList, withoutCharts } from './cliArguments.js'
import { type MechanismChoice, mechanismChoice } from './mechanismChoice.js'
import { reportSweep, writeParquet } from './reportSweep.js'

/** `dem-sim sweep`: a scenario over user counts, in worker processes or as one shard of an array job. */
export async function sweepCommand(args: readonly string[], io: CliIo, bar: ProgressSlot): Promise<number> {
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

/** Sweeps a scenario for the chosen mechanism, or for every one and their comparison (`--mechanism all`). */
export async function sweepAndReport(
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
  bar: ProgressSlot,
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
  bar: ProgressSlot,
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
