import { DEFAULT_MECHANISM, MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import type { MarketMechanism } from '../../src/mechanisms/MarketMechanism.js'
import { DemSimulator } from '../../src/market/DemSimulator.js'
import type { Receipt } from '../../src/chain/types.js'
import { formatCell } from '../../src/reports/ReportTable.js'
import type { Figure } from './Figure.js'

const ETHER = 10n ** 18n
const gasOf = (receipts: readonly Pick<Receipt, 'gasUsed'>[]) => receipts.reduce((sum, r) => sum + r.gasUsed, 0n)

/** One row of the operations table: what it measures, and its figures per mechanism. */
type Row = { operation: string; gas: string }

/** `users` profiles in the pool, alternately producing and consuming about 1,000 Wh in interval 0, every limit crossing. */
async function market(mechanism: MarketMechanism, users: number) {
  const sim = await DemSimulator.create({ mechanism })
  const joins: { register: bigint; commit: bigint; side: 'production' | 'consumption' }[] = []
  for (let i = 0; i < users; i++) {
    const user = await sim.addUser({ collateralWei: ETHER })
    const side = i % 2 === 0 ? 'production' : 'consumption'
    const { receipt } = await sim.commit(user, {
      interval: 0,
      energyWh: 1_000n + BigInt(i),
      side,
      limitPriceWeiPerKWh: 1_000n,
    })
    joins.push({ register: user.receipt.gasUsed, commit: receipt.gasUsed, side })
  }
  return { sim, joins }
}

const report = (sim: DemSimulator) => {
  sim.advanceInterval()
  return sim.setOracle({ priceWeiPerKWh: 1_000n, producedWh: 10n ** 7n, consumedWh: 10n ** 7n })
}

/** Gas of each operation through the simulator, per commitment where the work is shared. */
async function measure(mechanism: MarketMechanism): Promise<Row[]> {
  const rows: Row[] = []
  const f = (gas: bigint) => formatCell(gas)
  const { sim, joins } = await market(mechanism, 200)
  // Not the first ever: the first registration and commit of a market pay for fresh storage.
  const [producer, consumer] = [joins[2], joins[3]] as const
  rows.push({ operation: '`registerUserInPool` (1 ETH of collateral)', gas: f(producer?.register ?? 0n) })
  rows.push({
    operation: '`commit` consumer / producer',
    gas: `${f(consumer?.commit ?? 0n)} / ${f(producer?.commit ?? 0n)}`,
  })
  rows.push({
    operation: '**join and commit once** (`registerUserInPool` + `commit`)',
    gas: `**${f((producer?.register ?? 0n) + (producer?.commit ?? 0n))}**`,
  })
  const committed = sim.snapshot()
  const batches: string[] = []
  for (const maxItems of [1, 10, 50, 120]) {
    sim.revert(committed)
    batches.push(f(gasOf((await sim.processBuffer({ maxItems })).receipts) / 200n))
  }
  rows.push({ operation: '`processBuffer` per commitment, batches of 1 / 10 / 50 / 120', gas: batches.join(' / ') })
  sim.revert(committed)
  sim.advanceInterval(25)
  const inBuffer = gasOf((await sim.processBuffer()).receipts) / 200n
  sim.revert(committed)
  await sim.processBuffer()
  const filed = sim.snapshot()
  const oracle = await report(sim)
  const deliveries = sim.gas.entries.filter((e) => e.operation === 'reportDeliveries')
  const feeds = sim.gas.entries.filter((e) => e.operation === 'updateAnswer')
  rows.push({ operation: 'a feed round (`updateAnswer`)', gas: f(feeds[0]?.gasUsed ?? 0n) })
  rows.push({
    operation: '`reportDeliveries` per delivery, 100 producers',
    gas: deliveries.length === 0 ? '—' : f(gasOf(deliveries) / 100n),
  })
  rows.push({
    operation: 'the oracle per commitment, 200 users (feeds, deliveries, finalize)',
    gas: f(gasOf(oracle.receipts) / 200n),
  })
  const settled = await sim.settle(0)
  rows.push({
    operation: 'settlement per commitment, 200 users (keeper calls of the default batch)',
    gas: `${f(gasOf(settled.receipts) / 200n)} (${settled.receipts.length} tx)`,
  })
  const small: string[] = []
  for (const users of [2, 10, 50]) {
    const m = await market(mechanism, users)
    await m.sim.processBuffer()
    await report(m.sim)
    small.push(f(gasOf((await m.sim.settle(0)).receipts) / BigInt(users)))
  }
  rows.push({ operation: 'settlement per commitment, 2 / 10 / 50 users', gas: small.join(' / ') })
  sim.revert(filed)
  sim.advanceInterval(25)
  const expired = gasOf((await sim.expireInterval(0)).receipts) / 200n
  rows.push({
    operation: 'expiry per commitment: in the buffer / `expireInterval`',
    gas: `${f(inBuffer)} / ${f(expired)}`,
  })
  return rows
}

/**
 * The market's operations, one column per built-in mechanism: what a user pays to join and
 * commit, and what the keeper and the oracle pay per commitment (half producers, half consumers,
 * one interval, every limit crossing, every producer delivering what it committed).
 */
export const operationFigures: Figure = {
  name: 'operations',
  produce: async () => {
    const columns = await Promise.all(
      MECHANISMS.map(async (mechanism) => ({ mechanism, rows: await measure(mechanism) })),
    )
    const operations = columns[0]?.rows.map((row) => row.operation) ?? []
    const table = [
      `| operation | ${columns.map(({ mechanism }) => `\`${mechanism.name}\``).join(' | ')} |`,
      `|:---|${columns.map(() => '---:').join('|')}|`,
      ...operations.map((operation, i) => `| ${operation} | ${columns.map(({ rows }) => rows[i]?.gas).join(' | ')} |`),
      '',
    ].join('\n')
    const byDefault = columns.find(({ mechanism }) => mechanism === DEFAULT_MECHANISM)?.rows ?? []
    const join = byDefault.find((row) => row.operation.startsWith('**join'))?.gas.replaceAll('*', '')
    return {
      blocks: {
        operations: table,
        'join-gas': `Joining the market and committing once costs **${join} gas** (\`registerUserInPool\` + \`commit\`; the seed design's four transactions: ≈ 686,000).\n`,
      },
    }
  },
}
