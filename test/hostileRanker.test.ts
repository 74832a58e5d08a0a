import { describe, expect, it } from 'vitest'
import { KeeperWaitError } from '../src/mechanisms/KeeperWaitError.js'
import { RankingClaimedError } from '../src/mechanisms/meritOrderMarket/RankingClaimedError.js'
import { clearingMarket, RANKED_MECHANISMS, strangerRanks, strangerStarts } from './support/hostileRanker.js'

/**
 * Issue #23, item 1: a stranger's `rank` must not wedge the library's keeper. Whatever a stranger
 * ranked, `sim.settle` recovers — continues a correct prefix, or proves a skip and starts again —
 * and settles as the mechanism's rule says; a stranger who claims the ranking and stalls holds it
 * up for one interval at most. (`npx tsx bench/hostileRanker.bench.ts` prints each case's gas.)
 */
describe.each(RANKED_MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))(
  '%s: the keeper survives a hostile ranker',
  (_, mechanism) => {
    const honestTrades = async () => {
      const m = await clearingMarket(mechanism, 12)
      return (await m.sim.settle(m.interval)).trades
    }

    it('resets a ranking a stranger made out of order, and finishes', async () => {
      const m = await clearingMarket(mechanism, 12)
      await strangerStarts(m)
      // The merit order's second and third producers, skipping its first.
      await strangerRanks(m, m.order.producerPositions.slice(1, 3), [])
      const { trades, receipts } = await m.sim.settle(m.interval)
      const operations = m.sim.gas.entries.slice(-receipts.length).map((e) => e.operation)
      expect(operations[0]).toBe('resetRanking')
      expect(operations.filter((o) => o === 'resetRanking')).toHaveLength(1)
      expect((await m.sim.interval(m.interval)).phase).toBe('settled')
      expect(trades).toEqual(await honestTrades())
    })

    it('continues a correct prefix a stranger ranked, without resetting', async () => {
      const m = await clearingMarket(mechanism, 12)
      await strangerStarts(m)
      await strangerRanks(m, m.order.producerPositions.slice(0, 5), m.order.consumerPositions.slice(0, 2))
      // The stranger's claim lapses after one interval; the keeper continues from its prefix.
      m.sim.advanceInterval()
      const { trades, receipts } = await m.sim.settle(m.interval)
      const operations = m.sim.gas.entries.slice(-receipts.length).map((e) => e.operation)
      expect(operations).not.toContain('resetRanking')
      expect(operations).toContain('rank')
      expect(trades).toEqual(await honestTrades())
    })

    it('refuses with RankingClaimedError while a stalled stranger’s claim is live, then finishes', async () => {
      const m = await clearingMarket(mechanism, 12)
      await strangerStarts(m)
      m.sim.chain.increaseTime(60n)
      await strangerRanks(m, m.order.producerPositions.slice(0, 1), [])
      const claimedUntil = m.sim.chain.timestamp + m.sim.intervalSeconds
      const block = m.sim.chain.blockNumber
      for (const wait of [0n, m.sim.intervalSeconds - 1n]) {
        m.sim.chain.increaseTime(wait)
        const error = await m.sim.settle(m.interval).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(RankingClaimedError)
        // Mechanism-neutral callers see a KeeperWaitError saying until when to wait.
        expect(error).toBeInstanceOf(KeeperWaitError)
        expect(error).toMatchObject({ interval: m.interval, ranker: m.stranger, claimedUntil, retryAt: claimedUntil })
        expect(m.sim.chain.blockNumber).toBe(block)
      }
      m.sim.chain.increaseTime(1n)
      expect(m.sim.chain.timestamp).toBe(claimedUntil)
      const { trades } = await m.sim.settle(m.interval)
      expect(trades).toEqual(await honestTrades())
    })
  },
)
