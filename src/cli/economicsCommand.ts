import { resolve } from 'node:path'
import { breakEvenTable, networkSavingsTable, networksTable } from '../reports/breakEvenTables.js'
import { tableToText } from '../reports/ReportTable.js'
import { renderSvg } from '../reports/renderSvg.js'
import { toJson } from '../scenarios/toJson.js'
import { writeBreakEvenReports } from '../reports/writeReports.js'
import { breakEvenByMechanism } from '../scenarios/kpis/breakEvenByMechanism.js'
import { withUserCount } from '../scenarios/parseScenario.js'
import { createProgressBar } from './createProgressBar.js'
import { ECONOMICS_HELP } from './help.js'
import { parse, positiveInteger } from './parseOptions.js'
import { prepareOutDir } from './prepareOutDir.js'
import type { CliIo, ProgressSlot } from './CliIo.js'
import { cwd } from './CliIo.js'
import { COMMON_OPTIONS, help, scenarioArgument, single, withoutCharts } from './cliArguments.js'
import { mechanismChoice } from './mechanismChoice.js'

/** `dem-sim economics`: where each mechanism breaks even, by network and gas price. */
export async function economicsCommand(args: readonly string[], io: CliIo, bar: ProgressSlot): Promise<number> {
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
