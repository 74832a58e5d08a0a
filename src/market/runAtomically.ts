import type { Chain } from '../chain/createChain.js'
import type { GasLedger } from './createGasLedger.js'
import { OperationRolledBackError } from './OperationRolledBackError.js'

/**
 * Runs a simulator operation that may send several transactions so that it either completes or
 * leaves the state as it was: a snapshot is taken first and released afterwards (on the embedded
 * chain a snapshot only keeps the writes made since, so it costs what the operation writes). When
 * the operation fails after some of its transactions were mined, the chain and the gas ledger are
 * reverted to the snapshot and an {@link OperationRolledBackError} says what had been sent and what
 * failed; when it fails before any, its error is thrown as it is (a failed first transaction leaves
 * what any failed transaction leaves: its sender's nonce and fee).
 *
 * @param host the chain and the ledger the operation records into
 * @param operation the operation's name, for the error
 * @param run the operation
 * @returns what `run` returns
 */
export async function runAtomically<T>(
  host: { chain: Chain; gas: GasLedger },
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  const { chain, gas } = host
  const snapshot = chain.snapshot()
  const mark = gas.mark()
  try {
    return await run()
  } catch (error) {
    const sent = gas.entries.slice(mark)
    if (sent.length === 0) throw error
    chain.revert(snapshot)
    gas.revertTo(mark)
    throw new OperationRolledBackError(operation, sent, error)
  } finally {
    chain.release(snapshot)
  }
}
