import type { OracleReadings } from '../../market/types.js'
import type { FeedName } from '../model/ModelState.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import { both, finish, invalidArgument, receiptsOf, step, type MarketCommand } from './helpers.js'
import { SettleCommand } from './keeperCommands.js'

const MAX_INT256 = 2n ** 255n - 1n
const MIN_INT256 = -(2n ** 255n)

/**
 * `sim.setOracle(readings)` on both sides, then the checks, reported as `command`. With a meter,
 * the reporter also reports each producer's delivery for the interval that closed last: by
 * default what it committed (the buffer is drained first), or `deliveryShare` of it; and
 * finalizes them where the mechanism awaits final deliveries.
 */
async function report(
  command: MarketCommand,
  readings: OracleReadings,
  m: MarketRunModel,
  r: MarketRun,
  deliveryShare?: DeliveryShare,
): Promise<void> {
  const { sim } = r
  const reported = sim.currentInterval - 1
  const reportsDeliveries = deliveryShare !== 'none'
  // A report without deliveries keeps an interval's finalized ones (the simulator skips it).
  const metered =
    reportsDeliveries && reported >= 0 && !(deliveryShare === undefined && m.model.deliveriesFinal(reported))
  let deliveredWh: Map<bigint, bigint> | undefined
  if (metered && typeof deliveryShare === 'number') {
    const ppm = BigInt(Math.round(deliveryShare * 1e6))
    deliveredWh = new Map(
      [...m.model.committedProduction(reported)].map(([tokenId, energyWh]) => [tokenId, (energyWh * ppm) / 1_000_000n]),
    )
  }
  const { actual } = await both(
    command.toString(),
    // The simulator publishes the whole report or rolls back every round and delivery it sent.
    (steps) =>
      m.model.transaction(() => {
        for (const [key, feed] of FEEDS) {
          const value = readings[key]
          if (value === undefined || (feed === 'price' && !sim.mechanism.readsPriceFeed)) continue
          const answer = value * 10n ** BigInt(feed === 'price' ? sim.priceDecimals : sim.energyDecimals)
          if (answer > MAX_INT256 || answer < MIN_INT256) invalidArgument(`${key} does not fit int256`)
          step(steps, () => m.model.updateAnswer({ from: sim.roles.reporter, feed, answer }))
        }
        if (!metered) return
        if (deliveredWh === undefined && m.model.bufferLength > 0) step(steps, () => m.model.processBuffer(2n ** 32n))
        const deliveries = deliveredWh ?? m.model.committedProduction(reported)
        if (deliveries.size > 0)
          step(steps, () => m.model.reportDeliveries({ from: sim.roles.reporter, interval: reported, deliveries }))
        step(steps, () => m.model.finalizeDeliveries({ from: sim.roles.reporter, interval: reported }))
      }),
    () =>
      sim.setOracle(deliveredWh === undefined ? readings : { ...readings, deliveredWh }, {
        deliveries: reportsDeliveries,
      }),
  )
  await finish(
    m,
    r,
    command,
    { failedFirst: !actual.ok, receipts: actual.ok ? actual.value.receipts : receiptsOf(actual) },
    actual,
  )
}

/** With a meter: each producer delivered this share (0–1) of its commitment; `'none'`: the feeds only, no deliveries reported. */
export type DeliveryShare = number | 'none'

const FEEDS = [
  ['priceWeiPerKWh', 'price'],
  ['producedWh', 'produced'],
  ['consumedWh', 'consumed'],
] as const

/**
 * `sim.setOracle`: the reporter publishes readings for the interval that closed last — one
 * feed round each, scaled by the feed's decimals. Zero, negative and huge readings included.
 */
export class SetOracleCommand implements MarketCommand {
  /** @param deliveryShare with a meter: each producer delivered this share (0–1) of its commitment (default: all of it), or `'none'` reported */
  constructor(
    readonly readings: OracleReadings,
    readonly deliveryShare?: DeliveryShare,
  ) {}
  check(): boolean {
    return true
  }
  run(m: MarketRunModel, r: MarketRun): Promise<void> {
    return report(this, this.readings, m, r, this.deliveryShare)
  }
  toString(): string {
    const parts = FEEDS.filter(([key]) => this.readings[key] !== undefined).map(
      ([key, feed]) => `${feed} ${this.readings[key]}`,
    )
    if (this.deliveryShare !== undefined)
      parts.push(this.deliveryShare === 'none' ? 'no deliveries' : `delivered ${this.deliveryShare}`)
    return `setOracle(${parts.join(', ')})`
  }
}

/** One raw `updateAnswer(answer)` on a feed, unscaled: exercises the feeds' decimals and rounding. */
export class RawOracleCommand implements MarketCommand {
  constructor(
    readonly feed: FeedName,
    readonly answer: bigint,
  ) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const { sim } = r
    const feed = {
      price: sim.contracts.priceFeed,
      produced: sim.contracts.producedFeed,
      consumed: sim.contracts.consumedFeed,
    }[this.feed]
    const { actual } = await both(
      this.toString(),
      () => {
        if (this.answer > MAX_INT256 || this.answer < MIN_INT256) invalidArgument('answer does not fit int256')
        m.model.updateAnswer({ from: sim.roles.reporter, feed: this.feed, answer: this.answer })
      },
      () => sim.chain.send({ ...feed, functionName: 'updateAnswer', args: [this.answer], from: sim.roles.reporter }),
    )
    await finish(
      m,
      r,
      this,
      { failedFirst: !actual.ok, receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual) },
      actual,
    )
  }
  toString(): string {
    return `rawOracle(${this.feed} ${this.answer})`
  }
}

/**
 * The clock moves to the next interval and the reporter publishes the readings of the one that
 * just closed (`sim.advanceInterval()` then `sim.setOracle(readings)`): the usual rhythm that
 * makes intervals settleable.
 */
export class CloseIntervalCommand implements MarketCommand {
  /**
   * @param settle settle right after the report, with this batch size (`null`: the default batch), the interval that
   *   can settle now: the one that closed, or an earlier one for a mechanism with a settlement lag
   * @param deliveryShare with a meter: each producer delivered this share of its commitment (default: all of it), or `'none'` reported
   */
  constructor(
    readonly readings: OracleReadings,
    readonly settle?: number | null,
    readonly deliveryShare?: DeliveryShare,
  ) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    m.model.advanceInterval(1)
    r.sim.advanceInterval(1)
    await report(this, this.readings, m, r, this.deliveryShare)
    const offset = -1 - r.sim.mechanism.settlementLagIntervals
    if (this.settle !== undefined)
      await new SettleCommand({ kind: 'relative', offset }, this.settle ?? undefined).run(m, r)
  }
  toString(): string {
    const settle =
      this.settle === undefined ? '' : `, then settle${this.settle === null ? '' : ` with maxItems ${this.settle}`}`
    return `closeInterval(then ${new SetOracleCommand(this.readings, this.deliveryShare).toString().replace('setOracle', 'report')}${settle})`
  }
}
