import type { ScenarioDefinition } from './types.js'

/**
 * The seed demo's gas measurement, completed: every user joins the way the seed's users did
 * (`registerUser`, `approve`, `deposit`) and commits once — half of them producing 3 kWh, half
 * consuming 2 kWh — in one interval, which the oracle then reports and the keeper settles. The
 * seed's bar chart stopped before settlement; this one includes it.
 *
 * @example
 * import { PAPER_SCENARIO, sweep } from 'dem-sim'
 * const { points } = await sweep(PAPER_SCENARIO, { users: [2, 10, 50] })
 */
export const PAPER_SCENARIO: ScenarioDefinition = {
  name: 'paper',
  description:
    "The seed demo's gas measurement with settlement: each user joins (registerUser, approve, deposit) and commits once, half producing 3 kWh and half consuming 2 kWh in one interval; the oracle reports and the keeper settles it.",
  seed: 1,
  intervals: 1,
  startHour: 12,
  users: { count: 2, collateralWei: '100000000000000000', mix: { producers: 0.5, consumers: 0.5 }, onboarding: 'registerApproveDeposit' },
  profiles: { production: { type: 'flat', energyWh: 3_000 }, consumption: { type: 'flat', energyWh: 2_000 } },
  limitPrices: { production: '40000000000000', consumption: '70000000000000' },
  oracle: { price: '50000000000000' },
}
