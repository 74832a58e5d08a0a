import type { DemSimulator } from '../market/DemSimulator.js'
import type { User } from '../market/types.js'
import { assignGroups } from './assignGroups.js'
import type { ResolvedUserGroup, Scenario } from './types.js'

/** Energy-type labels of the profiles: solar for whoever produces, consumer-only otherwise. */
const ENERGY_TYPE = { producer: 0, consumer: 5, prosumer: 0 } as const

/**
 * Has every user of the scenario join the market: registers its profile with the scenario's
 * collateral and puts it in the pool the way `users.onboarding` says. Depends on the scenario's
 * users (count, groups' roles, collateral, onboarding), never on its seed.
 *
 * @param sim the freshly deployed market
 * @param scenario the scenario whose users join
 * @param joined called after each user has joined
 * @returns the users, user `k` at index `k`
 */
export async function onboardUsers(sim: DemSimulator, scenario: Scenario, joined: () => void): Promise<User[]> {
  const { users: usersSpec } = scenario
  const groupOf = assignGroups(usersSpec.count, usersSpec.groups)
  const users: User[] = []
  for (let k = 0; k < usersSpec.count; k++) {
    const group = usersSpec.groups[groupOf[k] as number] as ResolvedUserGroup
    const inPool = usersSpec.onboarding === 'registerInPool'
    const added = await sim.addUser({
      collateralWei: usersSpec.collateralWei,
      energyType: ENERGY_TYPE[group.role],
      deposit: inPool,
    })
    if (!inPool)
      await sim.deposit(added, {
        via: usersSpec.onboarding === 'registerApproveDeposit' ? 'approve' : 'safeTransferFrom',
      })
    users.push({ address: added.address, tokenId: added.tokenId })
    joined()
  }
  return users
}
