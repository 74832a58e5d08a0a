import { describe, expect, it } from 'vitest'
import type { Receipt } from '../chain/types.js'
import { createGasLedger } from './createGasLedger.js'

const receipt = (gasUsed: bigint) =>
  ({
    from: '0x0000000000000000000000000000000000000001',
    gasUsed,
    status: 'success',
    blockNumber: 1n,
    transactionHash: '0x00',
  }) as unknown as Receipt

describe('createGasLedger', () => {
  it('summarizes calls, min, max, avg and median per operation, with how each was recorded', () => {
    const ledger = createGasLedger()
    for (const gas of [30n, 10n, 20n]) ledger.record('commit', receipt(gas))
    for (const gas of [5n, 8n]) ledger.record('settle', receipt(gas), { batched: true, settles: true })
    expect(ledger.table()).toEqual([
      {
        operation: 'commit',
        setup: false,
        batched: false,
        settles: false,
        calls: 3,
        min: 10n,
        max: 30n,
        avg: 20n,
        median: 20n,
        total: 60n,
      },
      {
        operation: 'settle',
        setup: false,
        batched: true,
        settles: true,
        calls: 2,
        min: 5n,
        max: 8n,
        avg: 6n,
        median: 6n,
        total: 13n,
      },
    ])
    expect(ledger.summary('nothing')).toEqual({ calls: 0, min: 0n, max: 0n, avg: 0n, median: 0n, total: 0n })
  })

  it('keeps what sets the market up apart, in its own rows', () => {
    const ledger = createGasLedger()
    ledger.setup.record('wire', receipt(7n))
    ledger.record('wire', receipt(9n))
    expect(ledger.entries.map((e) => [e.operation, e.setup])).toEqual([
      ['wire', true],
      ['wire', false],
    ])
    expect(ledger.table().map((row) => [row.operation, row.setup, row.total])).toEqual([
      ['wire', true, 7n],
      ['wire', false, 9n],
    ])
  })
})
