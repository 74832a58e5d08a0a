/**
 * Gas of the markets' operations through the simulator: first every built-in mechanism's gas per
 * commitment at 200 and 1,000 users (`bench/perCommitment.ts`), then the default mechanism's
 * operations one by one, per commitment where the work is amortized (half producers, half
 * consumers, one interval, every limit crossing, every producer delivering what it committed): the
 * figures of contracts/README.md's gas tables.
 *
 *   npx tsx bench/operations.bench.ts
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { DemSimulator } from '../src/market/DemSimulator.js'
import { perCommitmentTable } from './perCommitment.js'

const ETHER = 10n ** 18n
const sum = (receipts: readonly { gasUsed: bigint }[]): bigint => receipts.reduce((total, r) => total + r.gasUsed, 0n)
const fmt = (gas: bigint): string => gas.toLocaleString('en-US')

/** `users` profiles, alternately producing and consuming 1,000 Wh or so in interval 0. */
async function market(users: number) {
  const sim = await DemSimulator.create()
  const commits: bigint[][] = [[], []]
  for (let i = 0; i < users; i++) {
    const user = await sim.addUser({ collateralWei: ETHER })
    const production = i % 2 === 0
    const { receipt } = await sim.commit(user, {
      interval: 0,
      energyWh: 1_000n + BigInt(i),
      side: production ? 'production' : 'consumption',
      limitPriceWeiPerKWh: 1_000n,
    })
    commits[production ? 0 : 1]?.push(receipt.gasUsed)
  }
  return { sim, commits }
}

async function report(sim: DemSimulator) {
  sim.advanceInterval()
  return sim.setOracle({ priceWeiPerKWh: 1_000n, producedWh: 10n ** 7n, consumedWh: 10n ** 7n })
}

const fmtRow = (cells: readonly (string | number | bigint)[]) =>
  `| ${cells.map((c) => (typeof c === 'string' ? c : fmt(BigInt(c)))).join(' | ')} |`
console.log(
  fmtRow(['mechanism', 'users', 'join', 'commit', 'processBuffer', 'settle', 'total', 'oracle', 'largest tx']),
)
console.log(`|${'---|'.repeat(9)}`)
for (const r of await perCommitmentTable([200, 1_000])) {
  const cells = [r.join, r.commit, r.processBuffer, r.settle, r.total, r.oracle, r.largestTransaction]
  console.log(fmtRow([r.mechanism, r.users, ...cells]))
}
console.log()

const rows: [string, string][] = []
{
  const { sim, commits } = await market(4)
  rows.push(['`commit` consumer / producer', `${fmt(commits[1]?.[1] ?? 0n)} / ${fmt(commits[0]?.[1] ?? 0n)}`])
  await sim.processBuffer()
  const { receipts } = await report(sim)
  const ops = (name: string) => sim.gas.entries.filter((e) => e.operation === name).map((e) => e.gasUsed)
  rows.push(['`feed.updateAnswer`', fmt(ops('updateAnswer')[0] ?? 0n)])
  rows.push([
    '`meter.reportDeliveries`, 2 deliveries / `finalizeDeliveries`',
    `${fmt(ops('reportDeliveries')[0] ?? 0n)} / ${fmt(ops('finalizeDeliveries')[0] ?? 0n)}`,
  ])
  if (receipts.length === 0) throw new Error('no oracle transactions')
}
{
  const figures: string[] = []
  for (const batch of [1, 10, 50, 200]) {
    const { sim } = await market(200)
    figures.push(fmt(sum((await sim.processBuffer({ maxItems: batch })).receipts) / 200n))
  }
  rows.push(['`processBuffer` per commitment, batch 1 / 10 / 50 / 200', figures.join(' / ')])
}
{
  const { sim } = await market(200)
  await sim.processBuffer()
  const { receipts } = await report(sim)
  const deliveries = sim.gas.entries.filter((e) => e.operation === 'reportDeliveries')
  rows.push(['oracle reports per commitment, 200 users (3 feeds, 100 deliveries, finalize)', fmt(sum(receipts) / 200n)])
  if (deliveries.length > 0) rows.push(['`reportDeliveries` per delivery, 100 producers', fmt(sum(deliveries) / 100n)])
}
{
  const figures: string[] = []
  for (const users of [2, 10, 50, 200]) {
    const { sim } = await market(users)
    await sim.processBuffer()
    await report(sim)
    figures.push(fmt(sum((await sim.settle(0, { maxItems: 1_000 })).receipts) / BigInt(users)))
  }
  rows.push(['`settle` per commitment, one call, 2 / 10 / 50 / 200 users', figures.join(' / ')])
}
{
  const figures: string[] = []
  for (const maxItems of [100, 50]) {
    const { sim } = await market(200)
    await sim.processBuffer()
    await report(sim)
    figures.push(fmt(sum((await sim.settle(0, { maxItems })).receipts) / 200n))
  }
  rows.push(['`settle` per commitment, 200 users, `maxItems` 100 / 50', figures.join(' / ')])
}
{
  const { sim } = await market(200)
  sim.advanceInterval(25)
  const inBuffer = sum((await sim.processBuffer()).receipts) / 200n
  const filed = await market(200)
  await filed.sim.processBuffer()
  filed.sim.advanceInterval(25)
  const expiry = sum((await filed.sim.expireInterval(0)).receipts) / 200n
  rows.push(['expiry per commitment: in buffer / `expireInterval`', `${fmt(inBuffer)} / ${fmt(expiry)}`])
}

const width = Math.max(...rows.map(([name]) => name.length))
for (const [name, gas] of rows) console.log(`${name.padEnd(width)}  ${gas}`)
