/**
 * JSON text of a result, with every bigint (wei, Wh, gas) written as a decimal string — JSON
 * numbers cannot hold them exactly. Maps become objects.
 *
 * @example
 * import { runScenario, toJson } from 'dem-sim'
 * await writeFile('result.json', toJson(await runScenario(definition)))
 */
export function toJson(value: unknown, space: number | undefined = 2): string {
  return `${JSON.stringify(value, replacer, space)}\n`
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]))
  return value
}
