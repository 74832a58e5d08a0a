import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { builtinScenario, BUILTIN_SCENARIO_NAMES, PAPER_SCENARIO } from './builtinScenarios.js'
import { loadScenario, parseScenario } from './parseScenario.js'
import { SCENARIO_SCHEMA, scenarioSchemaJson } from './scenarioSchema.js'
import { ScenarioError } from './ScenarioError.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SCENARIOS = join(ROOT, 'examples', 'scenarios')
const SHIPPED_SCHEMA = join(ROOT, 'schema', 'scenario.schema.json')
const examples = readdirSync(SCENARIOS).filter((name) => name.endsWith('.json'))
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(SCENARIO_SCHEMA)

describe('the scenario JSON Schema', () => {
  it('ships exactly as generated from its declaration (npm run build:schema)', () => {
    expect(readFileSync(SHIPPED_SCHEMA, 'utf8')).toBe(scenarioSchemaJson())
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-schema.ts', '--check'], {
        cwd: ROOT,
        stdio: 'pipe',
      }),
    ).not.toThrow()
  })

  it.each(examples)('accepts examples/scenarios/%s, which points at it with $schema', (name) => {
    const definition = JSON.parse(readFileSync(join(SCENARIOS, name), 'utf8'))
    expect(definition.$schema).toBe('../../schema/scenario.schema.json')
    expect(validate(definition), JSON.stringify(validate.errors)).toBe(true)
  })

  it.each([
    ['an unknown field', { intervals: 1, users: { count: 2 }, colour: 'red' }],
    ['no users', { intervals: 1, users: { count: 0 } }],
    ['a missing interval count', { users: { count: 2 } }],
    ['an unknown onboarding', { intervals: 1, users: { count: 2, onboarding: 'teleport' } }],
    [
      'an unknown profile field',
      { intervals: 1, users: { count: 2 }, profiles: { production: { type: 'flat', energyWh: 1, peakWh: 2 } } },
    ],
    [
      'a negative energy',
      { intervals: 1, users: { count: 2 }, profiles: { production: { type: 'flat', energyWh: -1 } } },
    ],
    ['a wei amount with a fraction', { intervals: 1, users: { count: 2, collateralWei: '1.5' } }],
    ['a name of 201 characters', { intervals: 1, users: { count: 2 }, name: 'n'.repeat(201) }],
    ['a batch over the limit', { intervals: 1, users: { count: 2 }, keeper: { settleBatch: 1_001 } }],
  ])('refuses %s, as the parser does', (_what, definition) => {
    expect(validate(definition)).toBe(false)
    expect(() => parseScenario(definition)).toThrow(ScenarioError)
  })
})

describe('built-in scenarios', () => {
  it.each(BUILTIN_SCENARIO_NAMES)('%s is the shipped file, resolved', async (name) => {
    const fromFile = await loadScenario(join(SCENARIOS, `${name}.json`))
    expect(builtinScenario(name)).toEqual(fromFile)
  })

  it('PAPER_SCENARIO is examples/scenarios/paper.json', () => {
    expect(PAPER_SCENARIO).toEqual(JSON.parse(readFileSync(join(SCENARIOS, 'paper.json'), 'utf8')))
  })

  it('refuses an unknown name, listing the built-in ones', () => {
    expect(() => builtinScenario('tidal' as 'solar')).toThrow(
      'no built-in scenario is called "tidal" (built-in: flat, solar, evening-peak, array, battery-day, community-day, paper, scale-1000)',
    )
  })

  it('every shipped scenario that needs no file beside it is built in, under its file name', () => {
    const shipped = readdirSync(SCENARIOS).filter((file) => file.endsWith('.json'))
    for (const file of shipped) {
      const name = file.replace(/\.json$/, '')
      const definition = JSON.parse(readFileSync(join(SCENARIOS, file), 'utf8')) as { name?: string }
      expect(definition.name, file).toBe(name)
      const readsFiles = readFileSync(join(SCENARIOS, file), 'utf8').includes('"csv"')
      expect((BUILTIN_SCENARIO_NAMES as readonly string[]).includes(name), file).toBe(!readsFiles)
    }
  })

  it('ship in the package, with the schema', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      files: string[]
      exports: Record<string, unknown>
    }
    expect(manifest.files).toEqual(expect.arrayContaining(['examples/scenarios', 'schema']))
    expect(manifest.exports['./schema/scenario.schema.json']).toBe('./schema/scenario.schema.json')
    expect(manifest.exports['./examples/scenarios/*']).toBe('./examples/scenarios/*')
  })
})
