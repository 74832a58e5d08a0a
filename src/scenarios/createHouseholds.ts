import type { User } from '../market/types.js'
import { assignGroups } from './assignGroups.js'
import { createRandom, type Random } from './createRandom.js'
import { createHouseholdDraws, type HouseholdDraw } from './drawHousehold.js'
import type { HouseholdRecord } from './HouseholdRecord.js'
import { createBattery, type Battery } from './strategies/createBattery.js'
import type { MeterReading, Strategy } from './strategies/types.js'
import type { ResolvedUserGroup, Role, Scenario, UserOutcome } from './types.js'

/** Strategy random streams start here (the scenario's draws use streams 1..users). */
const STRATEGY_STREAM = 1 << 20

/** One user of a run as the engine keeps it: who it is on chain, how it decides, and what it has done so far. */
export type Household = {
  index: number
  role: Role
  group: ResolvedUserGroup
  strategyName: string
  strategy: Strategy
  external: boolean
  user: User
  draw: (interval: number) => HouseholdDraw
  next: HouseholdDraw | undefined
  random: Random
  state: Record<string, unknown>
  battery: Battery | undefined
  history: MeterReading[]
  settled: HouseholdRecord[]
  collateralWei: bigint
  lockedWei: bigint
  outcome: UserOutcome
}

/**
 * The households of a run over users who have joined the market (one per user, in order): each
 * with its group, its strategy (or `'agent'` when decided from outside), its seeded draws and
 * random stream, a fresh battery and empty history.
 *
 * @param scenario the run's scenario (its seed drives the draws)
 * @param users the joined users, user `k` at index `k`
 * @param strategies every strategy the groups may name
 * @param external the users decided from outside
 * @returns the households, user `k` at index `k`
 */
export function createHouseholds(
  scenario: Scenario,
  users: readonly User[],
  strategies: Readonly<Record<string, Strategy>>,
  external: ReadonlySet<number>,
): Household[] {
  const { groups, collateralWei } = scenario.users
  const groupOf = assignGroups(scenario.users.count, groups)
  return users.map((user, k) => {
    const group = groups[groupOf[k] as number] as ResolvedUserGroup
    const isExternal = external.has(k)
    const strategyName = isExternal ? 'agent' : group.strategy.type
    return {
      index: k,
      role: group.role,
      group,
      strategyName,
      strategy: strategies[group.strategy.type] as Strategy,
      external: isExternal,
      user,
      draw: createHouseholdDraws(scenario, k, group.role),
      next: undefined,
      random: createRandom(scenario.seed, STRATEGY_STREAM + k),
      state: {},
      battery: group.battery === undefined ? undefined : createBattery(group.battery),
      history: [],
      settled: [],
      collateralWei,
      lockedWei: 0n,
      outcome: {
        index: k,
        role: group.role,
        tokenId: user.tokenId,
        address: user.address,
        commitments: 0,
        soldWh: 0n,
        boughtWh: 0n,
        receivedWei: 0n,
        paidWei: 0n,
        collateralWei,
        gasUsed: 0n,
        group: group.name,
        strategy: strategyName,
      },
    }
  })
}
