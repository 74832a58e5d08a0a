import { resolve } from 'node:path'
import { tableToText } from '../reports/ReportTable.js'
import { renderSvg } from '../reports/renderSvg.js'
import type { ParquetTable } from '../reports/parquet/parquetTables.js'
import { missingDuckDbNote } from '../reports/parquet/parquetWriter.js'
import { writeParquetFiles } from '../reports/parquet/writeParquetFiles.js'
import { operationGasTable, scalingTable, settlementTable } from '../reports/sweepTables.js'
import { toJson } from '../scenarios/toJson.js'
import { writeSweepReports } from '../reports/writeReports.js'
import type { SweepResult } from '../scenarios/sweep.js'
import type { CliIo } from './CliIo.js'
import { cwd } from './CliIo.js'

/** Writes Parquet tables into `--out`, or says why not (DuckDB not installed). */
export async function writeParquet(tables: ParquetTable[], out: string, values: { quiet?: boolean }, io: CliIo) {
  const written = await writeParquetFiles(tables, resolve(cwd(io), out))
  if (!values.quiet)
    io.stderr.write(
      written === undefined ? `${missingDuckDbNote()}\n` : `wrote ${written.length} Parquet files to ${out}\n`,
    )
}

/** A sweep's tables (or JSON) on stdout and its reports in `--out`. */
export async function reportSweep(
  result: SweepResult,
  values: { out?: string; json?: boolean; quiet?: boolean; 'no-charts'?: boolean },
  io: CliIo,
): Promise<number> {
  if (values.out !== undefined) {
    const written = await writeSweepReports(result, {
      outDir: resolve(cwd(io), values.out),
      renderSvg: values['no-charts'] ? undefined : renderSvg,
    })
    if (!values.quiet) io.stderr.write(`wrote ${written.length} files to ${values.out}\n`)
  }
  io.stdout.write(
    values.json
      ? toJson(result)
      : [operationGasTable(result), scalingTable(result), settlementTable(result)]
          .map((table) => tableToText(table))
          .join('\n'),
  )
  return 0
}
