/**
 * Gas per commitment of the clearing markets' keeper work, per mechanism, at 2 / 10 / 50 / 200 /
 * 1,000 commitments in one interval (half producers, half consumers, crossing limits, every
 * producer delivering what it committed): `processBuffer` (filing), then settlement = `settle`
 * (start + payouts) + `rank` (verification + match), in calls of `--max-items` entries.
 *
 *   npx tsx bench/mechanisms.bench.ts
 *   npx tsx bench/mechanisms.bench.ts --sizes 200,1000 --max-items 500
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { parseArgs } from 'node:util'
import {
  marketAbi,
  addProfile,
  commit,
  deployClearingMarket,
  moveTo,
  report,
  runKeeper,
  type MechanismName,
} from '../test/mechanisms/clearingMarket.js'

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '2,10,50,200,1000' }, 'max-items': { type: 'string', default: '5000' } },
})
const sizes = values.sizes.split(',').map(Number)
const maxItems = BigInt(values['max-items'])
const TX_CAP = 2n ** 24n

const rows: string[][] = [
  [
    'mechanism',
    'commitments',
    'filing/commitment',
    'settle+rank/commitment',
    'rank/commitment',
    'settle/commitment',
    'calls',
    'largest tx',
  ],
]
for (const mechanism of ['pay-as-clear', 'pay-as-bid'] as MechanismName[]) {
  for (const n of sizes) {
    const m = await deployClearingMarket(mechanism)
    const delivered = new Map<bigint, bigint>()
    for (let i = 0; i < n; i++) {
      const tokenId = await addProfile(m, 10n ** 18n)
      const production = i % 2 === 0
      const energyWh = 1_000n + BigInt((i * 37) % 500)
      const limitPriceWeiPerKWh = production ? 100n + BigInt((i * 53) % 200) : 150n + BigInt((i * 71) % 200)
      await commit(m, { tokenId, side: production ? 'production' : 'consumption', energyWh, limitPriceWeiPerKWh })
      if (production) delivered.set(tokenId, energyWh)
    }
    const { receipt: filing } = await m.chain.send({
      address: m.market,
      abi: marketAbi,
      functionName: 'processBuffer',
      args: [BigInt(n)],
    })
    await report(m, 0, { producedWh: 10n ** 9n, consumedWh: 10n ** 9n, deliveredWh: delivered })
    moveTo(m, 2)
    const run = await runKeeper(m, 0, { maxItems, rankChunk: Number(maxItems) })
    const sum = (receipts: { gasUsed: bigint }[]) => receipts.reduce((total, r) => total + r.gasUsed, 0n)
    const settleGas = sum(run.receipts)
    const largest = run.receipts.reduce((max, r) => (r.gasUsed > max ? r.gasUsed : max), filing.gasUsed)
    if (largest >= TX_CAP) throw new Error(`a transaction used ${largest} gas, over the 2^24 cap`)
    const perCommitment = (gas: bigint) => String(gas / BigInt(n))
    rows.push([
      mechanism,
      String(n),
      perCommitment(filing.gasUsed),
      perCommitment(settleGas),
      perCommitment(sum(run.rankReceipts)),
      perCommitment(sum(run.settleReceipts)),
      String(run.receipts.length),
      String(largest),
    ])
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
for (const row of rows) console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '))
