import type { Receipt } from '../../chain/types.js'
import type { ModelSettleStep, ModelTrade } from '../createMarketModel.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import {
  bookTokens,
  both,
  describeTarget,
  expectEqual,
  finish,
  receiptsOf,
  resolveInterval,
  sortTrades,
  step,
  tokensOf,
  type IntervalTarget,
  type MarketCommand,
} from './helpers.js'

/** Intervals of the commitments between two buffer positions: the ones a buffer pass filed or expired. */
function intervalsBetween(m: MarketRunModel, from: number, to: number): number[] {
  return [...new Set(m.model.commitments().slice(from, to).map((c) => c.interval))]
}

/** `sim.processBuffer`: the keeper drains the buffer in batches of `maxItems` (one batch with `once`). */
export class ProcessBufferCommand implements MarketCommand {
  constructor(readonly maxItems: number, readonly once: boolean) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const cursor = m.model.bufferCursor
    const { predicted, actual, modelSteps } = await both(
      this.toString(),
      (steps) => {
        let processed = 0
        const expired: bigint[] = []
        do {
          const batch = step(steps, () => m.model.processBuffer(BigInt(this.maxItems)))
          processed += batch.processed
          expired.push(...batch.expired)
          if (batch.processed === 0) break
        } while (!this.once && m.model.bufferLength > 0)
        return { processed, expired }
      },
      () => r.sim.processBuffer({ maxItems: this.maxItems, once: this.once }),
    )
    if (predicted.ok && actual.ok) {
      expectEqual(`${this} result`, predicted.value, { processed: actual.value.processed, expired: actual.value.expired })
    }
    await finish(m, r, this, {
      failedFirst: !actual.ok && modelSteps === 0,
      intervals: intervalsBetween(m, cursor, m.model.bufferCursor),
      receipts: actual.ok ? actual.value.receipts : receiptsOf(actual),
    }, actual)
  }
  toString(): string {
    return `processBuffer(maxItems ${this.maxItems}${this.once ? ', once' : ''})`
  }
}

/**
 * `sim.settle`: the keeper drains the buffer, then settles an interval in transactions of
 * `maxItems` work items until it is done.
 */
export class SettleCommand implements MarketCommand {
  constructor(readonly target: IntervalTarget, readonly maxItems: number | undefined) {}
  #resolved = ''
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const interval = resolveInterval(m.model, this.target)
    this.#resolved = ` → ${interval}`
    const cursor = m.model.bufferCursor
    const modelTrades: ModelTrade[] = []
    const { predicted, actual, modelSteps } = await both(
      this.toString(),
      (steps) => {
        while (m.model.bufferLength > 0) step(steps, () => m.model.processBuffer(2n ** 32n))
        let last: ModelSettleStep
        do {
          last = step(steps, () => m.model.settle(interval, BigInt(this.maxItems ?? 1_000_000)))
          modelTrades.push(...last.trades)
        } while (!last.settled)
        return { trades: sortTrades(modelTrades), summary: last.summary }
      },
      () => r.sim.settle(interval, this.maxItems === undefined ? {} : { maxItems: this.maxItems }),
    )
    if (predicted.ok && actual.ok) {
      const { summary } = predicted.value
      const result = actual.value
      expectEqual(`${this} trades`, predicted.value.trades, sortTrades(result.trades.map(({ commitmentId, tokenId, side, energyWh, amountWei }) => ({ commitmentId, tokenId, side, energyWh, amountWei }))))
      expectEqual(`${this} totals`, [summary?.price, summary?.supplyWh, summary?.demandWh, summary?.tradedWh, summary?.tradedValueWei], [result.price, result.supplyWh, result.demandWh, result.tradedWh, result.tradedValueWei])
      const paid = result.trades.filter((t) => t.side === 'consumption').reduce((s, t) => s + t.amountWei, 0n)
      const received = result.trades.filter((t) => t.side === 'production').reduce((s, t) => s + t.amountWei, 0n)
      // Invariant 4 on what this call settled (the events of earlier partial calls are counted by the run).
      if (result.trades.length === m.model.settlement(interval).book.length && (paid !== received || paid !== result.tradedValueWei)) {
        throw new Error(`${this}: Σ paid ${paid} ≠ Σ received ${received} (tradedValueWei ${result.tradedValueWei}) (invariant 4)`)
      }
    }
    await finish(m, r, this, {
      failedFirst: !actual.ok && modelSteps === 0,
      intervals: [interval, ...intervalsBetween(m, cursor, m.model.bufferCursor)],
      valueMovers: [...bookTokens(m.model, interval), ...tokensOf(modelTrades), ...(actual.ok ? actual.value.trades.map((t) => t.tokenId) : [])],
      receipts: actual.ok ? actual.value.receipts : receiptsOf(actual),
    }, actual)
  }
  toString(): string {
    return `settle(${describeTarget(this.target)}${this.#resolved}${this.maxItems === undefined ? '' : `, maxItems ${this.maxItems}`})`
  }
}

