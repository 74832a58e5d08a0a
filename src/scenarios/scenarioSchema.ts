import { KEEPER_BATCHES } from '../market/keeperBatches.js'
import { DEFAULT_MECHANISM, mechanismNames } from '../mechanisms/mechanisms.js'
import { ECONOMICS_FIELDS } from './kpis/economicsSchema.js'
import {
  energy,
  fraction,
  hour,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PATH_LENGTH,
  type Node,
  object,
  text,
  wei,
} from './schemaNodes.js'
/**
 * The one declaration of a scenario file's shape: the JSON Schema that ships as
 * `schema/scenario.schema.json` (written from this by `npm run build:schema`, checked for
 * freshness by the tests) and the source of the field names, choices and bounds that
 * {@link parseScenario} checks. The parser adds what a schema cannot say: sums, one value per
 * interval, CSV contents, collateral against locks.
 */

/** Per-transaction keeper batches: the simulator's (see `KEEPER_BATCHES` for how they are sized). */
export const MAX_PROCESS_BATCH = KEEPER_BATCHES.process.max
export const MAX_SETTLE_BATCH = KEEPER_BATCHES.settle.max
export const DEFAULT_PROCESS_BATCH = KEEPER_BATCHES.process.default
export const DEFAULT_SETTLE_BATCH = KEEPER_BATCHES.settle.default
/** Signed orders per `submitOrders` transaction of a batched group. */
export const MAX_ORDER_BATCH = KEEPER_BATCHES.orders.max
export const DEFAULT_ORDER_BATCH = KEEPER_BATCHES.orders.default
export const ORDER_PATHS = ['direct', 'batched'] as const

export const MAX_UINT32 = 2 ** 32 - 1
/** Upper bounds that keep a plan in memory (a commitment per user per interval at most). */
export const MAX_INTERVALS = 100_000
export const MAX_USERS = 100_000
export const MAX_USER_INTERVALS = 5_000_000

export { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_PATH_LENGTH } from './schemaNodes.js'

export const ONBOARDINGS = ['registerInPool', 'registerTransfer', 'registerApproveDeposit'] as const

/** Where the schema says it lives once published. */
export const SCENARIO_SCHEMA_ID = 'https://unpkg.com/dem-sim/schema/scenario.schema.json'

const csvFile = text(
  MAX_PATH_LENGTH,
  "Path of a CSV file relative to the scenario's folder (other places need --allow-outside).",
)
const csvColumn = text(
  MAX_NAME_LENGTH,
  'Header of the column to read; may be left out when the file has one column besides an interval or hour column.',
)
const jitter = fraction("Each user's value varies by up to ± this share. Default 0.")

/** Per-user energy profiles by `type`: each variant's fields. */
export const PROFILE_VARIANTS = {
  flat: { type: { const: 'flat' }, energyWh: energy('Energy per hour of interval'), jitter },
  solar: {
    type: { const: 'solar' },
    peakWh: energy('Energy per hour at solar noon'),
    sunriseHour: hour('Default 6.'),
    sunsetHour: hour('Default 18.'),
    jitter,
  },
  'evening-peak': {
    type: { const: 'evening-peak' },
    baseWh: energy('Energy per hour all day; default 300'),
    peakWh: energy('Extra energy per hour at the evening peak; default 700'),
    peakHour: hour('Default 19.'),
    widthHours: {
      description: 'Width (standard deviation) of the evening peak in hours. Default 2.5.',
      type: 'number',
      minimum: 0.1,
      maximum: 24,
    },
    morningPeakWh: energy('Extra energy per hour at the morning peak; default 250'),
    morningHour: hour('Default 7.5.'),
    morningWidthHours: { description: 'Default 1.5.', type: 'number', minimum: 0.1, maximum: 24 },
    jitter,
  },
  array: {
    type: { const: 'array' },
    valuesWh: {
      description: 'Energy per interval (Wh), one value per interval.',
      type: 'array',
      items: energy('Energy'),
    },
    jitter,
  },
  csv: {
    type: { const: 'csv' },
    file: csvFile,
    column: csvColumn,
    scale: {
      description: 'Multiplies each value, e.g. 1000 for a column in kWh. Default 1.',
      type: 'number',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
    },
    jitter,
  },
} satisfies Record<string, Record<string, Node>>

