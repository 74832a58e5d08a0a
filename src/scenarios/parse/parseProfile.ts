import { eveningPeakWhPerHour, hourOfInterval, solarWhPerHour } from '../profileShapes.js'
import { PROFILE_VARIANTS } from '../scenarioSchema.js'
import type { ResolvedProfile } from '../types.js'
import { fields, join } from './createValidator.js'
import { energyArray, readEnergyCsv, type SeriesContext } from './readCsvSeries.js'

const PROFILE_FIELDS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(PROFILE_VARIANTS).map(([type, variant]) => [type, fields(variant)]),
)

/** A production or consumption profile, expanded to Wh per interval. */
export function parseProfile(context: SeriesContext, value: unknown, path: string): ResolvedProfile {
  const { v, intervals, intervalSeconds, startHour } = context
  if (Array.isArray(value)) return { type: 'array', baseWh: energyArray(v, value, path, intervals), jitter: 0 }
  if (value === null || typeof value !== 'object')
    v.fail(
      path,
      'must be a profile object ({ "type": "flat" | "solar" | "evening-peak" | "array" | "csv", ... }) or an array of Wh per interval',
      value,
    )
  const type = (value as { type?: unknown }).type
  const known = typeof type === 'string' ? PROFILE_FIELDS[type] : undefined
  if (known === undefined)
    v.fail(
      join(path, 'type'),
      `must be one of ${Object.keys(PROFILE_FIELDS)
        .map((t) => `"${t}"`)
        .join(', ')}`,
      type,
    )
  const p = v.record(value, path, known as readonly string[])
  const jitter = p.jitter === undefined ? 0 : v.fraction(p.jitter, join(path, 'jitter'))
  const hours = intervalSeconds / 3600
  const perInterval = (rate: (hour: number) => number) =>
    Array.from({ length: intervals }, (_, i) => rate(hourOfInterval(i, startHour, intervalSeconds, 0.5)) * hours)
  const optionalNumber = (key: string, fallback: number, min: number, max: number) =>
    p[key] === undefined ? fallback : v.number(p[key], join(path, key), min, max)
  const optionalEnergy = (key: string, fallback: number) =>
    p[key] === undefined ? fallback : v.energy(p[key], join(path, key))

  switch (type) {
    case 'flat': {
      if (p.energyWh === undefined) v.fail(join(path, 'energyWh'), 'is required for a flat profile', undefined)
      const energyWh = v.energy(p.energyWh, join(path, 'energyWh'))
      return { type, baseWh: perInterval(() => energyWh), jitter }
    }
    case 'solar': {
      if (p.peakWh === undefined)
        v.fail(join(path, 'peakWh'), 'is required for a solar profile (Wh per hour at noon)', undefined)
      const peakWh = v.energy(p.peakWh, join(path, 'peakWh'))
      const sunriseHour = optionalNumber('sunriseHour', 6, 0, 24)
      const sunsetHour = optionalNumber('sunsetHour', 18, 0, 24)
      if (sunsetHour <= sunriseHour)
        v.fail(join(path, 'sunsetHour'), `must be after sunriseHour (${sunriseHour})`, sunsetHour)
      return { type, baseWh: perInterval((hour) => solarWhPerHour(hour, { peakWh, sunriseHour, sunsetHour })), jitter }
    }
    case 'evening-peak': {
      const shape = {
        baseWh: optionalEnergy('baseWh', 300),
        peakWh: optionalEnergy('peakWh', 700),
        peakHour: optionalNumber('peakHour', 19, 0, 24),
        widthHours: optionalNumber('widthHours', 2.5, 0.1, 24),
        morningPeakWh: optionalEnergy('morningPeakWh', 250),
        morningHour: optionalNumber('morningHour', 7.5, 0, 24),
        morningWidthHours: optionalNumber('morningWidthHours', 1.5, 0.1, 24),
      }
      return { type, baseWh: perInterval((hour) => eveningPeakWhPerHour(hour, shape)), jitter }
    }
    case 'array': {
      if (p.valuesWh === undefined)
        v.fail(join(path, 'valuesWh'), 'is required for an array profile (Wh per interval)', undefined)
      return { type, baseWh: energyArray(v, p.valuesWh, join(path, 'valuesWh'), intervals), jitter }
    }
    default: {
      const scale = p.scale === undefined ? 1 : v.number(p.scale, join(path, 'scale'), 0, Number.MAX_SAFE_INTEGER)
      return { type: 'csv', baseWh: readEnergyCsv(context, p, path, scale), jitter }
    }
  }
}
