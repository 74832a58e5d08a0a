import { join } from 'node:path'
import { DemError } from '../../errors/DemError.js'
import { importPeer, MissingPeerDependencyError } from '../../errors/MissingPeerDependencyError.js'
import { describeFound, FIELD_KINDS } from '../fieldKinds.js'
import type { ParquetColumn, ParquetTable } from './parquetTables.js'

type DuckDbModule = typeof import('@duckdb/node-api')
type Connection = Awaited<ReturnType<DuckDbModule['DuckDBConnection']['create']>>
type Appender = Awaited<ReturnType<Connection['createAppender']>>

/** A value that a Parquet column cannot hold (a wei amount of 10^38 or more, which CSV and JSON keep). */
export class ParquetValueError extends DemError {
  override name = 'ParquetValueError'
}

let duckDb: Promise<DuckDbModule | MissingPeerDependencyError> | undefined

/**
 * DuckDB's Node API, an optional peer dependency: undefined when it is not installed, so that
 * everything but the Parquet files works without it ({@link missingDuckDbNote} says what to install).
 */
export async function loadDuckDb(): Promise<DuckDbModule | undefined> {
  duckDb ??= importPeer(() => import('@duckdb/node-api'), {
    packageName: '@duckdb/node-api',
    feature: 'Writing Parquet files',
  }).catch((error: unknown) => {
    if (error instanceof MissingPeerDependencyError) return error
    throw error
  })
  const loaded = await duckDb
  return loaded instanceof MissingPeerDependencyError ? undefined : loaded
}

/** What to say when no Parquet file is written: the optional package, and the command that installs it. */
export function missingDuckDbNote(): string {
  return new MissingPeerDependencyError({ packageName: '@duckdb/node-api', feature: 'Writing Parquet files' })
    .shortMessage
}

/** Collects tables in an in-memory DuckDB and writes each to `<name>.parquet`. */
export type ParquetWriter = {
  /** Appends the tables' rows; tables of one name accumulate (a sweep's runs, a city's communities). */
  add(tables: readonly ParquetTable[]): Promise<void>
  /** Writes every table to `<dir>/<name>.parquet`, its rows in order; returns the file names. */
  write(dir: string): Promise<string[]>
  close(): void
}

/**
 * A Parquet writer on DuckDB, or undefined when `@duckdb/node-api` is not installed. Wei, Wh and
 * gas go into exact `DECIMAL(38,0)` columns; one thread, so that the same rows give the same bytes.
 *
 * @returns the writer, or undefined without DuckDB
 * @throws ParquetValueError from `add` when a value does not fit its column
 */
export async function createParquetWriter(): Promise<ParquetWriter | undefined> {
  const duckdb = await loadDuckDb()
  if (duckdb === undefined) return undefined
  const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  const tables = new Map<string, { columns: ParquetColumn[]; orderBy: string[] }>()
  return {
    async add(list) {
      for (const table of list) {
        const known = tables.get(table.name)
        if (known === undefined) {
          await connection.run(
            `CREATE TABLE ${identifier(table.name)} (${table.columns.map((c) => `${identifier(c.name)} ${FIELD_KINDS[c.kind].sql}`).join(', ')})`,
          )
          tables.set(table.name, { columns: table.columns, orderBy: table.orderBy })
        } else if (JSON.stringify(known.columns) !== JSON.stringify(table.columns)) {
          throw new TypeError(`table ${table.name} was given with other columns`)
        }
        checkRows(table)
        const appender = await connection.createAppender(table.name)
        try {
          for (const row of table.rows) {
            for (let i = 0; i < row.length; i++) append(duckdb, appender, table.columns[i] as ParquetColumn, row[i])
            appender.endRow()
          }
        } finally {
          appender.closeSync()
        }
      }
    },
    async write(dir) {
      const written: string[] = []
      for (const [name, { orderBy }] of tables) {
        const file = `${name}.parquet`
        await copyToParquet(connection, `SELECT * FROM ${identifier(name)}`, orderBy, join(dir, file))
        written.push(file)
      }
      return written
    },
    close() {
      connection.closeSync()
      instance.closeSync()
    },
  }
}

/** Refuses a table before any of its rows is appended, naming the first value that does not fit. */
function checkRows(table: ParquetTable): void {
  for (const row of table.rows) {
    table.columns.forEach((column, i) => {
      if (!FIELD_KINDS[column.kind].test(row[i]))
        throw new ParquetValueError(
          `${table.name}.parquet: column ${column.name} must hold ${FIELD_KINDS[column.kind].expected}, got ${describeFound(row[i])} (CSV and JSON keep it)`,
        )
    })
  }
}

function append(duckdb: DuckDbModule, appender: Appender, column: ParquetColumn, value: unknown): void {
  if (value === null) {
    appender.appendNull()
    return
  }
  switch (column.kind) {
    case 'uint':
    case 'uint?':
    case 'int':
      appender.appendDecimal(new duckdb.DuckDBDecimalValue(value as bigint, 38, 0))
      return
    case 'count':
      appender.appendBigInt(BigInt(value as number))
      return
    case 'real':
    case 'real?':
      appender.appendDouble(value as number)
      return
    case 'text':
      appender.appendVarchar(value as string)
      return
    case 'flag':
      appender.appendBoolean(value as boolean)
      return
  }
}

/** Writes a query's rows, in order, to a Parquet file. */
export async function copyToParquet(
  connection: Connection,
  query: string,
  orderBy: readonly string[],
  path: string,
): Promise<void> {
  const order = orderBy.length === 0 ? '' : ` ORDER BY ${orderBy.map(identifier).join(', ')}`
  await connection.run(`COPY (${query}${order}) TO ${literal(path)} (FORMAT parquet)`)
}

/** A quoted SQL identifier. */
export function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A quoted SQL string. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
