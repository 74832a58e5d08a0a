/**
 * Gas per traded commitment, all in, of direct commitments against batched signed orders on every
 * built-in mechanism at 200 and 1,000 households, side by side: one interval, half producers and
 * half consumers, every limit crossing (so every commitment trades), each entry's way into the book (`commit`
 * and `processBuffer`, or its share of `submitOrders` batches of the default size), the settlement
 * (`settle` with the segments handed back, and a merit-order market's ranking) and the oracle's
 * reports, divided by the commitments that traded. Joining is left out (a household joins once).
 * Then the worst `submitOrders` batch: every order a different profile's production in an interval
 * of its own with a fresh nonce word, at the largest batch the simulator sends.
 *
 *   npm run bench:orders
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { DemSimulator } from '../src/market/DemSimulator.js'
import { KEEPER_BATCHES } from '../src/market/keeperBatches.js'
import type { User } from '../src/market/types.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'

const ETHER = 10n ** 18n
const fmt = (gas: bigint): string => gas.toLocaleString('en-US')
/** The per-transaction gas cap (EIP-7825). */
const CAP = 2n ** 24n

type Path = 'direct' | 'batched'

/** Gas per traded commitment of one interval of `users` households on `mechanism` via `path`. */
async function perTradedCommitment(mechanism: (typeof MECHANISMS)[number], users: number, path: Path) {
  // Every limit crosses every mechanism's price (sdr's lies between the tariffs): every commitment trades.
  const sim = await DemSimulator.create({ mechanism, gridTariff: { importWeiPerKWh: 200n, feedInWeiPerKWh: 150n } })
  const households: User[] = []
  for (let i = 0; i < users; i++) households.push(await sim.addUser({ collateralWei: ETHER }))
  const joined = sim.gas.mark()
  const terms = households.map((user, i) => {
    const production = i % 2 === 0
    return {
      user,
      interval: 0,
      energyWh: 1_000n + BigInt((i * 37) % 500),
      side: production ? ('production' as const) : ('consumption' as const),
      limitPriceWeiPerKWh: production ? 50n + BigInt((i * 53) % 100) : 200n + BigInt((i * 71) % 100),
    }
  })
  if (path === 'direct') {
    for (const { user, ...commitment } of terms) await sim.commit(user, commitment)
    await sim.processBuffer()
  } else {
    const size = KEEPER_BATCHES.orders.default
    for (let from = 0; from < terms.length; from += size) await sim.submitOrders(terms.slice(from, from + size))
  }
  sim.advanceInterval()
  await sim.setOracle({ priceWeiPerKWh: 175n, producedWh: 10n ** 9n, consumedWh: 10n ** 9n })
  const { trades } = await sim.settle(0)
  const traded = BigInt(trades.filter((t) => t.energyWh > 0n).length)
  const entries = sim.gas.entries.slice(joined)
  const total = entries.reduce((sum, e) => sum + e.gasUsed, 0n)
  const largest = entries.reduce((max, e) => (e.gasUsed > max ? e.gasUsed : max), 0n)
  const parts = { entry: 0n, settlement: 0n, oracle: 0n }
  for (const e of entries) parts[PART[e.operation] ?? 'settlement'] += e.gasUsed
  for (const key of Object.keys(parts) as (keyof typeof parts)[]) parts[key] /= traded
  return { perTraded: total / traded, traded, largest, parts }
}

/** What each operation counts for: the way into the book, the oracle's reports, else settlement. */
const PART: Record<string, 'entry' | 'oracle'> = {
  commit: 'entry',
  processBuffer: 'entry',
  submitOrders: 'entry',
  updateAnswer: 'oracle',
  reportDeliveries: 'oracle',
  finalizeDeliveries: 'oracle',
}

console.log('| mechanism | households | direct | batched | direct ÷ batched | traded | largest tx (batched) |')
console.log(`|${'---|'.repeat(7)}`)
const parts: string[] = []
for (const mechanism of MECHANISMS) {
  for (const users of [200, 1_000]) {
    const direct = await perTradedCommitment(mechanism, users, 'direct')
    const batched = await perTradedCommitment(mechanism, users, 'batched')
    const ratio = Number((direct.perTraded * 100n) / batched.perTraded) / 100
    console.log(
      `| ${mechanism.name} | ${fmt(BigInt(users))} | ${fmt(direct.perTraded)} | ${fmt(batched.perTraded)} | ${ratio.toFixed(2)}× | ${batched.traded} | ${fmt(batched.largest)} |`,
    )
    for (const [path, row] of [
      ['direct', direct],
      ['batched', batched],
    ] as const) {
      const { entry, settlement, oracle } = row.parts
      parts.push(
        `| ${mechanism.name} | ${fmt(BigInt(users))} | ${path} | ${fmt(entry)} | ${fmt(settlement)} | ${fmt(oracle)} |`,
      )
    }
  }
}
console.log()
console.log('| mechanism | households | path | into the book | settlement | oracle reports |')
console.log(`|${'---|'.repeat(6)}`)
for (const line of parts) console.log(line)

// The worst batch: each order a fresh profile's production in an interval of its own, each nonce in a fresh word.
{
  const size = KEEPER_BATCHES.orders.max
  const sim = await DemSimulator.create()
  const orders = []
  for (let i = 0; i < size; i++) {
    const user = await sim.addUser({ collateralWei: ETHER })
    orders.push({
      user,
      interval: i,
      energyWh: 1_000n,
      side: 'production' as const,
      limitPriceWeiPerKWh: 100n,
      nonce: BigInt(i) * 1_000n,
      deadline: 2n ** 63n,
    })
  }
  const { receipt, filed } = await sim.submitOrders(orders)
  console.log()
  console.log(
    `worst submitOrders batch of ${size} (${filed.length} filed): ${fmt(receipt.gasUsed)} gas, ${fmt(receipt.gasUsed / BigInt(size))} an order; cap 2^24 = ${fmt(CAP)}`,
  )
}
