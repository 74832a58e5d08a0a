/**
 * The scale run before and after a change, side by side in one run: `bench/scale.bench.ts` of
 * another checkout (the baseline, with its own `npm ci`) and of this one, alternately, in fresh
 * processes, so a machine busy with other work disturbs both alike. Prints each run and the
 * medians of wall time, CPU time and peak RSS, with this checkout's ratio to the baseline.
 *
 *   npx tsx bench/compareScale.ts --baseline /tmp/dem-sim-main --runs 3
 *   npx tsx bench/compareScale.ts --baseline ../main --users 300 --scenario examples/scenarios/scale-1000.json
 *   npx tsx bench/compareScale.ts --baseline ../main --mechanisms oracle-price,pay-as-clear,pay-as-bid
 *
 * With `--mechanisms`, each mechanism runs the scenario in turn (a copy of it naming the mechanism).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    runs: { type: 'string', default: '3' },
    users: { type: 'string' },
    scenario: { type: 'string' },
    mechanisms: { type: 'string' },
  },
})
if (values.baseline === undefined) {
  console.error('usage: compareScale --baseline <checkout with node_modules> [--runs 3] [--users n] [--scenario file]')
  process.exit(2)
}

type Figures = { wallS: number; cpuS: number; rssMiB: number; txPerS: number; gcS: number | undefined; phases: string }
type Key = 'wallS' | 'cpuS' | 'rssMiB' | 'txPerS'

const checkouts = [
  { label: 'baseline', dir: values.baseline },
  { label: 'this checkout', dir: fileURLToPath(new URL('..', import.meta.url)) },
]
const scenarioFile = resolve(values.scenario ?? 'examples/scenarios/scale-1000.json')
const variants =
  values.mechanisms === undefined
    ? [{ label: '', file: scenarioFile }]
    : values.mechanisms.split(',').map((mechanism) => {
        const file = join(mkdtempSync(join(tmpdir(), 'dem-sim-scale-')), `${mechanism}.json`)
        const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8')) as Record<string, unknown>
        delete scenario.$schema
        writeFileSync(file, JSON.stringify({ ...scenario, market: { mechanism } }))
        return { label: ` ${mechanism}`, file }
      })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
console.log(
  `load average at start: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`,
)
for (const variant of variants) compare(variant.label, variant.file)
console.log(
  `load average at end: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`,
)

function compare(label: string, file: string): void {
  const args = [
    '--import',
    'tsx',
    'bench/scale.bench.ts',
    '--no-lookup',
    '--scenario',
    file,
    ...(values.users === undefined ? [] : ['--users', values.users]),
  ]
  const results = new Map<string, Figures[]>()
  for (let run = 1; run <= Number(values.runs); run++) {
    for (const { label: checkout, dir } of checkouts) {
      const child = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
      if (child.status !== 0) throw new Error(`${checkout}: scale bench exited ${child.status}: ${child.stderr}`)
      const figures = parseFigures(child.stdout)
      results.set(checkout, [...(results.get(checkout) ?? []), figures])
      const gc = figures.gcS === undefined ? '' : `, GC ${figures.gcS.toFixed(2)} s`
      console.log(
        `run ${run}${label} ${checkout.padEnd(13)} wall ${figures.wallS.toFixed(2)} s, CPU ${figures.cpuS.toFixed(2)} s, peak RSS ${figures.rssMiB} MiB, ${figures.txPerS} tx/s${gc}  (${figures.phases})  load ${loadavg()[0]?.toFixed(1)}`,
      )
    }
  }
  const of = (checkout: string, key: Key) => median((results.get(checkout) ?? []).map((f) => f[key]))
  console.log(`\nmedians of ${values.runs} run(s)${label}       wall       CPU   peak RSS      tx/s`)
  for (const { label: checkout } of checkouts)
    console.log(
      `  ${checkout.padEnd(18)} ${of(checkout, 'wallS').toFixed(2).padStart(7)} s ${of(checkout, 'cpuS').toFixed(2).padStart(7)} s ${String(of(checkout, 'rssMiB')).padStart(6)} MiB ${String(of(checkout, 'txPerS')).padStart(9)}`,
    )
  const ratio = (key: Key) => (of('this checkout', key) / of('baseline', key)).toFixed(2)
  console.log(
    `  this / baseline    ${ratio('wallS').padStart(8)}× ${ratio('cpuS').padStart(8)}× ${ratio('rssMiB').padStart(9)}× ${ratio('txPerS').padStart(8)}×\n`,
  )
}

function parseFigures(stdout: string): Figures {
  const wall = /wall ([\d.]+) s\s+\(([^)]*)\)/.exec(stdout)
  const cpu = /CPU ([\d.]+) s\s+peak RSS (\d+) MiB/.exec(stdout)
  const txPerS = /transactions \((\d+)\/s\)/.exec(stdout)
  // The GC figure is printed only by benches that have it (a baseline may be older).
  const gc = /GC ([\d.]+) s in/.exec(stdout)
  if (wall === null || cpu === null || txPerS === null)
    throw new Error(`no figures in the scale bench's output:\n${stdout}`)
  return {
    wallS: Number(wall[1]),
    cpuS: Number(cpu[1]),
    rssMiB: Number(cpu[2]),
    txPerS: Number(txPerS[1]),
    gcS: gc === null ? undefined : Number(gc[1]),
    phases: wall[2] as string,
  }
}
