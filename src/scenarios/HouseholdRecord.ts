/**
 * What one user metered, decided and traded in one interval of a scenario run: the raw material
 * of the KPIs (self-sufficiency, bills, battery throughput) and of a learning agent's reward.
 * Energy in whole Wh, money in wei, all non-negative.
 */
export type HouseholdRecord = {
  /** The user's index in the run. */
  user: number
  /** The interval's index in the run (0-based), not its number on chain. */
  interval: number
  /** Name of the strategy that decided for the user. */
  strategy: string
  /** The household's own consumption in the interval. */
  loadWh: bigint
  /** The household's own generation in the interval. */
  generationWh: bigint
  /** Taken into the battery (before losses) and delivered out of it (after losses). */
  batteryChargeWh: bigint
  batteryDischargeWh: bigint
  /** Energy stored at the interval's end; 0 without a battery. */
  stateOfChargeWh: bigint
  /** What the user committed on the market for the interval. */
  committedProductionWh: bigint
  committedConsumptionWh: bigint
  /** What the market settled for the user's commitments of the interval. */
  soldLocalWh: bigint
  boughtLocalWh: bigint
  receivedWei: bigint
  paidWei: bigint
  /** Gas of the transactions the user sent during the interval (its commits). */
  gasUsed: bigint
}

/** A record with nothing metered, decided or traded yet: what a run fills in as the interval goes. */
export function emptyHouseholdRecord(user: number, interval: number, strategy: string): HouseholdRecord {
  return {
    user,
    interval,
    strategy,
    loadWh: 0n,
    generationWh: 0n,
    batteryChargeWh: 0n,
    batteryDischargeWh: 0n,
    stateOfChargeWh: 0n,
    committedProductionWh: 0n,
    committedConsumptionWh: 0n,
    soldLocalWh: 0n,
    boughtLocalWh: 0n,
    receivedWei: 0n,
    paidWei: 0n,
    gasUsed: 0n,
  }
}

/** The energy that a household exchanges with the grid: whatever its own assets and local trades do not cover. */
export type GridFlows = { gridImportWh: bigint; gridExportWh: bigint }

/**
 * The grid exchange of one record: the home's physical balance (generation and battery output
 * against load and battery intake), less what it sold and plus what it bought locally. A
 * producer that sold more than it had is taken to import the difference from the grid.
 *
 * @example
 * import { gridFlowsOf } from 'dem-sim'
 * gridFlowsOf(record).gridImportWh
 */
export function gridFlowsOf(record: HouseholdRecord): GridFlows {
  const suppliedWh = record.generationWh + record.batteryDischargeWh + record.boughtLocalWh
  const usedWh = record.loadWh + record.batteryChargeWh + record.soldLocalWh
  return suppliedWh >= usedWh
    ? { gridImportWh: 0n, gridExportWh: suppliedWh - usedWh }
    : { gridImportWh: usedWh - suppliedWh, gridExportWh: 0n }
}
