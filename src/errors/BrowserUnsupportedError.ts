import { DemError } from './DemError.js'

/**
 * A function that needs Node (the file system, worker threads, solc-js) was called from the
 * browser build of dem-sim. The message names the function and what to use instead.
 */
export class BrowserUnsupportedError extends DemError {
  override name = 'BrowserUnsupportedError'
  readonly functionName: string
  constructor(functionName: string, instead: string) {
    super(`${functionName} needs Node and is not available in the browser build: ${instead}`)
    this.functionName = functionName
  }
}
