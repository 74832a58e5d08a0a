/**
 * Test support for the clearing markets: deploys a profile contract, its pool, the two energy
 * feeds, a SimulatedMeter and one PayAsClearMarket or PayAsBidMarket straight from the artifacts,
 * and drives one interval through commit → readings → settle → rank → payouts as a keeper would.
 */
import { createChain } from '../../src/chain/createChain.js'
import type { AddressHex, Receipt } from '../../src/chain/types.js'
import {
  EnergyPool,
  EnergyProfile,
  IMeritOrderMarket,
  PayAsBidMarket,
  PayAsClearMarket,
  SimulatedFeed,
  SimulatedMeter,
} from '../../src/artifacts/index.js'
import { PHASES } from '../../src/mechanisms/contractEnums.js'
import type { ClearingTrade, IntervalBook, MeterReadings } from '../../src/mechanisms/clearing.js'
import { meritOrder } from '../../src/mechanisms/meritOrder.js'
import { decodeCommitmentWord } from '../../src/mechanisms/decodeCommitmentWord.js'
import type { Side } from '../../src/market/types.js'

export type MechanismName = 'pay-as-clear' | 'pay-as-bid'

export const INTERVAL_SECONDS = 3600n
export const OWNER = 0
export const REPORTER = 1
/** One account acts for every profile: profiles, not accounts, are the market's users. */
export const USER = 2

/** Both markets share the merit-order family's ABI; only the pricing differs. */
export const marketAbi = IMeritOrderMarket.abi

export type ClearingMarket = Awaited<ReturnType<typeof deployClearingMarket>>

/** Deploys and wires one clearing market on a fresh chain (or on `chain`). */
export async function deployClearingMarket(
  mechanism: MechanismName,
  options: { minEnergyWh?: bigint; gracePeriodSeconds?: bigint } = {},
) {
  const chain = await createChain({ accounts: 4 })
  const owner = chain.accounts[OWNER]!.address
  const reporter = chain.accounts[REPORTER]!.address
  const profile = (await chain.deploy({ artifact: EnergyProfile, args: [owner, 0n, INTERVAL_SECONDS], from: OWNER }))
    .address
  const pool = await chain.call({ address: profile, abi: EnergyProfile.abi, functionName: 'pool' })
  chain.registerAbi(pool, EnergyPool.abi)
  const producedFeed = (
    await chain.deploy({ artifact: SimulatedFeed, args: [owner, reporter, 0, 'produced (Wh)'], from: OWNER })
  ).address
  const consumedFeed = (
    await chain.deploy({ artifact: SimulatedFeed, args: [owner, reporter, 0, 'consumed (Wh)'], from: OWNER })
  ).address
  const meter = (
    await chain.deploy({
      artifact: SimulatedMeter,
      args: [owner, reporter, pool, producedFeed, consumedFeed],
      from: OWNER,
    })
  ).address
  const artifact = mechanism === 'pay-as-clear' ? PayAsClearMarket : PayAsBidMarket
  const { address: market, receipt: deployReceipt } = await chain.deploy({
    artifact,
    args: [owner, pool, meter, options.gracePeriodSeconds ?? 0n, options.minEnergyWh ?? 1n],
    from: OWNER,
  })
  await chain.send({ address: profile, abi: EnergyProfile.abi, functionName: 'wire', args: [market], from: OWNER })
  const startTime = await chain.call({ address: pool, abi: EnergyPool.abi, functionName: 'startTime' })
  return { chain, mechanism, profile, pool, meter, market, producedFeed, consumedFeed, startTime, deployReceipt }
}

/** Registers a profile into the pool for the USER account with `collateralWei`. */
export async function addProfile(m: ClearingMarket, collateralWei: bigint): Promise<bigint> {
  const { result } = await m.chain.send({
    address: m.profile,
    abi: EnergyProfile.abi,
    functionName: 'registerUserInPool',
    args: [0, 0],
    value: collateralWei,
    from: USER,
  })
  return result
}

export type CommitArgs = {
  tokenId: bigint
  side: Side
  energyWh: bigint
  limitPriceWeiPerKWh: bigint
  interval?: number
}

