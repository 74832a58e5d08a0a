import type { Side } from './contractEnums.js'

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

/** One commitment's settlement: Wh traded and wei paid (consumer) or received (producer). */
export type ClearingTrade = {
  readonly commitmentId: bigint
  readonly energyWh: bigint
  readonly amountWei: bigint
}

/** What a clearing rule decides for an interval, to the wei. */
export type ClearingOutcome = {
  /** The uniform price of a pay-as-clear interval (0 when nothing trades); absent for pay-as-bid. */
  readonly priceWeiPerKWh?: bigint
  readonly tradedWh: bigint
  readonly paidWei: bigint
  readonly receivedWei: bigint
  /** What the market keeps: paidWei − receivedWei. */
  readonly surplusWei: bigint
  /** One per filed commitment, in payout order: consumers in book order, then producers. */
  readonly trades: readonly ClearingTrade[]
}

/** Book positions of each side in merit order: what the keeper passes to `rank`. */
export type MeritOrder = {
  readonly producerPositions: readonly bigint[]
  readonly consumerPositions: readonly bigint[]
}

/** The merit-order match of an interval: energy traded per book position, and the marginal limits. */
export type MeritMatch = {
  readonly tradedWh: bigint
  /** Wh traded by each producer, indexed by book position. */
  readonly producerTradedWh: readonly bigint[]
  readonly consumerTradedWh: readonly bigint[]
  /** Limits of the last producer and consumer that traded (0 when nothing trades). */
  readonly marginalOfferWeiPerKWh: bigint
  readonly marginalBidWeiPerKWh: bigint
}

const compareBigint = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The unique merit order of an interval's book: producers by (limit ascending, position
 * ascending), consumers by (limit descending, position ascending).
 *
 * @param book the interval's filed commitments per side, in book order
 * @returns each side's book positions in merit order
 * @example
 * import { meritOrder } from 'dem-sim'
 * const { producerPositions, consumerPositions } = meritOrder(book)
 * await chain.send({ address: market, abi, functionName: 'rank', args: [0, producerPositions, consumerPositions] })
 */
export function meritOrder(book: IntervalBook): MeritOrder {
  const positions = (side: readonly BookCommitment[], direction: 1 | -1): bigint[] =>
    side
      .map((commitment, position) => ({ limit: commitment.limitPriceWeiPerKWh, position }))
      .sort((a, b) => direction * compareBigint(a.limit, b.limit) || a.position - b.position)
      .map(({ position }) => BigInt(position))
  return { producerPositions: positions(book.producers, 1), consumerPositions: positions(book.consumers, -1) }
}

/**
 * Walks both sides in merit order with two pointers: while the producer's limit ≤ the
 * consumer's and traded < min(producedWh, consumedWh), trade q = min(the producer's remaining
 * Wh, the consumer's remaining Wh, cap − traded). A producer's energy counts as
 * min(committed, delivered). Nothing trades with an empty side or a zero cap.
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the oracle's metered energy and deliveries
 * @returns traded energy per book position and the marginal limits
 */