const PROFILE_REQUIRED: Record<keyof typeof PROFILE_VARIANTS, readonly string[]> = {
  flat: ['type', 'energyWh'],
  solar: ['type', 'peakWh'],
  'evening-peak': ['type'],
  array: ['type', 'valuesWh'],
  csv: ['type', 'file'],
}

/** Oracle price series by `type`: each variant's fields. */
export const PRICE_VARIANTS = {
  flat: { type: { const: 'flat' }, weiPerKWh: wei('The price.') },
  'evening-peak': {
    type: { const: 'evening-peak' },
    baseWeiPerKWh: wei('The price outside the peak.'),
    peakWeiPerKWh: wei('The price at the peak.'),
    peakHour: hour('Default 19.'),
    widthHours: { description: 'Default 3.', type: 'number', minimum: 0.1, maximum: 24 },
  },
  array: {
    type: { const: 'array' },
    valuesWeiPerKWh: { description: 'One price per interval.', type: 'array', items: wei('A price.') },
  },
  csv: { type: { const: 'csv' }, file: csvFile, column: csvColumn },
} satisfies Record<string, Record<string, Node>>

const PRICE_REQUIRED: Record<keyof typeof PRICE_VARIANTS, readonly string[]> = {
  flat: ['type', 'weiPerKWh'],
  'evening-peak': ['type', 'baseWeiPerKWh', 'peakWeiPerKWh'],
  array: ['type', 'valuesWeiPerKWh'],
  csv: ['type', 'file'],
}

const PRICE_RANGE_PROPERTIES = {
  minWeiPerKWh: wei('The lowest drawn limit.'),
  maxWeiPerKWh: wei('The highest drawn limit.'),
}
const priceRange = (description: string): Node => ({
  description,
  anyOf: [
    wei('One limit price for every commitment (wei per kWh).'),
    object(PRICE_RANGE_PROPERTIES, Object.keys(PRICE_RANGE_PROPERTIES)),
  ],
})

const profile = (description: string): Node => ({
  description,
  anyOf: [
    {
      type: 'array',
      items: energy('Energy per interval'),
      description: 'Energy per user per interval (Wh), one value per interval.',
    },
    ...Object.entries(PROFILE_VARIANTS).map(([type, fields]) =>
      object(fields, PROFILE_REQUIRED[type as keyof typeof PROFILE_VARIANTS]),
    ),
  ],
})

const METERED_CSV_PROPERTIES = {
  type: { const: 'csv' },
  file: csvFile,
  column: csvColumn,
  scale: PROFILE_VARIANTS.csv.scale,
}
const METERED_PROPERTIES = {
  shortfall: {
    description:
      'Share (0–1) of the committed or given energy that is not metered: one for all intervals or one per interval. Default 0.',
    anyOf: [fraction('One share for all intervals.'), { type: 'array', items: fraction('The share in one interval.') }],
  },
  meteredWh: {
    description: 'The market-wide reading per interval instead of the committed total.',
    anyOf: [{ type: 'array', items: energy('Metered energy') }, object(METERED_CSV_PROPERTIES, ['type', 'file'])],
  },
}
const metered = (description: string): Node => ({ description, ...object(METERED_PROPERTIES) })

const priceSeries = (description: string): Node => ({
  description,
  anyOf: [
    wei('One price for all intervals.'),
    { type: 'array', items: wei('The price in one interval.') },
    ...Object.entries(PRICE_VARIANTS).map(([type, fields]) =>
      object(fields, PRICE_REQUIRED[type as keyof typeof PRICE_VARIANTS]),
    ),
  ],
})

export const ROLES = ['producer', 'consumer', 'prosumer'] as const
export const INVALID_COMMITMENT_CHOICES = ['stop', 'send'] as const
/** Longest price window a strategy may average over. */
export const MAX_PRICE_WINDOW = 10_000
const window = (description: string): Node => ({ description, type: 'integer', minimum: 1, maximum: MAX_PRICE_WINDOW })

