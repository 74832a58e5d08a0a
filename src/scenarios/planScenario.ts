import { lockFor } from '../mechanisms/lockFor.js'
import { assignGroups } from './assignGroups.js'
import { createHouseholdDraws } from './drawHousehold.js'
import { meteredReading } from './meteredReading.js'
import { ScenarioError } from './ScenarioError.js'
import { profileStrategy } from './strategies/profileStrategy.js'
import type { PlannedCommitment, Role, Scenario, ScenarioPlan } from './types.js'

const MAX_READING_WH = 2n ** 64n - 1n

/**
 * Draws up what a scenario's `profile` users will do — each user's role, every commitment (energy,
 * side, limit price) and the oracle readings they lead to — from the definition and its seed alone,
 * before anything runs. The same scenario always gives the same plan. Each user draws from its own
 * random stream, so user `k` commits the same in a run of 10 users as in a run of 1,000. Users of
 * other strategies decide while the scenario runs: the plan has no commitments for them.
 *
 * Refuses (with a {@link ScenarioError}) a plan the contracts would refuse: a consumer whose
 * collateral cannot cover the lock of its commitment, or readings beyond 2^64 Wh.
 *
 * @param scenario a resolved scenario
 * @param options the file it came from, named in a refusal's message
 * @returns each user's role and group, and every interval's commitments and readings
 * @example
 * import { parseScenario, planScenario } from 'dem-sim'
 * const plan = planScenario(parseScenario({ intervals: 24, users: { count: 10 } }))
 * plan.intervals[12].commitments.length
 */
export function planScenario(scenario: Scenario, options: { file?: string | undefined } = {}): ScenarioPlan {
  const { file } = options
  const { intervals, users, oracle } = scenario
  const groups = assignGroups(users.count, users.groups)
  const roles = groups.map((g) => (users.groups[g] as Scenario['users']['groups'][number]).role)
  const planned = groups.map(
    (g) => (users.groups[g] as Scenario['users']['groups'][number]).strategy.type === 'profile',
  )
  const draws = roles.map((role, k) => createHouseholdDraws(scenario, k, role as Role))
  const plan: ScenarioPlan = { roles, groups, intervals: [] }

  for (let i = 0; i < intervals; i++) {
    const commitments: PlannedCommitment[] = []
    let committedProductionWh = 0n
    let committedConsumptionWh = 0n
    for (let k = 0; k < users.count; k++) {
      // Every user draws the same numbers in the same order whatever its role or strategy.
      const draw = (draws[k] as ReturnType<typeof createHouseholdDraws>)(i)
      if (!planned[k]) continue
      const decided = profileStrategy({
        forecast: draw,
        limitPrices: {
          productionWeiPerKWh: draw.productionLimitWeiPerKWh,
          consumptionWeiPerKWh: draw.consumptionLimitWeiPerKWh,
        },
      } as unknown as Parameters<typeof profileStrategy>[0]) as { commitments: PlannedCommitment[] }
      for (const c of decided.commitments) {
        const commitment: PlannedCommitment = {
          user: k,
          side: c.side,
          energyWh: c.energyWh,
          limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
        }
        if (commitment.side === 'production') committedProductionWh += commitment.energyWh
        else {
          committedConsumptionWh += commitment.energyWh
          const lockedWei = lockFor(commitment.energyWh, commitment.limitPriceWeiPerKWh)
          if (lockedWei > users.collateralWei) {
            throw new ScenarioError(
              'users.collateralWei',
              `does not cover user ${k}'s commitment in interval ${i} (${commitment.energyWh} Wh at up to ${commitment.limitPriceWeiPerKWh} wei/kWh locks ${lockedWei} wei)`,
              users.collateralWei,
              { file },
            )
          }
        }
        commitments.push(commitment)
      }
    }
    for (const [total, path] of [
      [committedProductionWh, 'profiles.production'],
      [committedConsumptionWh, 'profiles.consumption'],
    ] as const) {
      if (total > MAX_READING_WH)
        throw new ScenarioError(path, `adds up to more than 2^64 − 1 Wh in interval ${i}`, total, { file })
    }
    plan.intervals.push({
      commitments,
      priceWeiPerKWh: oracle.priceWeiPerKWh[i] as bigint,
      producedWh: meteredReading(oracle.production, i, committedProductionWh),
      consumedWh: meteredReading(oracle.consumption, i, committedConsumptionWh),
    })
  }
  return plan
}

/**
 * Roles in an interleaved order that depends only on the mix: user `k` takes the role furthest
 * behind its share among users 0..k (ties in the order producer, consumer, prosumer).
 */
export function assignRoles(count: number, mix: Scenario['users']['mix']): Role[] {
  const roles: Role[] = ['producer', 'consumer', 'prosumer']
  const shares = [mix.producers, mix.consumers, mix.prosumers]
  return assignGroups(
    count,
    shares.map((share) => ({ share, count: undefined })),
  ).map((g) => roles[g] as Role)
}
