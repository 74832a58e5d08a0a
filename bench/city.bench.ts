/**
 * A city of energy communities on this machine's cores: 100 communities × 100 households × 24
 * hourly intervals, each community its own market on its own chain, on worker threads (the
 * built package's pool). Prints wall and CPU time, peak memory per worker thread, communities per
 * minute, and the throughput against cores × one community's throughput measured in the same run;
 * then the projected time of 1,000 communities × 1,000 households on a 100-node Slurm cluster, from
 * one 1,000-household community measured here. Every run goes to a worker thread loading the built
 * package, the lone communities as the city's.
 *
 *   npm run build && npm run bench:city
 *   npm run bench:city -- --communities 20 --households 50 --no-large
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { existsSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { type City, parseCity, runCity, type Scenario } from 'dem-sim'
import { createProgressBar } from '../src/cli/createProgressBar.js'
import { createScenarioWorkers } from '../src/scenarios/createScenarioWorkers.js'

const { values } = parseArgs({
  options: {
    communities: { type: 'string', default: '100' },
    households: { type: 'string', default: '100' },
    intervals: { type: 'string', default: '24' },
    workers: { type: 'string' },
    'target-communities': { type: 'string', default: '1000' },
    'target-households': { type: 'string', default: '1000' },
    nodes: { type: 'string', default: '100' },
    'node-cores': { type: 'string' },
    'no-large': { type: 'boolean' },
  },
})

const workerEntry = fileURLToPath(new URL('../dist/index.cjs', import.meta.url))
if (!existsSync(workerEntry))
  throw new Error(`${workerEntry} is missing: npm run build first (the worker threads load it)`)
const cores = availableParallelism()
const communities = Number(values.communities)
const households = Number(values.households)
const intervals = Number(values.intervals)
const workers = values.workers === undefined ? cores : Number(values.workers)
const nodes = Number(values.nodes)
const nodeCores = values['node-cores'] === undefined ? cores : Number(values['node-cores'])
const targetCommunities = Number(values['target-communities'])
const targetHouseholds = Number(values['target-households'])

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
const group = (n: number) => n.toLocaleString('en-US')

/** A city of `count` communities of `users` households: solar producers and evening-peak consumers, jittered by seed. */
function benchCity(count: number, users: number): City {
  return parseCity({
    name: 'bench-city',
    intervals,
    users: { count: users },
    profiles: {
      production: { type: 'solar', peakWh: 3000, jitter: 0.2 },
      consumption: { type: 'evening-peak', jitter: 0.2 },
    },
    communities: [{ name: 'community', count }],
  })
}

/** Runs communities one after another on one worker thread of a fresh pool; the figures of the last one. */
async function alone(city: City, indices: number[]) {
  const pool = createScenarioWorkers(workerEntry)
  if (pool === undefined) throw new Error('no worker threads')
  try {
    let last = { runMs: 0, wallMs: 0, cpuMs: 0, transactions: 0 }
    for (const index of indices) {
      const scenario = city.communities[index]?.scenario as Scenario
      const bar = createProgressBar(process.stderr, { label: `one community of ${scenario.users.count} households` })
      const cpuBefore = process.cpuUsage()
      const started = performance.now()
      const result = await pool.run(scenario, undefined, (p) => bar.update(p.completed, p.total, p.phase))
      const wallMs = performance.now() - started
      bar.done()
      const cpu = process.cpuUsage(cpuBefore)
      last = {
        runMs: result.timing.totalMs,
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        transactions: result.totals.transactions,
      }
    }
    return { ...last, peakHeapBytes: pool.stats()[0]?.peakHeapBytes ?? 0 }
  } finally {
    await pool.close()
  }
}

