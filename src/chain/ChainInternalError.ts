import { DemError } from '../errors/DemError.js'

/**
 * The embedded VM failed with a JavaScript exception of its own (a bug, or a runtime missing
 * something the VM needs), not with a reason a node would give for refusing the transaction.
 * The transaction did not run; `cause` is the original exception.
 */
export class ChainInternalError extends DemError {
  override name = 'ChainInternalError'
  constructor(context: string, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message.split('\n')[0]}` : String(cause)
    super(`${context} failed inside the VM: ${reason}`, {
      details:
        'This is an internal error of the embedded chain, not a property of the transaction; please report it with the cause.',
      cause,
    })
  }
}
