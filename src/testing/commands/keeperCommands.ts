import type { Receipt } from '../../chain/types.js'
import { keeperContextOf } from '../../market/runKeeperSettle.js'
import type { KeeperWaitError } from '../../mechanisms/KeeperWaitError.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import { attempt, expectSameOutcome, predict } from '../outcomes.js'
import {
  applyKeeperProgress,
  bookTokens,
  both,
  countWait,
  describeTarget,
  expectEqual,
  expectSameTrades,
  finish,
  orWait,
  receiptsOf,
  resolveInterval,
  sendMarketCall,
  step,
  type IntervalTarget,
  type MarketCommand,
} from './helpers.js'

/** Intervals of the commitments between two buffer positions: the ones a buffer pass filed or expired. */
function intervalsBetween(m: MarketRunModel, from: number, to: number): number[] {
  return [
    ...new Set(
      m.model
        .commitments()
        .slice(from, to)
        .map((c) => c.interval),
    ),
  ]
}

/** `sim.processBuffer`: the keeper drains the buffer in batches of `maxItems` (one batch with `once`). */
export class ProcessBufferCommand implements MarketCommand {
  constructor(
    readonly maxItems: number,
    readonly once: boolean,
  ) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const cursor = m.model.bufferCursor
    const { predicted, actual } = await both(
      this.toString(),
      // The simulator completes its batches or rolls them all back.
      (steps) =>
        m.model.transaction(() => {
          let processed = 0
          const expired: bigint[] = []
          do {
            const batch = step(steps, () => m.model.processBuffer(BigInt(this.maxItems)))
            processed += batch.processed
            expired.push(...batch.expired)
            if (batch.processed === 0) break
          } while (!this.once && m.model.bufferLength > 0)
          return { processed, expired }
        }),
      () => r.sim.processBuffer({ maxItems: this.maxItems, once: this.once }),
    )
    if (predicted.ok && actual.ok) {
      expectEqual(`${this} result`, predicted.value, {
        processed: actual.value.processed,
        expired: actual.value.expired,
      })
    }
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        intervals: intervalsBetween(m, cursor, m.model.bufferCursor),
        receipts: actual.ok ? actual.value.receipts : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `processBuffer(maxItems ${this.maxItems}${this.once ? ', once' : ''})`
  }
}

/**
 * `sim.settle`: the keeper drains the buffer, then settles an interval in transactions of
 * `maxItems` work items (each preceded by what the mechanism's phase needs, e.g. ranking) until
 * it is done. The model predicts every commitment's trade from the mechanism's clearing rule.
 */
export class SettleCommand implements MarketCommand {
  constructor(
    readonly target: IntervalTarget,
    readonly maxItems: number | undefined,
  ) {}
  #resolved = ''
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const interval = resolveInterval(m.model, this.target)
    this.#resolved = ` → ${interval}`
    const cursor = m.model.bufferCursor
    const movers = bookTokens(m.model, interval)
    const options = this.maxItems === undefined ? {} : { maxItems: this.maxItems }
    // The keeper may have to wait for another account's hold on the interval: the chain says so,
    // and the simulator rolls back whatever it had sent, as for any failure part-way.
    const actual = await attempt(() => orWait(r, this.toString(), interval, () => r.sim.settle(interval, options)))
    const wait = actual.ok ? actual.value.wait : undefined
    if (wait !== undefined) countWait(r, wait)
    const steps = { count: 0 }
    // The simulator completes the settlement or rolls back everything it sent, the buffer's filing included.
    const predicted = predict(() =>
      wait !== undefined
        ? undefined
        : m.model.transaction(() => {
            if (m.model.bufferLength > 0) step(steps, () => m.model.processBuffer(2n ** 32n))
            return step(steps, () => m.model.settleAll(interval))
          }),
    )
    expectSameOutcome(this.toString(), predicted, actual)
    const result = actual.ok ? actual.value.value : undefined
    if (predicted.ok && predicted.value !== undefined && result !== undefined) {
      const { trades, outcome } = predicted.value
      expectSameTrades(
        `${this}`,
        trades,
        result.trades.map(({ commitmentId, tokenId, side, energyWh, amountWei }) => ({
          commitmentId,
          tokenId,
          side,
          energyWh,
          amountWei,
        })),
      )
      expectEqual(
        `${this} totals (traded Wh, paid wei, surplus wei)`,
        [outcome.tradedWh, outcome.paidWei, outcome.surplusWei],
        [result.tradedWh, result.tradedValueWei, result.surplusWei],
      )
    }
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok || wait !== undefined,
        intervals: [interval, ...intervalsBetween(m, cursor, m.model.bufferCursor)],
        valueMovers: [...movers, ...bookTokens(m.model, interval)],
        receipts: result !== undefined ? result.receipts : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `settle(${describeTarget(this.target)}${this.#resolved}${this.maxItems === undefined ? '' : `, maxItems ${this.maxItems}`})`
  }
}

