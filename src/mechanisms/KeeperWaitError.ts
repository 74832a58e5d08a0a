import { DemError, type DemErrorOptions } from '../errors/DemError.js'

/**
 * The keeper cannot go on with an interval before `retryAt` (a chain timestamp): another account
 * holds, for now, the right to do the step the interval needs (a mechanism's own reason is a
 * subclass). Nothing was sent for the step; settle again at `retryAt`, or once the other account
 * finished.
 *
 * @example
 * import { KeeperWaitError } from 'dem-sim'
 * try { await sim.settle(interval) } catch (e) { if (e instanceof KeeperWaitError) sim.chain.setTime(e.retryAt) }
 */
export class KeeperWaitError extends DemError {
  override name = 'KeeperWaitError'
  readonly interval: number
  readonly retryAt: bigint

  constructor(interval: number, retryAt: bigint, shortMessage: string, options: DemErrorOptions = {}) {
    super(shortMessage, options)
    this.interval = interval
    this.retryAt = retryAt
  }
}
