/**
 * How the model expects an operation to fail:
 * - `reverted`: the transaction is mined and reverts with the custom error `errorName`
 *   (`undefined` for a revert without data); `args` are the arguments the model can predict,
 *   by name (numbers as bigint, addresses lower case).
 * - `rejected`: refused before it runs (`TransactionRejectedError`), e.g. the sender cannot pay.
 * - `invalidArgument`: the simulator refuses it before sending (`InvalidArgumentError`).
 */
export type ExpectedFailure =
  | { kind: 'reverted'; errorName: string | undefined; args?: Readonly<Record<string, unknown>> }
  | { kind: 'rejected'; reason: string }
  | { kind: 'invalidArgument'; reason: string }

/**
 * Thrown by the reference model when an operation fails; the model's state is then exactly as
 * before the operation, as the chain's is.
 *
 * @example
 * import { ModelFailure } from 'dem-sim/testing'
 * try { model.withdrawCollateral({ from, tokenId, amountWei }) } catch (e) { if (e instanceof ModelFailure) e.failure.kind }
 */
export class ModelFailure extends Error {
  override name = 'ModelFailure'
  readonly failure: ExpectedFailure
  constructor(failure: ExpectedFailure) {
    super(describeFailure(failure))
    this.failure = failure
  }

  /** A custom-error revert. */
  static revert(errorName: string | undefined, args?: Record<string, unknown>): ModelFailure {
    return new ModelFailure({ kind: 'reverted', errorName, args })
  }
}

/** One line saying how an operation fails, e.g. `reverts EnergyPoolZeroEnergy()`. */
export function describeFailure(failure: ExpectedFailure): string {
  switch (failure.kind) {
    case 'reverted': {
      const args = Object.entries(failure.args ?? {})
        .map(([name, value]) => `${name}: ${typeof value === 'bigint' ? value.toString() : String(value)}`)
        .join(', ')
      return `reverts ${failure.errorName ?? '(no data)'}(${args})`
    }
    case 'rejected':
      return `is rejected: ${failure.reason}`
    case 'invalidArgument':
      return `is refused by the simulator: ${failure.reason}`
  }
}