export function matchMeritOrder(book: IntervalBook, readings: MeterReadings): MeritMatch {
  const producerTradedWh = book.producers.map(() => 0n)
  const consumerTradedWh = book.consumers.map(() => 0n)
  const capWh = readings.producedWh < readings.consumedWh ? readings.producedWh : readings.consumedWh
  const { producerPositions, consumerPositions } = meritOrder(book)
  let tradedWh = 0n
  let marginalOfferWeiPerKWh = 0n
  let marginalBidWeiPerKWh = 0n
  let p = 0
  let c = 0
  let producerLeftWh = 0n
  let consumerLeftWh = 0n
  let producerLoaded = false
  let consumerLoaded = false
  while (tradedWh < capWh) {
    if (!producerLoaded) {
      if (p === producerPositions.length) break
      const producer = book.producers[Number(producerPositions[p])]!
      const deliveredWh = readings.deliveredWh.get(producer.tokenId) ?? 0n
      producerLeftWh = producer.energyWh < deliveredWh ? producer.energyWh : deliveredWh
      producerLoaded = true
      continue
    }
    if (!consumerLoaded) {
      if (c === consumerPositions.length) break
      consumerLeftWh = book.consumers[Number(consumerPositions[c])]!.energyWh
      consumerLoaded = true
      continue
    }
    const producerPosition = Number(producerPositions[p])
    const consumerPosition = Number(consumerPositions[c])
    const offer = book.producers[producerPosition]!.limitPriceWeiPerKWh
    const bid = book.consumers[consumerPosition]!.limitPriceWeiPerKWh
    if (offer > bid) break
    let q = producerLeftWh < consumerLeftWh ? producerLeftWh : consumerLeftWh
    if (capWh - tradedWh < q) q = capWh - tradedWh
    if (q > 0n) {
      producerLeftWh -= q
      consumerLeftWh -= q
      tradedWh += q
      producerTradedWh[producerPosition]! += q
      consumerTradedWh[consumerPosition]! += q
      marginalOfferWeiPerKWh = offer
      marginalBidWeiPerKWh = bid
    }
    if (producerLeftWh === 0n) {
      producerLoaded = false
      p++
    }
    if (consumerLeftWh === 0n) {
      consumerLoaded = false
      c++
    }
  }
  return { tradedWh, producerTradedWh, consumerTradedWh, marginalOfferWeiPerKWh, marginalBidWeiPerKWh }
}

/** Per-entry payment rules of a mechanism, in book order: `cumBeforeWh` is what that side's entries before it traded. */
export type PaymentRules = {
  readonly consumerPaysWei: (limitWeiPerKWh: bigint, cumBeforeWh: bigint, tradedWh: bigint) => bigint
  readonly producerReceivesWei: (limitWeiPerKWh: bigint, cumBeforeWh: bigint, tradedWh: bigint) => bigint
}

/**
 * Applies a mechanism's payment rules to a match, in the contracts' payout order (consumers in
 * book order, then producers).
 *
 * @param book the interval's filed commitments per side, in book order
 * @param match the merit-order match of the book
 * @param rules what each consumer pays and each producer receives
 * @returns the outcome without a price
 */
export function payOut(book: IntervalBook, match: MeritMatch, rules: PaymentRules): ClearingOutcome {
  const trades: ClearingTrade[] = []
  let paidWei = 0n
  let receivedWei = 0n
  let cumWh = 0n
  book.consumers.forEach((consumer, position) => {
    const energyWh = match.consumerTradedWh[position]!
    const amountWei = rules.consumerPaysWei(consumer.limitPriceWeiPerKWh, cumWh, energyWh)
    cumWh += energyWh
    paidWei += amountWei
    trades.push({ commitmentId: consumer.commitmentId, energyWh, amountWei })
  })
  cumWh = 0n
  book.producers.forEach((producer, position) => {
    const energyWh = match.producerTradedWh[position]!
    const amountWei = rules.producerReceivesWei(producer.limitPriceWeiPerKWh, cumWh, energyWh)
    cumWh += energyWh
    receivedWei += amountWei
    trades.push({ commitmentId: producer.commitmentId, energyWh, amountWei })
  })
  return { tradedWh: match.tradedWh, paidWei, receivedWei, surplusWei: paidWei - receivedWei, trades }
}

/**
 * Every producer of the book delivering what it committed (Wh by profile token id): the
 * simulator's default meter reading, and the reference model's.
 */
export function committedProduction(book: IntervalBook): Map<bigint, bigint> {
  const delivered = new Map<bigint, bigint>()
  for (const c of book.producers) delivered.set(c.tokenId, (delivered.get(c.tokenId) ?? 0n) + c.energyWh)
  return delivered
}
