import { DemError } from '../errors/DemError.js'

/**
 * A shard cannot be told or placed: `--shard auto` found no array index in the environment (or
 * two engines' indices, or one that disagrees with the count given), or the results folder
 * already holds shards of another sweep. Raised before anything runs or is written.
 *
 * @example
 * import { shardFromEnvironment, ShardError } from 'dem-sim'
 * try { shardFromEnvironment({}) } catch (e) { if (e instanceof ShardError) console.log(e.shortMessage) }
 */
export class ShardError extends DemError {
  override name = 'ShardError'
}
