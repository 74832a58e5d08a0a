/**
 * The model-based suite's speed with each observer, side by side in one run: on every built-in
 * mechanism, the same seeded command sequences (the default weights, up to 70 commands, with the
 * liveness check at the end, as test/marketModel.property.test.ts runs them) through one runner that
 * reads the chain through the contracts' views (`observeMarket`) and one that reads their storage
 * (`observeMarketStorage`), taking turns sequence by sequence so both see the same machine load.
 *
 *   npm run bench:observe                       # 8 sequences per mechanism, seed 20261126
 *   npm run bench:observe -- --runs 20 --seed 7
 *   npm run bench:observe -- --cpu-prof-observer storage   (with node --cpu-prof: only that observer runs)
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import * as fc from 'fast-check'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import { PRICE_GRID_TARIFF } from '../src/testing/arbitraries.js'
import {
  createMarketModelRunner,
  type MarketModelRunner,
  marketCommands,
  observeMarket,
  observeMarketStorage,
} from '../src/testing/index.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '8' },
    seed: { type: 'string', default: '20261126' },
    'cpu-prof-observer': { type: 'string' },
  },
})
const runs = Number(values.runs)
const seed = Number(values.seed)
if (!Number.isSafeInteger(runs) || runs <= 0 || !Number.isSafeInteger(seed)) {
  console.error('bench:observe: --runs must be a positive whole number and --seed a whole number')
  process.exit(2)
}
const OBSERVERS = { views: observeMarket, storage: observeMarketStorage } as const
type ObserverName = keyof typeof OBSERVERS
const only = values['cpu-prof-observer'] as ObserverName | undefined
if (only !== undefined && !(only in OBSERVERS)) {
  console.error(`bench:observe: --cpu-prof-observer must be views or storage, got ${only}`)
  process.exit(2)
}
const names = (only === undefined ? Object.keys(OBSERVERS) : [only]) as ObserverName[]

const INITIAL_USERS = [
  { collateralWei: 10n ** 7n, energyType: 0 },
  { collateralWei: 10n ** 6n, energyType: 5 },
  { collateralWei: 10n ** 6n, energyType: 1 },
  { collateralWei: 30_000n, energyType: 4 },
  { collateralWei: 10n ** 6n, deposit: false },
]

console.log(
  `bench:observe: ${runs} sequences per mechanism, seed ${seed}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
console.log('| mechanism | observer | commands | commands/s | % of time observing | observations (full) |')
console.log(`|${'---|'.repeat(6)}`)
const totals = new Map<ObserverName, { commands: number; ms: number; observeMs: number }>()
for (const mechanism of MECHANISMS) {
  const runners = new Map<ObserverName, MarketModelRunner>()
  for (const name of names) {
    const sim = await DemSimulator.create({ mechanism, gridTariff: PRICE_GRID_TARIFF })
    runners.set(name, await createMarketModelRunner(sim, { initialUsers: INITIAL_USERS, observe: OBSERVERS[name] }))
  }
  const arbitrary = fc.tuple(
    marketCommands({ maxCommands: 70, graceIntervals: 24, intervalSeconds: 3_600n }),
    fc.integer({ min: 1, max: 9 }),
  )
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      // The same sequence for each observer: commands keep state, so each gets its own sample of it.
      const [sampled] = fc.sample(arbitrary, { seed: seed + i, numRuns: 1 })
      if (sampled === undefined) throw new Error('fast-check sampled nothing')
      await runners.get(name)?.run(sampled[0], { liveness: sampled[1] })
    }
  }
  for (const [name, runner] of runners) {
    const s = runner.stats
    const total = totals.get(name) ?? { commands: 0, ms: 0, observeMs: 0 }
    totals.set(name, {
      commands: total.commands + s.commands,
      ms: total.ms + s.elapsedMs,
      observeMs: total.observeMs + s.observeMs,
    })
    console.log(
      row(mechanism.name, name, s.commands, s.elapsedMs, s.observeMs, `${s.observations} (${s.fullObservations})`),
    )
  }
}
for (const [name, t] of totals) console.log(row('all', name, t.commands, t.ms, t.observeMs, ''))
console.log(
  `load average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)

function row(
  mechanism: string,
  observer: string,
  commands: number,
  ms: number,
  observeMs: number,
  observations: string,
) {
  return `| ${mechanism} | ${observer} | ${commands} | ${((1000 * commands) / ms).toFixed(1)} | ${((100 * observeMs) / ms).toFixed(0)}% | ${observations} |`
}
