import { maxTransactionGas } from '../chain/hardforks.js'
import type { ChainHardfork } from '../chain/types.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import type { GasEntry } from '../market/createGasLedger.js'
import type { Household } from './createHouseholds.js'
import type { ScenarioLedger } from './createScenarioLedger.js'
import { computeKpis } from './kpis/computeKpis.js'
import type { Scenario, ScenarioResult } from './types.js'

const BLOCK_GAS_LIMIT = 30_000_000n

export type ScenarioResultParameters = {
  scenario: Scenario
  sim: DemSimulator
  hardfork: ChainHardfork
  households: readonly Household[]
  ledger: ScenarioLedger
  /** The gas of each run interval's window (decisions to settlement), in order. */
  windows: readonly bigint[]
  timing: ScenarioResult['timing']
}

/**
 * The result of a run whose every interval has run and settled: per-interval outcomes with their
 * gas windows, per-user outcomes with final collateral read from the chain, the households'
 * records and KPIs, the gas table and the largest transaction, and the value held.
 *
 * @param parameters the finished run's market, households, ledger, gas windows and timings
 * @returns the run's result
 */
export async function scenarioResult(parameters: ScenarioResultParameters): Promise<ScenarioResult> {
  const { scenario, sim, hardfork, households, ledger, windows, timing } = parameters
  const { outcomes } = ledger
  for (const [k, outcome] of outcomes.entries()) outcome.gasUsed = windows[k] ?? 0n
  // Final balances straight from the chain: one call per profile.
  for (const h of households) {
    const profile = await sim.chain.call({
      ...sim.contracts.profile,
      functionName: 'profileOf',
      args: [h.user.tokenId],
    })
    h.outcome.collateralWei = profile.collateralWei
  }
  const gasByToken = sim.gas.byToken()
  for (const h of households) h.outcome.gasUsed = gasByToken.get(h.user.tokenId)?.total ?? 0n

  const all = sim.gas.entries
  const largest = all.reduce<GasEntry | undefined>(
    (max, e) => (e.setup || (max !== undefined && e.gasUsed <= max.gasUsed) ? max : e),
    undefined,
  )
  const heldWei = await sim.heldWei()
  const clearingWei = await sim.chain.call({ ...sim.contracts.profile, functionName: 'clearingWei' })
  const users = households.map((h) => h.outcome)
  const records = ledger.records()
  return {
    name: scenario.name,
    seed: scenario.seed,
    userCount: scenario.users.count,
    intervalCount: scenario.intervals,
    mechanism: sim.mechanism.name,
    keeper: { ...scenario.keeper },
    gas: sim.gas.table(),
    maxTransactionGas: {
      operation: largest?.operation ?? '',
      gasUsed: largest?.gasUsed ?? 0n,
      transactionGasCap: maxTransactionGas(hardfork, BLOCK_GAS_LIMIT),
      blockGasLimit: BLOCK_GAS_LIMIT,
    },
    intervals: outcomes,
    users,
    households: records,
    grid: {
      importWeiPerKWh: [...scenario.grid.importWeiPerKWh],
      feedInWeiPerKWh: [...scenario.grid.feedInWeiPerKWh],
    },
    kpis: computeKpis(records, {
      ...scenario,
      intervals: scenario.intervals,
      batteryCapacityWh: households.map((h) => h.group.battery?.capacityWh),
    }),
    refusals: ledger.refusals,
    totals: {
      transactions: all.length,
      gasUsed: sum(all.map((e) => e.gasUsed)),
      commitments: outcomes.reduce((n, o) => n + o.commitments, 0),
      tradedWh: sum(outcomes.map((o) => o.tradedWh)),
      tradedValueWei: sum(outcomes.map((o) => o.tradedValueWei)),
      heldWei,
      collateralWei: sum(users.map((o) => o.collateralWei)),
      clearingWei,
    },
    timing,
  }
}

function sum(values: readonly bigint[]): bigint {
  let total = 0n
  for (const value of values) total += value
  return total
}
