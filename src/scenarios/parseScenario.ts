import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { DEFAULT_GRID_TARIFF } from '../mechanisms/gridTariff.js'
import { BUILTIN_MECHANISMS, DEFAULT_MECHANISM, type MechanismRegistry } from '../mechanisms/mechanisms.js'
import { parseEconomics } from './kpis/parseEconomics.js'
import { parseCsvColumn } from './parseCsvColumn.js'
import { bump, eveningPeakWhPerHour, hourOfInterval, solarWhPerHour } from './profileShapes.js'
import {
  BATTERY_FIELDS,
  DEFAULT_PROCESS_BATCH,
  DEFAULT_SETTLE_BATCH,
  GRID_FIELDS,
  GROUP_FIELDS,
  INVALID_COMMITMENT_CHOICES,
  KEEPER_FIELDS,
  LIMIT_PRICES_FIELDS,
  MARKET_FIELDS,
  MAX_DESCRIPTION_LENGTH,
  MAX_INTERVALS,
  MAX_NAME_LENGTH,
  MAX_PATH_LENGTH,
  MAX_PRICE_WINDOW,
  MAX_PROCESS_BATCH,
  MAX_SETTLE_BATCH,
  MAX_UINT32,
  MAX_USER_INTERVALS,
  MAX_USERS,
  METERED_CSV_FIELDS,
  METERED_FIELDS,
  DEFAULT_ORDER_BATCH,
  MAX_ORDER_BATCH,
  ONBOARDINGS,
  ORACLE_FIELDS,
  ORDER_PATHS,
  PRICE_RANGE_FIELDS,
  PRICE_VARIANTS,
  PROFILE_VARIANTS,
  PROFILES_FIELDS,
  ROLES,
  SCENARIO_FIELDS,
  STRATEGY_VARIANTS,
  USERS_FIELDS,
} from './scenarioSchema.js'
import { ScenarioError } from './ScenarioError.js'
import {
  OUTSIDE_ERROR_CODE,
  defaultBaseDir,
  isInside,
  readInside,
  readTextFile,
  resolveScenarioPath,
} from './scenarioFiles.js'
import type {
  BatterySpec,
  Onboarding,
  ResolvedMetered,
  ResolvedProfile,
  ResolvedStrategy,
  ResolvedUserGroup,
  Role,
  Scenario,
  ScenarioDefinition,
} from './types.js'

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

const ETHER = 10n ** 18n
const DEFAULTS = {
  seed: 1,
  intervalSeconds: 3600,
  startHour: 0,
  collateralWei: ETHER / 10n,
  productionLimitWeiPerKWh: 40_000_000_000_000n,
  consumptionLimitWeiPerKWh: 70_000_000_000_000n,
  priceWeiPerKWh: 50_000_000_000_000n,
  importWeiPerKWh: DEFAULT_GRID_TARIFF.importWeiPerKWh,
  feedInWeiPerKWh: DEFAULT_GRID_TARIFF.feedInWeiPerKWh,
  batteryEfficiency: 0.9,
} as const
/** Most user groups a scenario may have. */
const MAX_GROUPS = 1_000

