import type { ScenarioResult } from '../../scenarios/types.js'
import { type AnyShape, type FieldKind, optionalInner, type Shape } from '../fieldKinds.js'
import {
  GAS_ROW_SHAPE,
  HOUSEHOLD_SHAPE,
  INTERVAL_KPIS_SHAPE,
  INTERVAL_SHAPE,
  KPIS_SHAPE,
  TOTALS_SHAPE,
  USER_SHAPE,
} from '../resultShapes.js'

/** A column of a Parquet table: its name (snake_case) and the kind of value it holds. */
export type ParquetColumn = { name: string; kind: FieldKind }

/** Rows for a Parquet file: `<name>.parquet`, its columns, and the columns its rows are ordered by. */
export type ParquetTable = {
  name: string
  columns: ParquetColumn[]
  /** One value per column, in the columns' order (bigints for the decimal columns). */
  rows: unknown[][]
  orderBy: string[]
}

/** The columns that tell the runs of a sweep or a city apart, and one run's values in them. */
export type RunKey = { columns: ParquetColumn[]; values: unknown[] }

/** A run on its own: no key columns. */
export const NO_RUN_KEY: RunKey = { columns: [], values: [] }

type RunSummary = Omit<
  ScenarioResult,
  'timing' | 'gas' | 'intervals' | 'users' | 'households' | 'grid' | 'kpis' | 'refusals'
>

/** One row per run: what it was and its totals (wall time left out: it differs from run to run). */
const RUN_SHAPE: Shape<RunSummary & { kpis: ScenarioResult['kpis']['community']['total'] }> = {
  name: 'text',
  seed: 'count',
  userCount: 'count',
  intervalCount: 'count',
  mechanism: 'text',
  keeper: { processBatch: 'count', settleBatch: 'count' },
  maxTransactionGas: { operation: 'text', gasUsed: 'uint', transactionGasCap: 'uint', blockGasLimit: 'uint' },
  totals: TOTALS_SHAPE,
  kpis: KPIS_SHAPE,
}

const USER_KPIS_ROW_SHAPE = {
  user: 'count',
  strategy: 'text',
  battery: 'flag',
  batteryCapacityWh: 'uint?',
  equivalentFullCycles: 'real?',
  ...KPIS_SHAPE,
} as const

type TableSpec = {
  name: string
  shape: AnyShape
  orderBy: string[]
  rows: (result: ScenarioResult) => readonly object[]
}

/** The tables every run writes, each from its declared shape. */
const RUN_TABLES: readonly TableSpec[] = [
  {
    name: 'runs',
    shape: RUN_SHAPE,
    orderBy: [],
    rows: (r) => [
      {
        name: r.name,
        seed: r.seed,
        userCount: r.userCount,
        intervalCount: r.intervalCount,
        mechanism: r.mechanism,
        keeper: r.keeper,
        maxTransactionGas: r.maxTransactionGas,
        totals: r.totals,
        kpis: r.kpis.community.total,
      },
    ],
  },
  { name: 'gas', shape: GAS_ROW_SHAPE, orderBy: ['operation'], rows: (r) => r.gas },
  { name: 'intervals', shape: INTERVAL_SHAPE, orderBy: ['interval'], rows: (r) => r.intervals },
  { name: 'users', shape: USER_SHAPE, orderBy: ['index'], rows: (r) => r.users },
  { name: 'households', shape: HOUSEHOLD_SHAPE, orderBy: ['interval', 'user'], rows: (r) => r.households },
  {
    name: 'kpis-users',
    shape: USER_KPIS_ROW_SHAPE,
    orderBy: ['user'],
    rows: (r) => r.kpis.users.map(({ days: _days, total, ...user }) => ({ ...user, ...total })),
  },
  {
    name: 'kpis-intervals',
    shape: INTERVAL_KPIS_SHAPE,
    orderBy: ['interval'],
    rows: (r) => r.kpis.community.intervals,
  },
]