/** Built-in strategies by `type`: each one's parameters. */
export const STRATEGY_VARIANTS = {
  profile: { type: { const: 'profile' } },
  battery: {
    type: { const: 'battery' },
    dischargeAboveWeiPerKWh: wei(
      "Cover the home's load from the battery only when the forecast clearing price is at least this (wei per kWh). Default 0: always.",
    ),
    sellAboveWeiPerKWh: wei(
      'When the forecast clearing price is at least this, discharge all the battery can deliver onto the market. Default: never.',
    ),
    priceWindow: window('Past clearing prices averaged for the forecast. Default 3.'),
  },
  'price-responsive': {
    type: { const: 'price-responsive' },
    window: window('Past clearing prices averaged for the forecast. Default 4.'),
    margin: fraction(
      'Producers ask the forecast × (1 − margin), consumers bid the forecast × (1 + margin). Default 0.1.',
    ),
  },
  random: {
    type: { const: 'random' },
    commitProbability: fraction('Chance of committing at all in an interval. Default 1.'),
    maxEnergyWh: {
      description: 'Energy is drawn uniformly from 1 to this (Wh). Default 2000.',
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
    },
    minPriceWeiPerKWh: wei("Lowest drawn limit price. Default the scenario's lowest producer limit."),
    maxPriceWeiPerKWh: wei("Highest drawn limit price. Default the scenario's highest consumer limit."),
  },
} satisfies Record<string, Record<string, Node>>

const power = (description: string): Node => ({
  description,
  type: 'number',
  exclusiveMinimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
})
export const BATTERY_FIELDS = {
  capacityWh: {
    description: 'Usable capacity (Wh).',
    type: 'number',
    exclusiveMinimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  },
  maxChargeWh: energy(
    'Most energy taken in per interval, before losses; or give maxChargeW. Default half the capacity per hour',
  ),
  maxDischargeWh: energy(
    'Most energy delivered per interval, after losses; or give maxDischargeW. Default half the capacity per hour',
  ),
  maxChargeW: power('Charging power (W), instead of maxChargeWh.'),
  maxDischargeW: power('Discharging power (W), instead of maxDischargeWh.'),
  efficiency: {
    description: 'Round-trip efficiency in (0, 1], taken when charging. Default 0.9.',
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 1,
  },
  initialStateOfChargeWh: energy('Stored at the start; default minStateOfChargeWh'),
  minStateOfChargeWh: energy('Never discharged below this; default 0'),
  wearWeiPerKWh: wei('Wear cost per kWh discharged, subtracted from a learning agent reward. Default 0.'),
} satisfies Record<string, Node>

export const GROUP_FIELDS = {
  name: text(MAX_NAME_LENGTH, 'The group name in results. Default group-<index>.'),
  share: fraction("Share of users.count; the groups' shares sum to 1 (or give count in every group)."),
  count: {
    description: "Exactly this many users; the groups' counts sum to users.count.",
    type: 'integer',
    minimum: 0,
    maximum: MAX_USERS,
  },
  role: {
    description: 'producer (generation only), consumer (load only) or prosumer (both). Default prosumer.',
    enum: ROLES,
  },
  strategy: {
    description:
      'How the group decides each interval: a built-in strategy, or one given in code by its name. Default { "type": "profile" }.',
    anyOf: [
      ...Object.entries(STRATEGY_VARIANTS).map(([, fields]) => object(fields, ['type'])),
      {
        description: 'A strategy given in code (runScenario(def, { strategies: { name } })), with its own parameters.',
        type: 'object',
        properties: {
          type: { type: 'string', maxLength: MAX_NAME_LENGTH, not: { enum: Object.keys(STRATEGY_VARIANTS) } },
        },
        required: ['type'],
      },
    ],
  },
  battery: { description: 'A home battery every user of the group has.', ...object(BATTERY_FIELDS, ['capacityWh']) },
  orders: {
    description:
      "How the group's commitments reach the market: direct (each household's own commit) or batched (signed orders an aggregator submits in batches of orderBatch). Default direct.",
    enum: ORDER_PATHS,
  },
  orderBatch: {
    description: `Orders per submitOrders transaction of a batched group. Default ${DEFAULT_ORDER_BATCH}.`,
    type: 'integer',
    minimum: 1,
    maximum: MAX_ORDER_BATCH,
  },
} satisfies Record<string, Node>

