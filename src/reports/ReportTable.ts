/** A table cell: raw values, formatted per output (CSV keeps them exact, Markdown and text group digits). */
export type Cell = string | number | bigint | undefined

export type ReportColumn = {
  header: string
  /** Default: right for numbers, left for text. */
  align?: 'left' | 'right'
  /** The most fraction digits text and Markdown show of a number (CSV keeps it whole). Default 2. */
  decimals?: number
}

/** A table of a report, renderable as CSV, Markdown or aligned text. */
export type ReportTable = {
  /** A file-name stem, e.g. `gas` for `gas.csv`. */
  name: string
  title: string
  columns: ReportColumn[]
  rows: Cell[][]
}

/** CSV (RFC 4180): exact values — bigints as decimal integers, no digit grouping — and a header row. */
export function tableToCsv(table: ReportTable): string {
  const lines = [
    table.columns.map((c) => csvField(c.header)),
    ...table.rows.map((row) => row.map((cell) => csvField(cell === undefined ? '' : String(cell)))),
  ]
  return `${lines.map((line) => line.join(',')).join('\n')}\n`
}

/** A GitHub-flavoured Markdown table, numbers right-aligned with grouped digits. */
export function tableToMarkdown(table: ReportTable): string {
  const cells = formatRows(table).map((row) => row.map((cell) => cell.replaceAll('|', '\\|')))
  const aligns = alignments(table)
  const header = `| ${table.columns.map((c) => c.header).join(' | ')} |`
  const rule = `|${aligns.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`
  return [header, rule, ...cells.map((row) => `| ${row.join(' | ')} |`)].join('\n') + '\n'
}

export type TableToTextOptions = {
  /** The widest a line may be; wider tables are printed in parts, each repeating the first column. Default 120. */
  maxWidth?: number
}

/** Columns padded to line up in a terminal, in parts of at most `maxWidth` characters per line. */
export function tableToText(table: ReportTable, options: TableToTextOptions = {}): string {
  const maxWidth = options.maxWidth ?? 120
  const cells = [table.columns.map((c) => c.header), ...formatRows(table)]
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)))
  const aligns = alignments(table)
  return columnParts(widths, maxWidth)
    .map((part) => {
      const line = (row: string[]) =>
        part
          .map((i) =>
            aligns[i] === 'right'
              ? (row[i] ?? '').padStart(widths[i] as number)
              : (row[i] ?? '').padEnd(widths[i] as number),
          )
          .join('  ')
          .trimEnd()
      const [head, ...body] = cells as [string[], ...string[][]]
      return (
        [line(head), part.map((i) => '─'.repeat(widths[i] as number)).join('  '), ...body.map(line)].join('\n') + '\n'
      )
    })
    .join('\n')
}

/** Column indices in parts that fit `maxWidth`, the first column (the key) in every part. */
function columnParts(widths: readonly number[], maxWidth: number): number[][] {
  const parts: number[][] = []
  let part = [0]
  let used = widths[0] ?? 0
  for (let i = 1; i < widths.length; i++) {
    const width = 2 + (widths[i] as number)
    if (used + width > maxWidth && part.length > 1) {
      parts.push(part)
      part = [0]
      used = widths[0] ?? 0
    }
    part.push(i)
    used += width
  }
  parts.push(part)
  return parts
}

function formatRows(table: ReportTable): string[][] {
  return table.rows.map((row) => row.map((cell, i) => formatCell(cell, table.columns[i]?.decimals)))
}

/**
 * Integers with thousands separators, fractions to at most `decimals` digits; text as it is.
 *
 * @param cell the value
 * @param decimals the most fraction digits shown of a number (default 2)
 * @returns the cell as text
 * @example
 * formatCell(1234567n) // '1,234,567'
 * formatCell(0.143354, 4) // '0.1434'
 */
export function formatCell(cell: Cell, decimals = 2): string {
  if (cell === undefined) return ''
  if (typeof cell === 'bigint') return groupDigits(cell.toString())
  if (typeof cell === 'number') {
    if (Number.isInteger(cell)) return groupDigits(String(cell))
    return cell.toLocaleString('en-US', { maximumFractionDigits: decimals })
  }
  return cell
}

function groupDigits(digits: string): string {
  const negative = digits.startsWith('-')
  const body = negative ? digits.slice(1) : digits
  return (negative ? '-' : '') + body.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function alignments(table: ReportTable): ('left' | 'right')[] {
  return table.columns.map((column, i) => {
    if (column.align !== undefined) return column.align
    const sample = table.rows.find((row) => row[i] !== undefined)?.[i]
    return typeof sample === 'number' || typeof sample === 'bigint' ? 'right' : 'left'
  })
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}
