import type { MarketMechanism } from './MarketMechanism.js'
import { MechanismError } from './MechanismError.js'
import { checkMarketCoreAbi } from './marketCoreAbi.js'
import { oraclePrice } from './oraclePrice/oraclePrice.js'
import { payAsBid } from './payAsBid/payAsBid.js'
import { payAsClear } from './payAsClear/payAsClear.js'

/** The built-in mechanisms, by name; the first is the default. */
export const MECHANISMS: readonly MarketMechanism[] = [oraclePrice, payAsClear, payAsBid]

/** The mechanism used when none is named. */
export const DEFAULT_MECHANISM: MarketMechanism = oraclePrice

/**
 * The built-in mechanism called `name`, or a mechanism module checked against the seam.
 *
 * @throws {MechanismError} for an unknown name (listing the available ones) or a module whose market lacks the core ABI
 * @example
 * import { resolveMechanism } from 'dem-sim'
 * resolveMechanism('oracle-price').description
 */
export function resolveMechanism(mechanism: string | MarketMechanism | undefined): MarketMechanism {
  if (mechanism === undefined) return DEFAULT_MECHANISM
  if (typeof mechanism === 'string') {
    const found = MECHANISMS.find((m) => m.name === mechanism)
    if (found === undefined)
      throw new MechanismError(`unknown mechanism '${mechanism}'; available: ${mechanismNames().join(', ')}`)
    return found
  }
  if (
    mechanism === null ||
    typeof mechanism !== 'object' ||
    typeof mechanism.name !== 'string' ||
    typeof mechanism.deploy !== 'function' ||
    typeof mechanism.clear !== 'function'
  ) {
    throw new MechanismError(
      `expected a mechanism name (${mechanismNames().join(', ')}) or a MarketMechanism module, got ${String(mechanism)}`,
    )
  }
  checkMarketCoreAbi(mechanism.name, mechanism.market.abi)
  return mechanism
}

/** Names of the built-in mechanisms. */
export function mechanismNames(): string[] {
  return MECHANISMS.map((m) => m.name)
}