/** The contracts hold at most 2^96 − 1 wei of collateral and prices below 2^96 (limits) and 2^128 (feed). */
const MAX_COLLATERAL_WEI = 2n ** 96n - 1n
const MAX_LIMIT_PRICE = 2n ** 96n - 1n
const MAX_FEED_PRICE = 2n ** 128n - 1n
const fields = (node: Record<string, unknown>): readonly string[] => Object.keys(node)

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

  if (root.users === undefined) v.fail('users', 'is required (at least { "count": n })', undefined)
  const usersIn = v.record(root.users, 'users', fields(USERS_FIELDS))
  if (usersIn.count === undefined) v.fail('users.count', 'is required: how many users join', undefined)
  const count = v.integer(usersIn.count, 'users.count', 1, MAX_USERS)
  if (count * intervals > MAX_USER_INTERVALS)
    v.fail('users.count', `times ${intervals} intervals must be at most ${MAX_USER_INTERVALS} user-intervals`, count)
  const collateralWei =
    usersIn.collateralWei === undefined
      ? DEFAULTS.collateralWei
      : v.wei(usersIn.collateralWei, 'users.collateralWei', 0n, MAX_COLLATERAL_WEI)
  if (BigInt(count) * collateralWei > MAX_COLLATERAL_WEI) {
    v.fail(
      'users.collateralWei',
      `times ${count} users exceeds the ${MAX_COLLATERAL_WEI} wei the contracts can hold`,
      usersIn.collateralWei,
    )
  }
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
  const profilesIn = root.profiles === undefined ? {} : v.record(root.profiles, 'profiles', fields(PROFILES_FIELDS))
  const production = parseProfile(
    context,
    profilesIn.production ?? { type: 'solar', peakWh: 3_000 },
    'profiles.production',
  )
  const consumption = parseProfile(context, profilesIn.consumption ?? { type: 'evening-peak' }, 'profiles.consumption')

  const limitsIn =
    root.limitPrices === undefined ? {} : v.record(root.limitPrices, 'limitPrices', fields(LIMIT_PRICES_FIELDS))
  const limitPrices = {
    production: parsePriceRange(v, limitsIn.production, 'limitPrices.production', DEFAULTS.productionLimitWeiPerKWh),
    consumption: parsePriceRange(
      v,
      limitsIn.consumption,
      'limitPrices.consumption',
      DEFAULTS.consumptionLimitWeiPerKWh,
    ),
  }

  const oracleIn = root.oracle === undefined ? {} : v.record(root.oracle, 'oracle', fields(ORACLE_FIELDS))
  const priceWeiPerKWh = parsePriceSeries(context, oracleIn.price ?? DEFAULTS.priceWeiPerKWh.toString(), 'oracle.price')
  const oracle = {
    priceWeiPerKWh,
    production: parseMetered(context, oracleIn.production, 'oracle.production'),
    consumption: parseMetered(context, oracleIn.consumption, 'oracle.consumption'),
  }

  const gridIn = root.grid === undefined ? {} : v.record(root.grid, 'grid', fields(GRID_FIELDS))
  const grid = {
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

  const groups =
    usersIn.groups === undefined
      ? groupsOfMix(mixOfRoles)
      : parseGroups(context, usersIn.groups, count, limitPrices, options.strategies ?? [])
  const mix = usersIn.groups === undefined ? mixOfRoles : mixOfGroups(groups)

  const marketIn = root.market === undefined ? {} : v.record(root.market, 'market', fields(MARKET_FIELDS))
  const mechanisms = options.mechanisms ?? BUILTIN_MECHANISMS
  const market = {
    mechanism:
      marketIn.mechanism === undefined
        ? DEFAULT_MECHANISM
        : (mechanisms.get(v.oneOf(marketIn.mechanism, 'market.mechanism', [...mechanisms.keys()])) as MarketMechanism),
  }

  const keeperIn = root.keeper === undefined ? {} : v.record(root.keeper, 'keeper', fields(KEEPER_FIELDS))
  const keeper = {
    processBatch:
      keeperIn.processBatch === undefined
        ? DEFAULT_PROCESS_BATCH
        : v.integer(keeperIn.processBatch, 'keeper.processBatch', 1, MAX_PROCESS_BATCH),
    settleBatch:
      keeperIn.settleBatch === undefined
        ? DEFAULT_SETTLE_BATCH
        : v.integer(keeperIn.settleBatch, 'keeper.settleBatch', 1, MAX_SETTLE_BATCH),
  }

  return {
    resolved: true,
    name,
    description,
    seed,
    intervals,
    intervalSeconds,
    startHour,
    users: { count, collateralWei, mix, onboarding, groups, onInvalidCommitment },
    profiles: { production, consumption },
    limitPrices,
    oracle,
    grid,
    keeper,
    market,
    economics: parseEconomics(root.economics, v.fail, intervals * intervalSeconds),
    definition: JSON.parse(JSON.stringify(input)) as ScenarioDefinition,
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
  if (BigInt(count) * scenario.users.collateralWei > MAX_COLLATERAL_WEI) {
    v.fail(
      'users.collateralWei',
      `times ${count} users exceeds the ${MAX_COLLATERAL_WEI} wei the contracts can hold`,
      scenario.users.collateralWei,
    )
  }
  const definition = { ...scenario.definition, users: { ...scenario.definition.users, count } }
  return { ...scenario, users: { ...scenario.users, count }, definition }
}

// ------------------------------------------------------------------------------------------------

type Validator = ReturnType<typeof createValidator>

function createValidator(file: string | undefined) {
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

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path === '' ? key : `${path}.${key}`
}

function parseMix(v: Validator, value: unknown): Scenario['users']['mix'] {
  if (value === undefined) return { producers: 0.5, consumers: 0.5, prosumers: 0 }
  const mix = v.record(value, 'users.mix', ['producers', 'consumers', 'prosumers'])
  const producers = mix.producers === undefined ? 0 : v.fraction(mix.producers, 'users.mix.producers')
  const consumers = mix.consumers === undefined ? 0 : v.fraction(mix.consumers, 'users.mix.consumers')
  const prosumers = mix.prosumers === undefined ? 0 : v.fraction(mix.prosumers, 'users.mix.prosumers')
  const sum = producers + consumers + prosumers
  if (Math.abs(sum - 1) > 1e-9) v.fail('users.mix', `shares must sum to 1 (they sum to ${sum})`, value)
  return { producers, consumers, prosumers }
}

function groupsOfMix(mix: Scenario['users']['mix']): ResolvedUserGroup[] {
  const profile: ResolvedStrategy = { type: 'profile', params: {} }
  return (['producers', 'consumers', 'prosumers'] as const)
    .filter((name) => mix[name] > 0)
    .map((name) => ({
      name,
      role: name.slice(0, -1) as Role,
      share: mix[name],
      count: undefined,
      strategy: profile,
      battery: undefined,
      orders: 'direct' as const,
      orderBatch: DEFAULT_ORDER_BATCH,
    }))
}

function mixOfGroups(groups: readonly ResolvedUserGroup[]): Scenario['users']['mix'] {
  const mix = { producers: 0, consumers: 0, prosumers: 0 }
  for (const group of groups) mix[`${group.role}s`] += group.share
  return mix
}

function parseGroups(
  context: SeriesContext,
  value: unknown,
  count: number,
  limitPrices: Scenario['limitPrices'],
  custom: readonly string[],
): ResolvedUserGroup[] {
  const { v } = context
  if (!Array.isArray(value) || value.length === 0) v.fail('users.groups', 'must be a non-empty array of groups', value)
  const list = value as unknown[]
  if (list.length > MAX_GROUPS) v.fail('users.groups', `must have at most ${MAX_GROUPS} groups`, value)
  const byCount = list.some(
    (group) => group !== null && typeof group === 'object' && (group as { count?: unknown }).count !== undefined,
  )
  const groups = list.map((item, g): ResolvedUserGroup => {
    const at = `users.groups[${g}]`
    const group = v.record(item, at, fields(GROUP_FIELDS))
    const name = group.name === undefined ? `group-${g}` : v.string(group.name, join(at, 'name'), MAX_NAME_LENGTH)
    let share: number
    let exact: number | undefined
    if (byCount) {
      if (group.count === undefined)
        v.fail(
          join(at, 'count'),
          'is required when another group gives a count (give every group a count, or every group a share)',
          undefined,
        )
      if (group.share !== undefined) v.fail(join(at, 'share'), 'cannot be given with count', group.share)
      exact = v.integer(group.count, join(at, 'count'), 0, MAX_USERS)
      share = exact / count
    } else {
      if (group.share === undefined)
        v.fail(
          join(at, 'share'),
          'is required: the share of users.count in this group (or give every group a count)',
          undefined,
        )
      share = v.fraction(group.share, join(at, 'share'))
    }
    const role = group.role === undefined ? 'prosumer' : v.oneOf<Role>(group.role, join(at, 'role'), ROLES)
    const battery = group.battery === undefined ? undefined : parseBattery(context, group.battery, join(at, 'battery'))
    const strategy = parseStrategy(v, group.strategy ?? { type: 'profile' }, join(at, 'strategy'), limitPrices, custom)
    if (strategy.type === 'battery' && battery === undefined)
      v.fail(join(at, 'battery'), 'is required by the battery strategy (e.g. { "capacityWh": 10000 })', undefined)
    const orders = group.orders === undefined ? 'direct' : v.oneOf(group.orders, join(at, 'orders'), ORDER_PATHS)
    const orderBatch =
      group.orderBatch === undefined
        ? DEFAULT_ORDER_BATCH
        : v.integer(group.orderBatch, join(at, 'orderBatch'), 1, MAX_ORDER_BATCH)
    return { name, role, share, count: exact, strategy, battery, orders, orderBatch }
  })
  if (byCount) {
    const total = groups.reduce((n, group) => n + (group.count as number), 0)
    if (total !== count)
      v.fail('users.groups', `counts must add up to users.count (${count}); they add up to ${total}`, value)
  } else {
    const total = groups.reduce((n, group) => n + group.share, 0)
    if (Math.abs(total - 1) > 1e-9) v.fail('users.groups', `shares must sum to 1 (they sum to ${total})`, value)
  }
  return groups
}

const STRATEGY_FIELDS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(STRATEGY_VARIANTS).map(([type, variant]) => [type, fields(variant)]),
)

