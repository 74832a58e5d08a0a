import type { DemSimulator } from '../market/DemSimulator.js'
import type { Household } from './createHouseholds.js'
import type { ScenarioLedger } from './createScenarioLedger.js'
import type { HouseholdDraw } from './drawHousehold.js'
import type { HouseholdRecord } from './HouseholdRecord.js'
import { meteredReading } from './meteredReading.js'
import { hourOfInterval } from './profileShapes.js'
import type { CheckedDecision } from './strategies/checkDecision.js'
import type { Scenario, ScenarioResult } from './types.js'

/** What one interval of a run works on. */
export type ScenarioIntervalRun = {
  scenario: Scenario
  sim: DemSimulator
  households: readonly Household[]
  ledger: ScenarioLedger
  /** The chain's interval number of the run's interval 0. */
  base: number
  timing: ScenarioResult['timing']
  /** The decision of a household its strategy decides (checked), after which it reports progress. */
  decide: (h: Household) => Promise<CheckedDecision | undefined>
}

/**
 * Runs the run's interval `i`: the strategies decide (the external users' decisions are already
 * checked in `checked`), batteries act, the meters read, the commitments go out, the buffer is
 * filed, the interval closes, the oracle reports and what is due settles (everything, after the
 * last interval).
 *
 * @param run the run's market, households, ledger and timings
 * @param i the run's interval
 * @param checked the external users' checked decisions; the strategies' are added
 * @returns the records completed (their interval settled) and the gas of the interval's window
 */
export async function runScenarioInterval(
  run: ScenarioIntervalRun,
  i: number,
  checked: Map<number, CheckedDecision>,
): Promise<{ completed: HouseholdRecord[]; gasUsed: bigint }> {
  const { scenario, sim, households, ledger, base, timing } = run
  const mark = sim.gas.mark()
  for (const h of households) {
    const decision = await run.decide(h)
    if (decision !== undefined) checked.set(h.index, decision)
  }
  let t = performance.now()
  let producedWh = 0n
  let consumedWh = 0n
  const exportWh: bigint[] = []
  for (const h of households) {
    const draw = h.next as HouseholdDraw
    const decision = checked.get(h.index) as CheckedDecision
    const battery = h.battery?.step(decision.battery) ?? { chargeWh: 0n, dischargeWh: 0n, stateOfChargeWh: 0n }
    const record = ledger.recordOf(h, i)
    record.loadWh = draw.loadWh
    record.generationWh = draw.generationWh
    record.batteryChargeWh = battery.chargeWh
    record.batteryDischargeWh = battery.dischargeWh
    record.stateOfChargeWh = battery.stateOfChargeWh
    h.history.push({ interval: i, loadWh: draw.loadWh, generationWh: draw.generationWh })
    // What the meter sees: the home's net after its battery.
    const netWh = draw.generationWh + battery.dischargeWh - draw.loadWh - battery.chargeWh
    exportWh.push(netWh > 0n ? netWh : 0n)
    if (netWh > 0n) producedWh += netWh
    else consumedWh -= netWh
    await ledger.send(h, decision, i)
  }
  await ledger.submitPending()
  timing.commitMs += performance.now() - t

  t = performance.now()
  const processed = await sim.processBuffer({ maxItems: scenario.keeper.processBatch })
  timing.processBufferMs += performance.now() - t

  t = performance.now()
  sim.advanceInterval()
  const deliveredWh = ledger.deliveriesOf(i, exportWh)
  await sim.setOracle({
    priceWeiPerKWh: scenario.oracle.priceWeiPerKWh[i] as bigint,
    producedWh: meteredReading(scenario.oracle.production, i, producedWh),
    consumedWh: meteredReading(scenario.oracle.consumption, i, consumedWh),
    ...(deliveredWh === undefined ? {} : { deliveredWh }),
  })
  timing.oracleMs += performance.now() - t

  const totals = ledger.committed(i)
  ledger.close({
    interval: base + i,
    hour: hourOfInterval(i, scenario.startHour, scenario.intervalSeconds),
    commitments: totals.commitments,
    committedProductionWh: totals.productionWh,
    committedConsumptionWh: totals.consumptionWh,
    processBufferTransactions: processed.receipts.length,
  })
  const completed: HouseholdRecord[] = []
  await ledger.settleDue(completed, { all: i === scenario.intervals - 1 })
  const gasUsed = sim.gas.entries.slice(mark).reduce((total, e) => total + e.gasUsed, 0n)
  return { completed, gasUsed }
}
