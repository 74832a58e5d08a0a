import { withMechanism } from '../scenarios/withMechanism.js'
import { ENV_HELP } from './help.js'
import { parse } from './parseOptions.js'
import { envStdioLines } from './envStdioLines.js'
import { serveMarketEnv } from './serveMarketEnv.js'
import { UsageError } from './UsageError.js'
import type { CliIo } from './CliIo.js'
import { cwd } from './CliIo.js'
import { COMMON_OPTIONS, help, nonNegativeInteger, scenarioArgument } from './cliArguments.js'
import { mechanismChoice } from './mechanismChoice.js'

/** `dem-sim env --stdio`: the learning environment over JSON lines (docs/env-protocol.md). */
export async function envCommand(args: readonly string[], io: CliIo): Promise<number> {
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