function parseStrategy(
  v: Validator,
  value: unknown,
  at: string,
  limitPrices: Scenario['limitPrices'],
  custom: readonly string[],
): ResolvedStrategy {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    v.fail(
      at,
      'must be a strategy object ({ "type": "profile" | "battery" | "price-responsive" | "random" | a strategy given in code, ... })',
      value,
    )
  const type = (value as { type?: unknown }).type
  const known = typeof type === 'string' ? STRATEGY_FIELDS[type] : undefined
  if (known === undefined) {
    if (typeof type === 'string' && custom.includes(type)) {
      const { type: _type, ...params } = value as Record<string, unknown>
      return { type, params: JSON.parse(JSON.stringify(params)) as Record<string, unknown> }
    }
    const names = [...Object.keys(STRATEGY_FIELDS), ...custom].map((t) => `"${t}"`).join(', ')
    return v.fail(
      join(at, 'type'),
      `is not a known strategy (${names}; strategies given in code go in runScenario's strategies option)`,
      type,
    )
  }
  const p = v.record(value, at, known)
  const price = (key: string, fallback: bigint | undefined) =>
    p[key] === undefined ? fallback : v.wei(p[key], join(at, key), 0n, MAX_LIMIT_PRICE)
  const windowOf = (key: string, fallback: number) =>
    p[key] === undefined ? fallback : v.integer(p[key], join(at, key), 1, MAX_PRICE_WINDOW)
  switch (type) {
    case 'battery':
      return {
        type,
        params: {
          dischargeAboveWeiPerKWh: price('dischargeAboveWeiPerKWh', 0n),
          sellAboveWeiPerKWh: price('sellAboveWeiPerKWh', undefined),
          priceWindow: windowOf('priceWindow', 3),
        },
      }
    case 'price-responsive':
      return {
        type,
        params: {
          window: windowOf('window', 4),
          margin: p.margin === undefined ? 0.1 : v.fraction(p.margin, join(at, 'margin')),
        },
      }
    case 'random': {
      const minPriceWeiPerKWh = price('minPriceWeiPerKWh', limitPrices.production.minWeiPerKWh) as bigint
      const maxPriceWeiPerKWh = price('maxPriceWeiPerKWh', limitPrices.consumption.maxWeiPerKWh) as bigint
      if (maxPriceWeiPerKWh < minPriceWeiPerKWh)
        v.fail(
          join(at, 'maxPriceWeiPerKWh'),
          `must be at least minPriceWeiPerKWh (${minPriceWeiPerKWh})`,
          p.maxPriceWeiPerKWh,
        )
      const maxEnergyWh =
        p.maxEnergyWh === undefined
          ? 2_000
          : v.integer(p.maxEnergyWh, join(at, 'maxEnergyWh'), 1, Number.MAX_SAFE_INTEGER)
      return {
        type,
        params: {
          commitProbability:
            p.commitProbability === undefined ? 1 : v.fraction(p.commitProbability, join(at, 'commitProbability')),
          maxEnergyWh: BigInt(maxEnergyWh),
          minPriceWeiPerKWh,
          maxPriceWeiPerKWh,
        },
      }
    }
    default:
      return { type: type as string, params: {} }
  }
}

