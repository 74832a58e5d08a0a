import type { ChainHardfork } from '../chain/types.js'
import type { MechanismRegistry } from '../mechanisms/mechanisms.js'
import { createScenarioWorkers } from './createScenarioWorkers.js'
import { parseScenario, type ParseScenarioOptions } from './parseScenario.js'
import { isScenario, runScenario } from './runScenario.js'
import type { Scenario, ScenarioDefinition, ScenarioProgress, ScenarioResult } from './types.js'

/** One run of a comparison: a label for the tables and the scenario to run. */
export type ScenarioVariant = {
  /** E.g. `pay-as-clear, battery`. Labels must differ. */
  label: string
  scenario: Scenario | ScenarioDefinition
}

export type SweepVariantsOptions = {
  /** How many runs go at once, each on its own worker thread (as in {@link sweep}). Default: the available cores, at most the number of runs. */
  workers?: number | undefined
  /** Called as the runs advance: steps done and planned over the runs started so far. */
  onProgress?: ((progress: { completed: number; total: number; runsDone: number; runs: number }) => void) | undefined
  hardfork?: ChainHardfork | undefined
  /** Used to parse the variants given as definitions (CSV paths). */
  parse?: ParseScenarioOptions | undefined
  /** The mechanisms a definition's `market.mechanism` may name (default: the built-in ones). */
  mechanisms?: MechanismRegistry | undefined
  /** The module a worker loads `runScenario` from. Default: this package's CommonJS build. */
  workerEntry?: string | undefined
}

export type VariantSweepResult = {
  /** The variants' results, in the order given. */
  points: { label: string; result: ScenarioResult }[]
  workers: number
  wallMs: number
}

/**
 * Runs several variants of a scenario — other mechanisms, strategies, batteries, tariffs — to
 * compare them: where {@link sweep} varies the number of users, this takes any list of
 * scenarios. Every variant is checked before any runs; independent runs go to worker threads.
 *
 * @param variants the labelled scenarios (definitions or resolved)
 * @param options workers, progress, hardfork
 * @returns one result per variant, in the order given
 * @throws ScenarioError when a variant is refused (nothing runs)
 * @example
 * import { sweepVariants } from 'dem-sim'
 * const base = { intervals: 24, users: { count: 10 } }
 * const { points } = await sweepVariants(
 *   ['oracle-price', 'pay-as-clear'].map((mechanism) => ({ label: mechanism, scenario: { ...base, market: { mechanism } } })),
 * )
 * for (const { label, result } of points) console.log(label, result.totals.tradedWh)
 */
export async function sweepVariants(
  variants: readonly ScenarioVariant[],
  options: SweepVariantsOptions = {},
): Promise<VariantSweepResult> {
  const started = performance.now()
  if (variants.length === 0) throw new TypeError('sweepVariants needs at least one variant')
  const labels = new Set<string>()
  for (const { label } of variants) {
    if (labels.has(label)) throw new TypeError(`two variants are labelled "${label}"`)
    labels.add(label)
  }
  const runs = variants.map(({ label, scenario }) => ({
    label,
    scenario: isScenario(scenario)
      ? scenario
      : parseScenario(scenario, { ...options.parse, mechanisms: options.mechanisms ?? options.parse?.mechanisms }),
    completed: 0,
    total: 0,
  }))
  let runsDone = 0
  const report = () =>
    options.onProgress?.({
      completed: runs.reduce((n, run) => n + run.completed, 0),
      total: runs.reduce((n, run) => n + run.total, 0),
      runsDone,
      runs: runs.length,
    })

  const pool = createScenarioWorkers(options.workerEntry)
  const wanted = options.workers ?? Math.min(pool?.cores ?? 1, runs.length)
  if (!Number.isInteger(wanted) || wanted < 1) throw new TypeError(`workers must be a positive integer, got ${wanted}`)
  // A mechanism made in code cannot cross to another thread: its runs stay on this one.
  const workers =
    pool === undefined || !runs.every((run) => pool.accepts(run.scenario)) ? 1 : Math.min(wanted, runs.length)

  const results = new Map<string, ScenarioResult>()
  const runOne = async (run: (typeof runs)[number]): Promise<void> => {
    const onProgress = (progress: ScenarioProgress) => {
      run.completed = progress.completed
      run.total = progress.total
      report()
    }
    const result =
      workers === 1 || pool === undefined
        ? await runScenario(run.scenario, { hardfork: options.hardfork, onProgress })
        : await pool.run(run.scenario, options.hardfork, onProgress)
    results.set(run.label, result)
    runsDone++
    report()
  }
  const queue = [...runs]
  try {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let run = queue.shift(); run !== undefined; run = queue.shift()) await runOne(run)
      }),
    )
  } finally {
    await pool?.close()
  }
  return {
    points: runs.map(({ label }) => ({ label, result: results.get(label) as ScenarioResult })),
    workers,
    wallMs: performance.now() - started,
  }
}
