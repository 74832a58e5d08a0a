import { describe, expect, it } from 'vitest'
import { shardUsers, SweepMergeError } from './sweepShards.js'

describe('shardUsers', () => {
  it('deals the sorted, distinct user counts out in turn', () => {
    const users = [1000, 2, 50, 10, 200, 10]
    expect([1, 2, 3].map((index) => shardUsers(users, { index, count: 3 }))).toEqual([[2, 200], [10, 1000], [50]])
  })

  it('gives a shard nothing when there are more shards than counts', () => {
    expect(shardUsers([2], { index: 2, count: 2 })).toEqual([])
  })

  it.each([[{ index: 0, count: 3 }], [{ index: 4, count: 3 }], [{ index: 1, count: 0 }], [{ index: 1.5, count: 2 }]])(
    'refuses %j',
    (shard) => {
      expect(() => shardUsers([2, 10], shard)).toThrow(SweepMergeError)
    },
  )
})
