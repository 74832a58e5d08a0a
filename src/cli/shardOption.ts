import { shardFromEnvironment } from '../scenarios/shardFromEnvironment.js'
import type { ShardSpec } from '../scenarios/sweepShards.js'
import { UsageError } from './UsageError.js'

/** A shard as `--shard` gave it, and where its index came from (for messages and the manifest). */
export type ShardOption = { shard: ShardSpec; source: string }

/**
 * `--shard i/n`, `--shard auto` (the index and count from the array job's engine) or
 * `--shard auto/n` (the count given, for a Kubernetes indexed Job, checked against the engine's).
 *
 * @throws UsageError when it is none of these; ShardError when `auto` cannot find its shard
 */
export function shardOption(
  command: string,
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): ShardOption {
  const auto = /^\s*auto\s*(?:\/\s*(\d{1,9})\s*)?$/.exec(text)
  if (auto !== null) {
    const count = auto[1] === undefined ? undefined : Number(auto[1])
    if (count === 0) throw new UsageError('--shard auto/n needs n ≥ 1', command)
    const found = shardFromEnvironment(env, count)
    return {
      shard: found.shard,
      source: `${found.engine} (${found.variables})`,
    }
  }
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(text)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (match === null || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), or auto, got "${text}"`, command)
  return { shard: { index, count }, source: `--shard ${index}/${count}` }
}