function parseBattery(context: SeriesContext, value: unknown, at: string): BatterySpec {
  const { v, intervalSeconds } = context
  const b = v.record(value, at, fields(BATTERY_FIELDS))
  if (b.capacityWh === undefined) v.fail(join(at, 'capacityWh'), 'is required: the usable capacity in Wh', undefined)
  const capacity = v.energy(b.capacityWh, join(at, 'capacityWh'))
  if (capacity === 0) v.fail(join(at, 'capacityWh'), 'must be positive (Wh)', b.capacityWh)
  const capacityWh = BigInt(Math.round(capacity))
  const perInterval = (energyKey: string, powerKey: string): bigint => {
    if (b[energyKey] !== undefined && b[powerKey] !== undefined)
      v.fail(join(at, powerKey), `cannot be given with ${energyKey}`, b[powerKey])
    if (b[energyKey] !== undefined) return BigInt(Math.floor(v.energy(b[energyKey], join(at, energyKey))))
    const watts = b[powerKey] === undefined ? capacity / 2 : v.energy(b[powerKey], join(at, powerKey))
    if (watts === 0) v.fail(join(at, powerKey), 'must be positive (W)', b[powerKey])
    return BigInt(Math.floor((watts * intervalSeconds) / 3600))
  }
  const maxChargeWh = perInterval('maxChargeWh', 'maxChargeW')
  const maxDischargeWh = perInterval('maxDischargeWh', 'maxDischargeW')
  const efficiency =
    b.efficiency === undefined ? DEFAULTS.batteryEfficiency : v.number(b.efficiency, join(at, 'efficiency'), 0, 1)
  if (efficiency === 0)
    v.fail(join(at, 'efficiency'), 'must be greater than 0 (a round-trip efficiency in (0, 1])', b.efficiency)
  const wh = (key: string, fallback: bigint) =>
    b[key] === undefined ? fallback : BigInt(Math.round(v.energy(b[key], join(at, key))))
  const minStateOfChargeWh = wh('minStateOfChargeWh', 0n)
  if (minStateOfChargeWh > capacityWh)
    v.fail(join(at, 'minStateOfChargeWh'), `must be at most capacityWh (${capacityWh})`, b.minStateOfChargeWh)
  const initialStateOfChargeWh = wh('initialStateOfChargeWh', minStateOfChargeWh)
  if (initialStateOfChargeWh > capacityWh)
    v.fail(join(at, 'initialStateOfChargeWh'), `must be at most capacityWh (${capacityWh})`, b.initialStateOfChargeWh)
  if (initialStateOfChargeWh < minStateOfChargeWh)
    v.fail(
      join(at, 'initialStateOfChargeWh'),
      `must be at least minStateOfChargeWh (${minStateOfChargeWh})`,
      b.initialStateOfChargeWh,
    )
  const wearWeiPerKWh =
    b.wearWeiPerKWh === undefined ? 0n : v.wei(b.wearWeiPerKWh, join(at, 'wearWeiPerKWh'), 0n, MAX_LIMIT_PRICE)
  return {
    capacityWh,
    maxChargeWh,
    maxDischargeWh,
    efficiency,
    initialStateOfChargeWh,
    minStateOfChargeWh,
    wearWeiPerKWh,
  }
}

