import { InvalidArgumentError, TransactionRejectedError, TransactionRevertedError } from '../chain/errors.js'
import { OperationRolledBackError } from '../market/OperationRolledBackError.js'
import { describeFailure, ModelFailure, type ExpectedFailure } from './ModelFailure.js'

/** How an operation ended: its value, or how it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: ExpectedFailure; error?: unknown }

/**
 * Runs a model operation and captures a {@link ModelFailure} as a failed outcome; any other
 * exception (a bug in the test or the model) propagates.
 */
export function predict<T>(operation: () => T): Outcome<T> {
  try {
    return { ok: true, value: operation() }
  } catch (error) {
    if (error instanceof ModelFailure) return { ok: false, failure: error.failure }
    throw error
  }
}

/**
 * Runs a simulator operation and captures the typed errors a failing operation must surface as
 * (invariant 7): `TransactionRevertedError` (with the decoded custom error),
 * `TransactionRejectedError` and `InvalidArgumentError`, each also as the cause of an
 * `OperationRolledBackError`. Anything else propagates.
 */
export async function attempt<T>(operation: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await operation() }
  } catch (thrown) {
    // An operation rolled back part-way changed nothing and failed as its cause did.
    const error = thrown instanceof OperationRolledBackError ? thrown.cause : thrown
    if (error instanceof TransactionRevertedError) {
      const failure = { kind: 'reverted', errorName: error.errorName, args: error.namedArgs } as const
      return { ok: false, failure, error: thrown }
    }
    if (error instanceof TransactionRejectedError)
      return { ok: false, failure: { kind: 'rejected', reason: error.shortMessage }, error: thrown }
    if (error instanceof InvalidArgumentError)
      return { ok: false, failure: { kind: 'invalidArgument', reason: error.shortMessage }, error: thrown }
    throw thrown
  }
}

/**
 * Throws unless the chain did what the model predicted: both succeeded, or both failed the
 * same way — same kind, same custom error, and every argument the model predicts equal.
 *
 * @param what names the operation in the error message
 */
export function expectSameOutcome(what: string, predicted: Outcome<unknown>, actual: Outcome<unknown>): void {
  if (predicted.ok && actual.ok) return
  if (!predicted.ok && actual.ok)
    throw new Error(
      `${what}: the model expected it to fail — it ${describeFailure(predicted.failure)} — but it succeeded on chain`,
    )
  if (predicted.ok && !actual.ok)
    throw new Error(`${what}: the model expected it to succeed, but on chain it ${describeFailure(actual.failure)}`, {
      cause: actual.error,
    })
  const expected = (predicted as { failure: ExpectedFailure }).failure
  const observed = (actual as { failure: ExpectedFailure; error?: unknown }).failure
  const mismatch = `${what}: the model expected it to fail — it ${describeFailure(expected)} — but on chain it ${describeFailure(observed)}`
  if (expected.kind !== observed.kind) throw new Error(mismatch, { cause: (actual as { error?: unknown }).error })
  if (expected.kind === 'reverted' && observed.kind === 'reverted') {
    if (expected.errorName !== observed.errorName)
      throw new Error(mismatch, { cause: (actual as { error?: unknown }).error })
    for (const [name, value] of Object.entries(expected.args ?? {})) {
      if (name === 'what') continue
      if (!sameValue(value, observed.args?.[name])) throw new Error(`${mismatch} (argument ${name})`)
    }
  }
}

/** Numbers and bigints by value, strings (addresses) case-insensitively. */
export function sameValue(x: unknown, y: unknown): boolean {
  if ((typeof x === 'bigint' || typeof x === 'number') && (typeof y === 'bigint' || typeof y === 'number'))
    return BigInt(x) === BigInt(y)
  if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase()
  return Object.is(x, y)
}
