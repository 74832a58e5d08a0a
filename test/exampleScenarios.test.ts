import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PAPER_SCENARIO } from '../src/scenarios/builtinScenarios.js'
import { loadScenario } from '../src/scenarios/parseScenario.js'
import { planScenario } from '../src/scenarios/planScenario.js'
import { runScenario } from '../src/scenarios/runScenario.js'

/**
 * The scenario files of examples/scenarios/ through the source (test/examples.test.ts runs the
 * example programs through the packed package): each one valid and planned, the small ones run.
 */
const EXAMPLES = fileURLToPath(new URL('../examples/scenarios', import.meta.url))
const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'))
/** Small enough to run in the test suite; the rest are checked and planned. */
const RUN = new Set(['array.json', 'csv.json', 'flat.json', 'paper.json'])

describe('examples/scenarios', () => {
  it('has an example for each built-in profile, arrays and CSV', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'flat.json',
        'solar.json',
        'evening-peak.json',
        'array.json',
        'csv.json',
        'paper.json',
        'scale-1000.json',
      ]),
    )
  })

  it.each(files)('%s is valid and plans', async (file) => {
    const scenario = await loadScenario(join(EXAMPLES, file))
    expect(planScenario(scenario).intervals).toHaveLength(scenario.intervals)
  })

  it.each(files.filter((file) => RUN.has(file)))('%s runs', async (file) => {
    const result = await runScenario(await loadScenario(join(EXAMPLES, file)))
    expect(result.totals.heldWei).toBe(result.totals.collateralWei)
    expect(result.intervals).toHaveLength(result.intervalCount)
  })

  it('battery-day.json: 50 households, 30 with batteries that store their surplus', async () => {
    const result = await runScenario(await loadScenario(join(EXAMPLES, 'battery-day.json')))
    expect(result.userCount).toBe(50)
    expect(result.totals.heldWei).toBe(result.totals.collateralWei)
    expect(result.households).toHaveLength(50 * 24)
    expect(result.users.filter((u) => u.strategy === 'battery')).toHaveLength(30)
    expect(result.households.filter((r) => r.batteryChargeWh > 0n).length).toBeGreaterThan(0)
    expect(result.households.filter((r) => r.batteryDischargeWh > 0n).length).toBeGreaterThan(0)
  })

  it('paper.json is the built-in PAPER_SCENARIO', async () => {
    expect((await loadScenario(join(EXAMPLES, 'paper.json'))).definition).toEqual(PAPER_SCENARIO)
  })
})
