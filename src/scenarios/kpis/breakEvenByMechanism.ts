import type { MarketMechanism } from '../../mechanisms/MarketMechanism.js'
import { MECHANISMS } from '../../mechanisms/mechanisms.js'
import { sweepVariants, type SweepVariantsOptions } from '../sweepVariants.js'
import type { Scenario } from '../types.js'
import { withMechanism } from '../withMechanism.js'
import type { BreakEven } from './types.js'

export type BreakEvenByMechanismOptions = Pick<SweepVariantsOptions, 'workers' | 'onProgress' | 'hardfork'> & {
  /** The mechanisms to run it on. Default: every built-in one. */
  mechanisms?: readonly MarketMechanism[] | undefined
}

/**
 * Where a scenario breaks even under each clearing mechanism: the scenario run once per
 * mechanism (on worker threads, as {@link sweepVariants}), each run's `kpis.breakEven`.
 *
 * @param scenario a resolved scenario; its `economics` price the runs
 * @param options the mechanisms (default all built-in ones), workers, progress, hardfork
 * @returns one break-even per mechanism, in the order given
 * @example
 * import { breakEvenByMechanism, breakEvenTable, loadScenario, tableToText } from 'dem-sim'
 * const scenario = await loadScenario('examples/scenarios/battery-day.json')
 * console.log(tableToText(breakEvenTable(await breakEvenByMechanism(scenario), scenario.economics)))
 */
export async function breakEvenByMechanism(
  scenario: Scenario,
  options: BreakEvenByMechanismOptions = {},
): Promise<BreakEven[]> {
  const { points } = await sweepVariants(
    (options.mechanisms ?? MECHANISMS).map((mechanism) => ({
      label: mechanism.name,
      scenario: withMechanism(scenario, mechanism),
    })),
    { workers: options.workers, onProgress: options.onProgress, hardfork: options.hardfork },
  )
  return points.map(({ label, result }) => {
    const { breakEven } = result.kpis
    if (breakEven === undefined) throw new TypeError(`the run on ${label} reported no break-even`)
    return breakEven
  })
}
