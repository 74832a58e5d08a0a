import type { OracleReadings } from '../../market/types.js'
import type { FeedName } from '../createMarketModel.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import { both, finish, invalidArgument, receiptsOf, step, type MarketCommand } from './helpers.js'
import { SettleCommand } from './keeperCommands.js'

const MAX_INT256 = 2n ** 255n - 1n
const MIN_INT256 = -(2n ** 255n)

/** `sim.setOracle(readings)` on both sides, then the checks, reported as `command`. */
async function report(command: MarketCommand, readings: OracleReadings, m: MarketRunModel, r: MarketRun): Promise<void> {
  const { sim } = r
  const { actual, modelSteps } = await both(
    command.toString(),
    (steps) => {
      for (const [key, feed] of FEEDS) {
        const value = readings[key]
        if (value === undefined) continue
        const answer = value * 10n ** BigInt(feed === 'price' ? sim.priceDecimals : sim.energyDecimals)
        if (answer > MAX_INT256 || answer < MIN_INT256) invalidArgument(`${key} does not fit int256`)
        step(steps, () => m.model.updateAnswer({ from: sim.roles.reporter, feed, answer }))
      }
    },
    () => sim.setOracle(readings),
  )
  await finish(m, r, command, { failedFirst: !actual.ok && modelSteps === 0, receipts: actual.ok ? actual.value.receipts : receiptsOf(actual) }, actual)
}

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
  constructor(readonly readings: OracleReadings) {}
  check(): boolean {
    return true
  }
  run(m: MarketRunModel, r: MarketRun): Promise<void> {
    return report(this, this.readings, m, r)
  }
  toString(): string {
    const parts = FEEDS.filter(([key]) => this.readings[key] !== undefined).map(([key, feed]) => `${feed} ${this.readings[key]}`)
    return `setOracle(${parts.join(', ')})`
  }
}

/** One raw `updateAnswer(answer)` on a feed, unscaled: exercises the feeds' decimals and rounding. */
export class RawOracleCommand implements MarketCommand {
  constructor(readonly feed: FeedName, readonly answer: bigint) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const { sim } = r
    const feed = { price: sim.contracts.priceFeed, produced: sim.contracts.producedFeed, consumed: sim.contracts.consumedFeed }[this.feed]
    const { actual } = await both(
      this.toString(),
      () => {
        if (this.answer > MAX_INT256 || this.answer < MIN_INT256) invalidArgument('answer does not fit int256')
        m.model.updateAnswer({ from: sim.roles.reporter, feed: this.feed, answer: this.answer })
      },
      () => sim.chain.send({ ...feed, functionName: 'updateAnswer', args: [this.answer], from: sim.roles.reporter }),
    )
    await finish(m, r, this, { failedFirst: !actual.ok, receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual) }, actual)
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
  /** @param settle settle the interval that closed right after the report, with this batch size (`null`: the default batch) */
  constructor(readonly readings: OracleReadings, readonly settle?: number | null) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    m.model.advanceInterval(1)
    r.sim.advanceInterval(1)
    await report(this, this.readings, m, r)
    if (this.settle !== undefined) await new SettleCommand({ kind: 'relative', offset: -1 }, this.settle ?? undefined).run(m, r)
  }
  toString(): string {
    const settle = this.settle === undefined ? '' : `, then settle${this.settle === null ? '' : ` with maxItems ${this.settle}`}`
    return `closeInterval(then ${new SetOracleCommand(this.readings).toString().replace('setOracle', 'report')}${settle})`
  }
}