type SeriesContext = {
  v: Validator
  intervals: number
  intervalSeconds: number
  startHour: number
  baseDir: string
  read: (path: string) => string
  file: string | undefined
  allowOutside: boolean
}

const PROFILE_FIELDS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(PROFILE_VARIANTS).map(([type, variant]) => [type, fields(variant)]),
)

function parseProfile(context: SeriesContext, value: unknown, path: string): ResolvedProfile {
  const { v, intervals, intervalSeconds, startHour } = context
  if (Array.isArray(value)) return { type: 'array', baseWh: energyArray(v, value, path, intervals), jitter: 0 }
  if (value === null || typeof value !== 'object')
    v.fail(
      path,
      'must be a profile object ({ "type": "flat" | "solar" | "evening-peak" | "array" | "csv", ... }) or an array of Wh per interval',
      value,
    )
  const type = (value as { type?: unknown }).type
  const known = typeof type === 'string' ? PROFILE_FIELDS[type] : undefined
  if (known === undefined)
    v.fail(
      join(path, 'type'),
      `must be one of ${Object.keys(PROFILE_FIELDS)
        .map((t) => `"${t}"`)
        .join(', ')}`,
      type,
    )
  const p = v.record(value, path, known as readonly string[])
  const jitter = p.jitter === undefined ? 0 : v.fraction(p.jitter, join(path, 'jitter'))
  const hours = intervalSeconds / 3600
  const perInterval = (rate: (hour: number) => number) =>
    Array.from({ length: intervals }, (_, i) => rate(hourOfInterval(i, startHour, intervalSeconds, 0.5)) * hours)
  const optionalNumber = (key: string, fallback: number, min: number, max: number) =>
    p[key] === undefined ? fallback : v.number(p[key], join(path, key), min, max)
  const optionalEnergy = (key: string, fallback: number) =>
    p[key] === undefined ? fallback : v.energy(p[key], join(path, key))

  switch (type) {
    case 'flat': {
      if (p.energyWh === undefined) v.fail(join(path, 'energyWh'), 'is required for a flat profile', undefined)
      const energyWh = v.energy(p.energyWh, join(path, 'energyWh'))
      return { type, baseWh: perInterval(() => energyWh), jitter }
    }
    case 'solar': {
      if (p.peakWh === undefined)
        v.fail(join(path, 'peakWh'), 'is required for a solar profile (Wh per hour at noon)', undefined)
      const peakWh = v.energy(p.peakWh, join(path, 'peakWh'))
      const sunriseHour = optionalNumber('sunriseHour', 6, 0, 24)
      const sunsetHour = optionalNumber('sunsetHour', 18, 0, 24)
      if (sunsetHour <= sunriseHour)
        v.fail(join(path, 'sunsetHour'), `must be after sunriseHour (${sunriseHour})`, sunsetHour)
      return { type, baseWh: perInterval((hour) => solarWhPerHour(hour, { peakWh, sunriseHour, sunsetHour })), jitter }
    }
    case 'evening-peak': {
      const shape = {
        baseWh: optionalEnergy('baseWh', 300),
        peakWh: optionalEnergy('peakWh', 700),
        peakHour: optionalNumber('peakHour', 19, 0, 24),
        widthHours: optionalNumber('widthHours', 2.5, 0.1, 24),
        morningPeakWh: optionalEnergy('morningPeakWh', 250),
        morningHour: optionalNumber('morningHour', 7.5, 0, 24),
        morningWidthHours: optionalNumber('morningWidthHours', 1.5, 0.1, 24),
      }
      return { type, baseWh: perInterval((hour) => eveningPeakWhPerHour(hour, shape)), jitter }
    }
    case 'array': {
      if (p.valuesWh === undefined)
        v.fail(join(path, 'valuesWh'), 'is required for an array profile (Wh per interval)', undefined)
      return { type, baseWh: energyArray(v, p.valuesWh, join(path, 'valuesWh'), intervals), jitter }
    }
    default: {
      const scale = p.scale === undefined ? 1 : v.number(p.scale, join(path, 'scale'), 0, Number.MAX_SAFE_INTEGER)
      return { type: 'csv', baseWh: readEnergyCsv(context, p, path, scale), jitter }
    }
  }
}

