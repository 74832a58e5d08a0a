import type { ScenarioDefinition } from './types.js'

/**
 * A small day for the tests that run a whole scenario: six users of every role over six daylight
 * intervals, with jittered profiles and crossing limit prices. Tests add the oracle, grid or
 * keeper settings they are about.
 */
export const SMALL_DAY: ScenarioDefinition = {
  name: 'small-day',
  seed: 11,
  intervals: 6,
  startHour: 9,
  users: { count: 6, mix: { producers: 0.34, consumers: 0.33, prosumers: 0.33 } },
  profiles: {
    production: { type: 'solar', peakWh: 2_000, jitter: 0.3 },
    consumption: { type: 'evening-peak', jitter: 0.3 },
  },
  limitPrices: {
    production: { minWeiPerKWh: '30000000000000', maxWeiPerKWh: '60000000000000' },
    consumption: { minWeiPerKWh: '45000000000000', maxWeiPerKWh: '80000000000000' },
  },
}
