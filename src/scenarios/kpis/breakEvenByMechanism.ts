import { mechanismNames, resolveMechanism } from '../../mechanisms/mechanisms.js'
import { sweepVariants, type SweepVariantsOptions } from '../sweepVariants.js'
import type { Scenario } from '../types.js'
import type { BreakEven } from './types.js'

export type BreakEvenByMechanismOptions = Pick<SweepVariantsOptions, 'workers' | 'onProgress' | 'hardfork'> & {
  /** Built-in mechanisms to run it on, by name. Default: every one. */
  mechanisms?: readonly string[] | undefined
}

/**
 * Where a scenario breaks even under each clearing mechanism: the scenario run once per
 * mechanism (on worker threads, as {@link sweepVariants}), each run's `kpis.breakEven`.
 *
 * @param scenario a resolved scenario; its `economics` price the runs
 * @param options the mechanisms (default all built-in ones), workers, progress, hardfork
 * @returns one break-even per mechanism, in the order given
 * @throws MechanismError for an unknown mechanism name, before anything runs
 * @example
 * import { breakEvenByMechanism, breakEvenTable, loadScenario, tableToText } from 'dem-sim'
 * const scenario = await loadScenario('examples/scenarios/battery-day.json')
 * console.log(tableToText(breakEvenTable(await breakEvenByMechanism(scenario), scenario.economics)))
 */
export async function breakEvenByMechanism(
  scenario: Scenario,
  options: BreakEvenByMechanismOptions = {},
): Promise<BreakEven[]> {
  const mechanisms = (options.mechanisms ?? mechanismNames()).map((name) => resolveMechanism(name).name)
  const { points } = await sweepVariants(
    mechanisms.map((mechanism) => ({
      label: mechanism,
      scenario: { ...scenario, market: { mechanism }, definition: { ...scenario.definition, market: { mechanism } } },
    })),
    { workers: options.workers, onProgress: options.onProgress, hardfork: options.hardfork },
  )
  return points.map(({ label, result }) => {
    const { breakEven } = result.kpis
    if (breakEven === undefined) throw new TypeError(`the run on ${label} reported no break-even`)
    return breakEven
  })
}
