import { describe, expect, it } from 'vitest'
import { clear as clearPayAsBid } from '../../src/mechanisms/payAsBid/clear.js'
import { clear as clearPayAsClear } from '../../src/mechanisms/payAsClear/clear.js'
import {
  addProfile,
  commit,
  deployClearingMarket,
  marketAbi,
  type MechanismName,
  moveTo,
  readBook,
  report,
  runKeeper,
  valueHeld,
} from './clearingMarket.js'

const ETHER = 10n ** 18n
const TX_CAP = 2n ** 24n
/** Entries one attacking profile puts into the book ahead of the other side. */
const SPAM = 600
const MAX_LIMIT = 2n ** 96n - 1n

/**
 * Issue 9's freeze: thousands of one side's entries filed ahead of the other side's. Every keeper
 * call is bounded by its budget (each side's pass scans only its own book), so the interval settles
 * in a bounded number of calls, each far under the per-transaction cap.
 */
describe.each([
  ['pay-as-clear', 'production'],
  ['pay-as-bid', 'consumption'],
] as [MechanismName, 'production' | 'consumption'][])('%s: %s spam ahead of the other side', (mechanism, spamSide) => {
  it('settles in bounded calls under the cap, the honest pair trading as clear() says', async () => {
    const m = await deployClearingMarket(mechanism)
    const attacker = await addProfile(m, ETHER)
    const producer = await addProfile(m, 0n)
    const consumer = await addProfile(m, ETHER)
    // Out of the money: producers asking the most, consumers bidding the least.
    const spamLimit = spamSide === 'production' ? MAX_LIMIT : 1n
    // A profile files one production commitment per interval, so production spam takes a profile per entry.
    for (let k = 0; k < SPAM; k++) {
      const tokenId = spamSide === 'production' ? await addProfile(m, 0n) : attacker
      await commit(m, { tokenId, side: spamSide, energyWh: 1n, limitPriceWeiPerKWh: spamLimit })
    }
    await commit(m, { tokenId: producer, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 100n })
    await commit(m, { tokenId: consumer, side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 300n })
    const readings = { producedWh: 1_000n, consumedWh: 1_000n, deliveredWh: new Map([[producer, 1_000n]]) }
    await report(m, 0, readings)
    moveTo(m, 2)

    const maxItems = 200n
    const run = await runKeeper(m, 0, { maxItems, rankChunk: 500 })
    const largest = run.receipts.reduce((max, r) => (r.gasUsed > max ? r.gasUsed : max), 0n)
    expect(largest).toBeLessThan(TX_CAP / 2n)
    // Filing (≤ 200 per call), ranking (≤ 500 per side per call), payouts (≤ 200 entries per call).
    const entries = SPAM + 2
    expect(run.settleReceipts.length).toBeLessThanOrEqual(2 * Math.ceil(entries / Number(maxItems)) + 2)
    expect(run.rankReceipts.length).toBeLessThanOrEqual(Math.ceil(entries / 500) + 1)

    const expected = (mechanism === 'pay-as-clear' ? clearPayAsClear : clearPayAsBid)(await readBook(m, 0), readings)
    expect(expected.tradedWh).toBe(1_000n)
    expect(run.trades).toEqual(expected.trades)
    const value = await valueHeld(m)
    expect(value.heldWei).toBe(value.collateralWei)
    const status = await m.chain.call({
      address: m.market,
      abi: marketAbi,
      functionName: 'commitmentStatusOf',
      args: [BigInt(SPAM)],
    })
    expect(status).toBe(3)
  }, 120_000)
})
