import { DemError, type DemErrorOptions } from '../../errors/DemError.js'
import { formatValue } from '../ScenarioError.js'

/**
 * A strategy (or a learning agent's action) decided something the market would refuse or that
 * cannot be sent: raised before anything of it is sent. Names the user, the run's interval, the
 * offending field of the decision (`commitments[0].energyWh`) and the value found there.
 *
 * @example
 * import { StrategyError } from 'dem-sim'
 * try { await runScenario(def, { strategies: { mine } }) } catch (e) {
 *   if (e instanceof StrategyError) console.log(e.user, e.interval, e.field, e.value)
 * }
 */
export class StrategyError extends DemError {
  override name = 'StrategyError'
  readonly user: number
  readonly interval: number
  /** Path in the decision, e.g. `commitments[1].limitPriceWeiPerKWh`; empty for the whole decision. */
  readonly field: string
  readonly value: unknown

  constructor(
    user: number,
    interval: number,
    field: string,
    problem: string,
    value: unknown,
    options: DemErrorOptions = {},
  ) {
    super(
      `user ${user}, interval ${interval}: ${field === '' ? 'the decision' : field} ${problem}, got ${formatValue(value)}`,
      options,
    )
    this.user = user
    this.interval = interval
    this.field = field
    this.value = value
  }
}
