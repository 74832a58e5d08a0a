import { InvalidTimeError } from './errors.js'

/** A chain's block clock: what the next block's timestamp will be. */
export type BlockClock = { timestamp: bigint }

/** Sets the clock to `timestamp`, refusing to go backwards (both backends' `setTime`). */
export function setClockTime(clock: BlockClock, timestamp: bigint): void {
  if (typeof timestamp !== 'bigint' || timestamp < clock.timestamp) {
    throw new InvalidTimeError(
      `cannot set time to ${String(timestamp)}: the clock is at ${clock.timestamp} and cannot go backwards`,
    )
  }
  clock.timestamp = timestamp
}

/** Moves the clock forward by `seconds` (both backends' `increaseTime`). */
export function increaseClockTime(clock: BlockClock, seconds: bigint): void {
  if (typeof seconds !== 'bigint' || seconds < 0n) {
    throw new InvalidTimeError(`cannot increase time by ${String(seconds)}: seconds must be a non-negative bigint`)
  }
  clock.timestamp += seconds
}
