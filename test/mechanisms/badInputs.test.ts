import { describe, expect, it } from 'vitest'
import { EnergyProfile, SimulatedMeter } from '../../src/artifacts/index.js'
import { clear } from '../../src/mechanisms/payAsClear/clear.js'
import { meritOrder } from '../../src/mechanisms/meritOrder.js'
import {
  type ClearingMarket,
  addProfile,
  commit,
  deployClearingMarket,
  marketAbi,
  moveTo,
  observe,
  OWNER,
  phaseOf,
  readBook,
  report,
  REPORTER,
  runKeeper,
  USER,
  valueHeld,
} from './clearingMarket.js'

const ETHER = 10n ** 18n
const PRODUCERS = 0
const CONSUMERS = 1

/** Three producers and three consumers in interval 0, readings reported, clock in interval 2. */
async function rankingMarket(): Promise<{ m: ClearingMarket; readings: Parameters<typeof clear>[1] }> {
  const m = await deployClearingMarket('pay-as-clear')
  const delivered = new Map<bigint, bigint>()
  // Producers' limits 300, 100, 200: merit order is positions 1, 2, 0. Consumers' 150, 250, 250: 1, 2, 0.
  for (const limit of [300n, 100n, 200n]) {
    const tokenId = await addProfile(m, ETHER)
    await commit(m, { tokenId, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: limit })
    delivered.set(tokenId, 1_000n)
  }
  for (const limit of [150n, 250n, 250n]) {
    await commit(m, {
      tokenId: await addProfile(m, ETHER),
      side: 'consumption',
      energyWh: 1_000n,
      limitPriceWeiPerKWh: limit,
    })
  }
  const readings = { producedWh: 5_000n, consumedWh: 5_000n, deliveredWh: delivered }
  await report(m, 0, readings)
  moveTo(m, 2)
  return { m, readings }
}

async function send(
  m: ClearingMarket,
  functionName: 'rank',
  args: readonly [number, readonly bigint[], readonly bigint[]],
): Promise<unknown>
async function send(
  m: ClearingMarket,
  functionName: 'resetRanking',
  args: readonly [number, number, bigint],
): Promise<unknown>
async function send(
  m: ClearingMarket,
  functionName: 'settle' | 'expireInterval',
  args: readonly [number, bigint],
): Promise<unknown>
async function send(m: ClearingMarket, functionName: string, args: readonly unknown[]): Promise<unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: one helper for several functions of the same ABI
  return m.chain.send({ address: m.market, abi: marketAbi, functionName: functionName as any, args: args as any })
}

/** Expects the call to revert with `errorName` and to leave the market's and profiles' state as it was. */
async function expectRefused(m: ClearingMarket, call: () => Promise<unknown>, errorName: string): Promise<void> {
  const before = await observe(m, 0)
  await expect(call()).rejects.toMatchObject({ errorName })
  expect(await observe(m, 0)).toEqual(before)
}

