import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { energyChart } from '../../src/reports/chartSpecs.js'
import { billsChart, priceChart, stateOfChargeChart } from '../../src/reports/kpiCharts.js'
import { renderSvg } from '../../src/reports/renderSvg.js'
import { formatCell, tableToMarkdown } from '../../src/reports/ReportTable.js'
import { variantComparisonChart } from '../../src/reports/variantCharts.js'
import { variantKpiTable } from '../../src/reports/variantTables.js'
import { builtinScenario } from '../../src/scenarios/builtinScenarios.js'
import type { ScenarioDefinition, ScenarioResult } from '../../src/scenarios/types.js'
import type { Figure } from './Figure.js'

type Group = NonNullable<ScenarioDefinition['users']['groups']>[number]

/** examples/strategy-battery.ts's two days: battery-day as shipped, and with its battery homes as plain PV homes. */
function batteryDays(): { label: string; scenario: ScenarioDefinition }[] {
  const withBatteries = builtinScenario('battery-day').definition
  const plain = (group: Group): Group =>
    group.name === 'pv-battery' ? { name: group.name, share: group.share, role: group.role } : group
  const withoutBatteries = {
    ...withBatteries,
    users: { ...withBatteries.users, groups: withBatteries.users.groups?.map(plain) },
  }
  return [
    { label: 'with batteries', scenario: withBatteries },
    { label: 'without batteries', scenario: withoutBatteries },
  ]
}

/** examples/compare-mechanisms-strategies.ts's runs: community-day, then a 10 kWh battery per PV home, on every mechanism. */
function communityDays(): { label: string; scenario: ScenarioDefinition }[] {
  const profile = builtinScenario('community-day').definition
  const [pv, ...others] = profile.users.groups ?? []
  if (pv === undefined) throw new Error('community-day has a PV group first')
  const battery: ScenarioDefinition = {
    ...profile,
    users: {
      ...profile.users,
      groups: [
        { ...pv, name: 'pv-battery', battery: { capacityWh: 10_000 }, strategy: { type: 'battery' } },
        ...others,
      ],
    },
  }
  return MECHANISMS.flatMap(({ name }) =>
    Object.entries({ profile, battery }).map(([strategy, scenario]) => ({
      label: `${name}, ${strategy}`,
      scenario: { ...scenario, market: { mechanism: name } },
    })),
  )
}

const batteryRuns = batteryDays().length

/**
 * What households see: a day with and without batteries (battery-day), twelve households under
 * every mechanism with and without batteries (community-day), and the energy of a solar day.
 */
export const householdFigures: Figure = {
  name: 'households',
  variants: () => [...batteryDays(), ...communityDays(), { label: 'solar', scenario: builtinScenario('solar') }],
  produce: async (results) => {
    const battery = results.slice(0, batteryRuns)
    const community = results.slice(batteryRuns, -1)
    const solar = results.at(-1) as ScenarioResult
    const points = (runs: readonly ScenarioResult[], labels: readonly string[]) =>
      runs.map((result, i) => ({ label: labels[i] as string, result }))
    const batteryPoints = points(
      battery,
      batteryDays().map((v) => v.label),
    )
    const communityPoints = points(
      community,
      communityDays().map((v) => v.label),
    )
    const withBatteries = battery[0] as ScenarioResult
    const totals = battery
      .map(
        (r, i) =>
          `${batteryPoints[i]?.label}: ${formatCell(r.totals.commitments)} commitments, ${formatCell(r.totals.gasUsed)} gas`,
      )
      .join('; ')
    return {
      files: {
        'docs/figures/battery-day-state-of-charge.svg': await renderSvg(stateOfChargeChart(withBatteries)),
        'docs/figures/battery-day-bills.svg': await renderSvg(billsChart(withBatteries)),
        'docs/figures/battery-day-prices.svg': await renderSvg(priceChart(withBatteries)),
        'docs/figures/compare-mechanisms-strategies.svg': await renderSvg(
          variantComparisonChart(
            communityPoints,
            '12 households (6 with PV) over a day; profile vs a 10 kWh battery per PV home',
          ),
        ),
        'docs/figures/energy-solar.svg': await renderSvg(energyChart(solar)),
      },
      blocks: {
        'battery-day': `${tableToMarkdown(variantKpiTable(batteryPoints))}\n${totals}.\n`,
        'mechanisms-strategies': tableToMarkdown(variantKpiTable(communityPoints)),
      },
    }
  },
}