export async function commit(m: ClearingMarket, args: CommitArgs): Promise<{ commitmentId: bigint; receipt: Receipt }> {
  const { result, receipt } = await m.chain.send({
    address: m.pool,
    abi: EnergyPool.abi,
    functionName: 'commit',
    args: [
      args.tokenId,
      args.interval ?? 0,
      args.energyWh,
      args.side === 'production' ? 0 : 1,
      args.limitPriceWeiPerKWh,
    ],
    from: USER,
  })
  return { commitmentId: result, receipt }
}

/** Moves the clock to `seconds` into interval `interval`. */
export function moveTo(m: ClearingMarket, interval: number, seconds = 1n): void {
  m.chain.setTime(m.startTime + BigInt(interval) * INTERVAL_SECONDS + seconds)
}

/** Reports interval `interval`'s readings during the next interval (the only time the meter takes them). */
export async function report(m: ClearingMarket, interval: number, readings: MeterReadings): Promise<void> {
  moveTo(m, interval + 1)
  await m.chain.send({
    address: m.producedFeed,
    abi: SimulatedFeed.abi,
    functionName: 'updateAnswer',
    args: [readings.producedWh],
    from: REPORTER,
  })
  await m.chain.send({
    address: m.consumedFeed,
    abi: SimulatedFeed.abi,
    functionName: 'updateAnswer',
    args: [readings.consumedWh],
    from: REPORTER,
  })
  const entries = [...readings.deliveredWh.entries()]
  if (entries.length > 0) {
    await m.chain.send({
      address: m.meter,
      abi: SimulatedMeter.abi,
      functionName: 'reportDeliveries',
      args: [interval, entries.map(([tokenId]) => tokenId), entries.map(([, energyWh]) => energyWh)],
      from: REPORTER,
    })
  }
}

export async function roundOf(m: ClearingMarket, interval: number) {
  return m.chain.call({ address: m.market, abi: marketAbi, functionName: 'roundOf', args: [interval] })
}

export async function phaseOf(m: ClearingMarket, interval: number): Promise<(typeof PHASES)[number]> {
  return PHASES[(await roundOf(m, interval)).phase]!
}

/** The interval's filed books as the clearing rules take them, read back from the chain. */
export async function readBook(m: ClearingMarket, interval: number): Promise<IntervalBook> {
  const side = async (bookSide: 0 | 1) => {
    const ids = await m.chain.call({
      address: m.market,
      abi: marketAbi,
      functionName: 'bookOf',
      args: [interval, bookSide, 0n, 2n ** 32n],
    })
    const words = await m.chain.call({
      address: m.pool,
      abi: EnergyPool.abi,
      functionName: 'commitmentWordsOf',
      args: [ids],
    })
    return words.map((word, k) => {
      const terms = decodeCommitmentWord(word)
      const lockedWei = terms.side === 'consumption' ? (terms.energyWh * terms.limitPriceWeiPerKWh + 999n) / 1000n : 0n
      return {
        commitmentId: ids[k]!,
        tokenId: terms.tokenId,
        side: terms.side,
        energyWh: terms.energyWh,
        limitPriceWeiPerKWh: terms.limitPriceWeiPerKWh,
        lockedWei,
      }
    })
  }
  return { producers: await side(0), consumers: await side(1) }
}

export type KeeperOptions = {
  maxItems?: bigint
  /** Positions per side per rank call. */
  rankChunk?: number
  /** `together`: both sides in each call; otherwise one side wholly before the other (the match waits). */
  rankOrder?: 'together' | 'producersFirst' | 'consumersFirst'
  /** Runs after every keeper transaction (to check invariants between transactions). */
  afterEach?: () => Promise<void>
}

export type KeeperRun = {
  receipts: Receipt[]
  settleReceipts: Receipt[]
  rankReceipts: Receipt[]
  trades: ClearingTrade[]
  settled: { price: bigint; tradedWh: bigint; paidWei: bigint; receivedWei: bigint; surplusWei: bigint }
}

/**
 * Settles a closed interval as the keeper does: settle until it asks for the ranking, rank
 * both sides in chunks (merit order from the chain's books), settle until done.
 */
