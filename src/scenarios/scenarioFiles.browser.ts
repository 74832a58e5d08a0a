import { BrowserUnsupportedError } from '../errors/BrowserUnsupportedError.js'

/** Browsers read no files by path: CSV series need `readFile` in the parse options. */
export function readTextFileSync(): string {
  throw new BrowserUnsupportedError('reading a CSV file', 'pass `readFile` in the parse options, or give the series inline')
}

/** Browsers read no files by path. */
export async function readTextFile(): Promise<string> {
  throw new BrowserUnsupportedError('loadScenario', 'read the file yourself (a File, fetch) and pass its JSON to parseScenario')
}

/** Paths are whatever `readFile` makes of them; there is no current directory. */
export function defaultBaseDir(): string {
  return ''
}

/** A CSV path relative to the scenario's directory, joined with `/`. */
export function resolveScenarioPath(baseDir: string, path: string): string {
  return baseDir === '' || path.startsWith('/') ? path : `${baseDir.replace(/\/$/, '')}/${path}`
}
