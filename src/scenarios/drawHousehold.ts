import { createRandom } from './createRandom.js'
import type { Role, Scenario } from './types.js'

/** One user's draws for one interval: its load and generation (the scenario's profiles with jitter) and its limit prices. */
export type HouseholdDraw = {
  loadWh: bigint
  generationWh: bigint
  productionLimitWeiPerKWh: bigint
  consumptionLimitWeiPerKWh: bigint
}

/**
 * A user's draws, interval after interval, from its own random stream (stream `user + 1` of the
 * scenario's seed): the same numbers in the same order whatever its role or strategy, so user `k`
 * draws the same in a run of 10 users as in one of 1,000. Call it once per interval, in order.
 */
export function createHouseholdDraws(
  scenario: Scenario,
  user: number,
  role: Role,
): (interval: number) => HouseholdDraw {
  const random = createRandom(scenario.seed, user + 1)
  const { profiles, limitPrices } = scenario
  return (i) => {
    const producedWh = jittered(profiles.production.baseWh[i] as number, profiles.production.jitter, random.signed())
    const consumedWh = jittered(profiles.consumption.baseWh[i] as number, profiles.consumption.jitter, random.signed())
    const productionLimitWeiPerKWh = random.bigintBetween(
      limitPrices.production.minWeiPerKWh,
      limitPrices.production.maxWeiPerKWh,
    )
    const consumptionLimitWeiPerKWh = random.bigintBetween(
      limitPrices.consumption.minWeiPerKWh,
      limitPrices.consumption.maxWeiPerKWh,
    )
    return {
      loadWh: role === 'producer' ? 0n : BigInt(consumedWh),
      generationWh: role === 'consumer' ? 0n : BigInt(producedWh),
      productionLimitWeiPerKWh,
      consumptionLimitWeiPerKWh,
    }
  }
}

/** A base value scaled by 1 + jitter × u (u in [-1, 1)), rounded to whole Wh, never negative. */
function jittered(baseWh: number, jitter: number, u: number): number {
  return Math.max(0, Math.round(baseWh * (1 + jitter * u)))
}
