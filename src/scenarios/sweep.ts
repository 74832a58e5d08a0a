import type { ChainHardfork } from '../chain/types.js'
import { runLargestFirst } from './runLargestFirst.js'
import type { MechanismRegistry } from '../mechanisms/mechanisms.js'
import { parseScenario, withUserCount, type ParseScenarioOptions } from './parseScenario.js'
import { planScenario } from './planScenario.js'
import { isScenario, runScenario } from './runScenario.js'
import { createScenarioWorkers } from './createScenarioWorkers.js'
import { progressTotal } from './createScenarioEngine.js'
import type { Scenario, ScenarioDefinition, ScenarioProgress, ScenarioResult } from './types.js'

export type SweepOptions = {
  /** The user counts to run the scenario with, e.g. `[2, 10, 50, 200, 1000]`. */
  users: readonly number[]
  /**
   * How many runs go at once, each on its own worker thread. Default: the available cores, at
   * most the number of runs. `1` runs them one after another on this thread. A worker loads the
   * built package (its CommonJS build, resolved by the package's name); where that cannot be
   * resolved (running from sources with tsx, or bundled into an application), the runs stay on
   * this thread.
   */
  workers?: number | undefined
  /** Called as the runs advance: steps done and planned over all runs. */
  onProgress?: ((progress: SweepProgress) => void) | undefined
  hardfork?: ChainHardfork | undefined
  /** Used to parse a definition given as JSON (CSV paths). */
  parse?: ParseScenarioOptions | undefined
  /** The mechanisms a definition's `market.mechanism` may name (default: the built-in ones). */
  mechanisms?: MechanismRegistry | undefined
  /** The module a worker loads `runScenario` from. Default: this package's CommonJS build. */
  workerEntry?: string | undefined
}

export type SweepProgress = {
  completed: number
  total: number
  /** Runs finished so far, of `users.length`. */
  runsDone: number
  runs: number
}

export type SweepPoint = {
  users: number
  result: ScenarioResult
}

export type SweepResult = {
  name: string
  /** The user counts, ascending; `points` follows the same order. */
  users: number[]
  points: SweepPoint[]
  /** Runs that went at once. */
  workers: number
  /** Wall-clock milliseconds for the whole sweep. */
  wallMs: number
}

/**
 * Runs a scenario once per user count, for scaling curves: how gas per operation, settlement
 * gas and wall time grow with the number of users. Independent runs go to worker threads
 * (largest first) on the available cores. Every point is checked before any runs.
 *
 * @param scenario a resolved scenario or a definition; its `users.count` is replaced by each count
 * @param options the user counts, workers and a progress callback
 * @returns one result per user count, ascending
 * @example
 * import { sweep } from 'dem-sim'
 * const { points } = await sweep({ intervals: 1, users: { count: 2 } }, { users: [2, 10, 50] })
 * for (const { users, result } of points) console.log(users, result.totals.gasUsed)
 */
export async function sweep(scenario: Scenario | ScenarioDefinition, options: SweepOptions): Promise<SweepResult> {
  const started = performance.now()
  const base = isScenario(scenario)
    ? scenario
    : parseScenario(scenario, { ...options.parse, mechanisms: options.mechanisms ?? options.parse?.mechanisms })
  const counts = [...new Set(options.users)].sort((a, b) => a - b)
  if (counts.length === 0) throw new TypeError('sweep needs at least one user count')
  const runs = counts.map((users) => {
    const variant = withUserCount(base, users)
    planScenario(variant) // refuses an inconsistent point before anything runs
    const total = progressTotal(variant)
    return { users, scenario: variant, total, completed: 0 }
  })
  const total = runs.reduce((n, run) => n + run.total, 0)
  let runsDone = 0
  const report = () =>
    options.onProgress?.({
      completed: runs.reduce((n, run) => n + run.completed, 0),
      total,
      runsDone,
      runs: runs.length,
    })

  const pool = createScenarioWorkers(options.workerEntry)
  const wanted = options.workers ?? Math.min(pool?.cores ?? 1, runs.length)
  if (!Number.isInteger(wanted) || wanted < 1) throw new TypeError(`workers must be a positive integer, got ${wanted}`)
  // A mechanism made in code cannot cross to another thread: its runs stay on this one.
  const workers =
    pool === undefined || !runs.every((run) => pool.accepts(run.scenario)) ? 1 : Math.min(wanted, runs.length)

  const results = new Map<number, ScenarioResult>()
  const runOne = async (run: (typeof runs)[number]): Promise<void> => {
    const onProgress = (progress: ScenarioProgress) => {
      run.completed = progress.completed
      report()
    }
    const result =
      workers === 1 || pool === undefined
        ? await runScenario(run.scenario, { hardfork: options.hardfork, onProgress })
        : await pool.run(run.scenario, options.hardfork, onProgress)
    results.set(run.users, result)
    runsDone++
    report()
  }
  try {
    await runLargestFirst(runs, workers, runOne)
  } finally {
    await pool?.close()
  }
  return {
    name: base.name,
    users: counts,
    points: counts.map((users) => ({ users, result: results.get(users) as ScenarioResult })),
    workers,
    wallMs: performance.now() - started,
  }
}
