import {
  type BookCommitment,
  type ClearingOutcome,
  type ClearingTrade,
  countedProductionWh,
  type IntervalBook,
  type MeterReadings,
} from './clearing.js'

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
      producerLeftWh = countedProductionWh(book.producers[Number(producerPositions[p])]!, readings)
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
 * book order, then producers). The supply and demand it reports are the counted energy of the
 * entries that traded.
 *
 * @param book the interval's filed commitments per side, in book order
 * @param readings the metered energy and each producer's delivery the match used
 * @param match the merit-order match of the book
 * @param rules what each consumer pays and each producer receives
 * @param price the uniform price (wei per kWh), 0 for a mechanism without one
 * @returns the outcome
 */
export function payOut(
  book: IntervalBook,
  readings: MeterReadings,
  match: MeritMatch,
  rules: PaymentRules,
  price: bigint,
): ClearingOutcome {
  const pay = (side: readonly BookCommitment[], tradedWh: readonly bigint[], consumers: boolean) => {
    const trades: ClearingTrade[] = []
    let cumWh = 0n
    let valueWei = 0n
    let matchedWh = 0n
    side.forEach((commitment, position) => {
      const energyWh = tradedWh[position]!
      const rule = consumers ? rules.consumerPaysWei : rules.producerReceivesWei
      const amountWei = rule(commitment.limitPriceWeiPerKWh, cumWh, energyWh)
      if (energyWh > 0n) matchedWh += consumers ? commitment.energyWh : countedProductionWh(commitment, readings)
      cumWh += energyWh
      valueWei += amountWei
      trades.push({ commitmentId: commitment.commitmentId, energyWh, amountWei })
    })
    return { trades, valueWei, matchedWh }
  }
  const consumers = pay(book.consumers, match.consumerTradedWh, true)
  const producers = pay(book.producers, match.producerTradedWh, false)
  return {
    price,
    priceDecimals: 0,
    supplyWh: producers.matchedWh,
    demandWh: consumers.matchedWh,
    tradedWh: match.tradedWh,
    paidWei: consumers.valueWei,
    receivedWei: producers.valueWei,
    surplusWei: consumers.valueWei - producers.valueWei,
    trades: [...consumers.trades, ...producers.trades],
  }
}
