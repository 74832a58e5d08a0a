import type { ParquetTable } from './parquetTables.js'
import { createParquetWriter } from './parquetWriter.js'

/**
 * Writes tables as `<dir>/<name>.parquet` (tables of one name joined), or nothing when
 * `@duckdb/node-api` is not installed.
 *
 * @param tables the tables, e.g. from `runParquetTables` or `sweepParquetTables`
 * @param dir an existing folder
 * @returns the file names written, or undefined without DuckDB
 * @throws ParquetValueError when a value does not fit its column (nothing is written)
 */
export async function writeParquetFiles(tables: readonly ParquetTable[], dir: string): Promise<string[] | undefined> {
  const writer = await createParquetWriter()
  if (writer === undefined) return undefined
  try {
    await writer.add(tables)
    return await writer.write(dir)
  } finally {
    writer.close()
  }
}
