import type { AddressHex } from '../../chain/types.js'
import { ModelFailure } from '../ModelFailure.js'
import type { ModelRound } from '../types.js'
import type { ModelContext } from './ModelContext.js'
import type { FeedName } from './ModelState.js'

const MAX_UINT64 = 2n ** 64n - 1n
const MAX_INT192 = 2n ** 191n - 1n
const MIN_INT192 = -(2n ** 191n)
const MAX_ROUND_LOOKBACK = 64

/**
 * The simulated feeds and the meter in the model: the reporter's rounds and per-profile
 * deliveries, their finality, and the readings the market takes from them when an interval
 * starts settling (Chainlink's advice: stale or out-of-range answers refused).
 */
export class OracleMeterModel {
  readonly #ctx: ModelContext

  constructor(context: ModelContext) {
    this.#ctx = context
  }

  updateAnswer(parameters: { from: string; feed: FeedName; answer: bigint }): bigint {
    const from = parameters.from.toLowerCase()
    return this.#ctx.transaction(() => {
      if (from !== this.#ctx.addresses.reporter)
        throw ModelFailure.revert('SimulatedFeedUnauthorizedReporter', { caller: from })
      if (parameters.answer > MAX_INT192 || parameters.answer < MIN_INT192)
        throw ModelFailure.revert('SimulatedFeedAnswerOutOfRange', { answer: parameters.answer })
      const rounds = this.#ctx.state.rounds[parameters.feed]
      rounds.push({ answer: parameters.answer, updatedAt: this.#ctx.state.timestamp })
      return BigInt(rounds.length)
    })
  }

  reportDeliveries(parameters: { from: string; interval: number; deliveries: ReadonlyMap<bigint, bigint> }): void {
    const { interval } = parameters
    this.#ctx.touch(interval)
    this.#ctx.transaction(() => {
      this.#checkReport(parameters.from, interval)
      const delivered = new Map(this.#ctx.state.deliveries.get(interval) ?? [])
      const { lastTokenId } = this.#ctx.state
      for (const [tokenId, energyWh] of parameters.deliveries) {
        if (tokenId === 0n || tokenId > lastTokenId)
          throw ModelFailure.revert('SimulatedMeterUnknownProfile', { tokenId, lastTokenId })
        delivered.set(tokenId, energyWh)
      }
      this.#ctx.state.deliveries.set(interval, delivered)
    })
  }

  finalizeDeliveries(parameters: { from: string; interval: number }): void {
    const { interval } = parameters
    this.#ctx.touch(interval)
    this.#ctx.transaction(() => {
      this.#checkReport(parameters.from, interval)
      this.#ctx.state.finalized.add(interval)
    })
  }

  /** Whether the meter's deliveries for `interval` can still change (`SimulatedMeter.deliveriesFinal`). */
  deliveriesFinal(interval: number): boolean {
    const { state, config } = this.#ctx
    return state.finalized.has(interval) || state.timestamp >= this.#ctx.intervalEnd(interval) + config.intervalSeconds
  }

  /** Each profile's reported delivery for `interval` (empty when nothing was reported). */
  deliveriesOf(interval: number): Map<bigint, bigint> {
    return this.#ctx.state.deliveries.get(interval) ?? new Map()
  }

  feedAddress(feed: FeedName): AddressHex {
    const a = this.#ctx.addresses
    return feed === 'price' ? a.priceFeed : feed === 'produced' ? a.producedFeed : a.consumedFeed
  }

  /** The latest round reported during the interval after `interval`, as the market reads its feeds. */
  readFeed(feed: FeedName, interval: number, end: bigint): bigint {
    const rounds = this.#ctx.state.rounds[feed]
    const address = this.feedAddress(feed)
    const round = (id: number): ModelRound =>
      id === 0 ? { answer: 0n, updatedAt: 0n } : (rounds[id - 1] as ModelRound)
    let roundId = rounds.length
    let { answer, updatedAt } = round(roundId)
    if (updatedAt < end)
      throw ModelFailure.revert('FeedReadingStaleFeed', { feed: address, updatedAt, intervalEnd: end })
    const nextEnd = end + this.#ctx.config.intervalSeconds
    for (let steps = 0; updatedAt >= nextEnd; steps++) {
      if (steps === MAX_ROUND_LOOKBACK || roundId === 0)
        throw ModelFailure.revert('FeedReadingRoundNotFound', { feed: address, interval: BigInt(interval) })
      roundId -= 1
      ;({ answer, updatedAt } = round(roundId))
      if (updatedAt < end)
        throw ModelFailure.revert('FeedReadingRoundNotFound', { feed: address, interval: BigInt(interval) })
    }
    return answer
  }

  /** A metered-energy feed's reading for `interval`, in Wh. */
  readEnergy(feed: FeedName, interval: number, end: bigint): bigint {
    const answer = this.readFeed(feed, interval, end)
    const address = this.feedAddress(feed)
    if (answer < 0n) throw ModelFailure.revert('FeedReadingInvalidEnergyReading', { feed: address, answer })
    const energyWh = answer / 10n ** BigInt(this.#ctx.config.energyDecimals)
    if (energyWh > MAX_UINT64) throw ModelFailure.revert('FeedReadingAnswerOutOfRange', { feed: address, answer })
    return energyWh
  }

  /** The meter's `_checkReport`: the reporter, inside the interval's reporting window, before its deliveries are final. */
  #checkReport(from: string, interval: number): void {
    if (from.toLowerCase() !== this.#ctx.addresses.reporter)
      throw ModelFailure.revert('SimulatedMeterUnauthorizedReporter', { caller: from.toLowerCase() })
    const opensAt = this.#ctx.intervalEnd(interval)
    const closesAt = opensAt + this.#ctx.config.intervalSeconds
    const now = this.#ctx.state.timestamp
    if (now < opensAt || now >= closesAt) {
      throw ModelFailure.revert('SimulatedMeterOutsideReportingWindow', {
        interval: BigInt(interval),
        opensAt,
        closesAt,
      })
    }
    if (this.#ctx.state.finalized.has(interval))
      throw ModelFailure.revert('SimulatedMeterDeliveriesFinal', { interval: BigInt(interval) })
  }
}
