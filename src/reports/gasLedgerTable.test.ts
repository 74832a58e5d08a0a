import { describe, expect, it } from 'vitest'
import { createGasLedger } from '../market/createGasLedger.js'
import { gasLedgerTable } from './gasLedgerTable.js'
import { tableToText } from './ReportTable.js'

describe('gasLedgerTable', () => {
  it('prints a ledger with grouped digits, never a bigint literal', () => {
    const ledger = createGasLedger()
    const receipt = (gasUsed: bigint) =>
      ({ from: '0x01', gasUsed, status: 'success', blockNumber: 1n, transactionHash: '0x02' }) as never
    ledger.record('deploy', receipt(3_431_385n))
    ledger.record('record', receipt(51_107n))
    ledger.record('record', receipt(68_231n))
    const text = tableToText(gasLedgerTable(ledger.table()))
    expect(text.split('\n')[0]).toBe('operation  calls        min        max        avg     median      total')
    expect(text).toContain('deploy         1  3,431,385  3,431,385  3,431,385  3,431,385  3,431,385')
    expect(text).not.toMatch(/\dn\b/)
  })
})
