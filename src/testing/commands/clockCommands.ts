import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import { expectEqual, finish, type MarketCommand } from './helpers.js'

/** `sim.advanceInterval(k)`: to the start of the interval `k` later. */
export class AdvanceIntervalCommand implements MarketCommand {
  constructor(readonly intervals: number) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const expected = m.model.advanceInterval(this.intervals)
    expectEqual(`${this} current interval`, expected, r.sim.advanceInterval(this.intervals))
    await finish(m, r, this, {})
  }
  toString(): string {
    return `advanceInterval(${this.intervals})`
  }
}

/** Moves the clock by some seconds, within or across intervals (feeds reported mid-interval, late settlement...). */
export class AdvanceTimeCommand implements MarketCommand {
  constructor(readonly seconds: bigint) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    m.model.setTime(m.model.timestamp + this.seconds)
    r.sim.chain.increaseTime(this.seconds)
    await finish(m, r, this, {})
  }
  toString(): string {
    return `advanceTime(${this.seconds} s)`
  }
}
