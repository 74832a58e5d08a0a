import { createRandom } from '../createRandom.js'

/**
 * Forecast errors of a learning agent's observations: each forecast is the metered value times
 * (1 + `relativeStd` × z), z a standard normal drawn for the user and interval, rounded to whole Wh
 * and never below 0. Load and generation get independent draws.
 */
export type ForecastNoise = {
  /** The error's standard deviation, relative to the true value (0.1 = 10 %); from 0 to 10. */
  relativeStd: number
  /** Seeds the errors (independent of the scenario's draws); default: the episode's seed. */
  seed?: number | undefined
}

/**
 * The noisy forecast of `user` for the run's `interval` ({@link ForecastNoise}): the same
 * arguments give the same errors on every run and platform, whatever else was drawn before.
 *
 * @param forecast the true load and generation (what the household will meter)
 * @param relativeStd the errors' relative standard deviation
 * @param seed the noise's seed
 * @param user the user's index; with `interval` and `intervals` it picks the draw's stream
 * @param interval the run's interval
 * @param intervals the run's length
 * @returns the forecast as the agent observes it
 * @example
 * import { noisyForecast } from 'dem-sim'
 * noisyForecast({ loadWh: 500n, generationWh: 0n }, 0.1, 7, 0, 12, 24) // e.g. { loadWh: 463n, generationWh: 0n }
 */
export function noisyForecast(
  forecast: { loadWh: bigint; generationWh: bigint },
  relativeStd: number,
  seed: number,
  user: number,
  interval: number,
  intervals: number,
): { loadWh: bigint; generationWh: bigint } {
  const random = createRandom(seed, user * intervals + interval)
  const normal = () => {
    // Box–Muller: 1 − next() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random.next()))
    return radius * Math.cos(2 * Math.PI * random.next())
  }
  const perturb = (wh: bigint, z: number): bigint => {
    const value = Math.round(Number(wh) * (1 + relativeStd * z))
    return value > 0 ? BigInt(value) : 0n
  }
  const zLoad = normal()
  const zGeneration = normal()
  return { loadWh: perturb(forecast.loadWh, zLoad), generationWh: perturb(forecast.generationWh, zGeneration) }
}
