import { toJson } from './toJson.js'

/**
 * Where two values differ, as their JSON forms see it (bigints as decimal strings): the first
 * differing field's path and both values, for messages that say what to look at.
 *
 * @param actual the value found
 * @param expected the value it should equal
 * @returns e.g. `market.mechanism is "pay-as-bid", not "oracle-price"`, or `nothing` when equal
 * @example
 * describeDifference({ market: { mechanism: 'pay-as-bid' } }, { market: { mechanism: 'oracle-price' } })
 */
export function describeDifference(actual: unknown, expected: unknown): string {
  const found = firstDifference(JSON.parse(toJson(actual, 0)), JSON.parse(toJson(expected, 0)), '')
  if (found === undefined) return 'nothing'
  const show = (value: unknown) => (value === undefined ? 'missing' : short(JSON.stringify(value)))
  return `${found.path === '' ? 'the whole value' : found.path} is ${show(found.actual)}, not ${show(found.expected)}`
}

function firstDifference(
  actual: unknown,
  expected: unknown,
  path: string,
): { path: string; actual: unknown; expected: unknown } | undefined {
  const bothObjects = actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object'
  if (!bothObjects || Array.isArray(actual) !== Array.isArray(expected))
    return JSON.stringify(actual) === JSON.stringify(expected) ? undefined : { path, actual, expected }
  const a = actual as Record<string, unknown>
  const e = expected as Record<string, unknown>
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    const next = Array.isArray(actual) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`
    const found = firstDifference(a[key], e[key], next)
    if (found !== undefined) return found
  }
  return undefined
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