export const GRID_FIELDS = {
  importPrice: priceSeries(
    'What a household pays per kWh drawn from the grid (wei per kWh). Default 80000000000000, flat.',
  ),
  feedInPrice: priceSeries(
    'What a household earns per kWh fed into the grid (wei per kWh). Default 20000000000000, flat.',
  ),
} satisfies Record<string, Node>

export const USERS_FIELDS = {
  count: { description: 'How many users join.', type: 'integer', minimum: 1, maximum: MAX_USERS },
  collateralWei: wei('Collateral each user locks at registration. Default 0.1 ether.'),
  mix: {
    description: 'Shares of producers, consumers and prosumers, summing to 1. Default half producers, half consumers.',
    ...object({
      producers: fraction('Share of producers.'),
      consumers: fraction('Share of consumers.'),
      prosumers: fraction('Share of prosumers (commit the net of both profiles).'),
    }),
  },
  onboarding: {
    description: 'How a profile enters the pool. Default registerInPool (one transaction).',
    enum: ONBOARDINGS,
  },
  groups: {
    description:
      'User groups with their role, strategy and battery, instead of mix. Default: one profile group per role of mix.',
    type: 'array',
    minItems: 1,
    items: object(GROUP_FIELDS),
  },
  onInvalidCommitment: {
    description:
      'A strategy commitment the contracts would refuse: "stop" the run before sending it, or "send" it and record the refusal. Default "stop".',
    enum: INVALID_COMMITMENT_CHOICES,
  },
} satisfies Record<string, Node>

export const KEEPER_FIELDS = {
  processBatch: {
    description: `Commitments per processBuffer transaction. Default ${DEFAULT_PROCESS_BATCH}.`,
    type: 'integer',
    minimum: 1,
    maximum: MAX_PROCESS_BATCH,
  },
  settleBatch: {
    description: `Work items per settle transaction (a commitment counts when tallied and when paid). Default ${DEFAULT_SETTLE_BATCH}.`,
    type: 'integer',
    minimum: 1,
    maximum: MAX_SETTLE_BATCH,
  },
} satisfies Record<string, Node>

export const MARKET_FIELDS = {
  mechanism: {
    description: `The clearing mechanism: a built-in one (${mechanismNames().join(', ')}) or one registered with the runner. Default "${DEFAULT_MECHANISM.name}".`,
    type: 'string',
    minLength: 1,
    examples: mechanismNames(),
  },
} satisfies Record<string, Node>

export const PROFILES_FIELDS = {
  production: profile(
    'What each producer commits per interval. Default: a solar bell curve peaking at 3,000 Wh per hour.',
  ),
  consumption: profile('What each consumer commits per interval. Default: an evening-peak household load.'),
} satisfies Record<string, Node>

export const LIMIT_PRICES_FIELDS = {
  production: priceRange("A producer's lowest acceptable price (wei per kWh). Default 40000000000000."),
  consumption: priceRange("A consumer's highest acceptable price (wei per kWh). Default 70000000000000."),
} satisfies Record<string, Node>

export const ORACLE_FIELDS = {
  price: priceSeries('The clearing price reported for each interval (wei per kWh). Default 50000000000000, flat.'),
  production: metered('The metered production reported per interval. Default: what producers committed.'),
  consumption: metered('The metered consumption reported per interval. Default: what consumers committed.'),
} satisfies Record<string, Node>

export const METERED_FIELDS: readonly string[] = Object.keys(METERED_PROPERTIES)
export const PRICE_RANGE_FIELDS: readonly string[] = Object.keys(PRICE_RANGE_PROPERTIES)
export const METERED_CSV_FIELDS: readonly string[] = Object.keys(METERED_CSV_PROPERTIES)

