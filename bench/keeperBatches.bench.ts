/**
 * The costliest item of each keeper call on every mechanism, and what the default batches of
 * `KEEPER_BATCHES` cost at it against osaka's 2^24 per-transaction cap: the figures of
 * src/market/keeperBatches.ts's doc comment (test/keeperBatches.test.ts asserts the ≤ 90% margin).
 *
 *   npx tsx bench/keeperBatches.bench.ts
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { KEEPER_BATCHES } from '../src/market/keeperBatches.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import {
  costliestExpireInterval,
  costliestProcessBuffer,
  costliestRank,
  costliestSettle,
  rankCallBound,
} from '../test/support/costliestItems.js'

const CAP = 2n ** 24n
const fmt = (gas: bigint) => gas.toLocaleString('en-US')
const share = (gas: bigint) => `${((Number(gas) * 100) / Number(CAP)).toFixed(1)}%`
const row = (cells: readonly string[]) => console.log(`| ${cells.join(' | ')} |`)

const { process, settle, rank } = KEEPER_BATCHES
row(['mechanism', 'call', 'batch', 'gas', 'of 2^24', 'per item'])
console.log(`|${'---|'.repeat(6)}`)
for (const mechanism of MECHANISMS) {
  const processGas = await costliestProcessBuffer(mechanism, process.default)
  row([
    mechanism.name,
    'processBuffer',
    `${process.default}`,
    fmt(processGas),
    share(processGas),
    fmt(processGas / BigInt(process.default)),
  ])
  const expireGas = await costliestExpireInterval(mechanism, process.default)
  row([
    mechanism.name,
    'expireInterval',
    `${process.default}`,
    fmt(expireGas),
    share(expireGas),
    fmt(expireGas / BigInt(process.default)),
  ])
  for (const { operation, gasUsed } of await costliestSettle(mechanism, settle.default)) {
    if (operation !== 'settle') continue
    row([
      mechanism.name,
      'settle',
      `${settle.default}`,
      fmt(gasUsed),
      share(gasUsed),
      fmt(gasUsed / BigInt(settle.default)),
    ])
  }
  if (mechanism.beforeSettle === undefined) continue
  const costs = await costliestRank(mechanism)
  const bound = rankCallBound(costs, rank.default)
  row([
    mechanism.name,
    `rank (fixed ${fmt(costs.fixedGas)} + a position ${fmt(costs.perPositionGas)} + a queued match step ${fmt(costs.perQueuedStepGas)}, ${costs.extraMatchSteps} steps beyond the positions)`,
    `${rank.default}`,
    fmt(bound),
    share(bound),
    fmt(costs.perPositionGas),
  ])
}
