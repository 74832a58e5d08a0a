import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../../src/market/DemSimulator.js'
import { KEEPER_BATCHES } from '../../src/market/keeperBatches.js'
import type { Side } from '../../src/market/types.js'
import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'

const ETHER = 10n ** 18n
/** The per-transaction gas cap (EIP-7825). */
const CAP = 2n ** 24n

/**
 * The dearest batch an aggregator can send at the simulator's largest size: every order a different
 * profile's, each in an interval of its own (fresh book records) with its nonce in a fresh bitmap word.
 */
async function worstBatchGas(mechanism: (typeof MECHANISMS)[number], side: Side): Promise<bigint> {
  const sim = await DemSimulator.create({ mechanism })
  const orders = []
  for (let i = 0; i < KEEPER_BATCHES.orders.max; i++) {
    const user = await sim.addUser({ collateralWei: ETHER })
    orders.push({
      user,
      interval: i,
      energyWh: 1_000n,
      side,
      limitPriceWeiPerKWh: 100n,
      nonce: BigInt(i) * 1_000n,
      deadline: 2n ** 63n,
    })
  }
  const { receipt, filed } = await sim.submitOrders(orders)
  expect(filed).toHaveLength(orders.length)
  return receipt.gasUsed
}

describe.each(MECHANISMS.map((m) => [m.name, m] as const))('the largest order batch on %s', (_name, mechanism) => {
  it.each(['production', 'consumption'] as const)(
    'of %s orders, the dearest kind, fits one transaction',
    async (side) => {
      const gasUsed = await worstBatchGas(mechanism, side)
      expect(gasUsed).toBeLessThan(CAP)
      expect({ mechanism: mechanism.name, side, gasUsed }).toMatchSnapshot()
    },
  )
})
