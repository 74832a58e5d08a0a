import { ScenarioError } from './ScenarioError.js'

export type CsvColumn = {
  /** The column's header. */
  column: string
  /** Its cells, one per data row, trimmed. */
  cells: string[]
  /** The 1-based line number of each cell's row. */
  lines: number[]
}

export type ParseCsvColumnParameters = {
  text: string
  /** The column to read; optional when the file has one column (besides an `interval` or `hour` column). */
  column?: string | undefined
  /** The file's name, for messages. */
  file: string
  /** The definition field that names the file, for messages. */
  path: string
  /** The scenario file, for messages. */
  scenarioFile?: string | undefined
}

const INDEX_COLUMNS = new Set(['interval', 'hour', 'time', 'index'])

/**
 * Reads one column of a small CSV file: a header row, then one row per interval. Fields are
 * separated by commas and may be wrapped in double quotes; blank lines and lines starting with
 * `#` are skipped. A row with the wrong number of fields is refused.
 */
export function parseCsvColumn(parameters: ParseCsvColumnParameters): CsvColumn {
  const { text, file, path, scenarioFile } = parameters
  const fail = (problem: string, value: unknown): never => {
    throw new ScenarioError(path, problem, value, { file: scenarioFile })
  }
  const rows: { line: number; fields: string[] }[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    rows.push({ line: i + 1, fields: trimmed.split(',').map(unquote) })
  })
  const header = rows.shift()
  if (header === undefined) return fail(`must name a CSV file with a header row and one row per interval; ${file} is empty`, file)
  let index: number
  if (parameters.column !== undefined) {
    index = header.fields.indexOf(parameters.column)
    if (index < 0) fail(`names a column that ${file} does not have (its columns: ${header.fields.join(', ')})`, parameters.column)
  } else {
    const candidates = header.fields.map((name, i) => ({ name, i })).filter(({ name }) => !INDEX_COLUMNS.has(name.toLowerCase()))
    if (candidates.length !== 1) {
      fail(`must say which column of ${file} to read ("column": one of ${header.fields.join(', ')})`, parameters.column)
    }
    index = (candidates[0] as { i: number }).i
  }
  const cells: string[] = []
  const lines: number[] = []
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      fail(`(${file} line ${row.line}) has ${row.fields.length} fields where the header has ${header.fields.length}`, row.fields.join(','))
    }
    cells.push(row.fields[index] as string)
    lines.push(row.line)
  }
  return { column: header.fields[index] as string, cells, lines }
}

function unquote(field: string): string {
  const trimmed = field.trim()
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replaceAll('""', '"') : trimmed
}
