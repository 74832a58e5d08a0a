import { IMeritOrderMarket } from '../../src/artifacts/index.js'
import type { AddressHex, Receipt } from '../../src/chain/types.js'
import { DemSimulator } from '../../src/market/DemSimulator.js'
import type { MarketMechanism } from '../../src/mechanisms/MarketMechanism.js'
import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { meritOrder } from '../../src/mechanisms/meritOrder.js'
import { readBook } from '../../src/mechanisms/readBook.js'

const ETHER = 10n ** 18n

/** The built-in mechanisms whose keeper ranks (their market has `rank`). */
export const RANKED_MECHANISMS: readonly MarketMechanism[] = MECHANISMS.filter((mechanism) =>
  mechanism.market.abi.some((item) => item.type === 'function' && item.name === 'rank'),
)

/**
 * A merit-order market whose interval 0 is closed, reported, filed and clearing (`settle` moved it
 * there): `users` producers and as many consumers, their limits in no particular book order, so
 * the merit order differs from the book order. `stranger` is an account that is neither keeper
 * nor user.
 */
export async function clearingMarket(mechanism: MarketMechanism, users: number) {
  const sim = await DemSimulator.create({ mechanism })
  const interval = sim.currentInterval
  for (let k = 0; k < users; k++) {
    const producer = await sim.addUser({ collateralWei: 0n })
    const consumer = await sim.addUser({ collateralWei: ETHER })
    // Limits shuffled by a stride: position k's limit is (7k mod users) steps up the scale.
    const step = BigInt((7 * k) % users)
    await sim.commit(producer, {
      interval,
      energyWh: 1_000n,
      side: 'production',
      limitPriceWeiPerKWh: 1_000n + 10n * step,
    })
    await sim.commit(consumer, {
      interval,
      energyWh: 1_000n,
      side: 'consumption',
      limitPriceWeiPerKWh: 3_000n + 10n * step,
    })
  }
  await sim.processBuffer()
  sim.advanceInterval()
  await sim.setOracle({ producedWh: 10n ** 9n, consumedWh: 10n ** 9n })
  const [account] = await sim.chain.addAccounts(1)
  const stranger = (account as { address: AddressHex }).address
  const book = await readBook(
    { chain: sim.chain, market: sim.contracts.market.address, pool: sim.contracts.pool.address },
    interval,
  )
  return { sim, interval, stranger, order: meritOrder(book) }
}

export type ClearingMarketRun = Awaited<ReturnType<typeof clearingMarket>>

/**
 * `settle(interval, 2^32)` from the stranger (or `from`): starts the settlement and files the
 * books, so the interval is clearing.
 */
export async function strangerStarts(m: ClearingMarketRun, from: AddressHex = m.stranger): Promise<Receipt> {
  const { sim, interval } = m
  const { receipt } = await sim.chain.send({
    ...sim.contracts.market,
    functionName: 'settle',
    args: [interval, 2n ** 32n],
    from,
  })
  return receipt
}

/** The stranger's `rank(interval, producers, consumers)`. */
export async function strangerRanks(
  m: ClearingMarketRun,
  producers: readonly bigint[],
  consumers: readonly bigint[],
): Promise<Receipt> {
  const { sim, interval, stranger } = m
  const { receipt } = await sim.chain.send({
    address: sim.contracts.market.address,
    abi: IMeritOrderMarket.abi,
    functionName: 'rank',
    args: [interval, producers, consumers],
    from: stranger,
  })
  return receipt
}

/** Gas of `receipts`, all together. */
export function gasOf(receipts: readonly Receipt[]): bigint {
  return receipts.reduce((total, r) => total + r.gasUsed, 0n)
}