export async function runKeeper(m: ClearingMarket, interval: number, options: KeeperOptions = {}): Promise<KeeperRun> {
  const maxItems = options.maxItems ?? 10_000n
  const chunk = options.rankChunk ?? 10_000
  const order = options.rankOrder ?? 'together'
  const settleReceipts: Receipt[] = []
  const rankReceipts: Receipt[] = []
  const receipts: Receipt[] = []
  const settle = async (): Promise<boolean> => {
    const { result, receipt } = await m.chain.send({
      address: m.market,
      abi: marketAbi,
      functionName: 'settle',
      args: [interval, maxItems],
    })
    settleReceipts.push(receipt)
    receipts.push(receipt)
    await options.afterEach?.()
    return result
  }
  let settled = false
  while (!settled && ['open', 'filing'].includes(await phaseOf(m, interval))) settled = await settle()
  if (!settled && (await phaseOf(m, interval)) === 'clearing') {
    const { producerPositions, consumerPositions } = meritOrder(await readBook(m, interval))
    let p = 0
    let c = 0
    let ranked = false
    while (!ranked) {
      const producersTurn = order !== 'consumersFirst' || c === consumerPositions.length
      const consumersTurn = order !== 'producersFirst' || p === producerPositions.length
      const producers = producersTurn ? producerPositions.slice(p, p + chunk) : []
      const consumers = consumersTurn ? consumerPositions.slice(c, c + chunk) : []
      p += producers.length
      c += consumers.length
      const { result, receipt } = await m.chain.send({
        address: m.market,
        abi: marketAbi,
        functionName: 'rank',
        args: [interval, producers, consumers],
      })
      rankReceipts.push(receipt)
      receipts.push(receipt)
      await options.afterEach?.()
      ranked = result
    }
  }
  while (!settled) settled = await settle()
  const logs = receipts.flatMap((r) => r.logs)
  const trades: ClearingTrade[] = []
  let cleared: { price: bigint; tradedWh: bigint } | undefined
  let paid: { paidWei: bigint; receivedWei: bigint; surplusWei: bigint } | undefined
  for (const log of logs) {
    if (log.address.toLowerCase() !== m.market.toLowerCase()) continue
    if (log.eventName === 'CommitmentSettled') {
      const args = log.args as { commitmentId: bigint; energyWh: bigint; amountWei: bigint }
      trades.push({ commitmentId: args.commitmentId, energyWh: args.energyWh, amountWei: args.amountWei })
    }
    if (log.eventName === 'IntervalCleared') cleared = log.args as { price: bigint; tradedWh: bigint }
    if (log.eventName === 'IntervalSettled')
      paid = log.args as { paidWei: bigint; receivedWei: bigint; surplusWei: bigint }
  }
  if (paid === undefined) throw new Error('no IntervalSettled event')
  // Cleared by calls of someone else's before this run, the record says at what price.
  const { price, tradedWh } = cleared ?? (await roundOf(m, interval))
  const settledSummary = { price, tradedWh, ...paid }
  return { receipts, settleReceipts, rankReceipts, trades, settled: settledSummary }
}

/** Σ collateral of every profile plus the clearing account, and the ETH the profile contract holds. */
export async function valueHeld(
  m: ClearingMarket,
): Promise<{ heldWei: bigint; collateralWei: bigint; clearingWei: bigint }> {
  const last = await m.chain.call({ address: m.profile, abi: EnergyProfile.abi, functionName: 'lastTokenId' })
  let collateralWei = 0n
  for (let tokenId = 1n; tokenId <= last; tokenId++) {
    const p = await m.chain.call({
      address: m.profile,
      abi: EnergyProfile.abi,
      functionName: 'profileOf',
      args: [tokenId],
    })
    collateralWei += p.collateralWei
  }
  const clearingWei = await m.chain.call({ address: m.profile, abi: EnergyProfile.abi, functionName: 'clearingWei' })
  return {
    heldWei: await m.chain.getBalance(m.profile as AddressHex),
    collateralWei: collateralWei + clearingWei,
    clearingWei,
  }
}

/** What a failing call must leave unchanged: the interval's record, the buffer, every balance. */
export async function observe(m: ClearingMarket, interval: number) {
  return {
    round: await roundOf(m, interval),
    bufferCursor: await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'bufferCursor' }),
    surplusWei: await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'surplusWei' }),
    value: await valueHeld(m),
  }
}
