import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

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
