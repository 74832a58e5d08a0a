import { BrowserUnsupportedError } from '../errors/BrowserUnsupportedError.js'
import type { CompileSourcesParameters, CompileSourcesReturnType } from './compileSources.js'

export type { CompileSourcesParameters, CompileSourcesReturnType }

/** solc-js and the npm packages its imports resolve from are not part of the browser build. */
export async function compileSources(): Promise<CompileSourcesReturnType> {
  throw new BrowserUnsupportedError(
    'compileSources',
    'compile in Node (or at build time) and pass the artifact to chain.deploy',
  )
}
