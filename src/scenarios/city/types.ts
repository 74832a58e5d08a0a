import type { Kpis } from '../kpis/types.js'
import type { Economics } from '../kpis/types.js'
import type { Scenario, ScenarioDefinition, ScenarioResult } from '../types.js'

/**
 * One entry of a city's `communities`: a name, how many communities it makes, and the fields of
 * the city's scenario it replaces for them (each replaced whole).
 */
export type CommunityDefinition = Pick<
  ScenarioDefinition,
  'description' | 'seed' | 'users' | 'profiles' | 'limitPrices' | 'oracle' | 'grid' | 'keeper' | 'market'
> & {
  /** Default `community-<entry number>`; copies get `-1`, `-2`, ... appended. */
  name?: string
  /** How many communities this entry makes, each with the next seed. Default 1. */
  count?: number
}

/** A city: a scenario whose `communities` each run as their own market, on their own chain. */
export type CityDefinition = ScenarioDefinition & { communities: CommunityDefinition[] }

/** One community of a city: its place, its name and the scenario it runs. */
export type Community = { index: number; name: string; scenario: Scenario }

/** A checked city, every community's scenario resolved. Made by {@link parseCity}; what {@link runCity} runs. */
export type City = {
  readonly resolved: true
  name: string
  description: string | undefined
  seed: number
  intervals: number
  /** What the city's KPIs price gas and ether at: the same for every community. */
  economics: Economics
  communities: Community[]
  /** The definition it came from. */
  definition: CityDefinition
}

/** What a city keeps of each community's run: what it was, its totals and its KPIs (the rest goes to tables as it runs). */
export type CommunitySummary = {
  index: number
  name: string
  mechanism: string
  seed: number
  users: number
  intervals: number
  totals: ScenarioResult['totals']
  maxTransactionGas: ScenarioResult['maxTransactionGas']
  /** The community's KPIs over the run. */
  kpis: Kpis
}

/** A city's run: each community's summary, in the city's order, and the city's KPIs. */
export type CityResult = {
  name: string
  communities: CommunitySummary[]
  /** The KPIs of every household of the city: sums over the communities, ratios of the sums. */
  kpis: Kpis
  /** Runs that went at once. */
  workers: number
  /** Wall-clock milliseconds for the whole city, and per community (by index). */
  wallMs: number
  communityWallMs: number[]
}

/** Progress of a city's run. */
export type CityProgress = {
  /** Steps done and planned over the communities started so far. */
  completed: number
  total: number
  communitiesDone: number
  communities: number
}
