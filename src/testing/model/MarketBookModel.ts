import type { CommitmentStatus } from '../../market/types.js'
import {
  type BookCommitment,
  type ClearingOutcome,
  committedProduction,
  type IntervalBook,
} from '../../mechanisms/clearing.js'
import { type IntervalPhase, PHASES } from '../../mechanisms/contractEnums.js'
import type { MarketMechanism } from '../../mechanisms/MarketMechanism.js'
import type { MarketErrorName } from '../../mechanisms/marketCoreAbi.js'
import { ModelFailure } from '../ModelFailure.js'
import { type ModelCommitment, type ModelProfile, stageOf } from '../types.js'
import { checkedSub, type ModelContext } from './ModelContext.js'
import {
  cloneModelState,
  emptyInterval,
  type ModelInterval,
  type ModelOrder,
  type ModelTrade,
  type ProgressLog,
} from './ModelState.js'
import type { OracleMeterModel } from './OracleMeterModel.js'
import type { ProfileCustodyModel } from './ProfileCustodyModel.js'

const MAX_UINT128 = 2n ** 128n - 1n
/** The pool gives signed orders ids from here, above every commitment id. */
export const ORDER_ID_OFFSET = 2n ** 31n
/** Phases in which `settle` may be called (from `open` it starts the settlement). */
const SETTLE_FROM: readonly IntervalPhase[] = ['open', 'filing', 'clearing', 'paying']
/** Phases from which `expireInterval` may start an expiry, once end + grace period has passed. */
const EXPIRE_FROM: readonly IntervalPhase[] = ['open', 'filing', 'clearing']

/** A market error of the core namespace, with the arguments the contract reverts with. */
const marketError = (name: MarketErrorName, args: Record<string, unknown>): ModelFailure =>
  ModelFailure.revert(name, args)

/**
 * The market and its books in the model: the buffer filed into per-interval books, the start of
 * a settlement (its readings and barrier), the mechanism's clearing outcome paid out commitment
 * by commitment, expiry, and the keeper's progress taken from the chain's events.
 */
export class MarketBookModel {
  readonly #ctx: ModelContext
  readonly #custody: ProfileCustodyModel
  readonly #oracle: OracleMeterModel
  readonly #readsPriceFeed: boolean
  readonly #clear: MarketMechanism['clear']

  constructor(
    context: ModelContext,
    parts: { custody: ProfileCustodyModel; oracle: OracleMeterModel },
    mechanism: MarketMechanism,
  ) {
    this.#ctx = context
    this.#custody = parts.custody
    this.#oracle = parts.oracle
    this.#readsPriceFeed = mechanism.readsPriceFeed
    this.#clear = mechanism.clear
  }

  interval(interval: number): Readonly<ModelInterval> {
    return this.#ctx.state.intervals.get(interval) ?? emptyInterval()
  }

  /** As the market's `commitmentStatusOf`. */
  commitmentStatus(commitmentId: bigint): CommitmentStatus | 'none' {
    const s = this.#ctx.state
    const c = commitmentId < 0n ? undefined : s.commitments[Number(commitmentId)]
    if (c === undefined) return 'none'
    if (commitmentId >= BigInt(s.bufferCursor)) return 'pending'
    if (c.expiredInBuffer) return 'expired'
    const phase = this.interval(c.interval).phase
    if (phase === 'settled') return 'settled'
    if (phase === 'expired') return 'expired'
    return 'filed'
  }

  /** A book entry by id: a commitment, or a filed signed order (ids from {@link ORDER_ID_OFFSET}). */
  entry(id: bigint): ModelCommitment | undefined {
    const st = this.#ctx.state
    if (id >= ORDER_ID_OFFSET) return st.orders.get(id)
    return id < 0n ? undefined : st.commitments[Number(id)]
  }

