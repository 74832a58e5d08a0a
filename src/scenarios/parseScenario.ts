import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { BUILTIN_MECHANISMS, DEFAULT_MECHANISM, type MechanismRegistry } from '../mechanisms/mechanisms.js'
import { parseEconomics } from './kpis/parseEconomics.js'
import { createValidator, fields, type Validator } from './parse/createValidator.js'
import { groupsOfMix, mixOfGroups, parseGroups, parseMix } from './parse/parseGroups.js'
import { parseMetered } from './parse/parseMetered.js'
import { parsePriceRange, parsePriceSeries } from './parse/parsePriceSeries.js'
import { parseProfile } from './parse/parseProfile.js'
import type { SeriesContext } from './parse/readCsvSeries.js'
import { MAX_COLLATERAL_WEI, SCENARIO_DEFAULTS as DEFAULTS } from './parse/scenarioDefaults.js'
import {
  DEFAULT_PROCESS_BATCH,
  DEFAULT_SETTLE_BATCH,
  GRID_FIELDS,
  INVALID_COMMITMENT_CHOICES,
  KEEPER_FIELDS,
  LIMIT_PRICES_FIELDS,
  MARKET_FIELDS,
  MAX_DESCRIPTION_LENGTH,
  MAX_INTERVALS,
  MAX_NAME_LENGTH,
  MAX_PATH_LENGTH,
  MAX_PROCESS_BATCH,
  MAX_SETTLE_BATCH,
  MAX_UINT32,
  MAX_USER_INTERVALS,
  MAX_USERS,
  ONBOARDINGS,
  ORACLE_FIELDS,
  PROFILES_FIELDS,
  SCENARIO_FIELDS,
  USERS_FIELDS,
} from './scenarioSchema.js'
import { ScenarioError } from './ScenarioError.js'
import { defaultBaseDir, readInside, readTextFile } from './scenarioFiles.js'
import type { Onboarding, Scenario, ScenarioDefinition } from './types.js'

export type ParseScenarioOptions = {
  /** Directory that CSV paths are relative to. Default: the scenario file's directory, else the current directory. */
  baseDir?: string
  /** Name of the file the definition came from, for error messages. */
  file?: string
  /** Reads a CSV file. Default: `fs.readFileSync(path, 'utf8')`. */
  readFile?: (path: string) => string
  /**
   * Let CSV paths leave `baseDir` (`../data/load.csv`, `/etc/...`, a symbolic link out). Default
   * false: a scenario from elsewhere cannot make a run read, and report on, files beside it.
   */
  allowOutside?: boolean
  /** Names of strategies given in code (`runScenario(def, { strategies })`) that groups may name besides the built-in ones. */
  strategies?: readonly string[]
  /** The mechanisms `market.mechanism` may name. Default: the built-in ones ({@link createMechanismRegistry} adds yours). */
  mechanisms?: MechanismRegistry
}

export {
  DEFAULT_PROCESS_BATCH,
  DEFAULT_SETTLE_BATCH,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PATH_LENGTH,
  MAX_PROCESS_BATCH,
  MAX_SETTLE_BATCH,
} from './scenarioSchema.js'

/**
 * Checks a scenario definition (parsed JSON) and resolves it: defaults filled in, profiles,
 * prices and metered readings expanded to one value per interval, CSV files read. A malformed
 * or inconsistent definition is refused with a {@link ScenarioError} naming the field and the
 * value; nothing runs.
 *
 * Wei amounts are decimal strings in JSON (`"100000000000000000"`), never numbers: a JSON number
 * cannot hold most of them exactly. Unknown fields are refused, so that a typo does not go unnoticed.
 *
 * @param input the definition, e.g. `JSON.parse` of a scenario file
 * @param options where CSV files are, and the file name for messages
 * @returns the resolved scenario, ready for {@link runScenario}
 * @example
 * import { parseScenario } from 'dem-sim'
 * const scenario = parseScenario({ intervals: 24, users: { count: 10 } })
 */
