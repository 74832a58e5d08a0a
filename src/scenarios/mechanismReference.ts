import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { BUILTIN_MECHANISMS } from '../mechanisms/mechanisms.js'

/** How another thread finds a mechanism: by name among the built-ins, or by importing its module's source. */
export type MechanismReference = { name: string; source?: string }

/**
 * What a worker thread needs to find `mechanism` again (functions do not cross threads), or
 * undefined for a module made in code that no other thread can load.
 *
 * @param mechanism the mechanism a run uses
 * @returns its reference, or undefined
 */
export function mechanismReference(mechanism: MarketMechanism): MechanismReference | undefined {
  if (BUILTIN_MECHANISMS.get(mechanism.name) === mechanism) return { name: mechanism.name }
  if (mechanism.source !== undefined) return { name: mechanism.name, source: mechanism.source }
  return undefined
}
