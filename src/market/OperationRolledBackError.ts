import { DemError } from '../errors/DemError.js'
import type { GasEntry } from './createGasLedger.js'

/**
 * A simulator operation that sends several transactions failed after some of them were mined, and
 * was rolled back: the chain, its clock and the gas ledger are as they were before it. `sent`
 * lists what had been sent (and is undone), `cause` is what failed.
 *
 * @example
 * import { OperationRolledBackError } from 'dem-sim'
 * try { await sim.setOracle(readings) } catch (e) {
 *   if (e instanceof OperationRolledBackError) console.log(e.operation, e.sent.map((s) => s.operation), e.cause)
 * }
 */
export class OperationRolledBackError extends DemError {
  override name = 'OperationRolledBackError'
  /** The simulator operation, e.g. `'setOracle'`. */
  readonly operation: string
  /** The transactions it had sent before the failure, in order; none of them is on the chain any more. */
  readonly sent: readonly GasEntry[]

  constructor(operation: string, sent: readonly GasEntry[], cause: unknown) {
    const failure =
      cause instanceof DemError ? cause.shortMessage : cause instanceof Error ? cause.message : String(cause)
    super(`${operation} was rolled back: ${describeSent(sent)} had been sent when ${failure}`, {
      details: `the chain and the gas ledger are as they were before ${operation}; nothing it sent remains`,
      cause,
    })
    this.operation = operation
    this.sent = sent
  }
}

/** `updateAnswer ×2, reportDeliveries`: consecutive transactions of one operation counted together. */
function describeSent(sent: readonly GasEntry[]): string {
  const runs: [string, number][] = []
  for (const { operation } of sent) {
    const last = runs[runs.length - 1]
    if (last !== undefined && last[0] === operation) last[1] += 1
    else runs.push([operation, 1])
  }
  return runs.map(([operation, count]) => (count === 1 ? operation : `${operation} ×${count}`)).join(', ')
}
