import { EnergyMarket } from '../artifacts/index.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import { MechanismError } from '../mechanisms/MechanismError.js'
import { oraclePrice } from '../mechanisms/oraclePrice/oraclePrice.js'

/**
 * The simulator's market with the full `EnergyMarket` ABI. The storage-level observations of the
 * kit read `oracle-price`'s own views; other mechanisms are refused by name.
 */
export function oraclePriceMarket(sim: DemSimulator): { address: `0x${string}`; abi: typeof EnergyMarket.abi } {
  if (sim.mechanism !== oraclePrice) {
    throw new MechanismError(
      `the storage-level observation reads '${oraclePrice.name}' markets only, this simulator runs '${sim.mechanism.name}'`,
    )
  }
  return { address: sim.contracts.market.address, abi: EnergyMarket.abi }
}
