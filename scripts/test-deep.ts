/**
 * The model-based and hostile suites on every mechanism with a command budget, for a deep run
 * outside CI:
 *
 *   npm run test:deep                                   # 100,000 commands, a fresh seed
 *   npm run test:deep -- --commands 20000 --seed 42
 *
 * It runs the suites in rounds, each with its own seed (the first a short one that measures how many
 * commands a run makes), sizing each later round from what the earlier ones printed, until the
 * budget is spent. Every round prints the line that replays it; a failing property prints the line
 * that replays its smallest failing case. Exits 1 when a round fails.
 */
import { spawn } from 'node:child_process'
import { parseArgs, stripVTControlCharacters } from 'node:util'

const SUITES = ['test/marketModel.property.test.ts', 'test/hostile.property.test.ts']
/** A property's summary lines (test/model/summarizeStats.ts): what it ran and how fast. */
const SUMMARY = /: \d+ runs, \d+ commands, |commands\/s|worst griefing/
/** Runs per property of the first round, which measures the commands a run makes. */
const CALIBRATION_RUNS = 5

const { values } = parseArgs({
  options: { commands: { type: 'string', default: '100000' }, seed: { type: 'string' } },
})
const budget = Number(values.commands)
if (!Number.isSafeInteger(budget) || budget <= 0) {
  console.error(`test:deep: --commands must be a positive whole number, got ${values.commands}`)
  process.exit(2)
}
const firstSeed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed)
if (!Number.isSafeInteger(firstSeed)) {
  console.error(`test:deep: --seed must be a whole number, got ${values.seed}`)
  process.exit(2)
}

type Round = { runs: number; commands: number; seconds: number }

/** One round: the suites with a seed and runs per property; what their summaries counted. */
function runRound(seed: number, runs: number): Promise<Round & { ok: boolean }> {
  const env = { ...process.env, DEM_FC_SEED: String(seed), DEM_FC_RUNS: String(runs) }
  const args = ['vitest', 'run', '--project', 'property', ...SUITES]
  console.log(`round seed ${seed}, ${runs} runs per property; replay: ${replayLine(seed, runs)}`)
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      // The suites' own summaries when they pass; everything vitest said when they fail.
      const lines = stripVTControlCharacters(out).split('\n')
      console.log((code === 0 ? lines.filter((line) => SUMMARY.test(line)) : lines).join('\n'))
      const summaries = [...out.matchAll(/: (\d+) runs, (\d+) commands, \d+ transactions in ([\d.]+) s/g)]
      resolve({
        ok: code === 0,
        runs: summaries.reduce((sum, m) => sum + Number(m[1]), 0),
        commands: summaries.reduce((sum, m) => sum + Number(m[2]), 0),
        seconds: summaries.reduce((sum, m) => sum + Number(m[3]), 0),
      })
    })
  })
}

function replayLine(seed: number, runs: number): string {
  return `DEM_FC_SEED=${seed} DEM_FC_RUNS=${runs} npx vitest run --project property ${SUITES.join(' ')}`
}

const rounds: Round[] = []
let seed = firstSeed
let runs = CALIBRATION_RUNS
for (;;) {
  const round = await runRound(seed, runs)
  rounds.push(round)
  if (!round.ok) {
    console.error(`\ntest:deep: round seed ${seed} failed; replay it with: ${replayLine(seed, runs)}`)
    process.exit(1)
  }
  const spent = rounds.reduce((sum, r) => sum + r.commands, 0)
  if (spent >= budget || round.commands === 0) break
  // Commands per run of one property, from everything run so far.
  const perRun = spent / rounds.reduce((sum, r) => sum + r.runs, 0)
  const properties = round.runs / runs
  runs = Math.max(1, Math.ceil((budget - spent) / (perRun * properties)))
  seed += 1
}
const commands = rounds.reduce((sum, r) => sum + r.commands, 0)
const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0)
console.log(
  `\ntest:deep: ${commands.toLocaleString('en-US')} commands of a ${budget.toLocaleString('en-US')} budget in ${rounds.length} round(s) from seed ${firstSeed}, ${seconds.toFixed(0)} s in the properties (${(commands / seconds).toFixed(1)} commands/s); all passed`,
)