  /**
   * The market's `fileOrders` for one order the pool passed: appended to its interval's book
   * (and totals), unless it is its profile's second production of the interval (false: not filed).
   */
  fileOrder(order: ModelOrder): boolean {
    const st = this.#ctx.state
    this.#ctx.touch(order.interval)
    const s = this.#ctx.intervalForWrite(order.interval)
    if (s.phase !== 'open')
      throw new Error(`order ${order.commitmentId} filed into interval ${order.interval}, ${s.phase}`)
    if (order.side === 'production') {
      const key = `${order.interval}|${order.tokenId}`
      if (st.producing.has(key)) return false
      st.producing.add(key)
    }
    const totals = this.#ctx.totalsForWrite(order.interval)
    if (order.side === 'consumption') {
      s.consumers.push(order.commitmentId)
      totals.committedConsumptionWh += order.energyWh
    } else {
      s.producers.push(order.commitmentId)
      totals.committedProductionWh += order.energyWh
    }
    st.orders.set(order.commitmentId, order)
    return true
  }

  /** What the simulator reports by default for `interval`: each filed producer's committed energy. */
  committedProduction(interval: number): Map<bigint, bigint> {
    return committedProduction(this.#bookOf(this.interval(interval)))
  }

  processBuffer(maxItems: bigint): { processed: number; expired: bigint[] } {
    return this.#ctx.transaction(() => {
      if (maxItems === 0n) throw marketError('EnergyMarketZeroBatch', {})
      return this.#processBuffer(Number.MAX_SAFE_INTEGER, maxItems)
    })
  }

  settle(interval: number, maxItems: bigint): void {
    this.#ctx.touch(interval)
    this.#ctx.transaction(() => {
      if (maxItems === 0n) throw marketError('EnergyMarketZeroBatch', {})
      const s = this.#ctx.intervalForWrite(interval)
      if (!SETTLE_FROM.includes(s.phase)) throw this.#wrongPhase(interval, s.phase)
      if (s.phase === 'open') this.#startSettlement(interval, s)
    })
  }

  settleAll(interval: number): { trades: ModelTrade[]; outcome: ClearingOutcome } {
    this.#ctx.touch(interval)
    return this.#ctx.transaction(() => {
      this.#processBuffer(Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER))
      const s = this.#ctx.intervalForWrite(interval)
      if (!SETTLE_FROM.includes(s.phase)) throw this.#wrongPhase(interval, s.phase)
      if (s.phase === 'open') this.#startSettlement(interval, s)
      const outcome = this.#outcomeOf(interval, s)
      const trades: ModelTrade[] = []
      for (const trade of outcome.trades) {
        if (s.closed.has(trade.commitmentId)) continue
        trades.push(this.#settleCommitment(s, trade.commitmentId, trade.energyWh, trade.amountWei))
      }
      this.#finishSettlement(interval, s)
      return { trades, outcome }
    })
  }

  expireInterval(interval: number, maxItems: bigint): void {
    this.#ctx.touch(interval)
    this.#ctx.transaction(() => {
      if (maxItems === 0n) throw marketError('EnergyMarketZeroBatch', {})
      const s = this.#ctx.intervalForWrite(interval)
      if (EXPIRE_FROM.includes(s.phase)) {
        const expiresAt = this.#ctx.intervalEnd(interval) + this.#ctx.config.gracePeriodSeconds
        if (this.#ctx.state.timestamp < expiresAt)
          throw marketError('EnergyMarketIntervalNotExpired', { interval: BigInt(interval), expiresAt })
        s.phase = 'expiring'
      } else if (s.phase !== 'expiring') {
        throw this.#wrongPhase(interval, s.phase)
      }
    })
  }

  expireAll(interval: number): bigint[] {
    return this.#ctx.transaction(() => {
      this.expireInterval(interval, 1n)
      const s = this.#ctx.intervalForWrite(interval)
      const released: bigint[] = []
      for (const id of [...s.producers, ...s.consumers]) {
        if (s.closed.has(id)) continue
        this.#releaseFiled(s, id)
        released.push(id)
      }
      s.phase = 'expired'
      return released
    })
  }

  applyProgress(logs: readonly ProgressLog[], phases: ReadonlyMap<number, IntervalPhase>): void {
    const saved = cloneModelState(this.#ctx.state)
    try {
      for (const log of logs) this.#applyLog(log)
      for (const [interval, phase] of phases) {
        const s = this.#ctx.intervalForWrite(interval)
        const final = s.phase === 'settled' || s.phase === 'expired'
        if (final || phase === 'settled' || phase === 'expired') {
          if (phase !== s.phase) throw new Error(`interval ${interval} is ${phase} on chain, ${s.phase} by its events`)
          continue
        }
        if (s.phase === 'expiring' && phase !== 'expiring')
          throw new Error(`interval ${interval} left its expiry (${phase}) without IntervalExpired`)
        s.phase = phase
        // Every market fixes its trades (and records the interval's totals) on entering `paying`.
        if (phase === 'paying') this.#outcomeOf(interval, s)
      }
    } catch (error) {
      this.#ctx.state = saved
      throw error
    }
  }

  #wrongPhase(interval: number, phase: IntervalPhase): ModelFailure {
    return marketError('EnergyMarketWrongPhase', { interval: BigInt(interval), phase: BigInt(PHASES.indexOf(phase)) })
  }

  /** Files or releases the buffer's oldest commitment (below `limitId`); returns what became of it. */
  #fileNext(): 'filed' | 'released' {
    const st = this.#ctx.state
    const id = st.bufferCursor
    const c = st.commitments[id] as ModelCommitment
    this.#ctx.touch(c.interval)
    const s = this.#ctx.intervalForWrite(c.interval)
    let released: boolean
    if (s.phase === 'open') {
      released = st.timestamp >= this.#ctx.intervalEnd(c.interval) + this.#ctx.config.gracePeriodSeconds
    } else if (s.phase === 'expiring' || s.phase === 'expired') {
      released = true
    } else if (s.phase === 'filing') {
      released = false
    } else {
      throw this.#wrongPhase(c.interval, s.phase)
    }
    if (!released && c.energyWh < this.#ctx.config.minEnergyWh) released = true
    if (!released && c.side === 'production') {
      const key = `${c.interval}|${c.tokenId}`
      if (st.producing.has(key)) released = true
      else st.producing.add(key)
    }
    st.bufferCursor = id + 1
    if (released) {
      this.#custody.release(c)
      c.expiredInBuffer = true
      return 'released'
    }
    const totals = this.#ctx.totalsForWrite(c.interval)
    if (c.side === 'consumption') {
      s.consumers.push(c.commitmentId)
      totals.committedConsumptionWh += c.energyWh
    } else {
      s.producers.push(c.commitmentId)
      totals.committedProductionWh += c.energyWh
    }
    return 'filed'
  }

  /** The market's `_processBuffer(limitId, maxItems)`: files or releases commitments below `limitId`. */
  #processBuffer(limitId: number, maxItems: bigint): { processed: number; expired: bigint[] } {
    const st = this.#ctx.state
    const from = st.bufferCursor
    const n = Math.max(0, Math.min(clampToNumber(maxItems), limitId - from, st.commitments.length - from))
    const expired: bigint[] = []
    for (let k = 0; k < n; k++) if (this.#fileNext() === 'released') expired.push(BigInt(from + k))
    return { processed: n, expired }
  }

  /**
   * Checks the settlement window and the oracle's finality, reads the metered energy (and the
   * price, for a mechanism that reads the price feed) and fixes the buffer barrier.
   */
  #startSettlement(interval: number, s: ModelInterval): void {
    const { config } = this.#ctx
    const end = this.#ctx.intervalEnd(interval)
    if (this.#ctx.state.timestamp < end)
      throw marketError('EnergyMarketIntervalNotClosed', { interval: BigInt(interval), closesAt: end })
    const deadline = end + config.gracePeriodSeconds
    if (this.#ctx.state.timestamp >= deadline)
      throw marketError('EnergyMarketSettlementWindowClosed', { interval: BigInt(interval), deadline })
    const producedWh = this.#oracle.readEnergy('produced', interval, end)
    const consumedWh = this.#oracle.readEnergy('consumed', interval, end)
    if (!this.#oracle.deliveriesFinal(interval))
      throw marketError('EnergyMarketReadingsNotFinal', {
        interval: BigInt(interval),
        finalAt: end + config.intervalSeconds,
      })
    let price: bigint | undefined
    if (this.#readsPriceFeed) {
      price = this.#oracle.readFeed('price', interval, end)
      if (price <= 0n || price > MAX_UINT128)
        throw marketError('EnergyMarketInvalidPrice', { feed: this.#ctx.addresses.priceFeed, answer: price })
    }
    s.phase = 'filing'
    s.barrier = this.#ctx.state.commitments.length
    s.readings =
      price === undefined
        ? { producedWh, consumedWh }
        : { producedWh, consumedWh, price, priceDecimals: config.priceDecimals }
  }

  /** The clearing rule's outcome for a settling interval whose book is complete (computed once). */
  #outcomeOf(interval: number, s: ModelInterval): ClearingOutcome {
    if (s.outcome !== undefined) return s.outcome
    if (s.readings === undefined) throw new Error(`interval ${interval} has no readings: its settlement never started`)
    if (this.#ctx.state.bufferCursor < s.barrier)
      throw new Error(`interval ${interval} paid out before its book was complete`)
    s.outcome = this.#clear(
      this.#bookOf(s),
      { ...s.readings, deliveredWh: this.#oracle.deliveriesOf(interval) },
      this.#ctx.config.terms,
    )
    const totals = this.#ctx.totalsForWrite(interval)
    totals.producedWh = s.readings.producedWh
    totals.consumedWh = s.readings.consumedWh
    totals.tradedWh = s.outcome.tradedWh
    return s.outcome
  }

  /** An interval's filed commitments as a clearing rule takes them. */
  #bookOf(s: Readonly<ModelInterval>): IntervalBook {
    const entry = (id: bigint): BookCommitment => {
      const c = this.entry(id) as ModelCommitment
      return {
        commitmentId: id,
        tokenId: c.tokenId,
        side: c.side,
        energyWh: c.energyWh,
        limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
        lockedWei: c.lockedWei,
      }
    }
    return { producers: s.producers.map(entry), consumers: s.consumers.map(entry) }
  }

  /** Settles one filed commitment with its trade: a consumer pays from its lock and the rest is released; a producer is paid. */
  #settleCommitment(s: ModelInterval, commitmentId: bigint, energyWh: bigint, amountWei: bigint): ModelTrade {
    const st = this.#ctx.state
    const c = this.entry(commitmentId) as ModelCommitment
    const p = st.profiles.get(c.tokenId) as ModelProfile
    if (commitmentId >= ORDER_ID_OFFSET) {
      // An order's lock is in the clearing account since its filing: it pays from there and the rest comes back.
      if (c.side === 'consumption') {
        const refundWei = checkedSub(c.lockedWei, amountWei, 'order lock')
        st.clearingWei = checkedSub(st.clearingWei, refundWei, 'clearing account')
        p.collateralWei += refundWei
        s.paidWei += amountWei
      } else {
        st.clearingWei -= amountWei
        p.collateralWei += amountWei
        s.receivedWei += amountWei
      }
      s.closed.add(commitmentId)
      return { commitmentId, tokenId: c.tokenId, side: c.side, energyWh, amountWei }
    }
    if (c.side === 'consumption') {
      p.collateralWei = checkedSub(p.collateralWei, amountWei, 'collateral')
      p.lockedWei = checkedSub(p.lockedWei, c.lockedWei, 'locked collateral')
      st.clearingWei += amountWei
      s.paidWei += amountWei
    } else {
      p.collateralWei += amountWei
      // Only rules that pay producers more than consumers paid overdraw it: the trades' comparison names them.
      st.clearingWei -= amountWei
      s.receivedWei += amountWei
    }
    p.openCommitments -= 1
    s.closed.add(commitmentId)
    return { commitmentId, tokenId: c.tokenId, side: c.side, energyWh, amountWei }
  }

  /** Releases a filed commitment of an expiring interval. */
  #releaseFiled(s: ModelInterval, commitmentId: bigint): void {
    const c = this.entry(commitmentId) as ModelCommitment
    if (commitmentId >= ORDER_ID_OFFSET) this.#custody.releaseOrder(c)
    else this.#custody.release(c)
    s.closed.add(commitmentId)
  }

  #finishSettlement(interval: number, s: ModelInterval): void {
    const open = [...s.producers, ...s.consumers].filter((id) => !s.closed.has(id))
    if (open.length > 0) throw new Error(`interval ${interval} settled with commitments ${open.join(', ')} unsettled`)
    const outcome = this.#outcomeOf(interval, s)
    if (s.paidWei !== outcome.paidWei || s.receivedWei !== outcome.receivedWei) {
      throw new Error(
        `interval ${interval} settled paying ${s.paidWei} / receiving ${s.receivedWei} wei, its rule says ${outcome.paidWei} / ${outcome.receivedWei}`,
      )
    }
    s.phase = 'settled'
  }

  /** One keeper event, checked against the rules and applied. */
  #applyLog(log: ProgressLog): void {
    switch (log.eventName) {
      case 'CommitmentProcessed':
      case 'CommitmentExpired':
        this.#applyBufferOrRelease(log)
        return
      case 'CommitmentSettled':
        this.#applySettled(log)
        return
      case 'IntervalSettled':
      case 'IntervalExpired':
        this.#applyIntervalEnd(log)
        return
      default:
        return
    }
  }

  /** A commitment filed or released from the buffer, or released by an expiring interval. */
  #applyBufferOrRelease(log: ProgressLog): void {
    const args = log.args ?? {}
    const id = args.commitmentId as bigint | undefined
    const st = this.#ctx.state
    if (id === BigInt(st.bufferCursor) && id < BigInt(st.commitments.length)) {
      const became = this.#fileNext()
      if ((became === 'filed') !== (log.eventName === 'CommitmentProcessed'))
        throw new Error(`commitment ${id} left the buffer as ${log.eventName}; the model ${became} it`)
      return
    }
    if (log.eventName === 'CommitmentProcessed')
      throw new Error(`commitment ${id} was filed out of buffer order (the buffer is at ${st.bufferCursor})`)
    const c = id === undefined ? undefined : this.entry(id)
    const s = c === undefined ? undefined : st.intervals.get(c.interval)
    if (
      c === undefined ||
      s === undefined ||
      s.phase !== 'expiring' ||
      s.closed.has(c.commitmentId) ||
      (!s.producers.includes(c.commitmentId) && !s.consumers.includes(c.commitmentId))
    ) {
      throw new Error(`commitment ${id} was released, but it is no open commitment of an expiring interval`)
    }
    if (args.releasedWei !== c.lockedWei)
      throw new Error(`commitment ${id} released ${args.releasedWei} wei; it locked ${c.lockedWei}`)
    this.#releaseFiled(s, c.commitmentId)
  }

  #applySettled(log: ProgressLog): void {
    const args = log.args ?? {}
    const id = args.commitmentId as bigint | undefined
    const st = this.#ctx.state
    const c = id === undefined ? undefined : this.entry(id)
    const s = c === undefined ? undefined : st.intervals.get(c.interval)
    if (c === undefined || s === undefined || stageOf(s.phase) !== 'settling' || s.closed.has(c.commitmentId)) {
      throw new Error(`commitment ${id} was settled, but it is no open commitment of a settling interval`)
    }
    const trade = this.#outcomeOf(c.interval, s).trades.find((t) => t.commitmentId === c.commitmentId)
    if (trade === undefined) throw new Error(`commitment ${id} was settled, but the clearing rule gives it no trade`)
    if (trade.energyWh !== args.energyWh || trade.amountWei !== args.amountWei) {
      throw new Error(
        `commitment ${id} settled ${args.energyWh} Wh for ${args.amountWei} wei; the clearing rule says ${trade.energyWh} Wh for ${trade.amountWei} wei`,
      )
    }
    this.#settleCommitment(s, c.commitmentId, trade.energyWh, trade.amountWei)
  }

  #applyIntervalEnd(log: ProgressLog): void {
    const interval = Number(log.args?.interval)
    const s = this.#ctx.intervalForWrite(interval)
    if (log.eventName === 'IntervalSettled') {
      if (stageOf(s.phase) !== 'settling') throw new Error(`interval ${interval} was settled from ${s.phase}`)
      this.#finishSettlement(interval, s)
      return
    }
    const open = [...s.producers, ...s.consumers].filter((x) => !s.closed.has(x))
    if (s.phase !== 'expiring' || open.length > 0)
      throw new Error(`interval ${interval} expired from ${s.phase} with ${open.length} commitments unreleased`)
    s.phase = 'expired'
  }
}

function clampToNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value)
}