function energyArray(v: Validator, value: unknown, path: string, intervals: number): number[] {
  return v.array(value, path, intervals, 'energies in Wh').map((x, i) => v.energy(x, join(path, i)))
}

function readCsv(context: SeriesContext, spec: Record<string, unknown>, path: string) {
  const { v, intervals, baseDir, read } = context
  if (spec.file === undefined)
    v.fail(join(path, 'file'), 'is required for a csv series (a path relative to the scenario file)', undefined)
  const name = v.string(spec.file, join(path, 'file'), MAX_PATH_LENGTH)
  const column = spec.column === undefined ? undefined : v.string(spec.column, join(path, 'column'), MAX_NAME_LENGTH)
  const target = resolveScenarioPath(baseDir, name)
  if (!context.allowOutside && !isInside(baseDir, target)) {
    v.fail(
      join(path, 'file'),
      `must be a path inside the scenario's folder (${baseDir}); allow others with allowOutside (the CLI's --allow-outside)`,
      name,
    )
  }
  let text: string
  try {
    text = read(target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === OUTSIDE_ERROR_CODE)
      v.fail(
        join(path, 'file'),
        `leads outside the scenario's folder (${baseDir}) through a symbolic link; allow it with allowOutside (the CLI's --allow-outside)`,
        name,
      )
    return v.fail(join(path, 'file'), `cannot be read (${code ?? 'error'})`, name)
  }
  const csv = parseCsvColumn({ text, column, file: name, path, scenarioFile: context.file })
  if (csv.cells.length !== intervals) {
    v.fail(
      join(path, 'file'),
      `must have one row per interval (intervals = ${intervals}) but ${name} has ${csv.cells.length}`,
      name,
    )
  }
  return { ...csv, name }
}

