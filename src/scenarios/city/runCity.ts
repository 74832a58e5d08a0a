import type { ChainHardfork } from '../../chain/types.js'
import { runLargestFirst } from '../runLargestFirst.js'
import { progressTotal } from '../createScenarioEngine.js'
import { createScenarioWorkers, type ScenarioWorkerStats } from '../createScenarioWorkers.js'
import { addKpiTotals } from '../kpis/addKpiTotals.js'
import { describeKpis } from '../kpis/describeKpis.js'
import type { Economics } from '../kpis/types.js'
import { runScenario } from '../runScenario.js'
import type { ScenarioProgress, ScenarioResult } from '../types.js'
import type { City, CityProgress, CityResult, Community, CommunitySummary } from './types.js'

export type RunCityOptions = {
  /** Communities at once, each on its own worker thread (as in `sweep`). Default: the available cores, at most the number of communities. */
  workers?: number | undefined
  /** Run only these communities, by index (one shard's). Default: all. */
  only?: readonly number[] | undefined
  hardfork?: ChainHardfork | undefined
  /** Called as the communities advance. */
  onProgress?: ((progress: CityProgress) => void) | undefined
  /**
   * Called with each community's whole result as it finishes, one call at a time, before the city
   * keeps only its summary: where its tables go (a Parquet writer), so that a city's households
   * never all sit in memory at once.
   */
  onCommunity?: ((community: Community, result: ScenarioResult) => void | Promise<void>) | undefined
  /** The module a worker loads `runScenario` from. Default: this package's CommonJS build. */
  workerEntry?: string | undefined
}

/** A city's run, with what each worker thread did. */
export type CityRun = CityResult & { workerStats: ScenarioWorkerStats[] }

/**
 * Runs a city: every community its own market on its own chain, the communities on worker
 * threads (a pool, so a thread's start-up is paid once), and the city's KPIs from the sum of the
 * communities' — every household of the city counted once.
 *
 * @param city a city from {@link parseCity} or {@link loadCity}
 * @param options workers, the shard's communities, progress, and where each full result goes
 * @returns each community's summary in the city's order, and the city's KPIs
 * @example
 * import { parseCity, runCity } from 'dem-sim'
 * const city = parseCity({ intervals: 24, users: { count: 20 }, communities: [{ name: 'block', count: 3 }] })
 * const { communities, kpis } = await runCity(city)
 * console.log(communities.map((c) => [c.name, c.kpis.selfSufficiency]), kpis.savingsWei)
 */
export async function runCity(city: City, options: RunCityOptions = {}): Promise<CityRun> {
  const started = performance.now()
  const chosen = options.only === undefined ? city.communities : options.only.map((index) => communityAt(city, index))
  const runs = chosen.map((community) => ({ community, total: progressTotal(community.scenario), completed: 0 }))
  const total = runs.reduce((n, run) => n + run.total, 0)
  let communitiesDone = 0
  const report = () =>
    options.onProgress?.({
      completed: runs.reduce((n, run) => n + run.completed, 0),
      total,
      communitiesDone,
      communities: runs.length,
    })

  const pool = createScenarioWorkers(options.workerEntry)
  const wanted = options.workers ?? Math.min(pool?.cores ?? 1, Math.max(1, runs.length))
  if (!Number.isInteger(wanted) || wanted < 1) throw new TypeError(`workers must be a positive integer, got ${wanted}`)
  const workers = pool === undefined ? 1 : Math.min(wanted, Math.max(1, runs.length))

  const summaries = new Map<number, CommunitySummary>()
  const wallMs = new Map<number, number>()
  let handOver = Promise.resolve()
  const runOne = async (run: (typeof runs)[number]): Promise<void> => {
    const onProgress = (progress: ScenarioProgress) => {
      run.completed = progress.completed
      report()
    }
    const { scenario } = run.community
    const result =
      workers === 1 || pool === undefined
        ? await runScenario(scenario, { hardfork: options.hardfork, onProgress })
        : await pool.run(scenario, options.hardfork, onProgress)
    handOver = handOver.then(() => options.onCommunity?.(run.community, result))
    await handOver
    summaries.set(run.community.index, summarizeCommunity(run.community, result))
    wallMs.set(run.community.index, result.timing.totalMs)
    communitiesDone++
    report()
  }
  try {
    await runLargestFirst(runs, workers, runOne)
  } finally {
    await pool?.close()
  }
  const communities = chosen.map(({ index }) => summaries.get(index) as CommunitySummary)
  return {
    name: city.name,
    communities,
    kpis: cityKpis(communities, city.economics),
    workers,
    wallMs: performance.now() - started,
    communityWallMs: chosen.map(({ index }) => wallMs.get(index) as number),
    workerStats: pool?.stats() ?? [],
  }
}

/** What a city keeps of a community's run. */
export function summarizeCommunity(community: Community, result: ScenarioResult): CommunitySummary {
  return {
    index: community.index,
    name: community.name,
    mechanism: result.mechanism,
    seed: result.seed,
    users: result.userCount,
    intervals: result.intervalCount,
    totals: result.totals,
    maxTransactionGas: result.maxTransactionGas,
    kpis: result.kpis.community.total,
  }
}

/**
 * The city's KPIs: every community's sums added, the ratios and amounts in the currency taken
 * from those sums (never an average of the communities' ratios).
 *
 * @param communities the communities' summaries
 * @param economics the city's (the same for every community)
 * @returns the KPIs of every household of the city
 * @example
 * import { cityKpis } from 'dem-sim'
 * cityKpis(run.communities, city.economics).selfSufficiency
 */
export function cityKpis(
  communities: readonly Pick<CommunitySummary, 'kpis'>[],
  economics: Pick<Economics, 'ethPrice'>,
) {
  return describeKpis(addKpiTotals(communities.map(({ kpis }) => kpis)), economics)
}

function communityAt(city: City, index: number): Community {
  const community = city.communities[index]
  if (community === undefined)
    throw new TypeError(`the city has communities 0 to ${city.communities.length - 1}, not ${index}`)
  return community
}
