import { DemSimulator } from '../../src/market/DemSimulator.js'
import { KEEPER_BATCHES } from '../../src/market/keeperBatches.js'
import type { User } from '../../src/market/types.js'
import type { MarketMechanism } from '../../src/mechanisms/MarketMechanism.js'

const ETHER = 10n ** 18n

/** How the households' entries reach the book. */
export type OrderPath = 'direct' | 'batched'

/**
 * Gas per traded commitment of one interval of `users` households on `mechanism` via `path`, all in
 * (the way into the book, the settlement, the oracle's reports; joining left out), and its parts:
 * half producers and half consumers whose limits cross every mechanism's price, so every commitment
 * trades; batched orders go in `submitOrders` batches of the default size.
 */
export async function perTradedCommitment(mechanism: MarketMechanism, users: number, path: OrderPath) {
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
