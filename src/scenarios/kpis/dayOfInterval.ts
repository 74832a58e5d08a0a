/** The clock of a run: interval length and the hour of the day at which interval 0 starts. */
export type RunClock = { intervalSeconds: number; startHour: number }

/**
 * The day an interval of a run belongs to: the day it starts on, counted from the day of the
 * run's first interval (0). An interval that spans midnight belongs to the day it starts on.
 *
 * @param interval the interval's index in the run (0-based)
 * @param clock the run's interval length and start hour
 * @example
 * import { dayOfInterval } from 'dem-sim'
 * dayOfInterval(25, { intervalSeconds: 3600, startHour: 0 }) // 1
 */
export function dayOfInterval(interval: number, clock: RunClock): number {
  // In whole seconds, so that fractional hours do not round an interval into the wrong day.
  const startSecond = Math.round(clock.startHour * 3600) + interval * clock.intervalSeconds
  return Math.floor(startSecond / 86_400)
}
