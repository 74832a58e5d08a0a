/**
 * Runs state tests on our patched ethereumjs and on the same packages with our patches reversed
 * (patches/), and compares state roots, logs, gas and refusals entry by entry.
 *
 *   npm run compare:state-tests                                   200 tests generated here, every fork
 *   npm run compare:state-tests -- --count 20 --forks Osaka --seed 7
 *   npm run compare:state-tests -- --fixtures ~/ethereum-tests/GeneralStateTests --sample 500 --forks Cancun
 *
 * `--fixtures` reads state-test JSON files (ethereum/tests `GeneralStateTests`, execution-spec-tests
 * `state_tests`) from a directory and runs a seeded sample of them; their expected roots are checked
 * too. Exits 1 on any divergence between the engines.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compareStateTests } from './stateTests/compareStateTests.js'
import { generateStateTests } from './stateTests/generateStateTests.js'
import { loadEthereumjsTrees } from './stateTests/loadEthereumjs.js'
import type { StateTest } from './stateTests/runStateTest.js'

const root = fileURLToPath(new URL('..', import.meta.url))
let values: { fixtures?: string; sample?: string; count?: string; seed?: string; forks?: string }
try {
  ;({ values } = parseArgs({
    options: {
      fixtures: { type: 'string' },
      sample: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      forks: { type: 'string' },
    },
  }))
} catch (error) {
  console.error(
    `${error instanceof Error ? error.message : String(error)}; usage: compare-state-tests [--fixtures dir] [--sample n] [--count n] [--seed n] [--forks Cancun,Prague,Osaka]`,
  )
  process.exit(2)
}
const seed = Number(values.seed ?? 1)
const forks = (values.forks ?? 'Cancun,Prague,Osaka').split(',')
const tests =
  values.fixtures === undefined
    ? generateStateTests(Number(values.count ?? 200), seed, forks)
    : sampleFixtures(values.fixtures, Number(values.sample ?? 500), seed)

const started = performance.now()
const { patched, unpatched } = await loadEthereumjsTrees(root)
const result = await compareStateTests({ patched, unpatched, tests, forks })
console.log(
  `${Object.keys(tests).length} state tests (${values.fixtures ?? `generated, seed ${seed}`}), forks ${forks.join(', ')}: ` +
    `${result.runs} post entries run on ${patched.label} and ${unpatched.label} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
console.log(`  divergences between the engines: ${result.divergences.length}`)
for (const line of result.divergences.slice(0, 20)) console.log(`    ${line}`)
if (values.fixtures !== undefined) {
  console.log(`  entries where both engines agree but miss the fixture's root: ${result.fixtureMismatches.length}`)
  for (const line of result.fixtureMismatches.slice(0, 10)) console.log(`    ${line}`)
}
process.exit(result.divergences.length === 0 ? 0 : 1)

/** A seeded sample of the tests in every JSON file under `dir`. */
function sampleFixtures(dir: string, sample: number, seedValue: number): Record<string, StateTest> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort()
  // A fixed stride through the sorted list, offset by the seed: every part of the suite is sampled.
  const stride = Math.max(1, Math.floor(files.length / sample))
  const tests: Record<string, StateTest> = {}
  for (let i = seedValue % stride; i < files.length && Object.keys(tests).length < sample; i += stride) {
    const file = files[i] as string
    for (const [name, test] of Object.entries(
      JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, StateTest>,
    ))
      tests[`${file}:${name}`] = test
  }
  return tests
}
