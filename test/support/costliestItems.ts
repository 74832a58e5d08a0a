import { IMeritOrderMarket } from '../../src/artifacts/index.js'
import type { Abi } from 'viem'
import { DemSimulator } from '../../src/market/DemSimulator.js'
import type { MarketMechanism } from '../../src/mechanisms/MarketMechanism.js'
import { meritOrder } from '../../src/mechanisms/meritOrder.js'
import { readBook } from '../../src/mechanisms/readBook.js'

/**
 * The costliest item of each keeper call, built on a fresh market of `mechanism`: what sizes
 * `KEEPER_BATCHES` (test/keeperBatches.test.ts asserts the defaults against it,
 * bench/keeperBatches.bench.ts prints it).
 */

const ETHER = 10n ** 18n
/** The smallest commitment the books take. */
const MIN_ENERGY_WH = 100n

/**
 * One `processBuffer(batch)` over `batch` production commitments, each into an interval of its
 * own: every one writes a fresh round record, book slot, production mark and pool total.
 */
export async function costliestProcessBuffer(mechanism: MarketMechanism, batch: number): Promise<bigint> {
  const sim = await DemSimulator.create({ mechanism })
  const user = await sim.addUser({ collateralWei: ETHER })
  for (let k = 0; k < batch; k++)
    await sim.commit(user, { interval: 1 + k, energyWh: MIN_ENERGY_WH, side: 'production', limitPriceWeiPerKWh: 1n })
  const { receipts } = await sim.processBuffer({ maxItems: batch, once: true })
  return (receipts[0] as { gasUsed: bigint }).gasUsed
}

/** One `expireInterval(interval, batch)` releasing `batch` filed commitments, each of a profile of its own. */
export async function costliestExpireInterval(mechanism: MarketMechanism, batch: number): Promise<bigint> {
  const sim = await DemSimulator.create({ mechanism })
  const interval = sim.currentInterval
  for (let k = 0; k < batch; k++) {
    const side = k % 2 === 0 ? 'production' : 'consumption'
    const user = await sim.addUser({ collateralWei: side === 'production' ? 0n : ETHER })
    await sim.commit(user, { interval, energyWh: MIN_ENERGY_WH, side, limitPriceWeiPerKWh: 10n ** 15n })
  }
  await sim.processBuffer()
  const grace = await sim.chain.call({ ...sim.contracts.market, functionName: 'gracePeriodSeconds' })
  sim.advanceInterval(1 + Number(grace / sim.intervalSeconds))
  const { receipts } = await sim.expireInterval(interval, { maxItems: batch })
  return (receipts[0] as { gasUsed: bigint }).gasUsed
}

/**
 * `sim.settle(interval, { maxItems: batch })` over `batch` producers and `batch` consumers that all
 * trade, every producer's delivery in a meter word of its own (token ids four apart) and every
 * entry a profile of its own: each call's gas, with its operation, in order.
 */
export async function costliestSettle(
  mechanism: MarketMechanism,
  batch: number,
): Promise<{ operation: string; gasUsed: bigint }[]> {
  const sim = await DemSimulator.create({ mechanism })
  const interval = sim.currentInterval
  const delivered = new Map<bigint, bigint>()
  for (let k = 0; k < batch; k++) {
    const producer = await sim.addUser({ collateralWei: 0n })
    const consumer = await sim.addUser({ collateralWei: ETHER })
    // Two idle profiles, so that the next producer's delivery lies in another meter word.
    await sim.addUser({ collateralWei: 0n, deposit: false })
    await sim.addUser({ collateralWei: 0n, deposit: false })
    const limit = 1n + BigInt(k)
    await sim.commit(producer, { interval, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: limit })
    await sim.commit(consumer, { interval, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 10n ** 15n })
    delivered.set(producer.tokenId, 1_000n)
  }
  await sim.processBuffer()
  sim.advanceInterval()
  const readings = { priceWeiPerKWh: 10n ** 14n, producedWh: 10n ** 12n, consumedWh: 10n ** 12n }
  await sim.setOracle({ ...readings, deliveredWh: delivered })
  const { receipts } = await sim.settle(interval, { maxItems: batch })
  const entries = sim.gas.entries.slice(-receipts.length)
  return entries.map((e) => ({ operation: e.operation, gasUsed: e.gasUsed }))
}

