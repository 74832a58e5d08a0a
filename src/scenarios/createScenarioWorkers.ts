import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ChainHardfork } from '../chain/types.js'
import { type MechanismReference, mechanismReference } from './mechanismReference.js'
import type { Scenario, ScenarioProgress, ScenarioResult } from './types.js'

/** Where a sweep's runs can go besides the calling thread. */
export type ScenarioWorkers = {
  /** How many runs may go at once by default. */
  cores: number
  /** Whether a worker can run the scenario: its mechanism is built in or loaded from a file. */
  accepts(scenario: Scenario): boolean
  /** Runs one scenario on a fresh worker thread. */
  run(
    scenario: Scenario,
    hardfork: ChainHardfork | undefined,
    onProgress: (progress: ScenarioProgress) => void,
  ): Promise<ScenarioResult>
}

/**
 * Worker threads that load `runScenario` from `entry` (default: this package's CommonJS build),
 * or undefined where no entry can be resolved and runs must stay on the calling thread.
 *
 * @param entry the module a worker loads `runScenario` from
 */
export function createScenarioWorkers(entry: string | undefined = libraryEntry()): ScenarioWorkers | undefined {
  if (entry === undefined) return undefined
  return {
    cores: availableParallelism(),
    accepts: (scenario) => mechanismReference(scenario.market.mechanism) !== undefined,
    run: (scenario, hardfork, onProgress) => runInWorker(entry, scenario, hardfork, onProgress),
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
const { BUILTIN_MECHANISMS, checkMechanism, runScenario } = require(workerData.entry)
const { name, source } = workerData.mechanism
const loaded = source === undefined
  ? Promise.resolve(BUILTIN_MECHANISMS.get(name))
  : import(source).then((module) => checkMechanism([module.default, ...Object.values(module)].find((m) => m && m.name === name), source))
let last = 0
const onProgress = (progress) => {
  const now = Date.now()
  if (now - last < 100 && progress.phase !== 'done') return
  last = now
  parentPort.postMessage({ type: 'progress', progress })
}
loaded.then((mechanism) => runScenario({ ...workerData.scenario, market: { mechanism } }, { hardfork: workerData.hardfork, onProgress })).then(
  (result) => parentPort.postMessage({ type: 'result', result }),
  (error) => parentPort.postMessage({ type: 'error', name: error && error.name, message: String(error && error.message || error) }),
)
`

function runInWorker(
  entry: string,
  scenario: Scenario,
  hardfork: ChainHardfork | undefined,
  onProgress: (progress: ScenarioProgress) => void,
): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const mechanism = mechanismReference(scenario.market.mechanism) as MechanismReference
    const data = { ...scenario, market: {} }
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry, scenario: data, mechanism, hardfork } })
    let settled = false
    worker.on(
      'message',
      (message: {
        type: string
        progress?: ScenarioProgress
        result?: ScenarioResult
        name?: string
        message?: string
      }) => {
        if (message.type === 'progress' && message.progress !== undefined) onProgress(message.progress)
        else if (message.type === 'result') {
          settled = true
          resolve(message.result as ScenarioResult)
          void worker.terminate()
        } else if (message.type === 'error') {
          settled = true
          reject(
            new Error(
              `run with ${scenario.users.count} users failed: ${message.name ?? 'Error'}: ${message.message ?? ''}`,
            ),
          )
          void worker.terminate()
        }
      },
    )
    worker.on('error', (error) => {
      if (!settled) reject(error)
      settled = true
    })
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the worker running ${scenario.users.count} users exited with code ${code}`))
      settled = true
    })
  })
}
