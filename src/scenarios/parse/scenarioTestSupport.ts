import { expect } from 'vitest'
import { DemError } from '../../errors/DemError.js'
import { type ParseScenarioOptions, parseScenario } from '../parseScenario.js'
import { planScenario } from '../planScenario.js'
import { ScenarioError } from '../ScenarioError.js'

/** The smallest scenario a definition may be: three intervals, four users. */
export const MINIMAL = { intervals: 3, users: { count: 4 } }

/** Parses and plans; returns the ScenarioError thrown (failing the test if none). */
export function refusal(definition: unknown, options?: ParseScenarioOptions): ScenarioError {
  try {
    planScenario(parseScenario(definition, options))
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError)
    expect(error).toBeInstanceOf(DemError)
    return error as ScenarioError
  }
  throw new Error('expected the scenario to be refused')
}

/** Options whose files are `files`, by name, in `/data`. */
export const csvFiles = (files: Record<string, string>): ParseScenarioOptions => ({
  baseDir: '/data',
  readFile: (path) => {
    const name = path.replace(/^\/data\//, '')
    if (!(name in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' })
    return files[name] as string
  },
})
