// The random strategy: a baseline that ignores the homes — random sides, sizes and limit prices
// from each user's own seeded stream. The same seed reproduces a run exactly; another seed does not.
import { type ScenarioDefinition, runScenario } from 'dem-sim'

const randomDay = (seed: number): ScenarioDefinition => ({
  seed,
  intervals: 12,
  startHour: 6,
  users: {
    count: 8,
    groups: [
      {
        name: 'sellers',
        share: 0.5,
        role: 'producer',
        strategy: { type: 'random', commitProbability: 0.8, maxEnergyWh: 1500 },
      },
      {
        name: 'buyers',
        share: 0.5,
        role: 'consumer',
        strategy: { type: 'random', commitProbability: 0.8, maxEnergyWh: 1500 },
      },
    ],
  },
})

const runs = [await runScenario(randomDay(7)), await runScenario(randomDay(7)), await runScenario(randomDay(8))]
for (const [n, result] of runs.entries()) {
  console.log(
    `run ${n + 1} (seed ${result.seed}): ${result.totals.commitments} commitments, traded ${result.totals.tradedWh} Wh, ${result.totals.gasUsed} gas`,
  )
}
const same =
  JSON.stringify(runs[0]?.households, (_, v) => (typeof v === 'bigint' ? `${v}` : v)) ===
  JSON.stringify(runs[1]?.households, (_, v) => (typeof v === 'bigint' ? `${v}` : v))
console.log(`seed 7 twice: ${same ? 'identical' : 'different'} households`)
// Random commitments ignore what the homes meter: the market trades at most what was metered.
const overCommitted = runs[0]?.intervals.filter((o) => o.committedProductionWh > o.producedWh).length
console.log(
  `intervals where committed production exceeded metered production: ${overCommitted} of ${runs[0]?.intervalCount}`,
)
