import { LibZip } from 'solady'
import type { GasEntry, GasLedgerMark } from '../../market/createGasLedger.js'
import type { GasFootprint, GasPhase } from './types.js'

/**
 * A run's transactions by who pays for them and how often: the market's setup (deploying and
 * wiring its contracts, as the ledger marks it), the users joining (recorded before `joined`), and
 * everything after it, the market's operation (commitments, keeper, oracle).
 * Each transaction's calldata is compressed on its own with FastLZ (Solady's `LibZip`), the
 * compressor OP Stack rollups price a transaction's L1 data by since their Fjord upgrade.
 *
 * @param entries the simulator's gas ledger (`sim.gas.entries`)
 * @param joined the ledger's mark once every user had joined (`sim.gas.mark()`)
 * @returns gas, calldata and compressed calldata of each phase
 * @example
 * import { gasFootprint } from 'dem-sim'
 * const joined = sim.gas.mark() // after adding the users
 * // … the run …
 * gasFootprint(sim.gas.entries, joined).operation.gasUsed
 */
export function gasFootprint(entries: readonly GasEntry[], joined: GasLedgerMark): GasFootprint {
  const footprint: GasFootprint = { deployment: emptyPhase(), join: emptyPhase(), operation: emptyPhase() }
  for (const [index, entry] of entries.entries()) {
    const phase = entry.setup ? footprint.deployment : index >= joined ? footprint.operation : footprint.join
    phase.transactions++
    phase.gasUsed += entry.gasUsed
    phase.calldataBytes += BigInt(hexBytes(entry.calldata))
    phase.compressedCalldataBytes += BigInt(hexBytes(LibZip.flzCompress(entry.calldata)))
  }
  return footprint
}

function emptyPhase(): GasPhase {
  return { transactions: 0, gasUsed: 0n, calldataBytes: 0n, compressedCalldataBytes: 0n }
}

function hexBytes(hex: string): number {
  return (hex.length - 2) / 2
}