export function parseScenario(input: unknown, options: ParseScenarioOptions = {}): Scenario {
  const file = options.file
  const baseDir = options.baseDir ?? defaultBaseDir(file)
  const read = options.readFile ?? readInside(baseDir, options.allowOutside === true)
  const v = createValidator(file)

  const root = v.record(input, '', [...fields(SCENARIO_FIELDS), 'communities'])
  if (root.communities !== undefined)
    v.fail(
      'communities',
      'make this a city of communities: run it with dem-sim city (runCity in code)',
      root.communities,
    )
  const { name, description, seed, intervals, intervalSeconds, startHour } = parseRun(v, root, file)
  const users = parseUsers(v, root.users, intervals)
  const context: SeriesContext = {
    v,
    intervals,
    intervalSeconds,
    startHour,
    baseDir,
    read,
    file,
    allowOutside: options.allowOutside === true,
  }
  const profiles = parseProfiles(context, root.profiles)
  const limitPrices = parseLimitPrices(v, root.limitPrices)
  const oracle = parseOracle(context, root.oracle)
  const grid = parseGrid(context, root.grid)
  const groups =
    users.groups === undefined
      ? groupsOfMix(users.mixOfRoles)
      : parseGroups(context, users.groups, users.count, limitPrices, options.strategies ?? [])
  const mix = users.groups === undefined ? users.mixOfRoles : mixOfGroups(groups)
  const market = parseMarket(v, root.market, options.mechanisms ?? BUILTIN_MECHANISMS)
  const keeper = parseKeeper(v, root.keeper)

  const { count, collateralWei, onboarding, onInvalidCommitment } = users
  return {
    resolved: true,
    name,
    description,
    seed,
    intervals,
    intervalSeconds,
    startHour,
    users: { count, collateralWei, mix, onboarding, groups, onInvalidCommitment },
    profiles,
    limitPrices,
    oracle,
    grid,
    keeper,
    market,
    economics: parseEconomics(root.economics, v.fail, intervals * intervalSeconds),
    definition: JSON.parse(JSON.stringify(input)) as ScenarioDefinition,
  }
}

/** The run's name, description, seed, length and clock. */
function parseRun(v: Validator, root: Record<string, unknown>, file: string | undefined) {
  if (root.$schema !== undefined) v.string(root.$schema, '$schema', MAX_PATH_LENGTH)
  const name =
    root.name === undefined
      ? file === undefined
        ? 'scenario'
        : file
            .replace(/^.*[\\/]/, '')
            .replace(/\.json$/i, '')
            .slice(0, MAX_NAME_LENGTH)
      : v.string(root.name, 'name', MAX_NAME_LENGTH)
  const description =
    root.description === undefined ? undefined : v.string(root.description, 'description', MAX_DESCRIPTION_LENGTH)
  const seed = root.seed === undefined ? DEFAULTS.seed : v.integer(root.seed, 'seed', 0, MAX_UINT32)
  if (root.intervals === undefined) v.fail('intervals', 'is required: the number of market intervals to run', undefined)
  const intervals = v.integer(root.intervals, 'intervals', 1, MAX_INTERVALS)
  const intervalSeconds =
    root.intervalSeconds === undefined
      ? DEFAULTS.intervalSeconds
      : v.integer(root.intervalSeconds, 'intervalSeconds', 1, MAX_UINT32)
  const startHour = root.startHour === undefined ? DEFAULTS.startHour : v.number(root.startHour, 'startHour', 0, 24)
  return { name, description, seed, intervals, intervalSeconds, startHour }
}