describe('clearing markets refuse bad input and leave state unchanged', () => {
  it('refuses calls in the wrong phase, before the readings are final, and zero batches', async () => {
    const { m } = await rankingMarket()
    await expectRefused(m, () => send(m, 'rank', [0, [1n], []]), 'EnergyMarketWrongPhase')
    await expectRefused(m, () => send(m, 'settle', [0, 0n]), 'EnergyMarketZeroBatch')
    await expectRefused(m, () => send(m, 'settle', [2, 10n]), 'EnergyMarketIntervalNotClosed')
    await expectRefused(m, () => send(m, 'settle', [1, 10n]), 'FeedReadingStaleFeed')
    await expectRefused(m, () => send(m, 'expireInterval', [0, 10n]), 'EnergyMarketIntervalNotExpired')
    await send(m, 'settle', [0, 100n])
    expect(await phaseOf(m, 0)).toBe('clearing')
    // While the ranking is under way, settle can do nothing and changes nothing.
    const before = await observe(m, 0)
    expect(((await send(m, 'settle', [0, 100n])) as { result: boolean }).result).toBe(false)
    expect(await observe(m, 0)).toEqual(before)
  })

  it('refuses a wrong ranking: out of order, repeated, out of range', async () => {
    const { m } = await rankingMarket()
    await send(m, 'settle', [0, 100n])
    await expectRefused(m, () => send(m, 'rank', [0, [2n, 1n], []]), 'MeritOrderMarketRankOutOfOrder')
    await expectRefused(m, () => send(m, 'rank', [0, [], [2n, 1n]]), 'MeritOrderMarketRankOutOfOrder')
    await expectRefused(m, () => send(m, 'rank', [0, [1n, 1n], []]), 'MeritOrderMarketRankOutOfOrder')
    await expectRefused(m, () => send(m, 'rank', [0, [3n], []]), 'MeritOrderMarketPositionOutOfRange')
    await send(m, 'rank', [0, [1n], [1n]])
    // Every later submission must come after the last ranked key.
    await expectRefused(m, () => send(m, 'rank', [0, [1n], []]), 'MeritOrderMarketRankOutOfOrder')
  })

  it('proves a skipped entry with resetRanking, restarts the ranking, and then settles exactly as clear()', async () => {
    const { m, readings } = await rankingMarket()
    await send(m, 'settle', [0, 100n])
    // The keeper skips producer 1 (the cheapest): the side can never complete.
    await send(m, 'rank', [0, [2n, 0n], [1n, 2n, 0n]])
    expect(await phaseOf(m, 0)).toBe('clearing')
    await expectRefused(m, () => send(m, 'resetRanking', [0, PRODUCERS, 0n]), 'MeritOrderMarketNoSkip')
    await expectRefused(m, () => send(m, 'resetRanking', [0, CONSUMERS, 0n]), 'MeritOrderMarketNoSkip')
    await expectRefused(m, () => send(m, 'resetRanking', [0, PRODUCERS, 5n]), 'MeritOrderMarketPositionOutOfRange')
    await send(m, 'resetRanking', [0, PRODUCERS, 1n])
    const ranking = await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'rankingOf', args: [0] })
    // The match streamed along both sides, so both start again.
    expect(ranking).toMatchObject({
      producers: { generation: 1, ranked: 0 },
      consumers: { generation: 1, ranked: 0 },
      tradedWh: 0n,
      matched: false,
    })
    expect(
      await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'isRanked', args: [0, PRODUCERS, 2n] }),
    ).toBe(false)

    const { producerPositions, consumerPositions } = meritOrder(await readBook(m, 0))
    expect(producerPositions).toEqual([1n, 2n, 0n])
    await send(m, 'rank', [0, producerPositions, consumerPositions])
    expect(await phaseOf(m, 0)).toBe('paying')
    const run = await runKeeper(m, 0)
    expect(run.trades).toEqual(clear(await readBook(m, 0), readings).trades)
    const value = await valueHeld(m)
    expect(value.heldWei).toBe(value.collateralWei)
  })

  it('lets only the reporter report deliveries, only during the next interval, only of minted profiles', async () => {
    const m = await deployClearingMarket('pay-as-clear')
    const reportAs = (from: number, interval: number, tokenId = 1n) =>
      m.chain.send({
        address: m.meter,
        abi: SimulatedMeter.abi,
        functionName: 'reportDeliveries',
        args: [interval, [tokenId], [5n]],
        from,
      })
    const deliveredOf = (interval: number, tokenId: bigint) =>
      m.chain.call({
        address: m.meter,
        abi: SimulatedMeter.abi,
        functionName: 'deliveredWhOf',
        args: [interval, tokenId],
      })
    await expect(reportAs(USER, 0)).rejects.toMatchObject({ errorName: 'SimulatedMeterUnauthorizedReporter' })
    await expect(reportAs(REPORTER, 0)).rejects.toMatchObject({ errorName: 'SimulatedMeterOutsideReportingWindow' })
    moveTo(m, 1)
    await expect(reportAs(REPORTER, 0)).rejects.toMatchObject({
      errorName: 'SimulatedMeterUnknownProfile',
      args: [1n, 0n],
    })
    expect(await addProfile(m, 0n)).toBe(1n)
    await reportAs(REPORTER, 0)
    // Id 0 (the clearing account), an unminted id, and 2^48 + 1, which the meter's packed slots would alias to profile 1.
    for (const tokenId of [0n, 2n, 2n ** 48n + 1n])
      await expect(reportAs(REPORTER, 0, tokenId)).rejects.toMatchObject({
        errorName: 'SimulatedMeterUnknownProfile',
        args: [tokenId, 1n],
      })
    expect(await deliveredOf(0, 1n)).toBe(5n)
    moveTo(m, 2)
    await expect(reportAs(REPORTER, 0)).rejects.toMatchObject({ errorName: 'SimulatedMeterOutsideReportingWindow' })
    await reportAs(REPORTER, 1)
    expect(await deliveredOf(1, 1n)).toBe(5n)
    expect(await deliveredOf(2, 1n)).toBe(0n)
  })

  it('lets only the owner withdraw surplus, no more than there is, and only the market move the clearing account', async () => {
    const m = await deployClearingMarket('pay-as-bid')
    const to = m.chain.accounts[3]!.address
    const withdraw = (from: number, amountWei: bigint) =>
      m.chain.send({ address: m.market, abi: marketAbi, functionName: 'withdrawSurplus', args: [to, amountWei], from })
    await expect(withdraw(USER, 1n)).rejects.toMatchObject({ errorName: 'OwnableUnauthorizedAccount' })
    await expect(withdraw(OWNER, 1n)).rejects.toMatchObject({ errorName: 'EnergyMarketInsufficientSurplus' })
    await expect(
      m.chain.send({
        address: m.profile,
        abi: EnergyProfile.abi,
        functionName: 'withdrawClearing',
        args: [to, 1n],
        from: OWNER,
      }),
    ).rejects.toMatchObject({
      errorName: 'EnergyProfileUnauthorizedCaller',
    })
  })

  it('drops commitments below the minimum size at filing and releases their lock', async () => {
    const m = await deployClearingMarket('pay-as-clear', { minEnergyWh: 500n })
    const consumer = await addProfile(m, ETHER)
    const { commitmentId } = await commit(m, {
      tokenId: consumer,
      side: 'consumption',
      energyWh: 499n,
      limitPriceWeiPerKWh: 1_000n,
    })
    const { receipt } = await m.chain.send({
      address: m.market,
      abi: marketAbi,
      functionName: 'processBuffer',
      args: [10n],
    })
    expect(receipt.logs.map((log) => log.eventName)).toContain('CommitmentExpired')
    expect(
      await m.chain.call({
        address: m.market,
        abi: marketAbi,
        functionName: 'commitmentStatusOf',
        args: [commitmentId],
      }),
    ).toBe(4)
    const profile = await m.chain.call({
      address: m.profile,
      abi: EnergyProfile.abi,
      functionName: 'profileOf',
      args: [consumer],
    })
    expect(profile).toMatchObject({ lockedWei: 0n, openCommitments: 0 })
  })

  it('files one production commitment per profile and interval: its one delivery reading cannot count twice', async () => {
    const m = await deployClearingMarket('pay-as-clear')
    const producer = await addProfile(m, 0n)
    const first = await commit(m, { tokenId: producer, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 10n })
    const second = await commit(m, {
      tokenId: producer,
      side: 'production',
      energyWh: 1_000n,
      limitPriceWeiPerKWh: 10n,
    })
    const nextInterval = await commit(m, {
      tokenId: producer,
      side: 'production',
      energyWh: 1_000n,
      limitPriceWeiPerKWh: 10n,
      interval: 1,
    })
    await m.chain.send({ address: m.market, abi: marketAbi, functionName: 'processBuffer', args: [10n] })
    const status = (id: bigint) =>
      m.chain.call({ address: m.market, abi: marketAbi, functionName: 'commitmentStatusOf', args: [id] })
    expect([
      await status(first.commitmentId),
      await status(second.commitmentId),
      await status(nextInterval.commitmentId),
    ]).toEqual([2, 4, 2])
    const profile = await m.chain.call({
      address: m.profile,
      abi: EnergyProfile.abi,
      functionName: 'profileOf',
      args: [producer],
    })
    expect(profile.openCommitments).toBe(2)
  })
})

