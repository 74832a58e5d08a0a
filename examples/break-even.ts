// Can the market pay for itself? The battery-day community (50 households for a day, from
// examples/scenarios/battery-day.json) under each clearing mechanism: the gas price at which its
// savings from local trade (its bill had the traded energy gone through the grid, minus its bill;
// the batteries' own savings left out) pay for the gas of its joins, commitments,
// keeper and oracle transactions — joins counted in full, then spread over a year — and what it
// nets on Ethereum and on two rollups. Then the same day with the L1 at a busier 20 gwei. Writes
// the chart of net savings against gas price into examples/out/.
import { mkdir, writeFile } from 'node:fs/promises'
import {
  breakEvenByMechanism,
  breakEvenChart,
  breakEvenTable,
  computeBreakEven,
  loadScenario,
  networkSavingsTable,
  parseScenario,
  tableToText,
} from 'dem-sim'
import { renderSvg } from 'dem-sim/cli'

const scenario = await loadScenario(new URL('./scenarios/battery-day.json', import.meta.url).pathname)
const breakEvens = await breakEvenByMechanism(scenario)
console.log(tableToText(breakEvenTable(breakEvens, scenario.economics)))
console.log(tableToText(networkSavingsTable(breakEvens, scenario.economics)))

const { currency } = scenario.economics
for (const { mechanism, joinsAmortised } of breakEvens) {
  const nets = joinsAmortised.networks.map((n) => `${n.name} ${n.inCurrency.netSavings.toFixed(2)} ${currency}`)
  const gwei = joinsAmortised.breakEvenGasPriceGwei
  const below =
    gwei === null
      ? 'never pays for itself: its local trade saved nothing'
      : `pays for itself below ${gwei.toFixed(4)} gwei`
  console.log(`${mechanism}: ${below} (joins over a year); a day nets ${nets.join(', ')}`)
}

// The economics are the scenario's: price the same runs on other networks without running them again.
const busy = parseScenario({
  ...scenario.definition,
  economics: { networks: [{ name: 'Ethereum L1, busy', gasPriceGwei: 20 }] },
}).economics
const [first] = breakEvens
if (first === undefined) throw new Error('no mechanism ran')
const repriced = computeBreakEven({
  mechanism: first.mechanism,
  orderPath: first.orderPath,
  tradeSavingsWei: first.tradeSavingsWei,
  footprint: first.footprint,
  runSeconds: scenario.intervals * scenario.intervalSeconds,
  economics: busy,
})
console.log(
  `${first.mechanism} at 20 gwei: a day nets ${repriced.joinsAmortised.networks[0]?.inCurrency.netSavings.toFixed(2)} ${currency}`,
)

const out = new URL('./out/', import.meta.url)
await mkdir(out, { recursive: true })
await writeFile(
  new URL('break-even.svg', out),
  await renderSvg(breakEvenChart({ name: scenario.name, breakEvens, economics: scenario.economics })),
)
console.log('wrote examples/out/break-even.svg')
