import { ShardError } from './ShardError.js'
import type { ShardSpec } from './sweepShards.js'

/** The batch engines whose array jobs `--shard auto` reads. */
export type ShardEngine = 'Slurm' | 'Kubernetes' | 'AWS Batch'

/** A shard read from an array job's environment, with where it came from. */
export type ShardFromEnvironment = {
  shard: ShardSpec
  engine: ShardEngine
  /** The variables it read, as `NAME=value` joined with commas, for a message that says so. */
  variables: string
}

type Environment = Readonly<Record<string, string | undefined>>

/** The variable whose presence tells each engine apart. */
const INDEX_VARIABLE: Record<ShardEngine, string> = {
  Slurm: 'SLURM_ARRAY_TASK_ID',
  Kubernetes: 'JOB_COMPLETION_INDEX',
  'AWS Batch': 'AWS_BATCH_JOB_ARRAY_INDEX',
}

/**
 * This process's shard of an array job, from the variables its engine sets: a Slurm job array
 * (`SLURM_ARRAY_TASK_ID` counted from `SLURM_ARRAY_TASK_MIN` in steps of `SLURM_ARRAY_TASK_STEP`,
 * `SLURM_ARRAY_TASK_COUNT` tasks), a Kubernetes indexed Job (`JOB_COMPLETION_INDEX` from 0; the
 * Job's `completions` must be given, no variable holds it) or an AWS Batch array job
 * (`AWS_BATCH_JOB_ARRAY_INDEX` from 0, `AWS_BATCH_JOB_ARRAY_SIZE`).
 *
 * @param env the environment, e.g. `process.env`
 * @param count the number of shards when given (`--shard auto/3`); checked against the engine's
 * @returns the shard (counted from 1), the engine and the variables read
 * @throws ShardError when no engine's variables are set, two engines' are, a value is not a
 * whole number, the index falls outside the count, or the count disagrees with the given one
 * @example
 * import { shardFromEnvironment } from 'dem-sim'
 * shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' }).shard
 * // { index: 2, count: 3 }
 */
export function shardFromEnvironment(env: Environment, count?: number): ShardFromEnvironment {
  const engines = (Object.keys(INDEX_VARIABLE) as ShardEngine[]).filter(
    (engine) => env[INDEX_VARIABLE[engine]] !== undefined,
  )
  if (engines.length === 0)
    throw new ShardError(
      `--shard auto found no array index (${Object.values(INDEX_VARIABLE).join(', ')} are all unset): run it as an array task, or give --shard i/n`,
    )
  if (engines.length > 1)
    throw new ShardError(`--shard auto found the array indices of ${engines.join(' and ')}: give --shard i/n`)
  const engine = engines[0] as ShardEngine
  const read = createReader(env)
  const found =
    engine === 'Slurm' ? fromSlurm(read) : engine === 'Kubernetes' ? fromKubernetes(read, count) : fromAwsBatch(read)
  if (count !== undefined && found.count !== count)
    throw new ShardError(`${engine}'s array has ${found.count} tasks (${read.shown()}), but --shard says ${count}`)
  if (found.index < 1 || found.index > found.count)
    throw new ShardError(
      `${engine}'s variables give shard ${found.index} of ${found.count} (${read.shown()}): an index must be from 1 to the count`,
    )
  return { shard: found, engine, variables: read.shown() }
}

function createReader(env: Environment) {
  const seen: string[] = []
  return {
    /** A variable as a whole number; `fallback` when unset and one is allowed. */
    integer(name: string, fallback?: number): number {
      const text = env[name]
      if (text === undefined) {
        if (fallback !== undefined) return fallback
        throw new ShardError(`--shard auto needs ${name} beside ${seen.join(', ')}: it is unset`)
      }
      seen.push(`${name}=${text}`)
      if (!/^\d{1,15}$/.test(text.trim()))
        throw new ShardError(`--shard auto: ${name} must be a whole number, got ${JSON.stringify(text.slice(0, 20))}`)
      return Number(text.trim())
    },
    shown: () => seen.join(', '),
  }
}

type Reader = ReturnType<typeof createReader>

/** Task ids may start anywhere (`--array=0-2`, `--array=1-3`) and step (`--array=1-9:2`); the shard is the task's place. */
function fromSlurm(read: Reader): ShardSpec {
  const id = read.integer('SLURM_ARRAY_TASK_ID')
  const min = read.integer('SLURM_ARRAY_TASK_MIN')
  const count = read.integer('SLURM_ARRAY_TASK_COUNT')
  const step = read.integer('SLURM_ARRAY_TASK_STEP', 1)
  const max = read.integer('SLURM_ARRAY_TASK_MAX', min + (count - 1) * step)
  if (step < 1 || (id - min) % step !== 0 || max !== min + (count - 1) * step)
    throw new ShardError(
      `Slurm's array is not evenly spaced (${read.shown()}): submit it as --array=1-N, one task per shard`,
    )
  return { index: (id - min) / step + 1, count }
}

function fromKubernetes(read: Reader, count: number | undefined): ShardSpec {
  const index = read.integer('JOB_COMPLETION_INDEX') + 1
  if (count === undefined)
    throw new ShardError(
      `Kubernetes gives the index (${read.shown()}) but not the number of shards: give the Job's completions, --shard auto/N`,
    )
  return { index, count }
}

function fromAwsBatch(read: Reader): ShardSpec {
  return { index: read.integer('AWS_BATCH_JOB_ARRAY_INDEX') + 1, count: read.integer('AWS_BATCH_JOB_ARRAY_SIZE') }
}
