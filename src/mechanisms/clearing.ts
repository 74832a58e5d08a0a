import type { Side } from './contractEnums.js'
import type { FlatTariff } from './gridTariff.js'

/** A filed commitment as a clearing rule sees it: one entry of its interval's book of its side. */
export type BookCommitment = {
  readonly commitmentId: bigint
  readonly tokenId: bigint
  readonly side: Side
  readonly energyWh: bigint
  readonly limitPriceWeiPerKWh: bigint
  /** What a consumer locked at commit time, ceil(energyWh × limit / 1000); zero for producers. */
  readonly lockedWei: bigint
}

/** An interval's filed commitments (those of at least the market's `minEnergyWh`), each side in book (filing) order. */
export type IntervalBook = {
  readonly producers: readonly BookCommitment[]
  readonly consumers: readonly BookCommitment[]
}

/** What the oracle reports for an interval: market-wide metered energy, and each profile's own delivery. */
export type MeterReadings = {
  readonly producedWh: bigint
  readonly consumedWh: bigint
  /** Delivered Wh by profile token id; a profile not in the map delivered nothing. */
  readonly deliveredWh: ReadonlyMap<bigint, bigint>
}

/**
 * What the oracle reported for the interval: metered energy and each profile's own delivery, and
 * the price feed's answer (wei/kWh × 10^priceDecimals) for mechanisms that read a price feed.
 */
export type ClearingReadings = MeterReadings & {
  readonly price?: bigint
  readonly priceDecimals?: number
}

/** A market's fixed terms, set when it is deployed, that a clearing rule may price by. */
export type MarketTerms = {
  /** The grid tariff the market's households face. */
  readonly gridTariff: FlatTariff
}

/** One commitment's settlement: Wh traded and wei paid (consumer) or received (producer). */
export type ClearingTrade = {
  readonly commitmentId: bigint
  readonly energyWh: bigint
  readonly amountWei: bigint
}

/** What a clearing rule decides for an interval, to the wei, in the same terms for every mechanism. */
export type ClearingOutcome = {
  /** The uniform price, wei per kWh × 10^priceDecimals; 0 for a mechanism without one (then see paid / traded). */
  readonly price: bigint
  readonly priceDecimals: number
  /** The counted energy of the commitments the clearing admitted on each side (a producer at most its delivery). */
  readonly supplyWh: bigint
  readonly demandWh: bigint
  readonly tradedWh: bigint
  readonly paidWei: bigint
  readonly receivedWei: bigint
  /** What the market keeps: paidWei − receivedWei. */
  readonly surplusWei: bigint
  /** One per filed commitment, in payout order: consumers in book order, then producers. */
  readonly trades: readonly ClearingTrade[]
}

/** What a producer counts for: its committed energy, capped at its own metered delivery (none when unreported). */
export function countedProductionWh(commitment: BookCommitment, readings: MeterReadings): bigint {
  const deliveredWh = readings.deliveredWh.get(commitment.tokenId) ?? 0n
  return deliveredWh < commitment.energyWh ? deliveredWh : commitment.energyWh
}

/**
 * Every producer of the book delivering what it committed (Wh by profile token id): the
 * simulator's default meter reading, and the reference model's.
 *
 * @param book the interval's filed commitments per side
 * @returns delivered Wh by profile token id
 * @example
 * import { committedProduction } from 'dem-sim'
 * await sim.setOracle({ producedWh, consumedWh, deliveredWh: committedProduction(book) })
 */
export function committedProduction(book: IntervalBook): Map<bigint, bigint> {
  const delivered = new Map<bigint, bigint>()
  for (const c of book.producers) delivered.set(c.tokenId, (delivered.get(c.tokenId) ?? 0n) + c.energyWh)
  return delivered
}
