import { ScenarioError } from '../ScenarioError.js'

/** The field names of a schema node. */
export const fields = (node: Record<string, unknown>): readonly string[] => Object.keys(node)

/** Checks one value of a scenario definition each, failing with a {@link ScenarioError} that names its path. */
export type Validator = ReturnType<typeof createValidator>

/** The checks of a scenario definition, their errors naming `file`. */
export function createValidator(file: string | undefined) {
  const fail = (path: string, problem: string, value: unknown): never => {
    throw new ScenarioError(path, problem, value, { file })
  }
  const v = {
    fail,
    record(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'must be an object', value)
      const object = value as Record<string, unknown>
      for (const key of Object.keys(object)) {
        if (!known.includes(key))
          fail(
            join(path, key),
            `is not a known field (${path === '' ? 'top level' : path}: ${known.join(', ')})`,
            object[key],
          )
      }
      return object
    },
    string(value: unknown, path: string, maxLength: number): string {
      if (typeof value !== 'string') fail(path, 'must be a string', value)
      const text = value as string
      if (text.length > maxLength)
        throw new ScenarioError(path, `must be at most ${maxLength} characters long, got ${text.length}`, value, {
          file,
          omitValue: true,
        })
      return text
    },
    number(value: unknown, path: string, min: number, max: number): number {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be a number', value)
      const n = value as number
      if (n < min || n > max) fail(path, `must be from ${min} to ${max}`, value)
      return n
    },
    integer(value: unknown, path: string, min: number, max: number): number {
      if (typeof value !== 'number' || !Number.isInteger(value))
        fail(path, `must be an integer${min === 1 ? ' of at least 1' : ''}`, value)
      const n = value as number
      if (n < min) fail(path, min === 1 ? 'must be a positive integer' : `must be at least ${min}`, value)
      if (n > max) fail(path, `must be at most ${max}`, value)
      return n
    },
    /** A non-negative energy in Wh (a JSON number); fractions are rounded later. */
    energy(value: unknown, path: string): number {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be an energy in Wh (a number)', value)
      const n = value as number
      if (n < 0) fail(path, 'must not be negative (energy in Wh)', value)
      if (n > Number.MAX_SAFE_INTEGER) fail(path, `must be at most ${Number.MAX_SAFE_INTEGER} Wh`, value)
      return n
    },
    fraction(value: unknown, path: string): number {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1)
        fail(path, 'must be a fraction from 0 to 1', value)
      return value as number
    },
    wei(value: unknown, path: string, min: bigint, max: bigint): bigint {
      let amount: bigint
      if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) amount = BigInt(value.trim())
      else if (typeof value === 'number') {
        // Refused even when small: a file that works with 1000 would silently break at 10^17.
        return fail(
          path,
          `must be an amount of wei as a decimal string, such as "${Number.isSafeInteger(value) && value >= 0 ? value : '1000000000000000000'}" (a JSON number cannot hold most wei amounts exactly)`,
          value,
        )
      } else if (typeof value === 'string' && /^\s*-\d+\s*$/.test(value)) {
        return fail(path, 'must not be negative (wei)', value)
      } else return fail(path, 'must be an amount of wei as a decimal string, e.g. "1000000000000000000"', value)
      if (amount < min) fail(path, min === 1n ? 'must be positive (wei)' : `must be at least ${min} wei`, value)
      if (amount > max) fail(path, `must be at most ${max} wei`, value)
      return amount
    },
    array(value: unknown, path: string, length: number, what: string): unknown[] {
      if (!Array.isArray(value)) fail(path, `must be an array of ${what}`, value)
      const array = value as unknown[]
      if (array.length !== length)
        fail(path, `must have one value per interval (intervals = ${length}) but has ${array.length}`, value)
      return array
    },
    oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
      if (typeof value !== 'string' || !options.includes(value as T))
        fail(path, `must be one of ${options.map((o) => `"${o}"`).join(', ')}`, value)
      return value as T
    },
  }
  return v
}

/** `path.key`, or `path[index]`. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path === '' ? key : `${path}.${key}`
}
