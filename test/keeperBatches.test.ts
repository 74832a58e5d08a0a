import { decodeFunctionData } from 'viem'
import { describe, expect, it } from 'vitest'
import { IMeritOrderMarket } from '../src/artifacts/index.js'
import { KEEPER_BATCHES } from '../src/market/keeperBatches.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import {
  costliestExpireInterval,
  costliestProcessBuffer,
  costliestRank,
  costliestSettle,
  rankCallBound,
} from './support/costliestItems.js'
import { clearingMarket, RANKED_MECHANISMS } from './support/hostileRanker.js'

/** 90% of osaka's 2^24 per-transaction gas cap (EIP-7825): the margin every default batch keeps at its costliest. */
const LIMIT = (2n ** 24n * 9n) / 10n
const { process, settle, rank } = KEEPER_BATCHES

/**
 * Issue #23, item 4: batches sized from a measured worst case. Each keeper call's costliest item is
 * built on every mechanism and the default batch of them must stay ≤ 90% of the cap
 * (`npx tsx bench/keeperBatches.bench.ts` prints the figures of keeperBatches.ts's doc comment).
 */
describe.each(MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))(
  '%s: the default keeper batches at their costliest',
  (_, mechanism) => {
    it('processBuffer and expireInterval', async () => {
      expect(process.max).toBe(process.default)
      expect(await costliestProcessBuffer(mechanism, process.default)).toBeLessThanOrEqual(LIMIT)
      expect(await costliestExpireInterval(mechanism, process.default)).toBeLessThanOrEqual(LIMIT)
    }, 120_000)

    it('settle, each pass, at the default batch and (by its items) at the largest one allowed', async () => {
      const calls = await costliestSettle(mechanism, settle.default)
      const settles = calls.filter((c) => c.operation === 'settle')
      // The buffer was filed by processBuffer before: no settle files it.
      expect(calls.filter((c) => c.operation === 'processBuffer')).toEqual([])
      expect(settles.length).toBeGreaterThanOrEqual(2)
      for (const { operation, gasUsed } of calls)
        expect({ operation, gasUsed: gasUsed <= LIMIT }).toEqual({ operation, gasUsed: true })
      const costliest = settles.reduce((max, c) => (c.gasUsed > max ? c.gasUsed : max), 0n)
      expect((costliest * BigInt(settle.max)) / BigInt(settle.default)).toBeLessThanOrEqual(LIMIT)
    }, 300_000)
  },
)

describe.each(RANKED_MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))(
  '%s: the keeper’s rank calls at their costliest',
  (_, mechanism) => {
    it('stay under the margin with the default positions per call', async () => {
      const costs = await costliestRank(mechanism)
      expect(rank.max).toBe(rank.default)
      expect(rankCallBound(costs, rank.default)).toBeLessThanOrEqual(LIMIT)
    }, 300_000)

    it('submit at most that many positions whatever the settle batch', async () => {
      const m = await clearingMarket(mechanism, rank.default)
      await m.sim.settle(m.interval, { maxItems: 100_000 })
      const sizes = m.sim.gas.entries
        .filter((e) => e.operation === 'rank')
        .map((e) => {
          const { args } = decodeFunctionData({ abi: IMeritOrderMarket.abi, data: e.calldata })
          const [, producers, consumers] = args as readonly [number, readonly bigint[], readonly bigint[]]
          return producers.length + consumers.length
        })
      expect(sizes).toEqual([rank.default, rank.default])
    }, 120_000)
  },
)