function readEnergyCsv(context: SeriesContext, spec: Record<string, unknown>, path: string, scale: number): number[] {
  const csv = readCsv(context, spec, path)
  return csv.cells.map((cell, i) => {
    const n = cell === '' ? Number.NaN : Number(cell)
    const where = `(${csv.name} line ${csv.lines[i]}, column "${csv.column}")`
    if (!Number.isFinite(n)) context.v.fail(path, `${where} must be a number of Wh`, cell)
    if (n < 0) context.v.fail(path, `${where} must not be negative (energy in Wh)`, cell)
    if (n * scale > Number.MAX_SAFE_INTEGER)
      context.v.fail(path, `${where} must be at most ${Number.MAX_SAFE_INTEGER} Wh`, cell)
    return n * scale
  })
}

function parsePriceRange(
  v: Validator,
  value: unknown,
  path: string,
  fallback: bigint,
): { minWeiPerKWh: bigint; maxWeiPerKWh: bigint } {
  if (value === undefined) return { minWeiPerKWh: fallback, maxWeiPerKWh: fallback }
  if (typeof value === 'string' || typeof value === 'number') {
    const price = v.wei(value, path, 1n, MAX_LIMIT_PRICE)
    return { minWeiPerKWh: price, maxWeiPerKWh: price }
  }
  const range = v.record(value, path, PRICE_RANGE_FIELDS)
  const minWeiPerKWh = v.wei(range.minWeiPerKWh, join(path, 'minWeiPerKWh'), 1n, MAX_LIMIT_PRICE)
  const maxWeiPerKWh = v.wei(range.maxWeiPerKWh, join(path, 'maxWeiPerKWh'), 1n, MAX_LIMIT_PRICE)
  if (maxWeiPerKWh < minWeiPerKWh)
    v.fail(join(path, 'maxWeiPerKWh'), `must be at least minWeiPerKWh (${minWeiPerKWh})`, range.maxWeiPerKWh)
  return { minWeiPerKWh, maxWeiPerKWh }
}

const PRICE_FIELDS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(PRICE_VARIANTS).map(([type, variant]) => [type, fields(variant)]),
)