/** The names of the Parquet files a run, a sweep or a city writes (`<name>.parquet`). */
export const PARQUET_TABLE_NAMES: readonly string[] = RUN_TABLES.map((table) => table.name)

/**
 * A run's results as Parquet tables, each row prefixed with the run's key (a sweep's user count,
 * a city's community): runs (one row, totals and the community's KPIs), gas per operation,
 * intervals, users, households (what each metered, committed and traded per interval), and the
 * KPIs per user and per interval.
 *
 * @param result the run's result
 * @param key the columns that tell this run apart from the others written beside it
 * @returns one table per file
 */
export function runParquetTables(result: ScenarioResult, key: RunKey = NO_RUN_KEY): ParquetTable[] {
  return RUN_TABLES.map((spec) => {
    const fields = flatten(spec.shape)
    return {
      name: spec.name,
      columns: [...key.columns, ...fields.map(({ name, kind }) => ({ name, kind }))],
      rows: spec.rows(result).map((row) => [...key.values, ...fields.map((field) => field.read(row))]),
      orderBy: [...key.columns.map((c) => c.name), ...spec.orderBy.map(snakeCase)],
    }
  })
}

/** The columns of each table for a given key: what a Parquet file read back must have. */
export function expectedParquetColumns(key: readonly ParquetColumn[]): Map<string, ParquetColumn[]> {
  return new Map(
    RUN_TABLES.map((spec) => [spec.name, [...key, ...flatten(spec.shape).map(({ name, kind }) => ({ name, kind }))]]),
  )
}

/** The columns' order of each table for a given key. */
export function parquetOrderBy(key: readonly ParquetColumn[]): Map<string, string[]> {
  return new Map(RUN_TABLES.map((spec) => [spec.name, [...key.map((c) => c.name), ...spec.orderBy.map(snakeCase)]]))
}

type FlatField = { name: string; kind: FieldKind; read: (row: object) => unknown }

/** A shape's leaves as columns: nested objects' fields prefixed with their parent's name. */
function flatten(shape: AnyShape, prefix: readonly string[] = []): FlatField[] {
  if (typeof shape === 'string') {
    const path = [...prefix]
    return [{ name: path.map(snakeCase).join('_'), kind: shape, read: (row) => readPath(row, path) }]
  }
  if (Array.isArray(shape)) throw new TypeError(`a table column cannot hold a list (${prefix.join('.')})`)
  if (optionalInner(shape) !== undefined) throw new TypeError(`a table column cannot be absent (${prefix.join('.')})`)
  return Object.entries(shape as Record<string, AnyShape>).flatMap(([key, inner]) => flatten(inner, [...prefix, key]))
}

function readPath(row: object, path: readonly string[]): unknown {
  let value: unknown = row
  for (const key of path) value = (value as Record<string, unknown>)[key]
  return value
}

/** `priceWeiPerKWh` → `price_wei_per_kwh`. */
export function snakeCase(name: string): string {
  return name
    .replace(/KWh/g, 'Kwh')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
}

/** The key of a sweep's run: its user count. */
export const SWEEP_KEY_COLUMNS: readonly ParquetColumn[] = [{ name: 'users', kind: 'count' }]

/**
 * A sweep's results as Parquet tables: every run's tables, keyed by its user count.
 *
 * @param sweep the sweep, or the points of one shard of it
 */
export function sweepParquetTables(sweep: {
  points: readonly { users: number; result: ScenarioResult }[]
}): ParquetTable[] {
  return sweep.points.flatMap(({ users, result }) =>
    runParquetTables(result, { columns: [...SWEEP_KEY_COLUMNS], values: [users] }),
  )
}

/** The key of a city's run: its community's place and name. */
export const COMMUNITY_KEY_COLUMNS: readonly ParquetColumn[] = [
  { name: 'community_index', kind: 'count' },
  { name: 'community', kind: 'text' },
]

/** The key of one community's rows. */
export function communityRunKey(community: { index: number; name: string }): RunKey {
  return { columns: [...COMMUNITY_KEY_COLUMNS], values: [community.index, community.name] }
}
