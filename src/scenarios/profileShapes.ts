/**
 * Built-in daily shapes. Each gives a rate per hour at an hour of the day (0 ≤ hour < 24, fractions
 * allowed); a scenario evaluates it at each interval's midpoint and scales it by the interval's length.
 */

export type SolarShape = { peakWh: number; sunriseHour: number; sunsetHour: number }

/** Rooftop solar: a half-sine from sunrise to sunset peaking at solar noon, zero at night. */
export function solarWhPerHour(hour: number, shape: SolarShape): number {
  const { peakWh, sunriseHour, sunsetHour } = shape
  if (hour <= sunriseHour || hour >= sunsetHour) return 0
  return peakWh * Math.sin((Math.PI * (hour - sunriseHour)) / (sunsetHour - sunriseHour))
}

export type EveningPeakShape = {
  baseWh: number
  peakWh: number
  peakHour: number
  widthHours: number
  morningPeakWh: number
  morningHour: number
  morningWidthHours: number
}

/** A household load: a base load, a smaller morning peak and the evening peak, as Gaussian bumps around the clock. */
export function eveningPeakWhPerHour(hour: number, shape: EveningPeakShape): number {
  return (
    shape.baseWh +
    shape.peakWh * bump(hour, shape.peakHour, shape.widthHours) +
    shape.morningPeakWh * bump(hour, shape.morningHour, shape.morningWidthHours)
  )
}

/** A Gaussian bump of height 1 at `center`, measured around the 24-hour clock. */
export function bump(hour: number, center: number, width: number): number {
  const distance = ((((hour - center) % 24) + 36) % 24) - 12
  return Math.exp(-0.5 * (distance / width) ** 2)
}

/** Hour of the day (0 ≤ h < 24) at a point of interval `index`: `at` = 0 its start, 0.5 its midpoint. */
export function hourOfInterval(index: number, startHour: number, intervalSeconds: number, at = 0): number {
  const hour = startHour + ((index + at) * intervalSeconds) / 3600
  return ((hour % 24) + 24) % 24
}
