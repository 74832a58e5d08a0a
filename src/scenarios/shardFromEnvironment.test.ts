import { describe, expect, it } from 'vitest'
import { ShardError } from './ShardError.js'
import { shardFromEnvironment } from './shardFromEnvironment.js'

describe('shardFromEnvironment', () => {
  it.each<[string, Record<string, string>, number | undefined, { index: number; count: number }]>([
    [
      'a Slurm array from 1',
      { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' },
      undefined,
      { index: 3, count: 3 },
    ],
    [
      'a Slurm array from 0',
      { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' },
      undefined,
      { index: 1, count: 4 },
    ],
    [
      'a Slurm array with a step',
      {
        SLURM_ARRAY_TASK_ID: '5',
        SLURM_ARRAY_TASK_MIN: '1',
        SLURM_ARRAY_TASK_MAX: '9',
        SLURM_ARRAY_TASK_STEP: '2',
        SLURM_ARRAY_TASK_COUNT: '5',
      },
      undefined,
      { index: 3, count: 5 },
    ],
    ['a Kubernetes indexed Job with its completions given', { JOB_COMPLETION_INDEX: '0' }, 3, { index: 1, count: 3 }],
    [
      'an AWS Batch array',
      { AWS_BATCH_JOB_ARRAY_INDEX: '9', AWS_BATCH_JOB_ARRAY_SIZE: '10' },
      10,
      { index: 10, count: 10 },
    ],
  ])('reads %s', (_case, env, count, shard) => {
    expect(shardFromEnvironment(env, count).shard).toEqual(shard)
  })

  it('says which engine and variables it read', () => {
    expect(
      shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' }),
    ).toEqual({
      shard: { index: 2, count: 3 },
      engine: 'Slurm',
      variables: 'SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=3',
    })
  })

  it.each<[string, Record<string, string>, number | undefined, string]>([
    ['no engine', { HOME: '/root' }, undefined, 'found no array index'],
    [
      'two engines',
      { SLURM_ARRAY_TASK_ID: '1', JOB_COMPLETION_INDEX: '0' },
      undefined,
      'found the array indices of Slurm and Kubernetes',
    ],
    [
      'Kubernetes without a count',
      { JOB_COMPLETION_INDEX: '0' },
      undefined,
      "give the Job's completions, --shard auto/N",
    ],
    [
      'a Slurm array missing its count',
      { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1' },
      undefined,
      'needs SLURM_ARRAY_TASK_COUNT',
    ],
    [
      'an index that is not a number',
      { AWS_BATCH_JOB_ARRAY_INDEX: 'x', AWS_BATCH_JOB_ARRAY_SIZE: '2' },
      undefined,
      'must be a whole number, got "x"',
    ],
    ['an index beyond the count', { JOB_COMPLETION_INDEX: '3' }, 3, 'give shard 4 of 3'],
    ['a count that disagrees', { AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '2' }, 3, 'has 2 tasks'],
    [
      'an unevenly spaced Slurm array',
      { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '7', SLURM_ARRAY_TASK_COUNT: '3' },
      undefined,
      'not evenly spaced',
    ],
  ])('refuses %s', (_case, env, count, message) => {
    expect(() => shardFromEnvironment(env, count)).toThrow(ShardError)
    expect(() => shardFromEnvironment(env, count)).toThrow(message)
  })
})
