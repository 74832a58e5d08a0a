import { DemError, type DemErrorOptions } from '../errors/DemError.js'

export type ScenarioErrorOptions = DemErrorOptions & {
  /** The file the scenario came from, when it was loaded from one. */
  file?: string | undefined
  /** Leave the value out of the message (when the problem already says it). Default false. */
  omitValue?: boolean | undefined
}

/**
 * A scenario definition is malformed or inconsistent. Raised before anything runs; names the
 * offending field by its path in the definition (`users.count`, `profiles.consumption.valuesWh[3]`)
 * and the value found there.
 *
 * @example
 * import { parseScenario, ScenarioError } from 'dem-sim'
 * try { parseScenario({ intervals: 24, users: { count: 0 } }) } catch (e) {
 *   if (e instanceof ScenarioError) console.log(e.path, e.value) // 'users.count' 0
 * }
 */
export class ScenarioError extends DemError {
  override name = 'ScenarioError'
  /** Where in the definition: dot and bracket path, e.g. `oracle.price[3]`. Empty for the whole definition. */
  readonly path: string
  /** The offending value as found in the definition (or the CSV cell). */
  readonly value: unknown
  readonly file: string | undefined

  constructor(path: string, problem: string, value: unknown, options: ScenarioErrorOptions = {}) {
    const where = options.file === undefined ? '' : `${options.file}: `
    const subject = path === '' ? '' : `${path} `
    super(`${where}${subject}${problem}${options.omitValue ? '' : `, got ${formatValue(value)}`}`, options)
    this.path = path
    this.value = value
    this.file = options.file
  }
}

/** A short, one-line rendering of a value for an error message. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'bigint') return `${value}`
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return String(value)
}
