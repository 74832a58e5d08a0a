import type { Side } from '../market/types.js'
import { createRandom } from './createRandom.js'
import { ScenarioError } from './ScenarioError.js'
import type { PlannedCommitment, Role, Scenario, ScenarioPlan } from './types.js'

const MAX_READING_WH = 2n ** 64n - 1n
const ROLES: readonly Role[] = ['producer', 'consumer', 'prosumer']

/**
 * Draws up everything a scenario will do — each user's role, every commitment (energy, side,
 * limit price) and every oracle reading — from the definition and its seed alone, before
 * anything runs. The same scenario always gives the same plan. Each user draws from its own
 * random stream, so user `k` commits the same in a run of 10 users as in a run of 1,000.
 *
 * Refuses (with a {@link ScenarioError}) a plan the contracts would refuse: a consumer whose
 * collateral cannot cover the lock of its commitment, or readings beyond 2^64 Wh.
 *
 * @example
 * import { parseScenario, planScenario } from 'dem-sim'
 * const plan = planScenario(parseScenario({ intervals: 24, users: { count: 10 } }))
 * plan.intervals[12].commitments.length
 */
export function planScenario(scenario: Scenario): ScenarioPlan {
  const { intervals, users, profiles, limitPrices, oracle, seed } = scenario
  const roles = assignRoles(users.count, users.mix)
  const randoms = roles.map((_, k) => createRandom(seed, k + 1))
  const plan: ScenarioPlan = { roles, intervals: [] }

  for (let i = 0; i < intervals; i++) {
    const commitments: PlannedCommitment[] = []
    let committedProductionWh = 0n
    let committedConsumptionWh = 0n
    for (let k = 0; k < users.count; k++) {
      const random = randoms[k] as ReturnType<typeof createRandom>
      const role = roles[k] as Role
      // Every user draws the same numbers in the same order whatever its role.
      const producedWh = jittered(profiles.production.baseWh[i] as number, profiles.production.jitter, random.signed())
      const consumedWh = jittered(profiles.consumption.baseWh[i] as number, profiles.consumption.jitter, random.signed())
      const productionLimit = random.bigintBetween(limitPrices.production.minWeiPerKWh, limitPrices.production.maxWeiPerKWh)
      const consumptionLimit = random.bigintBetween(limitPrices.consumption.minWeiPerKWh, limitPrices.consumption.maxWeiPerKWh)
      let side: Side
      let energyWh: number
      if (role === 'producer') [side, energyWh] = ['production', producedWh]
      else if (role === 'consumer') [side, energyWh] = ['consumption', consumedWh]
      else [side, energyWh] = producedWh >= consumedWh ? ['production', producedWh - consumedWh] : ['consumption', consumedWh - producedWh]
      if (energyWh === 0) continue
      const commitment: PlannedCommitment = {
        user: k,
        side,
        energyWh: BigInt(energyWh),
        limitPriceWeiPerKWh: side === 'production' ? productionLimit : consumptionLimit,
      }
      if (side === 'production') committedProductionWh += commitment.energyWh
      else {
        committedConsumptionWh += commitment.energyWh
        const lockedWei = (commitment.energyWh * commitment.limitPriceWeiPerKWh + 999n) / 1000n
        if (lockedWei > users.collateralWei) {
          throw new ScenarioError(
            'users.collateralWei',
            `does not cover user ${k}'s commitment in interval ${i} (${commitment.energyWh} Wh at up to ${commitment.limitPriceWeiPerKWh} wei/kWh locks ${lockedWei} wei)`,
            users.collateralWei,
          )
        }
      }
      commitments.push(commitment)
    }
    for (const [total, path] of [
      [committedProductionWh, 'profiles.production'],
      [committedConsumptionWh, 'profiles.consumption'],
    ] as const) {
      if (total > MAX_READING_WH) throw new ScenarioError(path, `adds up to more than 2^64 − 1 Wh in interval ${i}`, total)
    }
    plan.intervals.push({
      commitments,
      priceWeiPerKWh: oracle.priceWeiPerKWh[i] as bigint,
      producedWh: metered(oracle.production, i, committedProductionWh),
      consumedWh: metered(oracle.consumption, i, committedConsumptionWh),
    })
  }
  return plan
}

/**
 * Roles in an interleaved order that depends only on the mix: user `k` takes the role furthest
 * behind its share among users 0..k (ties in the order producer, consumer, prosumer).
 */
export function assignRoles(count: number, mix: Scenario['users']['mix']): Role[] {
  const shares = [mix.producers, mix.consumers, mix.prosumers]
  const assigned = [0, 0, 0]
  const roles: Role[] = []
  for (let k = 0; k < count; k++) {
    let best = 0
    let bestDeficit = -Infinity
    for (let r = 0; r < 3; r++) {
      const share = shares[r] as number
      if (share === 0) continue
      const deficit = share * (k + 1) - (assigned[r] as number)
      if (deficit > bestDeficit + 1e-12) [best, bestDeficit] = [r, deficit]
    }
    assigned[best] = (assigned[best] as number) + 1
    roles.push(ROLES[best] as Role)
  }
  return roles
}

/** A base value scaled by 1 + jitter × u (u in [-1, 1)), rounded to whole Wh, never negative. */
function jittered(baseWh: number, jitter: number, u: number): number {
  return Math.max(0, Math.round(baseWh * (1 + jitter * u)))
}

function metered(spec: Scenario['oracle']['production'], i: number, committedWh: bigint): bigint {
  const baseWh = spec.meteredWh === undefined ? committedWh : BigInt(Math.round(spec.meteredWh[i] as number))
  const keptPpm = BigInt(Math.round((1 - (spec.shortfall[i] as number)) * 1e6))
  return (baseWh * keptPpm) / 1_000_000n
}
