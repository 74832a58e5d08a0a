import { ModelFailure } from '../ModelFailure.js'
import type { MarketModelConfig, ModelTotals } from '../types.js'
import {
  cloneModelState,
  createModelState,
  emptyInterval,
  emptyTotals,
  type ModelInterval,
  type ModelState,
} from './ModelState.js'

/**
 * What the model's parts share: the market's configuration (addresses in lower case), the state
 * every transaction may change, and the transaction boundary that puts it back when one fails.
 * Each part reads `state` anew on every call, since a failed transaction replaces it.
 */
export class ModelContext {
  readonly config: MarketModelConfig
  readonly addresses: MarketModelConfig['addresses']
  state: ModelState

  constructor(config: MarketModelConfig) {
    const lower = Object.fromEntries(
      Object.entries(config.addresses).map(([k, v]) => [k, v.toLowerCase()]),
    ) as MarketModelConfig['addresses']
    this.config = { ...config, addresses: lower }
    this.addresses = lower
    this.state = createModelState(config.timestamp, lower)
  }

  /** The interval the next transaction falls in. */
  get currentInterval(): number {
    return Number((this.state.timestamp - this.config.startTime) / this.config.intervalSeconds)
  }

  intervalEnd(interval: number): bigint {
    return this.config.startTime + (BigInt(interval) + 1n) * this.config.intervalSeconds
  }

  /** Notes an interval an operation named, so observations include it. */
  touch(interval: number): void {
    if (Number.isInteger(interval) && interval >= 0 && interval <= 0xffffffff) this.state.touched.add(interval)
  }

  /** Runs `operation` as one transaction: if it throws, the state is put back as it was before. */
  transaction<T>(operation: () => T): T {
    const saved = cloneModelState(this.state)
    try {
      return operation()
    } catch (error) {
      this.state = saved
      throw error
    }
  }

  /** Runs `operation` and then puts the state back whatever happens. */
  dryRun<T>(operation: () => T): T {
    const saved = cloneModelState(this.state)
    try {
      return operation()
    } finally {
      this.state = saved
    }
  }

  /** Moves `valueWei` between two accounts' ETH balances; the sender must be known and able to pay. */
  pay(from: string, to: string, valueWei: bigint): void {
    if (valueWei < 0n) throw new RangeError('negative value')
    if (valueWei === 0n) return
    const balances = this.state.balances
    const balance = balances.get(from)
    if (balance === undefined) throw new RangeError(`the model does not know account ${from}: addAccount it first`)
    if (balance < valueWei) throw new ModelFailure({ kind: 'rejected', reason: `${from} cannot pay ${valueWei} wei` })
    balances.set(from, balance - valueWei)
    balances.set(to, (balances.get(to) ?? 0n) + valueWei)
  }

  intervalForWrite(interval: number): ModelInterval {
    let s = this.state.intervals.get(interval)
    if (s === undefined) this.state.intervals.set(interval, (s = emptyInterval()))
    return s
  }

  totalsForWrite(interval: number): ModelTotals {
    let t = this.state.totals.get(interval)
    if (t === undefined) this.state.totals.set(interval, (t = emptyTotals()))
    return t
  }
}

/** Checked subtraction, as Solidity's: a negative result means the contract would revert. */
export function checkedSub(a: bigint, b: bigint, what: string): bigint {
  if (b > a) throw ModelFailure.revert('Panic', { code: 0x11n, what })
  return a - b
}
