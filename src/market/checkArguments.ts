import { InvalidArgumentError } from '../chain/errors.js'
import { describeValue } from '../errors/describeValue.js'
import { SIDES } from '../mechanisms/contractEnums.js'
import type { FlatTariff } from '../mechanisms/gridTariff.js'
import type { CommitParameters, OracleReadings } from './types.js'

/** The largest `uint32`: intervals, locations and other small integers the contracts keep. */
export const MAX_UINT32 = 2 ** 32 - 1

/** A non-negative bigint, at most `max` when given. */
export function checkAmount(value: unknown, what: string, max?: bigint): void {
  if (typeof value !== 'bigint' || value < 0n)
    throw new InvalidArgumentError(`${what} must be a non-negative bigint, got ${describeValue(value)}`)
  if (max !== undefined && value > max) throw new InvalidArgumentError(`${what} must be at most ${max}, got ${value}`)
}

/** A bigint above zero. */
export function checkPositive(value: unknown, what: string): void {
  if (typeof value !== 'bigint' || value <= 0n)
    throw new InvalidArgumentError(`${what} must be a positive bigint, got ${describeValue(value)}`)
}

/** An integer number from 0 to `max`. */
export function checkSmallInteger(value: unknown, what: string, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidArgumentError(`${what} must be an integer from 0 to ${max}, got ${describeValue(value)}`)
  }
}

/** A batch size: an integer number of at least 1. */
export function checkBatch(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer, got ${describeValue(value)}`)
  }
}

/** A grace period longer than one interval, as the meter's finality needs, and below 2^64. */
export function checkGracePeriod(gracePeriodSeconds: unknown, intervalSeconds: bigint): void {
  if (
    typeof gracePeriodSeconds !== 'bigint' ||
    gracePeriodSeconds <= intervalSeconds ||
    gracePeriodSeconds >= 2n ** 64n
  )
    throw new InvalidArgumentError(
      `gracePeriodSeconds must be a bigint above one interval (${intervalSeconds} s) and below 2^64, got ${describeValue(gracePeriodSeconds)}`,
      { details: "an interval's deliveries may become final only once the next interval has closed" },
    )
}

/** A flat grid tariff whose prices fit the market's 96-bit limits. */
export function checkTariff(tariff: unknown): void {
  const t = tariff as FlatTariff | null
  const inRange = (value: unknown) => typeof value === 'bigint' && value >= 0n && value < 2n ** 96n
  if (t === null || typeof t !== 'object' || !inRange(t.importWeiPerKWh) || !inRange(t.feedInWeiPerKWh))
    throw new InvalidArgumentError(
      `gridTariff must be { importWeiPerKWh, feedInWeiPerKWh }, bigints from 0 to 2^96 − 1, got ${describeValue(tariff)}`,
    )
}

/** A map of profile token id to delivered Wh, as the meter takes it. */
export function checkDeliveries(deliveredWh: unknown): void {
  if (!(deliveredWh instanceof Map))
    throw new InvalidArgumentError(
      `deliveredWh must be a Map of profile token id to Wh, got ${describeValue(deliveredWh)}`,
    )
  for (const [tokenId, energyWh] of deliveredWh) {
    if (typeof tokenId !== 'bigint' || tokenId <= 0n || tokenId >= 2n ** 48n)
      throw new InvalidArgumentError(
        `deliveredWh keys must be profile token ids (positive bigints below 2^48), got ${describeValue(tokenId)}`,
      )
    checkAmount(energyWh, `deliveredWh of profile ${tokenId}`, 2n ** 64n - 1n)
  }
}

/** A commitment's terms, each within what the pool stores; returns the side's index in the contracts' enum. */
export function checkCommitParameters(parameters: CommitParameters): number {
  const { interval, energyWh, side, limitPriceWeiPerKWh } = parameters
  checkSmallInteger(interval, 'interval', MAX_UINT32)
  checkAmount(energyWh, 'energyWh', 2n ** 64n - 1n)
  checkAmount(limitPriceWeiPerKWh, 'limitPriceWeiPerKWh', 2n ** 96n - 1n)
  const sideIndex = SIDES.indexOf(side)
  if (sideIndex < 0) throw new InvalidArgumentError(`side must be 'production' or 'consumption', got ${String(side)}`)
  return sideIndex
}

/** An oracle report's readings and options; returns whether it reports the meter's deliveries. */
export function checkOracleReadings(readings: OracleReadings, options: { deliveries?: boolean }): boolean {
  for (const key of ['priceWeiPerKWh', 'producedWh', 'consumedWh'] as const) {
    const value = readings[key]
    if (value !== undefined && typeof value !== 'bigint')
      throw new InvalidArgumentError(`${key} must be a bigint, got ${describeValue(value)}`)
  }
  const { deliveredWh } = readings
  const reportsDeliveries = options.deliveries ?? true
  if (typeof reportsDeliveries !== 'boolean')
    throw new InvalidArgumentError(`deliveries must be a boolean, got ${describeValue(reportsDeliveries)}`)
  if (deliveredWh !== undefined && !reportsDeliveries)
    throw new InvalidArgumentError('deliveredWh given with deliveries: false')
  if (deliveredWh !== undefined) checkDeliveries(deliveredWh)
  return reportsDeliveries
}
