import arrayScenario from '../../examples/scenarios/array.json'
import batteryDayScenario from '../../examples/scenarios/battery-day.json'
import communityDayScenario from '../../examples/scenarios/community-day.json'
import eveningPeakScenario from '../../examples/scenarios/evening-peak.json'
import flatScenario from '../../examples/scenarios/flat.json'
import paperScenario from '../../examples/scenarios/paper.json'
import scale1000Scenario from '../../examples/scenarios/scale-1000.json'
import solarScenario from '../../examples/scenarios/solar.json'
import { parseScenario } from './parseScenario.js'
import { ScenarioError } from './ScenarioError.js'
import type { Scenario, ScenarioDefinition } from './types.js'

/** A built-in scenario's name: the file name in `examples/scenarios/` without `.json`. */
export type BuiltinScenarioName =
  | 'flat'
  | 'solar'
  | 'evening-peak'
  | 'array'
  | 'battery-day'
  | 'community-day'
  | 'paper'
  | 'scale-1000'

/**
 * The scenarios that ship in `examples/scenarios/` and need no other file, by name — the files
 * themselves, bundled, so that they work wherever the library runs (a browser included).
 */
const BUILTIN: Readonly<Record<BuiltinScenarioName, unknown>> = {
  flat: flatScenario,
  solar: solarScenario,
  'evening-peak': eveningPeakScenario,
  array: arrayScenario,
  'battery-day': batteryDayScenario,
  'community-day': communityDayScenario,
  paper: paperScenario,
  'scale-1000': scale1000Scenario,
}

/** The built-in scenarios' names. (`examples/scenarios/csv.json` reads a CSV file beside it: load it by path.) */
export const BUILTIN_SCENARIO_NAMES = Object.keys(BUILTIN) as readonly BuiltinScenarioName[]

/**
 * A built-in scenario, checked and resolved, ready for {@link runScenario}.
 *
 * @param name one of {@link BUILTIN_SCENARIO_NAMES}: `flat`, `solar`, `evening-peak`, `array`, `battery-day`, `community-day`, `paper`, `scale-1000`
 * @throws ScenarioError when there is no built-in scenario of that name
 * @example
 * import { builtinScenario, runScenario } from 'dem-sim'
 * const result = await runScenario(builtinScenario('solar'))
 */
export function builtinScenario(name: BuiltinScenarioName): Scenario {
  if (!Object.hasOwn(BUILTIN, name)) {
    throw new ScenarioError(
      '',
      `no built-in scenario is called ${JSON.stringify(String(name).slice(0, 60))} (built-in: ${BUILTIN_SCENARIO_NAMES.join(', ')})`,
      name,
      {
        omitValue: true,
      },
    )
  }
  return parseScenario(structuredClone(BUILTIN[name]), { file: `${name}.json` })
}

/**
 * The seed demo's gas measurement, completed: every user joins the way the seed's users did
 * (`registerUser`, `approve`, `deposit`) and commits once — half of them producing 3 kWh, half
 * consuming 2 kWh — in one interval, which the oracle then reports and the keeper settles. The
 * seed's bar chart stopped before settlement; this one includes it. The definition of
 * `examples/scenarios/paper.json`.
 *
 * @example
 * import { PAPER_SCENARIO, sweep } from 'dem-sim'
 * const { points } = await sweep(PAPER_SCENARIO, { users: [2, 10, 50] })
 */
export const PAPER_SCENARIO: ScenarioDefinition = paperScenario as ScenarioDefinition
