import { describe, expect, it } from 'vitest'
import { recordMarketWorkload } from './support/recordMarketWorkload.js'
import { replayMarketWorkload } from './support/replayMarketWorkload.js'

describe('the market workload on our chain and on EDR', () => {
  it('gives every transaction the same gasUsed and status, replayed from the deployed state', async () => {
    const recording = await recordMarketWorkload({ users: 6, intervals: 2 })
    const expected = recording.transactions.map((transaction) => transaction.receipt)
    expect(expected.length).toBeGreaterThan(6 + 2 * 6)
    expect(new Set(expected.map((receipt) => receipt.status))).toEqual(new Set(['success']))

    const edr = await replayMarketWorkload(recording, 'edr')
    const ours = await replayMarketWorkload(recording, 'ours-no-cache')
    const strip = (receipts: typeof expected) => receipts.map(({ gasUsed, status }) => ({ gasUsed, status }))
    expect(strip(edr.receipts)).toEqual(strip(expected))
    expect(strip(ours.receipts)).toEqual(strip(expected))
  })
})
