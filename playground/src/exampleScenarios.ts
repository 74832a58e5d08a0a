import type { ScenarioDefinition } from 'dem-sim'

/** Scenarios the playground offers besides the library's own: a day, to draw the energy chart. */
export const EXAMPLE_SCENARIOS: ScenarioDefinition[] = [
  {
    name: 'solar-day',
    description: 'Twenty prosumers over 24 hourly intervals: solar producers, evening-peak consumers, a flat oracle price.',
    intervals: 24,
    users: { count: 20 },
  },
]