/** Runs a city on worker threads with a progress bar; returns its run, wall and CPU time. */
async function measure(city: City, threads: number, label: string) {
  const bar = createProgressBar(process.stderr, { label })
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const run = await runCity(city, {
    workers: threads,
    workerEntry,
    onProgress: (p) => bar.update(p.completed, p.total, `communities ${p.communitiesDone}/${p.communities}`),
  })
  const wallMs = performance.now() - started
  bar.done()
  const cpu = process.cpuUsage(cpuBefore)
  return { run, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }
}

console.log(
  `city bench: ${communities} communities × ${households} households × ${intervals} intervals on ${workers} worker threads, ${cores} cores, Node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
)

// One community alone on one worker thread, as the city's run it: a warm-up run, then the measured one.
const lone = await alone(benchCity(2, households), [0, 1])
const oneMs = lone.runMs
console.log(
  `  one community on one worker thread: ${s(oneMs)} (${s(lone.wallMs)} from hand-over to result), ${s(lone.cpuMs)} CPU, ${group(lone.transactions)} transactions, peak V8 heap ${mib(lone.peakHeapBytes)}`,
)

const city = await measure(benchCity(communities, households), workers, `${communities} communities`)
const perMinute = (communities / city.wallMs) * 60_000
const ideal = (Math.min(workers, cores) / oneMs) * 60_000
const { maxRSS } = process.resourceUsage()
console.log(
  `  the city: wall ${s(city.wallMs)}, CPU ${s(city.cpuMs)} (${s(city.cpuMs / communities)} per community, ${(city.cpuMs / communities / lone.cpuMs).toFixed(2)} × one community's alone), peak RSS ${mib(maxRSS * 1024)}`,
)
console.log(
  `  peak V8 heap per worker thread: ${city.run.workerStats.map((w) => `${mib(w.peakHeapBytes)} (${w.runs} communit${w.runs === 1 ? 'y' : 'ies'})`).join(', ')}`,
)
console.log(
  `  ${perMinute.toFixed(1)} communities/minute; ${Math.min(workers, cores)} cores × one community's throughput = ${ideal.toFixed(1)}/minute: ratio ${(perMinute / ideal).toFixed(3)} (target ≥ 0.9)`,
)
const households_ = city.run.communities.reduce((n, c) => n + c.users, 0)
console.log(
  `  city KPIs: ${group(households_)} households, self-sufficiency ${((city.run.kpis.selfSufficiency ?? 0) * 100).toFixed(1)}%, traded ${group(Number(city.run.kpis.tradedLocalWh / 1000n))} kWh locally, savings ${city.run.kpis.inCurrency.savings.toFixed(2)} EUR after gas`,
)

// The projection: one community of the target size measured here, or scaled from this one.
let largeMs: number
let largeNote: string
if (values['no-large']) {
  largeMs = oneMs * (targetHouseholds / households)
  largeNote = `scaled linearly from ${households} households (--no-large)`
} else {
  const large = await alone(benchCity(1, targetHouseholds), [0])
  largeMs = large.runMs
  largeNote = `measured: ${s(large.cpuMs)} CPU, ${group(large.transactions)} transactions, peak V8 heap ${mib(large.peakHeapBytes)}`
}
const slots = nodes * nodeCores
const waves = Math.ceil(targetCommunities / slots)
const efficiency = Math.min(1, perMinute / ideal)
const projectedMs = (waves * largeMs) / efficiency
console.log(
  `  one community of ${group(targetHouseholds)} households × ${intervals} intervals: ${s(largeMs)} on one core (${largeNote})`,
)
console.log(
  `  projection: ${group(targetCommunities)} communities × ${group(targetHouseholds)} households on ${nodes} nodes × ${nodeCores} cores (one shard per node, sbatch --array=1-${nodes} of dem-sim city --shard auto --workers ${nodeCores}: ${group(slots)} communities at once): ${waves} wave${waves === 1 ? '' : 's'} × ${s(largeMs)} ÷ ${efficiency.toFixed(2)} efficiency ≈ ${(projectedMs / 60_000).toFixed(1)} min, plus the merge`,
)
