import { toJson } from '../scenarios/toJson.js'
import { VALIDATE_HELP } from './help.js'
import { parse } from './parseOptions.js'
import type { CliIo } from './CliIo.js'
import { COMMON_OPTIONS, help, planArgument, scenarioArgument, single } from './cliArguments.js'

/** `dem-sim validate`: parses and plans a scenario file without running it, and summarizes it. */
export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
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

function count<T>(values: readonly T[], value: T): number {
  return values.filter((v) => v === value).length
}