function parsePriceSeries(context: SeriesContext, value: unknown, path: string): bigint[] {
  const { v, intervals, intervalSeconds, startHour } = context
  const price = (x: unknown, at: string) => v.wei(x, at, 1n, MAX_FEED_PRICE)
  if (typeof value === 'string' || typeof value === 'number') {
    const flat = price(value, path)
    return Array.from({ length: intervals }, () => flat)
  }
  if (Array.isArray(value))
    return v
      .array(value, path, intervals, 'prices (wei per kWh, decimal strings)')
      .map((x, i) => price(x, join(path, i)))
  if (value === null || typeof value !== 'object')
    v.fail(path, 'must be a price in wei per kWh (a decimal string), an array of them, or a series object', value)
  const type = (value as { type?: unknown }).type
  const known = typeof type === 'string' ? PRICE_FIELDS[type] : undefined
  if (known === undefined)
    v.fail(
      join(path, 'type'),
      `must be one of ${Object.keys(PRICE_FIELDS)
        .map((t) => `"${t}"`)
        .join(', ')}`,
      type,
    )
  const p = v.record(value, path, known as readonly string[])
  switch (type) {
    case 'flat': {
      const flat = price(p.weiPerKWh, join(path, 'weiPerKWh'))
      return Array.from({ length: intervals }, () => flat)
    }
    case 'evening-peak': {
      const base = price(p.baseWeiPerKWh, join(path, 'baseWeiPerKWh'))
      const peak = price(p.peakWeiPerKWh, join(path, 'peakWeiPerKWh'))
      if (peak < base) v.fail(join(path, 'peakWeiPerKWh'), `must be at least baseWeiPerKWh (${base})`, p.peakWeiPerKWh)
      const peakHour = p.peakHour === undefined ? 19 : v.number(p.peakHour, join(path, 'peakHour'), 0, 24)
      const widthHours = p.widthHours === undefined ? 3 : v.number(p.widthHours, join(path, 'widthHours'), 0.1, 24)
      // Exact integer arithmetic with a resolution of one millionth of the peak's excess.
      return Array.from({ length: intervals }, (_, i) => {
        const share = BigInt(
          Math.round(bump(hourOfInterval(i, startHour, intervalSeconds, 0.5), peakHour, widthHours) * 1e6),
        )
        return base + ((peak - base) * share) / 1_000_000n
      })
    }
    case 'array': {
      if (p.valuesWeiPerKWh === undefined)
        v.fail(join(path, 'valuesWeiPerKWh'), 'is required for an array price series', undefined)
      return v
        .array(p.valuesWeiPerKWh, join(path, 'valuesWeiPerKWh'), intervals, 'prices')
        .map((x, i) => price(x, join(join(path, 'valuesWeiPerKWh'), i)))
    }
    default: {
      const csv = readCsv(context, p, path)
      return csv.cells.map((cell, i) => {
        const where = `(${csv.name} line ${csv.lines[i]}, column "${csv.column}")`
        if (!/^\d+$/.test(cell)) v.fail(path, `${where} must be a positive whole number of wei per kWh`, cell)
        const amount = BigInt(cell)
        if (amount < 1n || amount > MAX_FEED_PRICE)
          v.fail(path, `${where} must be from 1 to ${MAX_FEED_PRICE} wei per kWh`, cell)
        return amount
      })
    }
  }
}

function parseMetered(context: SeriesContext, value: unknown, path: string): ResolvedMetered {
  const { v, intervals } = context
  if (value === undefined) return { meteredWh: undefined, shortfall: Array.from({ length: intervals }, () => 0) }
  const m = v.record(value, path, METERED_FIELDS)
  let shortfall: number[]
  if (m.shortfall === undefined) shortfall = Array.from({ length: intervals }, () => 0)
  else if (Array.isArray(m.shortfall))
    shortfall = v
      .array(m.shortfall, join(path, 'shortfall'), intervals, 'fractions')
      .map((x, i) => v.fraction(x, `${join(path, 'shortfall')}[${i}]`))
  else {
    const flat = v.fraction(m.shortfall, join(path, 'shortfall'))
    shortfall = Array.from({ length: intervals }, () => flat)
  }
  let meteredWh: number[] | undefined
  if (m.meteredWh !== undefined) {
    const at = join(path, 'meteredWh')
    if (Array.isArray(m.meteredWh)) meteredWh = energyArray(v, m.meteredWh, at, intervals)
    else {
      const spec = v.record(m.meteredWh, at, METERED_CSV_FIELDS)
      if (spec.type !== 'csv')
        v.fail(join(at, 'type'), 'must be "csv" (or give an array of Wh per interval)', spec.type)
      const scale = spec.scale === undefined ? 1 : v.number(spec.scale, join(at, 'scale'), 0, Number.MAX_SAFE_INTEGER)
      meteredWh = readEnergyCsv(context, spec, at, scale)
    }
  }
  return { meteredWh, shortfall }
}
