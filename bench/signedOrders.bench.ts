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
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import { perTradedCommitment } from './support/perTradedCommitment.js'

const ETHER = 10n ** 18n
const fmt = (gas: bigint): string => gas.toLocaleString('en-US')
/** The per-transaction gas cap (EIP-7825). */
const CAP = 2n ** 24n

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
