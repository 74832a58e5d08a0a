/**
 * Describes a value for an argument error so that its type shows: `'100'` and `100n` print alike
 * with `String()`, and the difference is usually the mistake.
 *
 * @param value whatever was passed
 * @returns e.g. `the string '100'`, `the number 1.5`, `-1` (a bigint), `undefined`, `an object`
 * @example
 * throw new InvalidArgumentError(`energyWh must be a non-negative bigint, got ${describeValue(value)}`)
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString()
    case 'string':
      return `the string ${JSON.stringify(value).replace(/^"|"$/g, "'")}`
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`
    case 'undefined':
      return 'undefined'
    case 'symbol':
      return `the symbol ${value.description ?? ''}`.trimEnd()
    case 'function':
      return 'a function'
    default:
      if (value === null) return 'null'
      return Array.isArray(value) ? `an array of length ${value.length}` : 'an object'
  }
}