/** `users`: how many join, with what collateral, how (the groups come later, once the limit prices are known). */
function parseUsers(v: Validator, value: unknown, intervals: number) {
  if (value === undefined) v.fail('users', 'is required (at least { "count": n })', undefined)
  const usersIn = v.record(value, 'users', fields(USERS_FIELDS))
  if (usersIn.count === undefined) v.fail('users.count', 'is required: how many users join', undefined)
  const count = v.integer(usersIn.count, 'users.count', 1, MAX_USERS)
  if (count * intervals > MAX_USER_INTERVALS)
    v.fail('users.count', `times ${intervals} intervals must be at most ${MAX_USER_INTERVALS} user-intervals`, count)
  const collateralWei =
    usersIn.collateralWei === undefined
      ? DEFAULTS.collateralWei
      : v.wei(usersIn.collateralWei, 'users.collateralWei', 0n, MAX_COLLATERAL_WEI)
  checkTotalCollateral(v, count, collateralWei, usersIn.collateralWei)
  if (usersIn.mix !== undefined && usersIn.groups !== undefined)
    v.fail('users.groups', 'cannot be given together with users.mix (give each group its share)', usersIn.groups)
  const mixOfRoles = parseMix(v, usersIn.mix)
  const onboarding =
    usersIn.onboarding === undefined
      ? 'registerInPool'
      : v.oneOf<Onboarding>(usersIn.onboarding, 'users.onboarding', ONBOARDINGS)
  const onInvalidCommitment =
    usersIn.onInvalidCommitment === undefined
      ? 'stop'
      : v.oneOf(usersIn.onInvalidCommitment, 'users.onInvalidCommitment', INVALID_COMMITMENT_CHOICES)
  return { count, collateralWei, mixOfRoles, onboarding, onInvalidCommitment, groups: usersIn.groups }
}

/** Every user's collateral together must fit what the contracts can hold. */
function checkTotalCollateral(v: Validator, count: number, collateralWei: bigint, given: unknown): void {
  if (BigInt(count) * collateralWei > MAX_COLLATERAL_WEI) {
    v.fail(
      'users.collateralWei',
      `times ${count} users exceeds the ${MAX_COLLATERAL_WEI} wei the contracts can hold`,
      given,
    )
  }
}

/** `profiles`: what producers make and consumers use, per interval. */
function parseProfiles(context: SeriesContext, value: unknown): Scenario['profiles'] {
  const { v } = context
  const profilesIn = value === undefined ? {} : v.record(value, 'profiles', fields(PROFILES_FIELDS))
  const production = parseProfile(
    context,
    profilesIn.production ?? { type: 'solar', peakWh: 3_000 },
    'profiles.production',
  )
  const consumption = parseProfile(context, profilesIn.consumption ?? { type: 'evening-peak' }, 'profiles.consumption')
  return { production, consumption }
}

/** `limitPrices`: the range each side's limit prices are drawn from. */
function parseLimitPrices(v: Validator, value: unknown): Scenario['limitPrices'] {
  const limitsIn = value === undefined ? {} : v.record(value, 'limitPrices', fields(LIMIT_PRICES_FIELDS))
  return {
    production: parsePriceRange(v, limitsIn.production, 'limitPrices.production', DEFAULTS.productionLimitWeiPerKWh),
    consumption: parsePriceRange(
      v,
      limitsIn.consumption,
      'limitPrices.consumption',
      DEFAULTS.consumptionLimitWeiPerKWh,
    ),
  }
}

/** `oracle`: the price feed's series and what the meter reads. */
function parseOracle(context: SeriesContext, value: unknown): Scenario['oracle'] {
  const { v } = context
  const oracleIn = value === undefined ? {} : v.record(value, 'oracle', fields(ORACLE_FIELDS))
  const priceWeiPerKWh = parsePriceSeries(context, oracleIn.price ?? DEFAULTS.priceWeiPerKWh.toString(), 'oracle.price')
  return {
    priceWeiPerKWh,
    production: parseMetered(context, oracleIn.production, 'oracle.production'),
    consumption: parseMetered(context, oracleIn.consumption, 'oracle.consumption'),
  }
}