/**
 * One keeper step of a settlement, as a keeper (or anyone) may send it: what the mechanism's
 * phase needs first (its ranking), then one raw `market.settle(interval, maxItems)`. Exercises
 * filing from the buffer inside settlement and partial payouts; the model takes how far the
 * calls got from their events and checks each against the clearing rule.
 */
export class SettleStepCommand implements MarketCommand {
  constructor(
    readonly target: IntervalTarget,
    readonly maxItems: bigint,
  ) {}
  #resolved = ''
  /** Set when the mechanism's preparation had to wait for another account's hold on the interval. */
  wait: KeeperWaitError | undefined
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const interval = resolveInterval(m.model, this.target)
    this.#resolved = ` → ${interval}`
    const cursor = m.model.bufferCursor
    const { sim } = r
    const context = keeperContextOf(sim)
    this.wait = undefined
    const prepared: Receipt[] = []
    const { beforeSettle } = sim.mechanism
    if (beforeSettle !== undefined && this.maxItems > 0n && this.maxItems <= 2n ** 32n) {
      const preparation = await orWait(r, this.toString(), interval, () =>
        beforeSettle(context, interval, Number(this.maxItems)),
      )
      this.wait = preparation.wait
      if (preparation.wait !== undefined) countWait(r, preparation.wait)
      prepared.push(...(preparation.value ?? []))
      await applyKeeperProgress(m, r, this.toString(), prepared, [interval])
    }
    const movers = bookTokens(m.model, interval)
    const { actual } = await both(
      this.toString(),
      () => m.model.settle(interval, this.maxItems),
      () => sendMarketCall(sim, interval, { functionName: 'settle', args: [interval, this.maxItems] }),
    )
    if (actual.ok) await applyKeeperProgress(m, r, this.toString(), [actual.value], [interval])
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok && prepared.length === 0,
        intervals: [interval, ...intervalsBetween(m, cursor, m.model.bufferCursor)],
        valueMovers: [...movers, ...bookTokens(m.model, interval)],
        receipts: [...prepared, ...(actual.ok ? [actual.value] : receiptsOf(actual))],
      },
      actual,
    )
  }
  toString(): string {
    return `settleStep(${describeTarget(this.target)}${this.#resolved}, maxItems ${this.maxItems})`
  }
}

/** `sim.expireInterval`: release the commitments of an interval never settled within the grace period. */
export class ExpireIntervalCommand implements MarketCommand {
  constructor(
    readonly target: IntervalTarget,
    readonly maxItems: number,
  ) {}
  #resolved = ''
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const interval = resolveInterval(m.model, this.target)
    this.#resolved = ` → ${interval}`
    // A released order's lock comes back from the clearing account into its profile's collateral.
    const movers = bookTokens(m.model, interval)
    const { predicted, actual } = await both(
      this.toString(),
      () => m.model.expireAll(interval),
      () => r.sim.expireInterval(interval, { maxItems: this.maxItems }),
    )
    if (predicted.ok && actual.ok) {
      const released = actual.value.receipts.flatMap((receipt) =>
        receipt.logs
          .filter((log) => log.eventName === 'CommitmentExpired')
          .map((log) => log.args?.commitmentId as bigint),
      )
      expectEqual(`${this} released`, [...predicted.value].sort(compareIds), released.sort(compareIds))
    }
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        intervals: [interval],
        valueMovers: movers,
        receipts: actual.ok ? actual.value.receipts : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `expireInterval(${describeTarget(this.target)}${this.#resolved}, maxItems ${this.maxItems})`
  }
}

/** One raw `market.expireInterval(interval, maxItems)` transaction: the releases it makes come from its events. */
export class ExpireStepCommand implements MarketCommand {
  constructor(
    readonly target: IntervalTarget,
    readonly maxItems: bigint,
  ) {}
  #resolved = ''
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const interval = resolveInterval(m.model, this.target)
    this.#resolved = ` → ${interval}`
    const { sim } = r
    const { actual } = await both(
      this.toString(),
      () => m.model.expireInterval(interval, this.maxItems),
      () => sendMarketCall(sim, interval, { functionName: 'expireInterval', args: [interval, this.maxItems] }),
    )
    if (actual.ok) await applyKeeperProgress(m, r, this.toString(), [actual.value], [interval])
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        intervals: [interval],
        valueMovers: bookTokens(m.model, interval),
        receipts: actual.ok ? [actual.value] : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `expireStep(${describeTarget(this.target)}${this.#resolved}, maxItems ${this.maxItems})`
  }
}

function compareIds(x: bigint, y: bigint): number {
  return x < y ? -1 : x > y ? 1 : 0
}
