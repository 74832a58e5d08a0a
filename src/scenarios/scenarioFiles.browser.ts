import { BrowserUnsupportedError } from '../errors/BrowserUnsupportedError.js'

/** Browsers read no files by path: CSV series need `readFile` in the parse options. */
export function readTextFileSync(): string {
  throw new BrowserUnsupportedError(
    'reading a CSV file',
    'pass `readFile` in the parse options, or give the series inline',
  )
}

/** Browsers read no files by path. */
export async function readTextFile(): Promise<string> {
  throw new BrowserUnsupportedError(
    'loadScenario',
    'read the file yourself (a File, fetch) and pass its JSON to parseScenario',
  )
}

/** Paths are whatever `readFile` makes of them; there is no current directory. */
export function defaultBaseDir(): string {
  return ''
}

/** A CSV path relative to the scenario's directory, joined with `/`. */
export function resolveScenarioPath(baseDir: string, path: string): string {
  return baseDir === '' || path.startsWith('/') ? path : `${baseDir.replace(/\/$/, '')}/${path}`
}

/** The error code of a read refused for leaving the scenario's folder. */
export const OUTSIDE_ERROR_CODE = 'DEM_SIM_OUTSIDE'

/** Whether `path` lies inside the folder `dir`, by its `/`-separated segments. */
export function isInside(dir: string, path: string): boolean {
  if (dir === '') return !path.startsWith('/') && !path.split('/').includes('..')
  const prefix = dir.endsWith('/') ? dir : `${dir}/`
  return path.startsWith(prefix) && !path.slice(prefix.length).split('/').includes('..')
}

/** Browsers read no files by path: CSV series need `readFile` in the parse options. */
export function readInside(): (path: string) => string {
  return readTextFileSync
}