/** `grid`: the grid's import and feed-in prices per interval. */
function parseGrid(context: SeriesContext, value: unknown): Scenario['grid'] {
  const { v } = context
  const gridIn = value === undefined ? {} : v.record(value, 'grid', fields(GRID_FIELDS))
  return {
    importWeiPerKWh: parsePriceSeries(
      context,
      gridIn.importPrice ?? DEFAULTS.importWeiPerKWh.toString(),
      'grid.importPrice',
    ),
    feedInWeiPerKWh: parsePriceSeries(
      context,
      gridIn.feedInPrice ?? DEFAULTS.feedInWeiPerKWh.toString(),
      'grid.feedInPrice',
    ),
  }
}

/** `market`: the mechanism, named in the registry. */
function parseMarket(v: Validator, value: unknown, mechanisms: MechanismRegistry): Scenario['market'] {
  const marketIn = value === undefined ? {} : v.record(value, 'market', fields(MARKET_FIELDS))
  return {
    mechanism:
      marketIn.mechanism === undefined
        ? DEFAULT_MECHANISM
        : (mechanisms.get(v.oneOf(marketIn.mechanism, 'market.mechanism', [...mechanisms.keys()])) as MarketMechanism),
  }
}

/** `keeper`: its batch sizes. */
function parseKeeper(v: Validator, value: unknown): Scenario['keeper'] {
  const keeperIn = value === undefined ? {} : v.record(value, 'keeper', fields(KEEPER_FIELDS))
  return {
    processBatch:
      keeperIn.processBatch === undefined
        ? DEFAULT_PROCESS_BATCH
        : v.integer(keeperIn.processBatch, 'keeper.processBatch', 1, MAX_PROCESS_BATCH),
    settleBatch:
      keeperIn.settleBatch === undefined
        ? DEFAULT_SETTLE_BATCH
        : v.integer(keeperIn.settleBatch, 'keeper.settleBatch', 1, MAX_SETTLE_BATCH),
  }
}

/**
 * Reads a scenario file (JSON) and {@link parseScenario parses} it, CSV paths relative to the file.
 *
 * @param path the scenario file
 * @throws ScenarioError when the file is not JSON or the definition is refused
 * @example
 * import { loadScenario, runScenario } from 'dem-sim'
 * const result = await runScenario(await loadScenario('scenarios/my-day.json'))
 */
export async function loadScenario(path: string, options: Omit<ParseScenarioOptions, 'file'> = {}): Promise<Scenario> {
  let text: string
  try {
    text = await readTextFile(path)
  } catch (error) {
    throw new ScenarioError(
      '',
      `cannot read the scenario file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      path,
      { file: path, cause: error, omitValue: true },
    )
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ScenarioError('', `not valid JSON: ${describeJsonError(text, error as Error)}`, text, {
      file: path,
      cause: error,
      omitValue: true,
    })
  }
  return parseScenario(json, { ...options, file: path })
}

/** A JSON syntax error with its line and column instead of a character offset. */
function describeJsonError(text: string, error: Error): string {
  const message = error.message.replace(/^(Unexpected token .*?), (\.\.\.)?".*" is not valid JSON$/s, '$1')
  const match = /at position (\d+)/.exec(message)
  if (match === null) return message
  const before = text.slice(0, Number(match[1]))
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  return `${message.replace(/\s*(in JSON )?at position \d+.*$/s, '')} at line ${line}, column ${column}`
}

/** The same scenario with another number of users (for sweeps). */
export function withUserCount(scenario: Scenario, count: number): Scenario {
  const v = createValidator(undefined)
  v.integer(count, 'users.count', 1, MAX_USERS)
  if (scenario.users.groups.some((group) => group.count !== undefined))
    v.fail('users.count', "is fixed by the groups' counts: give the groups shares to vary it", count)
  if (count * scenario.intervals > MAX_USER_INTERVALS)
    v.fail(
      'users.count',
      `times ${scenario.intervals} intervals must be at most ${MAX_USER_INTERVALS} user-intervals`,
      count,
    )
  checkTotalCollateral(v, count, scenario.users.collateralWei, scenario.users.collateralWei)
  const definition = { ...scenario.definition, users: { ...scenario.definition.users, count } }
  return { ...scenario, users: { ...scenario.users, count }, definition }
}