/** What bounds a `rank` call's gas: see {@link rankCallBound}. */
export type RankCosts = {
  /** A call's own cost beside its entries. */
  fixedGas: bigint
  /** One submitted position at its costliest. */
  perPositionGas: bigint
  /** One match step that loads an entry ranked by an earlier call. */
  perQueuedStepGas: bigint
  /** Match steps a call may take beyond the entries it submits (`MATCH_STEPS_PER_RANK`). */
  extraMatchSteps: number
}

/** The most a `rank` call submitting `positions` can cost: each position at its costliest, every match step a queued load. */
export function rankCallBound(costs: RankCosts, positions: number): bigint {
  const n = BigInt(positions)
  return costs.fixedGas + n * costs.perPositionGas + (n + BigInt(costs.extraMatchSteps)) * costs.perQueuedStepGas
}

/**
 * A merit-order market's `rank` costs at their worst, measured on a book of `256 × k` producers
 * whose merit order strides 256 book positions: consecutive ranked positions then each mark a
 * fresh word of the ranked bitmap, read a fresh book slot, commitment word and meter word, and
 * are queued (the match cannot reach them without consumers); a queued step loads one such entry
 * back and trades it.
 */
export async function costliestRank(mechanism: MarketMechanism, k = 8): Promise<RankCosts> {
  const sim = await DemSimulator.create({ mechanism })
  const interval = sim.currentInterval
  const producers = 256 * k
  const delivered = new Map<bigint, bigint>()
  for (let p = 0; p < producers; p++) {
    const user = await sim.addUser({ collateralWei: 0n })
    const limit = 1n + BigInt((p % 256) * k + Math.floor(p / 256))
    await sim.commit(user, { interval, energyWh: MIN_ENERGY_WH, side: 'production', limitPriceWeiPerKWh: limit })
    delivered.set(user.tokenId, MIN_ENERGY_WH)
  }
  const consumer = await sim.addUser({ collateralWei: ETHER })
  await sim.commit(consumer, { interval, energyWh: 10n ** 9n, side: 'consumption', limitPriceWeiPerKWh: 10n ** 9n })
  await sim.processBuffer()
  sim.advanceInterval()
  await sim.setOracle({ producedWh: 10n ** 12n, consumedWh: 10n ** 12n, deliveredWh: delivered })
  const market = { address: sim.contracts.market.address, abi: IMeritOrderMarket.abi }
  await sim.chain.send({ ...market, functionName: 'settle', args: [interval, 1n], from: sim.roles.keeper })
  const source = { chain: sim.chain, market: market.address, pool: sim.contracts.pool.address }
  const order = meritOrder(await readBook(source, interval))
  const rank = async (ps: readonly bigint[], cs: readonly bigint[]) =>
    (await sim.chain.send({ ...market, functionName: 'rank', args: [interval, ps, cs], from: sim.roles.keeper }))
      .receipt.gasUsed
  const start = sim.chain.snapshot()
  const one = await rank(order.producerPositions.slice(0, 1), [])
  sim.chain.revert(start)
  const many = await rank(order.producerPositions.slice(0, k), [])
  const perPositionGas = (many - one) / BigInt(k - 1)
  const fixedGas = one - perPositionGas
  const extraMatchSteps = Number(
    await sim.chain.call({
      address: market.address,
      abi: mechanism.market.abi as Abi,
      functionName: 'MATCH_STEPS_PER_RANK',
    }),
  )
  sim.chain.revert(start)
  // The producers wait in the queue; the consumer's call then loads them back, one a step.
  await rank(order.producerPositions.slice(0, extraMatchSteps + 1), [])
  const matching = await rank([], order.consumerPositions.slice(0, 1))
  sim.chain.release(start)
  return {
    fixedGas,
    perPositionGas,
    perQueuedStepGas: (matching - fixedGas) / BigInt(extraMatchSteps),
    extraMatchSteps,
  }
}
