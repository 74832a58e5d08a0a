import Papa from 'papaparse'
import { ScenarioError } from './ScenarioError.js'

export type CsvColumn = {
  /** The column's header. */
  column: string
  /** Its cells, one per data row, trimmed. */
  cells: string[]
  /** The 1-based line number on which each cell's row starts. */
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
 * Reads one column of a small CSV file (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks): a header row, then one row per interval. A UTF-8 byte order mark, blank lines and
 * lines starting with `#` are skipped. A malformed row, or one with the wrong number of fields,
 * is refused with its line number — never its contents, which may not be the user's to show.
 *
 * @example
 * parseCsvColumn({ text: 'hour,load\n0,0.3\n', column: 'load', file: 'load.csv', path: 'profiles.consumption' })
 * // { column: 'load', cells: ['0.3'], lines: [2] }
 */
export function parseCsvColumn(parameters: ParseCsvColumnParameters): CsvColumn {
  const { file, path, scenarioFile } = parameters
  const fail = (problem: string, value: unknown, omitValue = false): never => {
    throw new ScenarioError(path, problem, value, { file: scenarioFile, omitValue })
  }
  const rows = readRows(parameters.text, (line, message) =>
    fail(`(${file} line ${line}) is not valid CSV: ${message}`, file, true),
  )
  const header = rows.shift()
  if (header === undefined)
    return fail(`must name a CSV file with a header row and one row per interval; ${file} is empty`, file)
  let index: number
  if (parameters.column !== undefined) {
    index = header.fields.indexOf(parameters.column)
    if (index < 0)
      fail(`names a column that ${file} does not have (its columns: ${header.fields.join(', ')})`, parameters.column)
  } else {
    const candidates = header.fields
      .map((name, i) => ({ name, i }))
      .filter(({ name }) => !INDEX_COLUMNS.has(name.toLowerCase()))
    if (candidates.length !== 1) {
      fail(`must say which column of ${file} to read ("column": one of ${header.fields.join(', ')})`, parameters.column)
    }
    index = (candidates[0] as { i: number }).i
  }
  const cells: string[] = []
  const lines: number[] = []
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      fail(
        `(${file} line ${row.line}) has ${row.fields.length} fields where the header has ${header.fields.length}`,
        file,
        true,
      )
    }
    cells.push(row.fields[index] as string)
    lines.push(row.line)
  }
  return { column: header.fields[index] as string, cells, lines }
}

type CsvRow = { line: number; fields: string[] }

function readRows(raw: string, refuse: (line: number, message: string) => never): CsvRow[] {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw
  const rows: CsvRow[] = []
  const lineAt = createLineCounter(text)
  let previousEnd = 0
  Papa.parse<string[]>(text, {
    delimiter: ',',
    comments: '#',
    skipEmptyLines: 'greedy',
    step: (result) => {
      const line = lineAt(firstContentOffset(text, previousEnd))
      previousEnd = result.meta.cursor
      const error = result.errors[0]
      if (error !== undefined) refuse(line, error.message.toLowerCase())
      rows.push({ line, fields: result.data.map((field) => field.trim()) })
    },
  })
  return rows
}

/** Where the next row starts: past the blank and comment lines the parser skips. */
function firstContentOffset(text: string, from: number): number {
  let start = from
  while (start < text.length) {
    const newline = text.indexOf('\n', start)
    const end = newline < 0 ? text.length : newline
    const line = text.slice(start, end)
    if (line.trim() !== '' && !line.startsWith('#')) return start
    start = end + 1
  }
  return start
}

/** The 1-based line of an offset; offsets must not decrease from one call to the next. */
function createLineCounter(text: string): (offset: number) => number {
  let at = 0
  let line = 1
  return (offset) => {
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++
    return line
  }
}
