import { formatValue, ScenarioError } from '../ScenarioError.js'
import { parseScenario, type ParseScenarioOptions } from '../parseScenario.js'
import { defaultBaseDir, readTextFile } from '../scenarioFiles.js'
import { COMMUNITY_FIELDS, MAX_COMMUNITIES, MAX_NAME_LENGTH } from '../scenarioSchema.js'
import type { City, CityDefinition, Community } from './types.js'

/**
 * Checks a city (a scenario with `communities`) and resolves every community's scenario: the
 * city's fields, with the ones an entry gives replaced whole, under the entry's name (copies
 * numbered `-1`, `-2`, ...) and seed (the city's unless given; each copy the next one). The
 * timeline and `economics` are the city's. Refused with a {@link ScenarioError} naming the entry.
 *
 * @param input the definition, e.g. `JSON.parse` of a city file
 * @param options where CSV files are, and the file name for messages
 * @returns the city, ready for {@link runCity}
 * @example
 * import { parseCity } from 'dem-sim'
 * const city = parseCity({
 *   intervals: 24,
 *   users: { count: 100 },
 *   communities: [{ name: 'north', count: 2 }, { name: 'south', market: { mechanism: 'pay-as-clear' } }],
 * })
 * city.communities.map((c) => c.name) // ['north-1', 'north-2', 'south']
 */
export function parseCity(input: unknown, options: ParseScenarioOptions = {}): City {
  const { file } = options
  const fail = (path: string, problem: string, value: unknown): never => {
    throw new ScenarioError(path, problem, value, { file })
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) fail('', 'must be an object', input)
  const { communities, ...base } = input as Record<string, unknown>
  if (communities === undefined)
    fail('communities', 'is required in a city: a list of communities (or run the file with dem-sim run)', undefined)
  if (!Array.isArray(communities) || communities.length === 0)
    fail('communities', 'must be a list of at least one community', communities)
  const city = parseScenario(base, options)
  const inner: ParseScenarioOptions = { ...options, file: undefined, baseDir: options.baseDir ?? defaultBaseDir(file) }
  const known = Object.keys(COMMUNITY_FIELDS)
  const names = new Set<string>()
  const resolved: Community[] = []
  ;(communities as unknown[]).forEach((entry, i) => {
    const at = `communities[${i}]`
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(at, 'must be an object', entry)
    const { name, count, ...fields } = entry as Record<string, unknown>
    const unknown = Object.keys(fields).find((key) => !known.includes(key))
    if (unknown !== undefined)
      fail(`${at}.${unknown}`, `is not a known field of a community (${known.join(', ')})`, fields[unknown])
    if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH))
      fail(`${at}.name`, `must be a name of 1 to ${MAX_NAME_LENGTH} characters`, name)
    if (count !== undefined && (!Number.isInteger(count) || (count as number) < 1))
      fail(`${at}.count`, 'must be a positive integer', count)
    const copies = (count as number | undefined) ?? 1
    if (resolved.length + copies > MAX_COMMUNITIES)
      fail(`${at}.count`, `brings the city beyond ${MAX_COMMUNITIES} communities`, count)
    const seed = (fields.seed as number | undefined) ?? city.seed
    for (let copy = 0; copy < copies; copy++) {
      const communityName = `${(name as string | undefined) ?? `community-${i + 1}`}${copies === 1 ? '' : `-${copy + 1}`}`
      if (names.has(communityName)) fail(`${at}.name`, `names a second community "${communityName}"`, name)
      names.add(communityName)
      const definition = {
        ...base,
        ...fields,
        name: communityName,
        seed: typeof seed === 'number' ? seed + copy : seed,
      }
      try {
        resolved.push({ index: resolved.length, name: communityName, scenario: parseScenario(definition, inner) })
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error
        throw new ScenarioError(at, `(${communityName}): ${error.shortMessage}`, undefined, {
          file,
          omitValue: true,
          cause: error,
        })
      }
    }
  })
  return {
    resolved: true,
    name: city.name,
    description: city.description,
    seed: city.seed,
    intervals: city.intervals,
    economics: city.economics,
    communities: resolved,
    definition: JSON.parse(JSON.stringify(input)) as CityDefinition,
  }
}

/**
 * Whether a parsed JSON file is a city (it has `communities`) rather than a single scenario.
 *
 * @param input parsed JSON
 * @returns true for a city
 * @example
 * import { isCityDefinition, loadCity, loadScenario } from 'dem-sim'
 * const run = isCityDefinition(json) ? runCity(await loadCity(file)) : runScenario(await loadScenario(file))
 */
export function isCityDefinition(input: unknown): input is CityDefinition {
  return input !== null && typeof input === 'object' && 'communities' in input
}

/**
 * Reads a city file (JSON) and {@link parseCity parses} it, CSV paths relative to the file.
 *
 * @param path the city file
 * @throws ScenarioError when the file is not JSON or the city is refused
 * @example
 * import { loadCity, runCity } from 'dem-sim'
 * const result = await runCity(await loadCity('city.json'))
 */
export async function loadCity(path: string, options: Omit<ParseScenarioOptions, 'file'> = {}): Promise<City> {
  let json: unknown
  try {
    json = JSON.parse((await readTextFile(path)).replace(/^\uFEFF/, ''))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ScenarioError(
      '',
      code === undefined ? `not valid JSON (${(error as Error).message})` : `cannot read the city file (${code})`,
      formatValue(path),
      { file: path, cause: error, omitValue: true },
    )
  }
  return parseCity(json, { ...options, file: path })
}
