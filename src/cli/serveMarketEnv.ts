import { DemError } from '../errors/DemError.js'
import { toJson } from '../scenarios/toJson.js'
import { BUILTIN_MECHANISMS } from '../mechanisms/mechanisms.js'
import { createMarketEnv, type MarketEnv, type MarketEnvOptions } from '../scenarios/env/createMarketEnv.js'
import type { ForecastNoise } from '../scenarios/env/noisyForecast.js'
import { parseScenario, type ParseScenarioOptions } from '../scenarios/parseScenario.js'
import { ScenarioError } from '../scenarios/ScenarioError.js'
import { StrategyError } from '../scenarios/strategies/StrategyError.js'
import type { StrategyDecision } from '../scenarios/strategies/types.js'
import type { Scenario } from '../scenarios/types.js'
import { MAX_REQUEST_BYTES } from './envStdioLines.js'

export type ServeMarketEnvOptions = {
  /** The scenario a `reset` without one runs. */
  scenario?: Scenario | undefined
  /** The agents a `reset` without `agents` drives. Default `'all'`. */
  agents?: readonly number[] | 'all' | undefined
  /** How a scenario sent in a `reset` is parsed (its CSV paths). */
  parse?: ParseScenarioOptions | undefined
}

/** How deep a request may nest (objects and arrays): far more than any scenario or action needs. */
export const MAX_REQUEST_DEPTH = 64

/** Fields of an action that hold bigints; on the wire they are decimal strings (or safe integers). */
const BIGINT_FIELDS = new Set(['energyWh', 'limitPriceWeiPerKWh', 'chargeWh', 'dischargeWh'])

/** A request that is not one of the protocol's messages. */
class ProtocolError extends DemError {
  override name = 'ProtocolError'
}

/**
 * The `dem-sim env --stdio` bridge: reads one JSON request per line, answers each with one JSON
 * line (see docs/env-protocol.md): `reset`, `step`, `result`, `mechanisms`, `close`. Bigints travel
 * as decimal strings. A bad request gets `{"type":"error","name":…,"message":…}` and the session
 * goes on as it was: a refused reset keeps the running episode, its scenario, agents and options.
 *
 * @param lines the requests, e.g. a readline interface over stdin
 * @param write receives each answer line (with its newline)
 */
export async function serveMarketEnv(
  lines: AsyncIterable<string>,
  write: (line: string) => void,
  options: ServeMarketEnvOptions = {},
): Promise<void> {
  let session: Session | undefined
  const initial: EnvSettings = { scenario: options.scenario, agents: options.agents ?? 'all', envOptions: {} }
  const answer = (message: Record<string, unknown>) => write(toJson(message, 0))

  for await (const raw of lines) {
    const line = raw.trim()
    if (line === '') continue
    let id: unknown
    try {
      const request = parseRequest(line)
      id = request.id
      const echo = id === undefined ? {} : { id }
      switch (request.type) {
        case 'reset': {
          const seed = request.seed
          if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed)))
            throw new ProtocolError(`"seed" must be an integer, got ${JSON.stringify(seed)}`)
          const settings = resetSettings(request, session?.settings ?? initial, options.parse)
          const env = settings === session?.settings ? session.env : newEnv(settings)
          // The session changes only once the reset has succeeded.
          const reset = await env.reset(seed as number | undefined)
          session = { env, settings }
          answer({ type: 'reset', ...echo, ...reset })
          break
        }
        case 'step': {
          const env = session?.env
          if (env === undefined) throw new ProtocolError('send a reset before the first step')
          const actions = request.actions ?? {}
          if (actions === null || typeof actions !== 'object' || Array.isArray(actions))
            throw new ProtocolError('"actions" must be an object keyed by user index')
          const decoded = decodeBigints(actions) as Record<number, StrategyDecision>
          answer({ type: 'step', ...echo, ...(await env.step(decoded)) })
          break
        }
        case 'result': {
          if (session === undefined) throw new ProtocolError('send a reset first')
          answer({ type: 'result', ...echo, result: await session.env.result() })
          break
        }
        case 'mechanisms':
          answer({
            type: 'mechanisms',
            ...echo,
            mechanisms: [...(options.parse?.mechanisms ?? BUILTIN_MECHANISMS).keys()],
          })
          break
        case 'close':
          answer({ type: 'closed', ...echo })
          return
        default:
          throw new ProtocolError(
            `unknown request type ${JSON.stringify(request.type)}: use reset, step, result, mechanisms or close`,
          )
      }
    } catch (error) {
      answer({ type: 'error', ...(id === undefined ? {} : { id }), ...describeError(error) })
    }
  }
}

