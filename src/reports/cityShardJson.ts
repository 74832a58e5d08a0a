import type { CityShard } from '../scenarios/city/mergeCityShards.js'
import type { CommunitySummary } from '../scenarios/city/types.js'
import { SweepMergeError } from '../scenarios/sweepShards.js'
import { findShapeProblem, type Shape } from './fieldKinds.js'
import { ECONOMICS_SHAPE, KPIS_SHAPE, TOTALS_SHAPE } from './resultShapes.js'
import { parseTaggedJson, taggedJson } from './sweepShardJson.js'
import { toJson } from '../scenarios/toJson.js'

/** The file a shard of a city writes into its folder, and `dem-sim merge` reads. */
export const CITY_SHARD_FILE = 'city-shard.json'

const FORMAT = 'dem-sim/city-shard@1'

const COMMUNITY_SHAPE: Shape<CommunitySummary> = {
  index: 'count',
  name: 'text',
  mechanism: 'text',
  seed: 'count',
  users: 'count',
  intervals: 'count',
  totals: TOTALS_SHAPE,
  maxTransactionGas: { operation: 'text', gasUsed: 'uint', transactionGasCap: 'uint', blockGasLimit: 'uint' },
  kpis: KPIS_SHAPE,
}
const RUN_SHAPE: Shape<CityShard['run']> = {
  communities: [COMMUNITY_SHAPE],
  communityWallMs: ['real'],
  workers: 'count',
  wallMs: 'real',
}

/**
 * A shard of a city as JSON that reads back exactly (bigints tagged, as in a sweep's shard).
 *
 * @param shard the shard: the whole city, the shard i/n and its communities' summaries
 * @returns the file's text
 * @example
 * import { CITY_SHARD_FILE, cityShardToJson } from 'dem-sim'
 * await writeFile(CITY_SHARD_FILE, cityShardToJson({ shard, city, run }))
 */
export function cityShardToJson(shard: CityShard): string {
  return taggedJson({ format: FORMAT, ...shard })
}

/**
 * Reads a shard written by {@link cityShardToJson}, checking every figure the merge reports.
 *
 * @param text the file's contents
 * @param file its name, for messages
 * @returns the shard
 * @throws SweepMergeError when it is not such a file, or is damaged
 * @example
 * import { cityShardFromJson, mergeCityShards } from 'dem-sim'
 * const city = mergeCityShards(texts.map((text, i) => cityShardFromJson(text, files[i])))
 */
export function cityShardFromJson(text: string, file: string): CityShard {
  let parsed: unknown
  try {
    parsed = parseTaggedJson(text)
  } catch {
    throw new SweepMergeError(`${file} is not a shard of a city (not JSON)`)
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== FORMAT)
    throw new SweepMergeError(`${file} is not a shard of a city (written by dem-sim city --shard i/n)`)
  const { shard, city, run } = parsed as Record<string, unknown>
  const problem =
    findShapeProblem(shard, { index: 'count', count: 'count' }, 'shard') ??
    findShapeProblem(run, RUN_SHAPE, 'run') ??
    cityProblem(city)
  if (problem !== undefined) throw new SweepMergeError(`${file} is damaged: ${problem.path} ${problem.problem}`)
  return { shard, city, run } as CityShard
}

/** The city is carried whole for its hash; the merge reads its name, economics and communities' places. */
function cityProblem(city: unknown) {
  if (city === null || typeof city !== 'object') return { path: 'city', problem: 'must be an object' }
  const { name, economics, communities } = city as Record<string, unknown>
  if (typeof name !== 'string') return { path: 'city.name', problem: 'must be a string' }
  const economicsProblem = findShapeProblem(economics, ECONOMICS_SHAPE, 'city.economics')
  if (economicsProblem !== undefined) return economicsProblem
  if (!Array.isArray(communities)) return { path: 'city.communities', problem: 'must be a list' }
  const at = communities.findIndex(
    (c, i) => c === null || typeof c !== 'object' || c.index !== i || typeof c.name !== 'string',
  )
  if (at !== -1) return { path: `city.communities[${at}]`, problem: 'must be the community at that place' }
  try {
    toJson(city, 0)
  } catch {
    return { path: 'city', problem: 'cannot be written as JSON' }
  }
  return undefined
}
