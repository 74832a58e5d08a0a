import { BrowserUnsupportedError } from '../errors/BrowserUnsupportedError.js'
import type { CompileContractsParameters, CompileContractsReturnType } from './compileContracts.js'

export type { CompileContractsParameters, CompileContractsReturnType }

/** solc-js, its disk cache and the npm packages its imports resolve from are not part of the browser build. */
export async function compileContracts(): Promise<CompileContractsReturnType> {
  throw new BrowserUnsupportedError(
    'compileContracts',
    'compile in Node (or at build time) and pass the artifact to chain.deploy',
  )
}
