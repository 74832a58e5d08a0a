// Mechanisms × strategies in one sweep: a day of twelve households — six with rooftop PV, six
// that only consume (examples/scenarios/community-day.json) — under each clearing mechanism, first
// with the PV homes committing their net load and generation (`profile`), then with a 10 kWh
// battery each (`battery`: store the surplus, cover the evening from it). Prints the community's KPIs per variant and what the
// batteries change, and writes the comparison chart into examples/out/.
import { mkdir, writeFile } from 'node:fs/promises'
import {
  addKpiTotals,
  builtinScenario,
  describeKpis,
  mechanismNames,
  type ScenarioDefinition,
  sweepVariants,
  tableToText,
  variantComparisonChart,
  variantKpiTable,
} from 'dem-sim'
import { renderSvg } from 'dem-sim/cli'

// examples/scenarios/community-day.json: every PV home commits its net position (`profile`)...
const profile = builtinScenario('community-day').definition
const [pv, consumers] = profile.users.groups ?? []
if (pv === undefined || consumers === undefined) throw new Error('community-day has two groups: pv, consumers')
// ...and the same day with a 10 kWh battery in each PV home, run by the battery strategy.
const battery: ScenarioDefinition = {
  ...profile,
  users: {
    ...profile.users,
    groups: [{ ...pv, name: 'pv-battery', battery: { capacityWh: 10_000 }, strategy: { type: 'battery' } }, consumers],
  },
}
const strategies = { profile, battery }
const mechanisms = mechanismNames()
const variants = mechanisms.flatMap((mechanism) =>
  Object.entries(strategies).map(([strategy, scenario]) => ({
    label: `${mechanism}, ${strategy}`,
    scenario: { ...scenario, market: { mechanism } },
  })),
)

const { points } = await sweepVariants(variants)
console.log(tableToText(variantKpiTable(points)))

// Under a uniform price what buyers pay, sellers receive: the community's bill is the same, its split is not.
for (const { label, result } of points) {
  const bill = (group: string) => {
    const members = result.kpis.users.filter((u) => result.users[u.user]?.group === group)
    return describeKpis(addKpiTotals(members.map((u) => u.total)), result.kpis.economics).inCurrency.bill.toFixed(2)
  }
  console.log(
    `${label}: the PV homes' bill ${bill(result.users[0]?.group ?? '')} EUR, the consumers' ${bill('consumers')} EUR`,
  )
}

const eur = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} EUR`
for (const mechanism of mechanisms) {
  const [without, withBattery] = ['profile', 'battery'].map(
    (s) => points.find((p) => p.label === `${mechanism}, ${s}`)?.result.kpis.community.total,
  )
  if (without === undefined || withBattery === undefined) throw new Error(`missing a run of ${mechanism}`)
  const kWh = (wh: bigint) => (Number(wh) / 1000).toFixed(1)
  const percent = (share: number | null) => `${((share ?? 0) * 100).toFixed(1)}%`
  console.log(
    `${mechanism}: batteries change the community's bill by ${eur(withBattery.inCurrency.bill - without.inCurrency.bill)}` +
      ` (${without.inCurrency.bill.toFixed(2)} → ${withBattery.inCurrency.bill.toFixed(2)} EUR), savings before gas by ${eur(withBattery.inCurrency.energySavings - without.inCurrency.energySavings)},` +
      ` traded energy ${kWh(without.boughtLocalWh)} → ${kWh(withBattery.boughtLocalWh)} kWh, self-sufficiency ${percent(without.selfSufficiency)} → ${percent(withBattery.selfSufficiency)}`,
  )
}

const out = new URL('./out/', import.meta.url)
await mkdir(out, { recursive: true })
const file = new URL('compare-mechanisms-strategies.svg', out)
await writeFile(
  file,
  await renderSvg(
    variantComparisonChart(points, '12 households (6 with PV) over a day; profile vs a 10 kWh battery per PV home'),
  ),
)
console.log(`wrote examples/out/compare-mechanisms-strategies.svg`)
