import { SweepMergeError, type SweepShard } from '../scenarios/sweepShards.js'

/** The file a shard of a sweep writes into its `--out` folder, and `dem-sim merge` reads. */
export const SWEEP_SHARD_FILE = 'sweep-shard.json'

const FORMAT = 'dem-sim/sweep-shard@1'

/**
 * A shard of a sweep as JSON that reads back exactly: bigints are tagged (`{ "$bigint": "12" }`),
 * so that the merged reports format them as the unsharded run does.
 */
export function sweepShardToJson(shard: SweepShard): string {
  return `${JSON.stringify({ format: FORMAT, ...shard }, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value))}\n`
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
    parsed = JSON.parse(text, (_key, value: unknown) => (isTaggedBigint(value) ? BigInt(value.$bigint) : value))
  } catch {
    throw new SweepMergeError(`${file} is not a shard of a sweep (not JSON)`)
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== FORMAT) {
    throw new SweepMergeError(`${file} is not a shard of a sweep (written by dem-sim sweep --shard i/n)`)
  }
  const { format: _format, ...shard } = parsed as SweepShard & { format: string }
  return shard
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
