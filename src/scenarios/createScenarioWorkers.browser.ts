import type { ScenarioWorkers } from './createScenarioWorkers.js'

/**
 * Browsers have no worker threads to hand a run to from here: a sweep runs on the calling
 * thread, which in the playground is already a Web Worker.
 */
export function createScenarioWorkers(): ScenarioWorkers | undefined {
  return undefined
}
