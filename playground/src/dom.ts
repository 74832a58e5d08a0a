/// <reference lib="dom" />
import type { ReportTable } from 'dem-sim'
import type { ErrorRecord } from './protocol.js'

type Child = Node | string | number | bigint | undefined | false
type Attributes = Record<string, string | boolean | number | ((event: Event) => void) | undefined>

/** An element with attributes (`on…` ones become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (typeof value === 'function') element.addEventListener(key.slice(2), value)
    else if (value === true) element.setAttribute(key, '')
    else element.setAttribute(key, String(value))
  }
  for (const child of children)
    if (child !== undefined && child !== false) element.append(child instanceof Node ? child : text(child))
  return element
}

function text(value: string | number | bigint): string {
  return typeof value === 'bigint' ? formatInteger(value) : String(value)
}

/** Digits grouped by thousands: `3,000,000`. */
export function formatInteger(value: bigint | number): string {
  return value.toLocaleString('en-US')
}

/** `0x1234…abcd`. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`
}

/** A value of a decoded event or error argument. */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return formatInteger(value)
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)) return shortAddress(value)
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`
  return String(value)
}

/** `Name(key=value, ...)`. */
export function formatCall(name: string, args: Record<string, unknown> | undefined): string {
  const entries = Object.entries(args ?? {})
  return `${name}(${entries.map(([key, value]) => `${key}=${formatValue(value)}`).join(', ')})`
}

export type Column<Row> = { header: string; cell: (row: Row) => Child; numeric?: boolean }

/** A table of rows, or a line saying there are none. */
export function table<Row>(
  columns: Column<Row>[],
  rows: readonly Row[],
  options: { testId?: string; empty?: string } = {},
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty', 'data-testid': options.testId }, options.empty ?? 'none yet')
  return h(
    'table',
    { 'data-testid': options.testId },
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { class: c.numeric ? 'num' : undefined }, c.header)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h('tr', {}, ...columns.map((c) => h('td', { class: c.numeric ? 'num' : undefined }, c.cell(row)))),
      ),
    ),
  )
}

/** One of the library's report tables. */
export function reportTable(report: ReportTable): HTMLElement {
  const columns = report.columns.map((column, i) => ({
    header: column.header,
    numeric:
      column.align === 'right' ||
      (column.align === undefined && report.rows.some((r) => typeof r[i] === 'number' || typeof r[i] === 'bigint')),
    cell: (row: ReportTable['rows'][number]) => {
      const cell = row[i]
      if (typeof cell !== 'number') return cell
      return cell.toLocaleString('en-US', { maximumFractionDigits: column.decimals ?? 2 })
    },
  }))
  return h(
    'figure',
    { class: 'report', 'data-testid': `report-${report.name}` },
    h('figcaption', {}, report.title),
    table(columns, report.rows),
  )
}

/** Offers text as a file download. */
export function download(name: string, type: string, content: string | Blob): void {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }))
  const link = h('a', { href: url, download: name })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Reads a decimal integer field (underscores, commas and spaces allowed); undefined when it is not one. */
export function readInteger(input: HTMLInputElement): bigint | undefined {
  const raw = input.value.replace(/[_,\s]/g, '')
  return /^-?\d+$/.test(raw) ? BigInt(raw) : undefined
}

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
export const input = (id: string) => $<HTMLInputElement>(id)
export const select = (id: string) => $<HTMLSelectElement>(id)

/** Shows a typed error — its class, decoded custom error, offending field and message — or clears the box. */
export function showError(box: HTMLElement, error: ErrorRecord | undefined, label: string): void {
  box.hidden = error === undefined
  if (error === undefined) {
    box.replaceChildren()
    return
  }
  box.replaceChildren(
    h('strong', { 'data-testid': 'error-name' }, error.name),
    ` in ${label}: `,
    error.errorName === undefined
      ? ''
      : h('code', { 'data-testid': 'error-decoded' }, formatCall(error.errorName, error.namedArgs)),
    error.path === undefined || error.path === ''
      ? ''
      : h('span', {}, 'field ', h('code', { 'data-testid': 'error-field' }, error.path)),
    h('div', { class: 'message' }, error.message),
  )
}
