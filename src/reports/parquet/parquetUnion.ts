import { join } from 'node:path'
import { SweepMergeError } from '../../scenarios/sweepShards.js'
import { FIELD_KINDS } from '../fieldKinds.js'
import { expectedParquetColumns, type ParquetColumn, parquetOrderBy } from './parquetTables.js'
import { copyToParquet, literal, loadDuckDb } from './parquetWriter.js'

/** A shard's Parquet file: where it is, and how to name it in a message. */
export type ParquetSource = { path: string; shown: string }

/** The union of shards' Parquet files, checked and ready to write. */
export type ParquetUnion = {
  /** Writes each table as the union of the shards' files, its rows in order; returns the file names. */
  write(dir: string): Promise<string[]>
  close(): void
}

/**
 * Checks each shard's Parquet files against the tables' schemas — every column's name and type —
 * and prepares their union, so that a merge refuses a file of another schema before it writes
 * anything. Undefined when `@duckdb/node-api` is not installed.
 *
 * @param sources each table's files, one per shard
 * @param key the columns that tell the runs apart (`users` of a sweep, `community` of a city)
 * @throws SweepMergeError naming the file and the column that differs
 */
export async function openParquetUnion(
  sources: ReadonlyMap<string, readonly ParquetSource[]>,
  key: readonly ParquetColumn[],
): Promise<ParquetUnion | undefined> {
  const duckdb = await loadDuckDb()
  if (duckdb === undefined) return undefined
  const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  const close = () => {
    connection.closeSync()
    instance.closeSync()
  }
  const expected = expectedParquetColumns(key)
  try {
    for (const [table, files] of sources) {
      const columns = expected.get(table)
      if (columns === undefined) throw new SweepMergeError(`${files[0]?.shown} is not one of the tables a shard writes`)
      for (const file of files) {
        const found = await connection
          .runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(file.path)})`)
          .then((reader) => reader.getRowObjectsJson() as { column_name: string; column_type: string }[])
          .catch((error: Error) => {
            throw new SweepMergeError(
              `${file.shown} is not a Parquet file DuckDB reads (${error.message.split('\n')[0]})`,
            )
          })
        const actual = found.map((c) => `${c.column_name} ${c.column_type}`)
        const wanted = columns.map((c) => `${c.name} ${FIELD_KINDS[c.kind].sql}`)
        const at = wanted.findIndex((column, i) => actual[i] !== column)
        if (at !== -1 || actual.length !== wanted.length) {
          const where = at === -1 ? wanted.length : at
          throw new SweepMergeError(
            `${file.shown} has another schema: column ${where + 1} is ${actual[where] ?? 'missing'}, not ${wanted[where] ?? 'absent'}`,
          )
        }
      }
    }
  } catch (error) {
    close()
    throw error
  }
  const orderBy = parquetOrderBy(key)
  return {
    async write(dir) {
      const written: string[] = []
      for (const [table, files] of sources) {
        const list = files.map((file) => literal(file.path)).join(', ')
        await copyToParquet(
          connection,
          `SELECT * FROM read_parquet([${list}])`,
          orderBy.get(table) ?? [],
          join(dir, `${table}.parquet`),
        )
        written.push(`${table}.parquet`)
      }
      return written
    },
    close,
  }
}
