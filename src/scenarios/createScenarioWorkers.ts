import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ChainHardfork } from '../chain/types.js'
import { type MechanismReference, mechanismReference } from './mechanismReference.js'
import type { Scenario, ScenarioProgress, ScenarioResult } from './types.js'

/** What one worker thread did: its runs and the most V8 heap it used (sampled as its runs progress). */
export type ScenarioWorkerStats = { runs: number; peakHeapBytes: number }

/** Where a sweep's or a city's runs can go besides the calling thread. */
export type ScenarioWorkers = {
  /** How many runs may go at once by default. */
  cores: number
  /** Whether a worker can run the scenario: its mechanism is built in or loaded from a file. */
  accepts(scenario: Scenario): boolean
  /** Runs one scenario on a worker thread: an idle one, else a new one. */
  run(
    scenario: Scenario,
    hardfork: ChainHardfork | undefined,
    onProgress: (progress: ScenarioProgress) => void,
  ): Promise<ScenarioResult>
  /** Each worker thread started so far. */
  stats(): ScenarioWorkerStats[]
  /** Ends the idle worker threads (idle ones never keep the process alive). */
  close(): Promise<void>
}

/**
 * A pool of worker threads that load `runScenario` from `entry` (default: this package's
 * CommonJS build) and run one scenario at a time each, kept between runs so that a city of many
 * communities pays a thread's start-up once per thread, not once per run. Undefined where no
 * entry can be resolved and runs must stay on the calling thread.
 *
 * @param entry the module a worker loads `runScenario` from
 */
export function createScenarioWorkers(entry: string | undefined = libraryEntry()): ScenarioWorkers | undefined {
  if (entry === undefined) return undefined
  const idle: PooledWorker[] = []
  const all: PooledWorker[] = []
  return {
    cores: availableParallelism(),
    accepts: (scenario) => mechanismReference(scenario.market.mechanism) !== undefined,
    async run(scenario, hardfork, onProgress) {
      const pooled = idle.pop() ?? startWorker(entry, all)
      try {
        const result = await pooled.run(scenario, hardfork, onProgress)
        idle.push(pooled)
        return result
      } catch (error) {
        await pooled.worker.terminate()
        throw error
      }
    },
    stats: () => all.map(({ stats }) => ({ ...stats })),
    async close() {
      await Promise.all(idle.splice(0).map(({ worker }) => worker.terminate()))
    },
  }
}

/**
 * The package's CommonJS build, for worker threads to load. In the published bundles `require`
 * exists (natively, or from the ESM bundle's `createRequire` banner) and resolves the package by
 * its own name; from sources it does not, and sweeps stay on the calling thread.
 */
function libraryEntry(): string | undefined {
  try {
    return typeof require === 'function' ? require.resolve('dem-sim') : undefined
  } catch {
    return undefined
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { getHeapStatistics } = require('node:v8')
const { BUILTIN_MECHANISMS, checkMechanism, runScenario } = require(workerData.entry)
/** A mechanism crosses threads as a reference: a built-in one by name, another by importing its file. */
const mechanismOf = ({ name, source }) =>
  source === undefined
    ? Promise.resolve(BUILTIN_MECHANISMS.get(name))
    : import(source).then((module) => checkMechanism([module.default, ...Object.values(module)].find((m) => m && m.name === name), source))
let peakHeapBytes = 0
const sample = () => {
  const used = getHeapStatistics().used_heap_size
  if (used > peakHeapBytes) peakHeapBytes = used
}
parentPort.on('message', ({ scenario, mechanism, hardfork }) => {
  let last = 0
  const onProgress = (progress) => {
    sample()
    const now = Date.now()
    if (now - last < 100 && progress.phase !== 'done') return
    last = now
    parentPort.postMessage({ type: 'progress', progress })
  }
  mechanismOf(mechanism).then((resolved) => runScenario({ ...scenario, market: { mechanism: resolved } }, { hardfork, onProgress })).then(
    (result) => {
      sample()
      parentPort.postMessage({ type: 'result', result, peakHeapBytes })
    },
    (error) => parentPort.postMessage({ type: 'error', name: error && error.name, message: String(error && error.message || error) }),
  )
})
`

type WorkerMessage = {
  type: string
  progress?: ScenarioProgress
  result?: ScenarioResult
  peakHeapBytes?: number
  name?: string
  message?: string
}

type PooledWorker = {
  worker: Worker
  stats: ScenarioWorkerStats
  run(
    scenario: Scenario,
    hardfork: ChainHardfork | undefined,
    onProgress: (progress: ScenarioProgress) => void,
  ): Promise<ScenarioResult>
}

/** A worker thread that runs one scenario at a time; unreferenced while idle. A crashed one leaves the pool. */
function startWorker(entry: string, all: PooledWorker[]): PooledWorker {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry } })
  worker.unref()
  const stats: ScenarioWorkerStats = { runs: 0, peakHeapBytes: 0 }
  let current:
    | {
        resolve(result: ScenarioResult): void
        reject(error: Error): void
        onProgress(p: ScenarioProgress): void
        users: number
      }
    | undefined
  const fail = (error: Error) => {
    const pending = current
    current = undefined
    pending?.reject(error)
  }
  worker.on('message', (message: WorkerMessage) => {
    if (current === undefined) return
    if (message.type === 'progress' && message.progress !== undefined) current.onProgress(message.progress)
    else if (message.type === 'result') {
      stats.runs++
      stats.peakHeapBytes = Math.max(stats.peakHeapBytes, message.peakHeapBytes ?? 0)
      const pending = current
      current = undefined
      worker.unref()
      pending.resolve(message.result as ScenarioResult)
    } else if (message.type === 'error') {
      worker.unref()
      fail(new Error(`run with ${current.users} users failed: ${message.name ?? 'Error'}: ${message.message ?? ''}`))
    }
  })
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the worker running ${current?.users} users exited with code ${code}`)))
  const pooled: PooledWorker = {
    worker,
    stats,
    run: (scenario, hardfork, onProgress) =>
      new Promise((resolve, reject) => {
        if (worker.threadId === -1) {
          reject(new Error('the worker thread has exited'))
          return
        }
        current = { resolve, reject, onProgress, users: scenario.users.count }
        worker.ref()
        const mechanism = mechanismReference(scenario.market.mechanism) as MechanismReference
        worker.postMessage({ scenario: { ...scenario, market: {} }, mechanism, hardfork })
      }),
  }
  all.push(pooled)
  return pooled
}