/** Events of one `settle` transaction, in the model's terms. */
function settleEvents(receipt: Receipt): { trades: { commitmentId: bigint; energyWh: bigint; amountWei: bigint }[]; processed: number; settledValueWei: bigint | undefined } {
  const trades: { commitmentId: bigint; energyWh: bigint; amountWei: bigint }[] = []
  let processed = 0
  let settledValueWei: bigint | undefined
  for (const log of receipt.logs) {
    if (log.eventName === 'CommitmentSettled' && log.args) {
      trades.push({ commitmentId: log.args.commitmentId as bigint, energyWh: log.args.energyWh as bigint, amountWei: log.args.amountWei as bigint })
    } else if ((log.eventName === 'CommitmentProcessed' || log.eventName === 'CommitmentExpired') && log.args) {
      processed += 1
    } else if (log.eventName === 'IntervalSettled' && log.args) {
      settledValueWei = log.args.tradedValueWei as bigint
    }
  }
  return { trades, processed, settledValueWei }
}

/**
 * One raw `market.settle(interval, maxItems)` transaction, as a keeper (or anyone) may send it:
 * exercises filing from the buffer inside settlement, partial tallies and partial payouts.
 */
export class SettleStepCommand implements MarketCommand {
  constructor(readonly target: IntervalTarget, readonly maxItems: bigint) {}
  #resolved = ''
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const interval = resolveInterval(m.model, this.target)
    this.#resolved = ` → ${interval}`
    const cursor = m.model.bufferCursor
    const { market } = r.sim.contracts
    const { predicted, actual } = await both(
      this.toString(),
      () => m.model.settle(interval, this.maxItems),
      () => r.sim.chain.send({ ...market, functionName: 'settle', args: [interval, this.maxItems], from: r.sim.roles.keeper }),
    )
    if (predicted.ok && actual.ok) {
      const events = settleEvents(actual.value.receipt)
      const expected = predicted.value
      expectEqual(`${this} settled`, expected.settled, actual.value.result)
      expectEqual(
        `${this} events`,
        { trades: sortTrades(expected.trades.map(({ commitmentId, energyWh, amountWei }) => ({ commitmentId, energyWh, amountWei }))), processed: expected.processed, value: expected.summary?.tradedValueWei },
        { trades: sortTrades(events.trades), processed: events.processed, value: events.settledValueWei },
      )
    }
    await finish(m, r, this, {
      failedFirst: !actual.ok,
      intervals: [interval, ...intervalsBetween(m, cursor, m.model.bufferCursor)],
      valueMovers: bookTokens(m.model, interval),
      receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual),
    }, actual)
  }
  toString(): string {
    return `settleStep(${describeTarget(this.target)}${this.#resolved}, maxItems ${this.maxItems})`
  }
}

/** `sim.expireInterval`: release the commitments of an interval never settled within the grace period. */
export class ExpireIntervalCommand implements MarketCommand {
  constructor(readonly target: IntervalTarget, readonly maxItems: number) {}
  #resolved = ''
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const interval = resolveInterval(m.model, this.target)
    this.#resolved = ` → ${interval}`
    const { actual, modelSteps } = await both(
      this.toString(),
      (steps) => {
        while (!step(steps, () => m.model.expireInterval(interval, BigInt(this.maxItems))).expired);
      },
      () => r.sim.expireInterval(interval, { maxItems: this.maxItems }),
    )
    await finish(m, r, this, {
      failedFirst: !actual.ok && modelSteps === 0,
      intervals: [interval],
      receipts: actual.ok ? actual.value.receipts : receiptsOf(actual),
    }, actual)
  }
  toString(): string {
    return `expireInterval(${describeTarget(this.target)}${this.#resolved}, maxItems ${this.maxItems})`
  }
}
