import { bump, hourOfInterval } from '../profileShapes.js'
import { PRICE_RANGE_FIELDS, PRICE_VARIANTS } from '../scenarioSchema.js'
import { fields, join, type Validator } from './createValidator.js'
import { readCsv, type SeriesContext } from './readCsvSeries.js'
import { MAX_FEED_PRICE, MAX_LIMIT_PRICE } from './scenarioDefaults.js'

/** A limit price, or a range limit prices are drawn from. */
export function parsePriceRange(
  v: Validator,
  value: unknown,
  path: string,
  fallback: bigint,
): { minWeiPerKWh: bigint; maxWeiPerKWh: bigint } {
  if (value === undefined) return { minWeiPerKWh: fallback, maxWeiPerKWh: fallback }
  if (typeof value === 'string' || typeof value === 'number') {
    const price = v.wei(value, path, 1n, MAX_LIMIT_PRICE)
    return { minWeiPerKWh: price, maxWeiPerKWh: price }
  }
  const range = v.record(value, path, PRICE_RANGE_FIELDS)
  const minWeiPerKWh = v.wei(range.minWeiPerKWh, join(path, 'minWeiPerKWh'), 1n, MAX_LIMIT_PRICE)
  const maxWeiPerKWh = v.wei(range.maxWeiPerKWh, join(path, 'maxWeiPerKWh'), 1n, MAX_LIMIT_PRICE)
  if (maxWeiPerKWh < minWeiPerKWh)
    v.fail(join(path, 'maxWeiPerKWh'), `must be at least minWeiPerKWh (${minWeiPerKWh})`, range.maxWeiPerKWh)
  return { minWeiPerKWh, maxWeiPerKWh }
}

const PRICE_FIELDS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(PRICE_VARIANTS).map(([type, variant]) => [type, fields(variant)]),
)

/** A price per interval (the oracle's, the grid's): flat, shaped, an array or a CSV column. */
export function parsePriceSeries(context: SeriesContext, value: unknown, path: string): bigint[] {
  const { v, intervals, intervalSeconds, startHour } = context
  const price = (x: unknown, at: string) => v.wei(x, at, 1n, MAX_FEED_PRICE)
  if (typeof value === 'string' || typeof value === 'number') {
    const flat = price(value, path)
    return Array.from({ length: intervals }, () => flat)
  }
  if (Array.isArray(value))
    return v
      .array(value, path, intervals, 'prices (wei per kWh, decimal strings)')
      .map((x, i) => price(x, join(path, i)))
  if (value === null || typeof value !== 'object')
    v.fail(path, 'must be a price in wei per kWh (a decimal string), an array of them, or a series object', value)
  const type = (value as { type?: unknown }).type
  const known = typeof type === 'string' ? PRICE_FIELDS[type] : undefined
  if (known === undefined)
    v.fail(
      join(path, 'type'),
      `must be one of ${Object.keys(PRICE_FIELDS)
        .map((t) => `"${t}"`)
        .join(', ')}`,
      type,
    )
  const p = v.record(value, path, known as readonly string[])
  switch (type) {
    case 'flat': {
      const flat = price(p.weiPerKWh, join(path, 'weiPerKWh'))
      return Array.from({ length: intervals }, () => flat)
    }
    case 'evening-peak': {
      const base = price(p.baseWeiPerKWh, join(path, 'baseWeiPerKWh'))
      const peak = price(p.peakWeiPerKWh, join(path, 'peakWeiPerKWh'))
      if (peak < base) v.fail(join(path, 'peakWeiPerKWh'), `must be at least baseWeiPerKWh (${base})`, p.peakWeiPerKWh)
      const peakHour = p.peakHour === undefined ? 19 : v.number(p.peakHour, join(path, 'peakHour'), 0, 24)
      const widthHours = p.widthHours === undefined ? 3 : v.number(p.widthHours, join(path, 'widthHours'), 0.1, 24)
      // Exact integer arithmetic with a resolution of one millionth of the peak's excess.
      return Array.from({ length: intervals }, (_, i) => {
        const share = BigInt(
          Math.round(bump(hourOfInterval(i, startHour, intervalSeconds, 0.5), peakHour, widthHours) * 1e6),
        )
        return base + ((peak - base) * share) / 1_000_000n
      })
    }
    case 'array': {
      if (p.valuesWeiPerKWh === undefined)
        v.fail(join(path, 'valuesWeiPerKWh'), 'is required for an array price series', undefined)
      return v
        .array(p.valuesWeiPerKWh, join(path, 'valuesWeiPerKWh'), intervals, 'prices')
        .map((x, i) => price(x, join(join(path, 'valuesWeiPerKWh'), i)))
    }
    default: {
      const csv = readCsv(context, p, path)
      return csv.cells.map((cell, i) => {
        const where = `(${csv.name} line ${csv.lines[i]}, column "${csv.column}")`
        if (!/^\d+$/.test(cell)) v.fail(path, `${where} must be a positive whole number of wei per kWh`, cell)
        const amount = BigInt(cell)
        if (amount < 1n || amount > MAX_FEED_PRICE)
          v.fail(path, `${where} must be from 1 to ${MAX_FEED_PRICE} wei per kWh`, cell)
        return amount
      })
    }
  }
}
