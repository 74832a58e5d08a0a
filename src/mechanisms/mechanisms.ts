import { describeValue } from '../errors/describeValue.js'
import type { MarketMechanism } from './MarketMechanism.js'
import { MechanismError } from './MechanismError.js'
import { checkMarketCoreAbi } from './marketCoreAbi.js'
import { oraclePrice } from './oraclePrice/oraclePrice.js'
import { payAsBid } from './payAsBid/payAsBid.js'
import { payAsClear } from './payAsClear/payAsClear.js'
import { sdr } from './sdr/sdr.js'

/** The built-in mechanisms; the first is the default. */
export const MECHANISMS: readonly MarketMechanism[] = [oraclePrice, payAsClear, payAsBid, sdr]

/** The mechanism used when none is named. */
export const DEFAULT_MECHANISM: MarketMechanism = oraclePrice

/** Mechanisms by name, for scenario files and the CLI to name them: the built-ins, plus any of the user's. */
export type MechanismRegistry = ReadonlyMap<string, MarketMechanism>

/**
 * A registry of the built-in mechanisms and `extra` ones, each checked against the seam.
 *
 * @param extra the user's own mechanisms (a name may not repeat)
 * @returns the registry
 * @throws {MechanismError} for a module that is not a mechanism or a name used twice
 * @example
 * import { createMechanismRegistry, runScenario } from 'dem-sim'
 * const registry = createMechanismRegistry([myMechanism])
 * await runScenario(definition, { mechanisms: registry })
 */
export function createMechanismRegistry(extra: readonly unknown[] = []): MechanismRegistry {
  const registry = new Map<string, MarketMechanism>()
  for (const candidate of [...MECHANISMS, ...extra]) {
    const mechanism = checkMechanism(candidate)
    if (registry.has(mechanism.name))
      throw new MechanismError(`two mechanisms are called '${mechanism.name}'; names must be unique`)
    registry.set(mechanism.name, mechanism)
  }
  return registry
}

/** The registry of the built-in mechanisms. */
export const BUILTIN_MECHANISMS: MechanismRegistry = createMechanismRegistry()

/**
 * The mechanism called `mechanism` in `registry`, or a mechanism module checked against the seam.
 *
 * @param mechanism a name, a module, or undefined for the default
 * @param registry where names are looked up (default: the built-ins)
 * @returns the mechanism
 * @throws {MechanismError} for an unknown name (listing the available ones) or a module that is not a mechanism
 * @example
 * import { resolveMechanism } from 'dem-sim'
 * resolveMechanism('oracle-price').description
 */
export function resolveMechanism(
  mechanism: string | MarketMechanism | undefined,
  registry: MechanismRegistry = BUILTIN_MECHANISMS,
): MarketMechanism {
  if (mechanism === undefined) return DEFAULT_MECHANISM
  if (typeof mechanism === 'string') {
    const found = registry.get(mechanism)
    if (found === undefined)
      throw new MechanismError(`unknown mechanism '${mechanism}'; available: ${[...registry.keys()].join(', ')}`)
    return found
  }
  return checkMechanism(mechanism)
}

/** Names of the built-in mechanisms. */
export function mechanismNames(): string[] {
  return MECHANISMS.map((m) => m.name)
}

/**
 * Checks that `value` is a `MarketMechanism` whose market implements the core interface.
 *
 * @param value what was given as a mechanism
 * @param source where it came from (a file), for the message
 * @returns the mechanism
 * @throws {MechanismError} naming every missing or mistyped member, or the core ABI items its market lacks
 */
export function checkMechanism(value: unknown, source?: string): MarketMechanism {
  const where = source === undefined ? '' : ` (from ${source})`
  if (value === null || typeof value !== 'object')
    throw new MechanismError(`expected a MarketMechanism module${where}, got ${describeValue(value)}`)
  const m = value as Record<string, unknown>
  const market = m.market as { abi?: unknown; bytecode?: unknown } | undefined
  const problems = [
    typeof m.name === 'string' && m.name !== '' ? undefined : 'name (a non-empty string)',
    typeof m.description === 'string' ? undefined : 'description (a string)',
    market !== null && typeof market === 'object' && Array.isArray(market.abi) && typeof market.bytecode === 'string'
      ? undefined
      : 'market (an artifact with abi and bytecode)',
    typeof m.readsPriceFeed === 'boolean' ? undefined : 'readsPriceFeed (a boolean)',
    Number.isInteger(m.settlementLagIntervals) && (m.settlementLagIntervals as number) >= 0
      ? undefined
      : 'settlementLagIntervals (a non-negative integer)',
    typeof m.deploy === 'function' ? undefined : 'deploy (a function)',
    m.beforeSettle === undefined || typeof m.beforeSettle === 'function' ? undefined : 'beforeSettle (a function)',
    typeof m.clear === 'function' ? undefined : 'clear (a function)',
  ].filter((problem) => problem !== undefined)
  const name = typeof m.name === 'string' ? `'${m.name}'` : 'module'
  if (problems.length > 0)
    throw new MechanismError(`mechanism ${name}${where} is not a MarketMechanism: it lacks ${problems.join(', ')}`)
  const mechanism = value as MarketMechanism
  checkMarketCoreAbi(mechanism.name, mechanism.market.abi)
  return mechanism
}
