import { describe, expect, it } from 'vitest'
import { mergeSweepShards, shardUsers, SweepMergeError, type SweepShard } from './sweepShards.js'
import type { Scenario, ScenarioResult } from './types.js'

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

describe('mergeSweepShards', () => {
  const shard = (index: number, mechanism: string, users: number[]): SweepShard => ({
    shard: { index, count: 2 },
    allUsers: [2, 3],
    scenario: { name: 'paper', market: { mechanism } } as unknown as Scenario,
    sweep: {
      name: 'paper',
      users,
      points: users.map((count) => ({ users: count, result: {} as ScenarioResult })),
      workers: 1,
      wallMs: 1,
    },
  })

  it('names the field in which a shard of another scenario differs (#23: it said "paper" than "paper")', () => {
    expect(() => mergeSweepShards([shard(1, 'oracle-price', [2]), shard(2, 'pay-as-bid', [3])])).toThrow(
      'shard 2/2 ran another scenario than the first one: market.mechanism is "pay-as-bid", not "oracle-price"',
    )
  })

  it('joins the shards in the order of their user counts', () => {
    const merged = mergeSweepShards([shard(2, 'oracle-price', [3]), shard(1, 'oracle-price', [2])])
    expect(merged.users).toEqual([2, 3])
    expect(merged.workers).toBe(2)
  })
})