export const SCENARIO_FIELDS = {
  $schema: text(
    MAX_PATH_LENGTH,
    'Where editors find this schema, e.g. node_modules/dem-sim/schema/scenario.schema.json.',
  ),
  name: text(MAX_NAME_LENGTH, "The scenario's name in reports. Default: the file's name."),
  description: text(MAX_DESCRIPTION_LENGTH, 'What the scenario is about.'),
  seed: {
    description: 'Seed of the pseudo-random draws (jitter, limit prices). Default 1.',
    type: 'integer',
    minimum: 0,
    maximum: MAX_UINT32,
  },
  intervals: { description: 'How many market intervals to run.', type: 'integer', minimum: 1, maximum: MAX_INTERVALS },
  intervalSeconds: {
    description: 'Length of an interval in seconds. Default 3600.',
    type: 'integer',
    minimum: 1,
    maximum: MAX_UINT32,
  },
  startHour: hour('Hour of the day (0–24) at which interval 0 starts; built-in profiles follow the clock. Default 0.'),
  users: { description: 'Who takes part.', ...object(USERS_FIELDS, ['count']) },
  profiles: { description: 'What each user commits per interval.', ...object(PROFILES_FIELDS) },
  limitPrices: { description: 'The limit prices users commit with.', ...object(LIMIT_PRICES_FIELDS) },
  oracle: { description: 'What the oracles report.', ...object(ORACLE_FIELDS) },
  grid: {
    description: 'The grid tariff households compare the market with (bills, rewards, price-aware strategies).',
    ...object(GRID_FIELDS),
  },
  keeper: {
    description: "How the keeper batches its transactions (each stays under the chain's per-transaction gas cap).",
    ...object(KEEPER_FIELDS),
  },
  market: { description: 'Which market runs the scenario.', ...object(MARKET_FIELDS) },
  economics: {
    description:
      'What the KPIs price gas and ether at (bills, savings and gas in a currency), and the networks the break-even analysis prices the run on.',
    ...object(ECONOMICS_FIELDS),
  },
} satisfies Record<string, Node>

/** The fields of a city's scenario that an entry of its `communities` may replace. */
export const REPLACEABLE_FIELDS = [
  'description',
  'users',
  'profiles',
  'limitPrices',
  'oracle',
  'grid',
  'keeper',
  'market',
] as const satisfies readonly (keyof typeof SCENARIO_FIELDS)[]

/** Most communities a city may hold, counting each entry's copies. */
export const MAX_COMMUNITIES = 10_000

/**
 * What one entry of a city's `communities` may set: its name, how many copies, and the fields of
 * the city's scenario it replaces (each replaced whole). The timeline (`intervals`,
 * `intervalSeconds`, `startHour`) and `economics` stay the city's, so that the city's KPIs add up.
 */
export const COMMUNITY_FIELDS = {
  name: text(
    MAX_NAME_LENGTH,
    'The community name in results; copies get -1, -2, ... appended. Default community-<entry number>.',
  ),
  count: {
    description: 'How many communities this entry makes, each with the next seed. Default 1.',
    type: 'integer',
    minimum: 1,
    maximum: MAX_COMMUNITIES,
  },
  seed: {
    ...SCENARIO_FIELDS.seed,
    description: "Seed of the entry's first community (copies count on from it). Default the city's.",
  },
  // The same fields as the city's: the schema points at them rather than repeating them.
  ...Object.fromEntries(REPLACEABLE_FIELDS.map((field) => [field, { $ref: `#/properties/${field}` }])),
} satisfies Record<string, Node>

const COMMUNITIES: Node = {
  description:
    'Makes the file a city: one market on its own chain per community (dem-sim city). Each entry replaces fields of the scenario above for its communities.',
  type: 'array',
  minItems: 1,
  items: object(COMMUNITY_FIELDS),
}

/** The JSON Schema (draft 2020-12) of a scenario file. */
export const SCENARIO_SCHEMA: Node = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SCENARIO_SCHEMA_ID,
  title: 'dem-sim scenario',
  description:
    'A Decentralized Energy Marketplace scenario for dem-sim: who takes part, what they commit each interval, what the oracles report, how the keeper batches.',
  ...object({ ...SCENARIO_FIELDS, communities: COMMUNITIES }, ['intervals', 'users']),
}

/** The text of `schema/scenario.schema.json`. */
export function scenarioSchemaJson(): string {
  return `${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`
}
