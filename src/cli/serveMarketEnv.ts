import { DemError } from '../errors/DemError.js'
import { toJson } from '../reports/toJson.js'
import { createMarketEnv, type MarketEnv } from '../scenarios/env/createMarketEnv.js'
import { parseScenario, type ParseScenarioOptions } from '../scenarios/parseScenario.js'
import { ScenarioError } from '../scenarios/ScenarioError.js'
import { StrategyError } from '../scenarios/strategies/StrategyError.js'
import type { StrategyDecision } from '../scenarios/strategies/types.js'
import type { Scenario } from '../scenarios/types.js'

export type ServeMarketEnvOptions = {
  /** The scenario a `reset` without one runs. */
  scenario?: Scenario | undefined
  /** The agents a `reset` without `agents` drives. Default `'all'`. */
  agents?: readonly number[] | 'all' | undefined
  /** How a scenario sent in a `reset` is parsed (its CSV paths). */
  parse?: ParseScenarioOptions | undefined
}

/** Fields of an action that hold bigints; on the wire they are decimal strings (or safe integers). */
const BIGINT_FIELDS = new Set(['energyWh', 'limitPriceWeiPerKWh', 'chargeWh', 'dischargeWh'])

/** A request that is not one of the protocol's messages. */
class ProtocolError extends DemError {
  override name = 'ProtocolError'
}

/**
 * The `dem-sim env --stdio` bridge: reads one JSON request per line, answers each with one JSON
 * line (see docs/env-protocol.md): `reset`, `step`, `result`, `close`. Bigints travel as decimal
 * strings. A bad request gets `{"type":"error","name":…,"message":…}` and the session goes on.
 *
 * @param lines the requests, e.g. a readline interface over stdin
 * @param write receives each answer line (with its newline)
 */
export async function serveMarketEnv(
  lines: AsyncIterable<string>,
  write: (line: string) => void,
  options: ServeMarketEnvOptions = {},
): Promise<void> {
  let env: MarketEnv | undefined
  let scenario = options.scenario
  let agents = options.agents ?? 'all'
  const answer = (message: Record<string, unknown>) => write(toJson(message, 0))

  for await (const raw of lines) {
    const line = raw.trim()
    if (line === '') continue
    let id: unknown
    try {
      let request: Record<string, unknown>
      try {
        request = JSON.parse(line) as Record<string, unknown>
      } catch (error) {
        throw new ProtocolError(`not a JSON line: ${(error as Error).message}`)
      }
      if (request === null || typeof request !== 'object' || Array.isArray(request))
        throw new ProtocolError('a request must be a JSON object with a "type"')
      id = request.id
      const echo = id === undefined ? {} : { id }
      switch (request.type) {
        case 'reset': {
          if (request.scenario !== undefined) scenario = parseScenario(request.scenario, options.parse)
          if (request.agents !== undefined) agents = agentList(request.agents)
          if (request.scenario !== undefined || request.agents !== undefined || env === undefined) {
            if (scenario === undefined)
              throw new ProtocolError('the first reset needs a "scenario" (or start dem-sim env with a scenario file)')
            env = createMarketEnv(scenario, { agents })
          }
          const seed = request.seed
          if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed)))
            throw new ProtocolError(`"seed" must be an integer, got ${JSON.stringify(seed)}`)
          answer({ type: 'reset', ...echo, ...(await env.reset(seed as number | undefined)) })
          break
        }
        case 'step': {
          if (env === undefined) throw new ProtocolError('send a reset before the first step')
          const actions = request.actions ?? {}
          if (actions === null || typeof actions !== 'object' || Array.isArray(actions))
            throw new ProtocolError('"actions" must be an object keyed by user index')
          const decoded = decodeBigints(actions) as Record<number, StrategyDecision>
          answer({ type: 'step', ...echo, ...(await env.step(decoded)) })
          break
        }
        case 'result': {
          if (env === undefined) throw new ProtocolError('send a reset first')
          answer({ type: 'result', ...echo, result: await env.result() })
          break
        }
        case 'close':
          answer({ type: 'closed', ...echo })
          return
        default:
          throw new ProtocolError(
            `unknown request type ${JSON.stringify(request.type)}: use reset, step, result or close`,
          )
      }
    } catch (error) {
      answer({ type: 'error', ...(id === undefined ? {} : { id }), ...describeError(error) })
    }
  }
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
