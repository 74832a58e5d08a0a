/**
 * The scale run before and after a change, side by side in one run: `bench/scale.bench.ts` of
 * another checkout (the baseline, with its own `npm ci`) and of this one, alternately, in fresh
 * processes, so a machine busy with other work disturbs both alike. Prints each run and the
 * medians of wall time, CPU time and peak RSS, with this checkout's ratio to the baseline.
 *
 *   npx tsx bench/compareScale.ts --baseline /tmp/dem-sim-main --runs 3
 *   npx tsx bench/compareScale.ts --baseline ../main --users 300 --scenario examples/scenarios/scale-1000.json
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    runs: { type: 'string', default: '3' },
    users: { type: 'string' },
    scenario: { type: 'string' },
  },
})
if (values.baseline === undefined) {
  console.error('usage: compareScale --baseline <checkout with node_modules> [--runs 3] [--users n] [--scenario file]')
  process.exit(2)
}

type Figures = { wallS: number; cpuS: number; rssMiB: number; phases: string }

const checkouts = [
  { label: 'baseline', dir: values.baseline },
  { label: 'this checkout', dir: fileURLToPath(new URL('..', import.meta.url)) },
]
const args = [
  '--import',
  'tsx',
  'bench/scale.bench.ts',
  '--no-lookup',
  ...(values.users === undefined ? [] : ['--users', values.users]),
  ...(values.scenario === undefined ? [] : ['--scenario', values.scenario]),
]
const results = new Map<string, Figures[]>()
for (let run = 1; run <= Number(values.runs); run++) {
  for (const { label, dir } of checkouts) {
    const child = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
    if (child.status !== 0) throw new Error(`${label}: scale bench exited ${child.status}: ${child.stderr}`)
    const figures = parseFigures(child.stdout)
    results.set(label, [...(results.get(label) ?? []), figures])
    console.log(
      `run ${run} ${label.padEnd(13)} wall ${figures.wallS.toFixed(2)} s, CPU ${figures.cpuS.toFixed(2)} s, peak RSS ${figures.rssMiB} MiB  (${figures.phases})`,
    )
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const of = (label: string, key: 'wallS' | 'cpuS' | 'rssMiB') => median((results.get(label) ?? []).map((f) => f[key]))
console.log(`\nmedians of ${values.runs} run(s)       wall       CPU   peak RSS`)
for (const { label } of checkouts)
  console.log(
    `  ${label.padEnd(18)} ${of(label, 'wallS').toFixed(2).padStart(7)} s ${of(label, 'cpuS').toFixed(2).padStart(7)} s ${String(of(label, 'rssMiB')).padStart(6)} MiB`,
  )
console.log(
  `  this / baseline    ${(of('this checkout', 'wallS') / of('baseline', 'wallS')).toFixed(2).padStart(8)}× ${(of('this checkout', 'cpuS') / of('baseline', 'cpuS')).toFixed(2).padStart(8)}× ${(of('this checkout', 'rssMiB') / of('baseline', 'rssMiB')).toFixed(2).padStart(9)}×`,
)

function parseFigures(stdout: string): Figures {
  const wall = /wall ([\d.]+) s\s+\(([^)]*)\)/.exec(stdout)
  const cpu = /CPU ([\d.]+) s\s+peak RSS (\d+) MiB/.exec(stdout)
  if (wall === null || cpu === null) throw new Error(`no figures in the scale bench's output:\n${stdout}`)
  return { wallS: Number(wall[1]), cpuS: Number(cpu[1]), rssMiB: Number(cpu[2]), phases: wall[2] as string }
}
