/**
 * A hostile ranker against the library's keeper, on every merit-order mechanism: the gas a
 * stranger spends on each way of meddling with an interval's ranking, and what the keeper then
 * spends to settle it, beside an undisturbed settlement of the same book (issue #23, item 1):
 *
 * - out of order: once the keeper has started the settlement, the stranger ranks one entry out of
 *   merit order; the keeper proves the skip (`resetRanking`) and ranks everything itself;
 * - correct prefix: the stranger ranks the first half of both sides correctly; once its claim has
 *   lapsed the keeper continues from there;
 * - stall: the stranger claims with one correct entry and stops; the keeper is refused
 *   (`RankingClaimedError`) until the claim lapses, one interval later, then finishes.
 *
 *   npx tsx bench/hostileRanker.bench.ts [--users 200]
 *
 * Figures, not assertions: a benchmark prints, tests assert (test/hostileRanker.test.ts).
 */
import { parseArgs } from 'node:util'
import { RankingClaimedError } from '../src/mechanisms/meritOrderMarket/RankingClaimedError.js'
import {
  type ClearingMarketRun,
  clearingMarket,
  gasOf,
  RANKED_MECHANISMS,
  strangerRanks,
  strangerStarts,
} from '../test/support/hostileRanker.js'

const { values } = parseArgs({ options: { users: { type: 'string', default: '200' } } })
const users = Number(values.users)
const fmt = (gas: bigint) => gas.toLocaleString('en-US')

type Case = { name: string; meddle: (m: ClearingMarketRun) => Promise<bigint> }

/** Each case starts once the keeper has started the settlement (its gas counts as the keeper's). */
const CASES: readonly Case[] = [
  {
    name: 'out of order',
    meddle: async (m) => gasOf([await strangerRanks(m, m.order.producerPositions.slice(1, 2), [])]),
  },
  {
    name: 'correct prefix',
    meddle: async (m) => {
      const half = Math.floor(users / 2)
      const ranked = await strangerRanks(
        m,
        m.order.producerPositions.slice(0, half),
        m.order.consumerPositions.slice(0, half),
      )
      m.sim.advanceInterval()
      return gasOf([ranked])
    },
  },
  {
    name: 'stall',
    meddle: async (m) => {
      const gas = gasOf([await strangerRanks(m, m.order.producerPositions.slice(0, 1), [])])
      const refused = await m.sim.settle(m.interval).catch((e: unknown) => e)
      if (!(refused instanceof RankingClaimedError)) throw new Error('the keeper was not refused during the claim')
      m.sim.chain.setTime(refused.claimedUntil)
      return gas
    },
  },
]

console.log(`A hostile ranker, ${users} producers and ${users} consumers in one interval (gas):`)
console.log('| mechanism | case | attacker | keeper | keeper undisturbed | keeper extra | extra / attacker |')
console.log(`|${'---|'.repeat(7)}`)
for (const mechanism of RANKED_MECHANISMS) {
  const honest = await clearingMarket(mechanism, users)
  const undisturbed = gasOf((await honest.sim.settle(honest.interval)).receipts)
  for (const { name, meddle } of CASES) {
    const m = await clearingMarket(mechanism, users)
    const started = await strangerStarts(m, m.sim.roles.keeper)
    const attacker = await meddle(m)
    const keeper = started.gasUsed + gasOf((await m.sim.settle(m.interval)).receipts)
    const extra = keeper - undisturbed
    const ratio = attacker === 0n ? '–' : (Number(extra) / Number(attacker)).toFixed(2)
    console.log(
      `| ${mechanism.name} | ${name} | ${fmt(attacker)} | ${fmt(keeper)} | ${fmt(undisturbed)} | ${fmt(extra)} | ${ratio} |`,
    )
  }
}
