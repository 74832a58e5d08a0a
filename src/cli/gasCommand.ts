import { resolve } from 'node:path'
import { tableToText } from '../reports/ReportTable.js'
import { renderSvg } from '../reports/renderSvg.js'
import { operationGasTable, scalingTable } from '../reports/sweepTables.js'
import { withMechanism } from '../scenarios/withMechanism.js'
import { toJson } from '../scenarios/toJson.js'
import { writeSweepReports } from '../reports/writeReports.js'
import { PAPER_SCENARIO } from '../scenarios/builtinScenarios.js'
import { parseScenario, withUserCount } from '../scenarios/parseScenario.js'
import { runScenario } from '../scenarios/runScenario.js'
import type { SweepResult } from '../scenarios/sweep.js'
import type { Onboarding, Scenario } from '../scenarios/types.js'
import { GAS_HELP } from './help.js'
import { parse } from './parseOptions.js'
import { UsageError } from './UsageError.js'
import type { CliIo, ProgressSlot } from './CliIo.js'
import { cwd } from './CliIo.js'
import { COMMON_OPTIONS, help, scenarioArgument, userList, withoutCharts } from './cliArguments.js'
import { mechanismChoice } from './mechanismChoice.js'
import { connectNode, RPC_OPTIONS } from './rpcNode.js'
import { sweepAndReport } from './sweepCommand.js'

/** `dem-sim gas`: the gas report of a scenario (the paper's by default) over user counts, embedded or on a node. */
export async function gasCommand(args: readonly string[], io: CliIo, bar: ProgressSlot): Promise<number> {
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
