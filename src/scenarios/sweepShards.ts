import { DemError } from '../errors/DemError.js'
import { toJson } from './toJson.js'
import { describeDifference } from './describeDifference.js'
import type { SweepResult } from './sweep.js'
import type { Scenario } from './types.js'

/** One of `count` deterministic parts of a sweep; `index` counts from 1 (`--shard 2/3`). */
export type ShardSpec = { index: number; count: number }

/** What one shard of a sweep ran: enough to check, when merging, that all shards belong together. */
export type SweepShard = {
  shard: ShardSpec
  /** Every user count of the whole sweep, ascending. */
  allUsers: number[]
  /** The scenario every point varied (before its user count was replaced). */
  scenario: Scenario
  /** The shard's own runs (possibly none). */
  sweep: SweepResult
}

/** Merging shards failed: a shard is missing, repeated or from another sweep. */
export class SweepMergeError extends DemError {
  override name = 'SweepMergeError'
}

/**
 * The user counts of one shard: the sweep's counts, ascending and without repeats, dealt out in
 * turn (the k-th to shard `k mod count + 1`), so every machine computes the same split and the
 * large runs spread over the shards.
 *
 * @example
 * shardUsers([2, 10, 50, 200, 1000], { index: 2, count: 3 }) // [10, 1000]
 */
export function shardUsers(users: readonly number[], shard: ShardSpec): number[] {
  return shardPoints(sweepCounts(users), shard)
}

/**
 * The points of one shard of any list of runs (a sweep's user counts, a city's communities):
 * dealt out in turn, the k-th to shard `k mod count + 1`.
 *
 * @param points every point, in the order every machine lists them
 * @param shard which shard, counted from 1
 * @returns the shard's points, in the same order
 * @throws SweepMergeError when the shard is not i/n with 1 ≤ i ≤ n
 * @example
 * shardPoints(['north', 'south', 'east'], { index: 1, count: 2 }) // ['north', 'east']
 */
export function shardPoints<T>(points: readonly T[], shard: ShardSpec): T[] {
  if (
    !Number.isSafeInteger(shard.count) ||
    shard.count < 1 ||
    !Number.isSafeInteger(shard.index) ||
    shard.index < 1 ||
    shard.index > shard.count
  ) {
    throw new SweepMergeError(`A shard must be i/n with 1 ≤ i ≤ n, got ${shard.index}/${shard.count}`)
  }
  return points.filter((_, k) => k % shard.count === shard.index - 1)
}

/** A sweep's user counts as it runs them: ascending, without repeats. */
export function sweepCounts(users: readonly number[]): number[] {
  return [...new Set(users)].sort((a, b) => a - b)
}

/**
 * Joins the shards of one sweep into the result one machine would have produced: the same
 * points in the same order. Wall-clock fields (`wallMs`: the longest shard; `workers`: all
 * shards' together) are the only ones that differ.
 *
 * @param shards every shard of the sweep, each exactly once, in any order
 * @throws SweepMergeError when one is missing or repeated, or they come from different sweeps
 */
export function mergeSweepShards(shards: readonly SweepShard[]): SweepResult {
  const first = shards[0]
  if (first === undefined) throw new SweepMergeError('Nothing to merge: give the folders (or files) the shards wrote')
  const { count } = first.shard
  const scenario = toJson(first.scenario)
  const allUsers = first.allUsers.join(',')
  const seen = new Map<number, SweepShard>()
  for (const shard of shards) {
    const label = `shard ${shard.shard.index}/${shard.shard.count}`
    if (shard.shard.count !== count)
      throw new SweepMergeError(
        `${label} belongs to a sweep in ${shard.shard.count} shards, the first one to a sweep in ${count}`,
      )
    if (shard.allUsers.join(',') !== allUsers)
      throw new SweepMergeError(`${label} swept users ${shard.allUsers.join(',')}, the first one ${allUsers}`)
    if (toJson(shard.scenario) !== scenario)
      throw new SweepMergeError(
        `${label} ran another scenario than the first one: ${describeDifference(shard.scenario, first.scenario)}`,
      )
    if (seen.has(shard.shard.index)) throw new SweepMergeError(`${label} is given twice`)
    const expected = shardUsers(shard.allUsers, shard.shard).join(',')
    if (shard.sweep.points.map((p) => p.users).join(',') !== expected)
      throw new SweepMergeError(
        `${label} holds the runs for users ${shard.sweep.points.map((p) => p.users).join(',')}, not ${expected}`,
      )
    seen.set(shard.shard.index, shard)
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index))
  if (missing.length > 0)
    throw new SweepMergeError(
      `Missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} of the sweep`,
    )
  const points = shards.flatMap((shard) => shard.sweep.points).sort((a, b) => a.users - b.users)
  return {
    name: first.sweep.name,
    users: points.map((p) => p.users),
    points,
    workers: shards.reduce((n, shard) => n + shard.sweep.workers, 0),
    wallMs: Math.max(...shards.map((shard) => shard.sweep.wallMs)),
  }
}