describe('clearing markets: a way out of every phase', () => {
  it('expires an interval whose ranking is incomplete at end + grace, releasing every lock', async () => {
    const { m } = await rankingMarket()
    await send(m, 'settle', [0, 100n])
    await send(m, 'rank', [0, [1n], [1n]])
    await expectRefused(m, () => send(m, 'expireInterval', [0, 10n]), 'EnergyMarketIntervalNotExpired')
    moveTo(m, 25)
    await send(m, 'expireInterval', [0, 4n])
    expect(await phaseOf(m, 0)).toBe('expiring')
    await send(m, 'expireInterval', [0, 4n])
    expect(await phaseOf(m, 0)).toBe('expired')
    for (let tokenId = 1n; tokenId <= 6n; tokenId++) {
      const profile = await m.chain.call({
        address: m.profile,
        abi: EnergyProfile.abi,
        functionName: 'profileOf',
        args: [tokenId],
      })
      expect(profile).toMatchObject({ collateralWei: ETHER, lockedWei: 0n, openCommitments: 0 })
    }
    await expect(send(m, 'rank', [0, [2n], []])).rejects.toMatchObject({ errorName: 'EnergyMarketWrongPhase' })
  })

  it('expires an interval nobody settled, and its commitments still in the buffer', async () => {
    const m = await deployClearingMarket('pay-as-bid')
    const consumer = await addProfile(m, ETHER)
    await commit(m, { tokenId: consumer, side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 1_000n })
    await m.chain.send({ address: m.market, abi: marketAbi, functionName: 'processBuffer', args: [10n] })
    await commit(m, { tokenId: consumer, side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 1_000n })
    moveTo(m, 25)
    await expect(send(m, 'settle', [0, 10n])).rejects.toMatchObject({
      errorName: 'EnergyMarketSettlementWindowClosed',
    })
    await send(m, 'expireInterval', [0, 10n])
    await m.chain.send({ address: m.market, abi: marketAbi, functionName: 'processBuffer', args: [10n] })
    const profile = await m.chain.call({
      address: m.profile,
      abi: EnergyProfile.abi,
      functionName: 'profileOf',
      args: [consumer],
    })
    expect(profile).toMatchObject({ collateralWei: ETHER, lockedWei: 0n, openCommitments: 0 })
    for (const id of [0n, 1n]) {
      expect(
        await m.chain.call({ address: m.market, abi: marketAbi, functionName: 'commitmentStatusOf', args: [id] }),
      ).toBe(4)
    }
  })
})
