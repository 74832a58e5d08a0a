import { OSAKA_TRANSACTION_GAS_CAP } from '../../chain/hardforks.js'
import { ModelFailure } from '../ModelFailure.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import { stageOf } from '../types.js'
import { AdvanceTimeCommand } from './clockCommands.js'
import type { MarketCommand } from './helpers.js'
import { ExpireStepCommand, ProcessBufferCommand, SettleStepCommand } from './keeperCommands.js'

/**
 * The liveness property (docs/design.md §4): from whatever state the commands before it reached,
 * keeper calls of `maxItems` work items each drain the buffer, settle every closed interval that
 * can still settle and, once their grace periods have passed, expire all the others — each
 * interval within a bounded number of transactions (see {@link livenessBound}), every one under
 * the per-transaction gas cap (which the run checks for every transaction), so within that many
 * times the cap in gas. Where another account holds an interval's preparation for now (a
 * stranger's claim on a merit order's ranking), the keeper waits it out, moving the clock. Every
 * call is an ordinary command, so the model checks each as usual.
 */
export class LivenessCommand implements MarketCommand {
  constructor(readonly maxItems: number) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const { model } = m
    const batch = BigInt(this.maxItems)
    const bounded = async (
      what: string,
      limit: number,
      done: () => boolean,
      step: () => Promise<void>,
    ): Promise<void> => {
      const before = { transactions: r.transactions, gasUsed: r.gasUsed }
      while (!done()) {
        await step()
        if (r.transactions - before.transactions > limit)
          throw new Error(`liveness: ${what} took more than ${limit} transactions with maxItems ${this.maxItems}`)
        const gasUsed = r.gasUsed - before.gasUsed
        if (gasUsed > BigInt(limit) * OSAKA_TRANSACTION_GAS_CAP)
          throw new Error(`liveness: ${what} used ${gasUsed} gas, more than ${limit} transactions at the cap`)
      }
    }
    const buffered = model.bufferLength
    await bounded(
      'draining the buffer',
      Math.ceil(buffered / this.maxItems) + 1,
      () => model.bufferLength === 0,
      () => new ProcessBufferCommand(this.maxItems, true).run(m, r),
    )

    const unfinished = () =>
      model.touchedIntervals.filter((i) => {
        const s = model.interval(i)
        return (
          i < model.currentInterval &&
          s.producers.length + s.consumers.length > 0 &&
          stageOf(s.phase) !== 'settled' &&
          stageOf(s.phase) !== 'expired'
        )
      })
    for (const interval of unfinished()) {
      const s = model.interval(interval)
      const settleable = stageOf(s.phase) === 'settling' || canStart(m, interval)
      if (!settleable) continue
      await bounded(
        `settling interval ${interval}`,
        livenessBound(s.producers.length + s.consumers.length, this.maxItems),
        () => model.interval(interval).phase === 'settled',
        async () => {
          const step = new SettleStepCommand({ kind: 'absolute', interval }, batch)
          await step.run(m, r)
          // Another account holds the interval's preparation for now: the keeper waits it out.
          if (step.wait !== undefined) await new AdvanceTimeCommand(step.wait.retryAt - model.timestamp).run(m, r)
        },
      )
    }
    const rest = unfinished()
    if (rest.length === 0) return
    const deadline = rest.reduce((latest, i) => {
      const end = model.intervalEnd(i) + model.config.gracePeriodSeconds
      return end > latest ? end : latest
    }, 0n)
    if (deadline > model.timestamp) await new AdvanceTimeCommand(deadline - model.timestamp).run(m, r)
    for (const interval of rest) {
      const s = model.interval(interval)
      await bounded(
        `expiring interval ${interval}`,
        Math.ceil((s.producers.length + s.consumers.length) / this.maxItems) + 1,
        () => model.interval(interval).phase === 'expired',
        () => new ExpireStepCommand({ kind: 'absolute', interval }, batch).run(m, r),
      )
    }
  }
  toString(): string {
    return `liveness(maxItems ${this.maxItems})`
  }
}

/**
 * Keeper transactions that may settle an interval of `bookSize` filed commitments in calls of
 * `maxItems` work items: filing and tallying (a work item each), payouts (a commitment, or an
 * entry of the other side passed over, each), the merit order submitted half a batch per side
 * per call, a few calls that only move between phases, and one that undoes another account's
 * wrong preparation (a merit order's `resetRanking` after a stranger's ranking skipped an entry).
 *
 * @param bookSize filed commitments of the interval, both sides
 * @param maxItems work items per keeper call
 * @returns the most keeper transactions the liveness property allows for the interval
 * @example
 * import { livenessBound } from 'dem-sim/testing'
 * livenessBound(10, 4) // 8 + 5 + 5 = 18
 */
export function livenessBound(bookSize: number, maxItems: number): number {
  return Math.ceil((3 * bookSize) / maxItems) + Math.ceil(bookSize / Math.max(1, Math.floor(maxItems / 2))) + 5
}

function canStart(m: MarketRunModel, interval: number): boolean {
  try {
    m.model.dryRun(() => m.model.settle(interval, 1n))
    return true
  } catch (error) {
    if (error instanceof ModelFailure) return false
    throw error
  }
}
