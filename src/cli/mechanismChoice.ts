import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import {
  BUILTIN_MECHANISMS,
  createMechanismRegistry,
  type MechanismRegistry,
  resolveMechanism,
} from '../mechanisms/mechanisms.js'
import { isMechanismPath, loadMechanism } from './loadMechanism.js'
import { UsageError } from './UsageError.js'
import type { CliIo } from './CliIo.js'
import { cwd } from './CliIo.js'

/** What `--mechanism` chose: the mechanisms a scenario may name, and the one to run (or every one). */
export type MechanismChoice = { registry: MechanismRegistry; selected: MarketMechanism | undefined; all: boolean }

/**
 * Resolves `--mechanism` once: a registered name, a module file (`./mine.js`, then also a name
 * scenarios may use), or `all` where the command compares them.
 */
export async function mechanismChoice(
  value: string | undefined,
  io: CliIo,
  command: string,
  allowAll: boolean,
): Promise<MechanismChoice> {
  if (value === 'all') {
    if (!allowAll) throw new UsageError('--mechanism all is not available here; name one mechanism', command)
    return { registry: BUILTIN_MECHANISMS, selected: undefined, all: true }
  }
  if (value === undefined) return { registry: BUILTIN_MECHANISMS, selected: undefined, all: false }
  if (isMechanismPath(value)) {
    const loaded = await loadMechanism(value, cwd(io))
    return { registry: createMechanismRegistry([loaded]), selected: loaded, all: false }
  }
  return { registry: BUILTIN_MECHANISMS, selected: resolveMechanism(value), all: false }
}
