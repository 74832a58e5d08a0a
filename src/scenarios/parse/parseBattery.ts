import { BATTERY_FIELDS } from '../scenarioSchema.js'
import type { BatterySpec } from '../types.js'
import { fields, join } from './createValidator.js'
import type { SeriesContext } from './readCsvSeries.js'
import { MAX_LIMIT_PRICE, SCENARIO_DEFAULTS } from './scenarioDefaults.js'

/** A group's battery: capacity, power per interval, efficiency, state of charge, wear. */
export function parseBattery(context: SeriesContext, value: unknown, at: string): BatterySpec {
  const { v, intervalSeconds } = context
  const b = v.record(value, at, fields(BATTERY_FIELDS))
  if (b.capacityWh === undefined) v.fail(join(at, 'capacityWh'), 'is required: the usable capacity in Wh', undefined)
  const capacity = v.energy(b.capacityWh, join(at, 'capacityWh'))
  if (capacity === 0) v.fail(join(at, 'capacityWh'), 'must be positive (Wh)', b.capacityWh)
  const capacityWh = BigInt(Math.round(capacity))
  const perInterval = (energyKey: string, powerKey: string): bigint => {
    if (b[energyKey] !== undefined && b[powerKey] !== undefined)
      v.fail(join(at, powerKey), `cannot be given with ${energyKey}`, b[powerKey])
    if (b[energyKey] !== undefined) return BigInt(Math.floor(v.energy(b[energyKey], join(at, energyKey))))
    const watts = b[powerKey] === undefined ? capacity / 2 : v.energy(b[powerKey], join(at, powerKey))
    if (watts === 0) v.fail(join(at, powerKey), 'must be positive (W)', b[powerKey])
    return BigInt(Math.floor((watts * intervalSeconds) / 3600))
  }
  const maxChargeWh = perInterval('maxChargeWh', 'maxChargeW')
  const maxDischargeWh = perInterval('maxDischargeWh', 'maxDischargeW')
  const efficiency =
    b.efficiency === undefined
      ? SCENARIO_DEFAULTS.batteryEfficiency
      : v.number(b.efficiency, join(at, 'efficiency'), 0, 1)
  if (efficiency === 0)
    v.fail(join(at, 'efficiency'), 'must be greater than 0 (a round-trip efficiency in (0, 1])', b.efficiency)
  const wh = (key: string, fallback: bigint) =>
    b[key] === undefined ? fallback : BigInt(Math.round(v.energy(b[key], join(at, key))))
  const minStateOfChargeWh = wh('minStateOfChargeWh', 0n)
  if (minStateOfChargeWh > capacityWh)
    v.fail(join(at, 'minStateOfChargeWh'), `must be at most capacityWh (${capacityWh})`, b.minStateOfChargeWh)
  const initialStateOfChargeWh = wh('initialStateOfChargeWh', minStateOfChargeWh)
  if (initialStateOfChargeWh > capacityWh)
    v.fail(join(at, 'initialStateOfChargeWh'), `must be at most capacityWh (${capacityWh})`, b.initialStateOfChargeWh)
  if (initialStateOfChargeWh < minStateOfChargeWh)
    v.fail(
      join(at, 'initialStateOfChargeWh'),
      `must be at least minStateOfChargeWh (${minStateOfChargeWh})`,
      b.initialStateOfChargeWh,
    )
  const wearWeiPerKWh =
    b.wearWeiPerKWh === undefined ? 0n : v.wei(b.wearWeiPerKWh, join(at, 'wearWeiPerKWh'), 0n, MAX_LIMIT_PRICE)
  return {
    capacityWh,
    maxChargeWh,
    maxDischargeWh,
    efficiency,
    initialStateOfChargeWh,
    minStateOfChargeWh,
    wearWeiPerKWh,
  }
}
