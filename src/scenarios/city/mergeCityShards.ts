import { describeDifference } from '../describeDifference.js'
import { type ShardSpec, SweepMergeError, shardPoints } from '../sweepShards.js'
import { toJson } from '../toJson.js'
import { cityKpis } from './runCity.js'
import type { City, CityResult, CommunitySummary } from './types.js'

/** What one shard of a city ran: the whole city (to check that the shards belong together) and its communities. */
export type CityShard = {
  shard: ShardSpec
  city: City
  run: Pick<CityResult, 'communities' | 'communityWallMs' | 'workers' | 'wallMs'>
}

/**
 * Joins the shards of a city into the result one machine would have produced: every community
 * in the city's order, the city's KPIs from their sums. Wall-clock fields are the only ones that
 * differ (`wallMs`: the longest shard's; `workers`: all shards' together).
 *
 * @param shards every shard of the city, each exactly once, in any order
 * @throws SweepMergeError when one is missing or repeated, or they come from different cities
 * @example
 * import { mergeCityShards } from 'dem-sim'
 * const merged = mergeCityShards([shard1, shard2])
 */
export function mergeCityShards(shards: readonly CityShard[]): CityResult {
  const first = shards[0]
  if (first === undefined) throw new SweepMergeError('Nothing to merge: give the folders the shards wrote')
  const { count } = first.shard
  const city = toJson(first.city, 0)
  const indices = first.city.communities.map(({ index }) => index)
  const seen = new Map<number, CityShard>()
  for (const shard of shards) {
    const label = `shard ${shard.shard.index}/${shard.shard.count}`
    if (shard.shard.count !== count)
      throw new SweepMergeError(
        `${label} belongs to a city in ${shard.shard.count} shards, the first one to one in ${count}`,
      )
    if (toJson(shard.city, 0) !== city)
      throw new SweepMergeError(
        `${label} ran another city than the first one: ${describeDifference(shard.city, first.city)}`,
      )
    if (seen.has(shard.shard.index)) throw new SweepMergeError(`${label} is given twice`)
    const expected = shardPoints(indices, shard.shard).join(',')
    const ran = shard.run.communities.map((c) => c.index).join(',')
    if (ran !== expected) throw new SweepMergeError(`${label} holds the communities ${ran}, not ${expected}`)
    seen.set(shard.shard.index, shard)
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index))
  if (missing.length > 0)
    throw new SweepMergeError(
      `Missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} of the city`,
    )
  const ran = shards.flatMap((shard) =>
    shard.run.communities.map((community, i) => ({ community, wallMs: shard.run.communityWallMs[i] ?? 0 })),
  )
  ran.sort((a, b) => a.community.index - b.community.index)
  const communities: CommunitySummary[] = ran.map(({ community }) => community)
  return {
    name: first.city.name,
    communities,
    kpis: cityKpis(communities, first.city.economics),
    workers: shards.reduce((n, shard) => n + shard.run.workers, 0),
    wallMs: Math.max(...shards.map((shard) => shard.run.wallMs)),
    communityWallMs: ran.map(({ wallMs }) => wallMs),
  }
}
