import { METERED_CSV_FIELDS, METERED_FIELDS } from '../scenarioSchema.js'
import type { ResolvedMetered } from '../types.js'
import { join } from './createValidator.js'
import { energyArray, readEnergyCsv, type SeriesContext } from './readCsvSeries.js'

/** What the meter reads besides the households' own energy: given readings, or a shortfall per interval. */
export function parseMetered(context: SeriesContext, value: unknown, path: string): ResolvedMetered {
  const { v, intervals } = context
  if (value === undefined) return { meteredWh: undefined, shortfall: Array.from({ length: intervals }, () => 0) }
  const m = v.record(value, path, METERED_FIELDS)
  let shortfall: number[]
  if (m.shortfall === undefined) shortfall = Array.from({ length: intervals }, () => 0)
  else if (Array.isArray(m.shortfall))
    shortfall = v
      .array(m.shortfall, join(path, 'shortfall'), intervals, 'fractions')
      .map((x, i) => v.fraction(x, `${join(path, 'shortfall')}[${i}]`))
  else {
    const flat = v.fraction(m.shortfall, join(path, 'shortfall'))
    shortfall = Array.from({ length: intervals }, () => flat)
  }
  let meteredWh: number[] | undefined
  if (m.meteredWh !== undefined) {
    const at = join(path, 'meteredWh')
    if (Array.isArray(m.meteredWh)) meteredWh = energyArray(v, m.meteredWh, at, intervals)
    else {
      const spec = v.record(m.meteredWh, at, METERED_CSV_FIELDS)
      if (spec.type !== 'csv')
        v.fail(join(at, 'type'), 'must be "csv" (or give an array of Wh per interval)', spec.type)
      const scale = spec.scale === undefined ? 1 : v.number(spec.scale, join(at, 'scale'), 0, Number.MAX_SAFE_INTEGER)
      meteredWh = readEnergyCsv(context, spec, at, scale)
    }
  }
  return { meteredWh, shortfall }
}
