import type { Abi, AbiEvent, AbiFunction, ExtractAbiErrorNames } from 'abitype'
import { IEnergyMarket } from '../artifacts/index.js'
import { MechanismError } from './MechanismError.js'

/** What every mechanism's market answers to: the `IEnergyMarket` interface, generated from the contracts. */
export type MarketCoreAbi = typeof IEnergyMarket.abi

/** The core ABI (`contracts/interfaces/IEnergyMarket.sol`). */
export const MARKET_CORE_ABI: MarketCoreAbi = IEnergyMarket.abi

/** The custom errors every market may revert with (one namespace for all mechanisms). */
export type MarketErrorName = ExtractAbiErrorNames<MarketCoreAbi>

const signature = (item: AbiFunction | AbiEvent): string =>
  `${item.type} ${item.name}(${item.inputs.map((i) => i.type).join(',')})${item.type === 'function' ? `→(${item.outputs.map((o) => o.type).join(',')})` : ''}`

/**
 * Checks that a market contract's ABI has every function and event of the core interface with
 * the same signature, so the simulator, the keeper and the reference model can drive it like any
 * other.
 *
 * @param mechanism the mechanism's name, for the message
 * @param abi its market's ABI
 * @throws {MechanismError} naming every core item the ABI lacks
 * @example
 * import { checkMarketCoreAbi, OraclePriceMarket } from 'dem-sim'
 * checkMarketCoreAbi('oracle-price', OraclePriceMarket.abi)
 */
export function checkMarketCoreAbi(mechanism: string, abi: Abi): void {
  const items = Array.isArray(abi) ? abi : []
  const have = new Set(
    items.filter((i): i is AbiFunction | AbiEvent => i.type === 'function' || i.type === 'event').map(signature),
  )
  const missing = MARKET_CORE_ABI.filter(
    (i): i is Extract<MarketCoreAbi[number], AbiFunction | AbiEvent> => i.type === 'function' || i.type === 'event',
  )
    .map((i) => signature(i as AbiFunction | AbiEvent))
    .filter((s) => !have.has(s))
  if (missing.length > 0) {
    throw new MechanismError(`mechanism '${mechanism}': its market lacks ${missing.join('; ')}`, {
      details: 'every market implements IEnergyMarket (contracts/interfaces/IEnergyMarket.sol), as MarketCore does',
    })
  }
}
