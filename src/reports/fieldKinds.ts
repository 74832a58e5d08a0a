/**
 * The kinds of value a result holds, each with the one column type it is stored as in Parquet and
 * the check a value read back from a file must pass. A result's shape ({@link Shape}) names a kind
 * for every field, so that the tables' column types and the checks of a shard read from disk come
 * from one declaration.
 */

/** The largest magnitude a `DECIMAL(38,0)` column holds; chain quantities in a report stay below 10^38. */
export const MAX_DECIMAL_38 = 10n ** 38n - 1n

const isDecimal = (value: unknown): value is bigint =>
  typeof value === 'bigint' && value >= -MAX_DECIMAL_38 && value <= MAX_DECIMAL_38
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0

/** Each kind: its SQL column type, whether it may be null, what a valid value is (for messages), and the test. */
export const FIELD_KINDS = {
  /** Energy (Wh), gas, token ids, prices, amounts that cannot go below zero: exact. */
  uint: {
    sql: 'DECIMAL(38,0)',
    expected: 'a whole number from 0 to 10^38 − 1',
    test: (value: unknown) => isDecimal(value) && value >= 0n,
  },
  'uint?': {
    sql: 'DECIMAL(38,0)',
    expected: 'null or a whole number from 0 to 10^38 − 1',
    test: (value: unknown) => value === null || (isDecimal(value) && value >= 0n),
  },
  /** Signed wei amounts (a bill is negative when the household earned): exact. */
  int: { sql: 'DECIMAL(38,0)', expected: 'a whole number of magnitude below 10^38', test: isDecimal },
  /** Indices and counts held as JavaScript numbers. */
  count: { sql: 'BIGINT', expected: 'a whole number from 0 to 2^53 − 1', test: isCount },
  /** Ratios, amounts in a currency, milliseconds: floating point by nature. */
  real: {
    sql: 'DOUBLE',
    expected: 'a finite number',
    test: (value: unknown) => typeof value === 'number' && Number.isFinite(value),
  },
  'real?': {
    sql: 'DOUBLE',
    expected: 'null or a finite number',
    test: (value: unknown) => value === null || (typeof value === 'number' && Number.isFinite(value)),
  },
  text: { sql: 'VARCHAR', expected: 'a string', test: (value: unknown) => typeof value === 'string' },
  flag: { sql: 'BOOLEAN', expected: 'true or false', test: (value: unknown) => typeof value === 'boolean' },
} as const satisfies Record<string, { sql: string; expected: string; test: (value: unknown) => boolean }>

export type FieldKind = keyof typeof FIELD_KINDS

/** The kinds a field of type `V` may be declared as: the type checker refuses a `real` for a bigint. */
type KindOf<V> = [V] extends [bigint]
  ? 'uint' | 'int'
  : [V] extends [bigint | null]
    ? 'uint?'
    : [V] extends [number]
      ? 'count' | 'real'
      : [V] extends [number | null]
        ? 'real?'
        : [V] extends [string]
          ? 'text'
          : [V] extends [boolean]
            ? 'flag'
            : never

/**
 * The declared shape of a value of type `T`: a kind for every leaf field, `[shape]` for an array's
 * items, an object with exactly `T`'s keys for an object, and `{ '?': shape }` for a field that may
 * be absent (JSON drops an undefined field).
 */
export type Shape<T> = undefined extends T
  ? { readonly '?': Shape<Exclude<T, undefined>> }
  : [T] extends [readonly (infer Item)[]]
    ? readonly [Shape<Item>]
    : [T] extends [bigint | number | string | boolean | null]
      ? KindOf<T>
      : { readonly [K in keyof T]-?: Shape<T[K]> }

/** Any shape, for code that walks one without knowing its type. */
export type AnyShape =
  | FieldKind
  | readonly [AnyShape]
  | { readonly '?': AnyShape }
  | { readonly [key: string]: AnyShape }

/** The shape inside an optional one, or undefined when `shape` is not optional. */
export function optionalInner(shape: AnyShape): AnyShape | undefined {
  return typeof shape === 'object' && !Array.isArray(shape) && Object.hasOwn(shape, '?')
    ? (shape as { readonly '?': AnyShape })['?']
    : undefined
}

/** Where a value read from a file departs from its shape: the path, and what is wrong there. */
export type ShapeProblem = { path: string; problem: string }

/**
 * The first place where `value` departs from `shape` (a missing or unexpected field, a value of
 * another kind, a number out of range), or undefined when it fits.
 *
 * @param value a value parsed from a file (bigints already revived)
 * @param shape its declared shape
 * @param path the value's name, prefixed to the problem's path
 * @returns the problem, or undefined
 * @example
 * findShapeProblem({ gasUsed: -5n }, { gasUsed: 'uint' }, 'row')
 * // { path: 'row.gasUsed', problem: 'must be a whole number from 0 to 10^38 − 1, found -5' }
 */
export function findShapeProblem(value: unknown, shape: AnyShape, path: string): ShapeProblem | undefined {
  if (typeof shape === 'string') {
    const kind = FIELD_KINDS[shape as FieldKind]
    return kind.test(value) ? undefined : mismatch(path, kind.expected, value)
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return mismatch(path, 'a list', value)
    for (let i = 0; i < value.length; i++) {
      const problem = findShapeProblem(value[i], (shape as readonly [AnyShape])[0], `${path}[${i}]`)
      if (problem !== undefined) return problem
    }
    return undefined
  }
  const inner = optionalInner(shape)
  if (inner !== undefined) return value === undefined ? undefined : findShapeProblem(value, inner, path)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return mismatch(path, 'an object', value)
  const fields = shape as { readonly [key: string]: AnyShape }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) return { path: `${path}.${key}`, problem: 'is not a field it has' }
  }
  for (const [key, fieldShape] of Object.entries(fields)) {
    const problem = findShapeProblem((value as Record<string, unknown>)[key], fieldShape, `${path}.${key}`)
    if (problem !== undefined) return problem
  }
  return undefined
}

function mismatch(path: string, expected: string, value: unknown): ShapeProblem {
  return { path, problem: `must be ${expected}, found ${describeFound(value)}` }
}

/** A short description of a value for a one-line message: long numbers by their digit count. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'bigint') {
    const digits = value.toString()
    return digits.length > 24
      ? `a ${digits.replace('-', '').length}-digit${value < 0n ? ' negative' : ''} number`
      : digits
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)
  if (Array.isArray(value)) return `a list of ${value.length}`
  if (typeof value === 'object') return 'an object'
  return String(value)
}
