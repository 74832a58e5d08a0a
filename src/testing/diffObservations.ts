/**
 * Lists every difference between two observations (or any two plain values) as
 * `path: expected … ≠ actual …`, numbers and bigints compared by value. Empty when equal.
 *
 * @param expected usually the model's {@link MarketModel.observe}
 * @param actual usually {@link observeMarket}'s reading of the chain
 * @example
 * import { diffObservations } from 'dem-sim/testing'
 * const differences = diffObservations(model.observe(scope), await observeMarket(sim, scope))
 * if (differences.length > 0) throw new Error(differences.join('\n'))
 */
export function diffObservations(expected: unknown, actual: unknown, path = ''): string[] {
  if (isScalar(expected) || isScalar(actual)) {
    return sameScalar(expected, actual)
      ? []
      : [`${path || '(root)'}: expected ${show(expected)} ≠ actual ${show(actual)}`]
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual))
      return [`${path}: expected ${show(expected)} ≠ actual ${show(actual)}`]
    const differences: string[] = []
    if (expected.length !== actual.length)
      differences.push(`${path}.length: expected ${expected.length} ≠ actual ${actual.length}`)
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      differences.push(...diffObservations(expected[i], actual[i], `${path}[${labelOf(expected[i]) ?? i}]`))
    }
    return differences
  }
  const e = expected as Record<string, unknown>
  const a = actual as Record<string, unknown>
  const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])]
  return keys.flatMap((key) => diffObservations(e[key], a[key], path === '' ? key : `${path}.${key}`))
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== 'object'
}

function sameScalar(x: unknown, y: unknown): boolean {
  if ((typeof x === 'bigint' || typeof x === 'number') && (typeof y === 'bigint' || typeof y === 'number')) {
    return Number.isInteger(Number(x)) && Number.isInteger(Number(y)) ? BigInt(x) === BigInt(y) : x === y
  }
  if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase()
  return Object.is(x, y)
}

/** A readable index for array items that carry their own id. */
function labelOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined
  const record = item as Record<string, unknown>
  for (const key of ['tokenId', 'commitmentId', 'interval']) {
    if (typeof record[key] === 'bigint' || typeof record[key] === 'number') return `${key} ${String(record[key])}`
  }
  return undefined
}

function show(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
}
