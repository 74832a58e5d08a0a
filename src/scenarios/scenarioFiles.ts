import { readFileSync, realpathSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve } from 'node:path'

/** Reads a UTF-8 text file (a CSV series). */
export function readTextFileSync(path: string): string {
  return readFileSync(path, 'utf8')
}

/** Reads a UTF-8 text file (a scenario). */
export function readTextFile(path: string): Promise<string> {
  return readFile(path, 'utf8')
}

/** Where a scenario's CSV paths are relative to: its file's directory, else the current directory. */
export function defaultBaseDir(file: string | undefined): string {
  return file === undefined ? process.cwd() : dirname(resolve(file))
}

/** A CSV path relative to the scenario's directory. */
export function resolveScenarioPath(baseDir: string, path: string): string {
  return resolve(baseDir, path)
}

/** The error code of a read refused because a symbolic link leads out of the scenario's folder. */
export const OUTSIDE_ERROR_CODE = 'DEM_SIM_OUTSIDE'

/** Whether `path` lies inside the folder `dir` (lexically). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/**
 * Reads CSV files, refusing (with {@link OUTSIDE_ERROR_CODE}) one that symbolic links place
 * outside `baseDir` unless `allowOutside`.
 */
export function readInside(baseDir: string, allowOutside: boolean): (path: string) => string {
  return (path) => {
    if (!allowOutside && !isInside(realpathOrSelf(baseDir), realpathSync(path)))
      throw Object.assign(new Error('outside'), { code: OUTSIDE_ERROR_CODE })
    return readTextFileSync(path)
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}
