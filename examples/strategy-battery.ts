// The battery strategy: 50 households for a day from examples/scenarios/battery-day.json — 30 PV
// homes with a 10 kWh battery, 10 PV homes without, 10 flats — against the same day with no
// batteries. Bills are what each home pays the market and the grid (import at the grid tariff,
// export at feed-in), less what it earns: −householdRewardWei summed over its records.
import { type ScenarioResult, gridFlowsOf, householdRewardWei, loadScenario, parseScenario, runScenario } from 'dem-sim'

const withBatteries = await loadScenario(new URL('./scenarios/battery-day.json', import.meta.url).pathname)
// The same homes, the battery group turned into plain PV homes (the profile strategy).
const definition = structuredClone(withBatteries.definition)
definition.users.groups = definition.users.groups?.map((group) =>
  group.name === 'pv-battery' ? { name: group.name, share: group.share, role: group.role } : group,
)
const withoutBatteries = parseScenario(definition)

function summarize(label: string, result: ScenarioResult): bigint {
  let importWh = 0n
  let exportWh = 0n
  let billWei = 0n
  for (const record of result.households) {
    const flows = gridFlowsOf(record)
    importWh += flows.gridImportWh
    exportWh += flows.gridExportWh
    billWei -= householdRewardWei(record, result.grid)
  }
  console.log(
    `${label}: traded ${result.totals.tradedWh} Wh locally, grid import ${importWh} Wh, grid export ${exportWh} Wh, bills ${billWei} wei, ${result.totals.commitments} commitments, ${result.totals.gasUsed} gas`,
  )
  return billWei
}

const started = performance.now()
const stored = await runScenario(withBatteries)
const plain = await runScenario(withoutBatteries)
const billWith = summarize('with batteries', stored)
const billWithout = summarize('without batteries', plain)
console.log(
  `batteries change the community's bills by ${((Number(billWith - billWithout) / Number(billWithout)) * 100).toFixed(1)}%`,
)

// One battery home over the day: state of charge at each hour's end.
const home = stored.households.filter((r) => r.user === 0)
console.log(`user 0 (${stored.users[0]?.group}) state of charge: ${home.map((r) => r.stateOfChargeWh).join(' ')}`)
console.log(
  `${stored.households.length} household records; ran both days in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