/** What an episode of the session runs: its scenario, agents and env options. */
type EnvSettings = {
  scenario: Scenario | undefined
  agents: readonly number[] | 'all'
  envOptions: Pick<MarketEnvOptions, 'forecastNoise' | 'rewardGas'>
}

/** The running environment and the settings it was made with. */
type Session = { env: MarketEnv; settings: EnvSettings }

/** The settings a reset asks for: `current` itself when it changes none, so the running environment is reused. */
function resetSettings(
  request: Record<string, unknown>,
  current: EnvSettings,
  parse: ParseScenarioOptions | undefined,
): EnvSettings {
  const changes =
    request.scenario !== undefined ||
    request.agents !== undefined ||
    request.forecastNoise !== undefined ||
    request.rewardGas !== undefined
  if (!changes) return current
  const envOptions = { ...current.envOptions }
  if (request.forecastNoise !== undefined) envOptions.forecastNoise = forecastNoiseOf(request.forecastNoise)
  if (request.rewardGas !== undefined) {
    if (typeof request.rewardGas !== 'boolean')
      throw new ProtocolError(`"rewardGas" must be true or false, got ${JSON.stringify(request.rewardGas)}`)
    envOptions.rewardGas = request.rewardGas
  }
  return {
    scenario: request.scenario === undefined ? current.scenario : parseScenario(request.scenario, parse),
    agents: request.agents === undefined ? current.agents : agentList(request.agents),
    envOptions,
  }
}

function newEnv(settings: EnvSettings): MarketEnv {
  if (settings.scenario === undefined)
    throw new ProtocolError('the first reset needs a "scenario" (or start dem-sim env with a scenario file)')
  return createMarketEnv(settings.scenario, { agents: settings.agents, ...settings.envOptions })
}

/** `null` turns the noise off; otherwise `{ relativeStd, seed? }`, checked by the environment. */
function forecastNoiseOf(value: unknown): ForecastNoise | undefined {
  if (value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ProtocolError(
      `"forecastNoise" must be null or { "relativeStd": …, "seed": … }, got ${JSON.stringify(value)}`,
    )
  const { relativeStd, seed, ...unknown } = value as Record<string, unknown>
  const extra = Object.keys(unknown)
  if (extra.length > 0) throw new ProtocolError(`"forecastNoise" has unknown fields: ${extra.join(', ')}`)
  return { relativeStd, seed } as ForecastNoise
}

/** One request: a JSON object no longer than {@link MAX_REQUEST_BYTES} and no deeper than {@link MAX_REQUEST_DEPTH}. */
function parseRequest(line: string): Record<string, unknown> {
  const bytes = Buffer.byteLength(line)
  if (bytes > MAX_REQUEST_BYTES)
    throw new ProtocolError(`a request line may hold at most ${MAX_REQUEST_BYTES} bytes, got more`)
  let request: unknown
  try {
    request = JSON.parse(line)
  } catch (error) {
    throw new ProtocolError(`not a JSON line: ${(error as Error).message}`)
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request))
    throw new ProtocolError('a request must be a JSON object with a "type"')
  if (nestsDeeperThan(request, MAX_REQUEST_DEPTH))
    throw new ProtocolError(`a request may nest at most ${MAX_REQUEST_DEPTH} levels of objects and arrays`)
  return request as Record<string, unknown>
}

/** Whether `value` nests objects and arrays deeper than `limit`, walked without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item
    if (node === null || typeof node !== 'object') continue
    if (depth > limit) return true
    for (const child of Object.values(node)) stack.push([child, depth + 1])
  }
  return false
}

function agentList(value: unknown): readonly number[] | 'all' {
  if (value === 'all') return 'all'
  if (!Array.isArray(value) || !value.every((k) => Number.isInteger(k)))
    throw new ProtocolError(`"agents" must be "all" or an array of user indices, got ${JSON.stringify(value)}`)
  return value as number[]
}

/** Decimal strings (and safe integers) in the bigint fields of actions become bigints; anything else is left for the checks to name. */
function decodeBigints(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeBigints(item))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeBigints(v, k)]))
  if (key !== undefined && BIGINT_FIELDS.has(key)) {
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value)
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  }
  return value
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof StrategyError) {
    return {
      name: error.name,
      message: error.shortMessage,
      user: error.user,
      interval: error.interval,
      field: error.field,
      value: error.value,
    }
  }
  if (error instanceof ScenarioError) return { name: error.name, message: error.shortMessage, path: error.path }
  if (error instanceof DemError) return { name: error.name, message: error.shortMessage }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}
