import type { SweepResult } from '../scenarios/sweep.js'
import { SweepMergeError, type SweepShard } from '../scenarios/sweepShards.js'
import { findShapeProblem, type Shape } from './fieldKinds.js'
import { SCENARIO_RESULT_SHAPE } from './resultShapes.js'
import { toJson } from '../scenarios/toJson.js'

/** The file a shard of a sweep writes into its `--out` folder, and `dem-sim merge` reads. */
export const SWEEP_SHARD_FILE = 'sweep-shard.json'

const FORMAT = 'dem-sim/sweep-shard@1'

const SHARD_SHAPE = { index: 'count', count: 'count' } as const
const SWEEP_SHAPE: Shape<SweepResult> = {
  name: 'text',
  users: ['count'],
  points: [{ users: 'count', result: SCENARIO_RESULT_SHAPE }],
  workers: 'count',
  wallMs: 'real',
}

/**
 * A shard of a sweep as JSON that reads back exactly: bigints are tagged (`{ "$bigint": "12" }`),
 * so that the merged reports format them as the unsharded run does.
 */
export function sweepShardToJson(shard: SweepShard): string {
  return taggedJson({ format: FORMAT, ...shard })
}

/** JSON with every bigint tagged (`{ "$bigint": "12" }`), so that {@link parseTaggedJson} gives it back as a bigint. */
export function taggedJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? { $bigint: inner.toString() } : inner))}\n`
}

/** Parses {@link taggedJson}'s text, bigints revived. */
export function parseTaggedJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (isTaggedBigint(value) ? BigInt(value.$bigint) : value))
}

/**
 * Reads a shard written by {@link sweepShardToJson}.
 *
 * @param text the file's contents
 * @param file its name, for messages
 * @throws SweepMergeError when it is not such a file
 */
export function sweepShardFromJson(text: string, file: string): SweepShard {
  let parsed: unknown
  try {
    parsed = parseTaggedJson(text)
  } catch {
    throw new SweepMergeError(`${file} is not a shard of a sweep (not JSON)`)
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== FORMAT) {
    throw new SweepMergeError(`${file} is not a shard of a sweep (written by dem-sim sweep --shard i/n)`)
  }
  const { format: _format, scenario, ...rest } = parsed as Record<string, unknown>
  const problem = findShapeProblem(rest, { shard: SHARD_SHAPE, allUsers: ['count'], sweep: SWEEP_SHAPE }, 'shard')
  if (problem !== undefined)
    throw new SweepMergeError(`${file} is damaged: ${problem.path.replace(/^shard\./, '')} ${problem.problem}`)
  if (!isScenarioLike(scenario)) throw new SweepMergeError(`${file} is damaged: scenario is not a scenario`)
  return { ...(rest as Omit<SweepShard, 'scenario'>), scenario: scenario as SweepShard['scenario'] }
}

/** An object with a name whose JSON form can be written (so that shards can be compared by it). */
function isScenarioLike(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || typeof (value as { name?: unknown }).name !== 'string')
    return false
  try {
    toJson(value, 0)
    return true
  } catch {
    return false
  }
}

function isTaggedBigint(value: unknown): value is { $bigint: string } {
  if (value === null || typeof value !== 'object') return false
  const keys = Object.keys(value)
  return (
    keys.length === 1 &&
    keys[0] === '$bigint' &&
    typeof (value as { $bigint: unknown }).$bigint === 'string' &&
    /^-?\d+$/.test((value as { $bigint: string }).$bigint)
  )
}
