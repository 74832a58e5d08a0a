import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { MechanismError } from '../mechanisms/MechanismError.js'
import { checkMechanism } from '../mechanisms/mechanisms.js'

/**
 * Loads a mechanism module from a file (`--mechanism ./my-mechanism.js`): its default export, or
 * its one named export that is a mechanism, checked against the seam as a built-in one is. The
 * mechanism remembers its file, so worker threads can load it too.
 *
 * @param given the path as the user typed it
 * @param cwd what it is relative to
 * @returns the mechanism
 * @throws {MechanismError} naming the path when it does not exist, does not load, or exports no mechanism
 */
export async function loadMechanism(given: string, cwd: string): Promise<MarketMechanism> {
  const path = resolve(cwd, given)
  if (!existsSync(path) || !statSync(path).isFile()) throw new MechanismError(`no mechanism module at ${given}`)
  const source = pathToFileURL(path).href
  let module: Record<string, unknown>
  try {
    module = (await import(source)) as Record<string, unknown>
  } catch (error) {
    throw new MechanismError(`${given} does not load: ${error instanceof Error ? error.message : String(error)}`)
  }
  const exported = [...new Set([module.default, ...Object.values(module)])].filter(
    (value) => value !== null && typeof value === 'object' && 'clear' in value && 'deploy' in value,
  )
  const candidate = module.default ?? (exported.length === 1 ? exported[0] : undefined)
  if (candidate === undefined) {
    throw new MechanismError(
      exported.length === 0
        ? `${given} exports no MarketMechanism (export one as its default or by name)`
        : `${given} exports ${exported.length} mechanisms; export the one to run as its default`,
    )
  }
  return { ...checkMechanism(candidate, given), source }
}

/** Whether a `--mechanism` value names a file rather than a registered mechanism. */
export function isMechanismPath(value: string): boolean {
  return /[/\\]/.test(value) || /\.[cm]?[jt]s$/.test(value)
}
