import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { IntervalBook, MeterReadings } from '../../src/mechanisms/clearing.js'
import { clear as clearPayAsBid } from '../../src/mechanisms/payAsBid/clear.js'
import { clear as clearPayAsClear } from '../../src/mechanisms/payAsClear/clear.js'
import type { Side } from '../../src/market/types.js'
import {
  type MechanismName,
  addProfile,
  commit,
  deployClearingMarket,
  moveTo,
  readBook,
  report,
  runKeeper,
  valueHeld,
} from './clearingMarket.js'

const SEED = 8_0309
const RUNS = 12
const ETHER = 10n ** 18n

const commitmentArbitrary = fc.record({
  side: fc.constantFrom<Side>('production', 'consumption'),
  energyWh: fc.bigInt({ min: 1n, max: 4_000n }),
  // Few distinct limits, so ties between keys are common.
  limitPriceWeiPerKWh: fc.oneof(fc.constantFrom(100n, 150n, 200n), fc.bigInt({ min: 1n, max: 400n })),
  /** A producer's delivery as a fraction of its commitment, in percent (above 100: it over-delivered). */
  deliveredPercent: fc.integer({ min: 0, max: 130 }),
})

const caseArbitrary = fc.record({
  commitments: fc.array(commitmentArbitrary, { minLength: 1, maxLength: 10 }),
  producedWh: fc.bigInt({ min: 0n, max: 20_000n }),
  consumedWh: fc.bigInt({ min: 0n, max: 20_000n }),
  maxItems: fc.bigInt({ min: 1n, max: 6n }),
  rankChunk: fc.integer({ min: 1, max: 4 }),
  rankOrder: fc.constantFrom('together' as const, 'producersFirst' as const, 'consumersFirst' as const),
})

const clearFor = { 'pay-as-clear': clearPayAsClear, 'pay-as-bid': clearPayAsBid } as const

describe.each(['pay-as-clear', 'pay-as-bid'] as MechanismName[])('%s: random books and readings', (mechanism) => {
  it('settle on chain exactly as clear() in bounded calls, conserving value between every two transactions', async () => {
    const m = await deployClearingMarket(mechanism)
    const fresh = m.chain.snapshot()
    console.log(`${mechanism} property: seed ${SEED}, ${RUNS} runs`)
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        m.chain.revert(fresh)
        const deliveredWh = new Map<bigint, bigint>()
        for (const commitment of c.commitments) {
          const tokenId = await addProfile(m, ETHER)
          await commit(m, { tokenId, ...commitment })
          if (commitment.side === 'production')
            deliveredWh.set(tokenId, (commitment.energyWh * BigInt(commitment.deliveredPercent)) / 100n)
        }
        const readings: MeterReadings = { producedWh: c.producedWh, consumedWh: c.consumedWh, deliveredWh }
        await report(m, 0, readings)
        moveTo(m, 2)
        const checkValue = async () => {
          const value = await valueHeld(m)
          expect(value.heldWei).toBe(value.collateralWei)
        }
        const run = await runKeeper(m, 0, {
          maxItems: c.maxItems,
          rankChunk: c.rankChunk,
          rankOrder: c.rankOrder,
          afterEach: checkValue,
        })
        const book: IntervalBook = await readBook(m, 0)
        const expected = clearFor[mechanism](book, readings)

        // Liveness: a bounded number of calls for any batch size ≥ 1, each under the per-transaction cap.
        const n = c.commitments.length
        const batches = Math.ceil(n / Number(c.maxItems))
        expect(run.settleReceipts.length).toBeLessThanOrEqual(2 * batches + 2)
        const longestSide = Math.max(book.producers.length, book.consumers.length)
        expect(run.rankReceipts.length).toBeLessThanOrEqual(2 * Math.ceil(longestSide / c.rankChunk) + 1)
        for (const receipt of run.receipts) expect(receipt.gasUsed).toBeLessThan(2n ** 24n)
        expect(run.trades).toEqual(expected.trades)
        expect(run.settled.tradedWh).toBe(expected.tradedWh)
        expect(run.settled.paidWei).toBe(expected.paidWei)
        expect(run.settled.receivedWei).toBe(expected.receivedWei)
        expect(run.settled.surplusWei).toBe(expected.surplusWei)
        expect(run.settled.price).toBe(expected.price)
        expect(expected.paidWei).toBe(expected.receivedWei + expected.surplusWei)
        if (mechanism === 'pay-as-clear') expect(expected.surplusWei).toBe(0n)
        expect(expected.surplusWei).toBeGreaterThanOrEqual(0n)
        const capWh = c.producedWh < c.consumedWh ? c.producedWh : c.consumedWh
        expect(expected.tradedWh).toBeLessThanOrEqual(capWh)
        const value = await valueHeld(m)
        expect(value.clearingWei).toBe(expected.surplusWei)
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
  }, 300_000)
})
