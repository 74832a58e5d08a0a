import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { MissingPeerDependencyError } from '../errors/MissingPeerDependencyError.js'
import { loadChartPackages } from '../reports/renderSvg.js'
import { BUILTIN_MECHANISMS, type MechanismRegistry } from '../mechanisms/mechanisms.js'
import { BUILTIN_SCENARIO_NAMES, builtinScenario, type BuiltinScenarioName } from '../scenarios/builtinScenarios.js'
import { loadScenario } from '../scenarios/parseScenario.js'
import { planScenario } from '../scenarios/planScenario.js'
import type { Scenario } from '../scenarios/types.js'
import { positiveInteger } from './parseOptions.js'
import { UsageError } from './UsageError.js'
import type { CliIo } from './CliIo.js'
import { cwd } from './CliIo.js'

/** The options most commands share. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  out: { type: 'string' },
  'no-charts': { type: 'boolean' },
  mechanism: { type: 'string' },
  'allow-outside': { type: 'boolean' },
} as const

/** Prints a command's help; exit status 0. */
export function help(io: CliIo, text: string): number {
  io.stdout.write(text)
  return 0
}

/** The one positional argument a command takes. */
export function single(command: string, positionals: readonly string[], what: string): string {
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
export async function withoutCharts(values: { out?: string | undefined; 'no-charts'?: boolean }, io: CliIo) {
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
export async function scenarioArgument(
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
export function planArgument(scenario: Scenario, given: string, io: CliIo): ReturnType<typeof planScenario> {
  const path = resolve(cwd(io), given)
  return planScenario(scenario, { file: existsSync(path) ? path : `${given}.json` })
}

/** An option's non-negative integer. */
export function nonNegativeInteger(command: string, option: string, text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`${option} must be a non-negative integer, got "${text}"`, command)
  return n
}

/** `--users`: a comma-separated list of user counts. */
export function userList(command: string, text: string): number[] {
  const parts = text.split(',').map((part) => part.trim())
  if (parts.length === 0 || parts.some((part) => part === ''))
    throw new UsageError(`--users must be a comma-separated list of user counts, e.g. 2,10,50, got "${text}"`, command)
  return parts.map((part) => positiveInteger(command, '--users', part))
}
