import { OraclePriceMarket } from '../artifacts/index.js'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { InvalidArgumentError, TransactionRevertedError, UnknownSnapshotError } from '../chain/errors.js'
import type { AddressHex } from '../chain/types.js'
import { DemSimulator } from './DemSimulator.js'
import type { User } from './types.js'

const ETHER = 10n ** 18n

async function revertsWith(promise: Promise<unknown>, errorName: string): Promise<TransactionRevertedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(TransactionRevertedError)
  expect((error as TransactionRevertedError).errorName).toBe(errorName)
  return error as TransactionRevertedError
}

describe('DemSimulator', () => {
  let sim: DemSimulator
  let fresh: number

  beforeAll(async () => {
    sim = await DemSimulator.create()
    fresh = sim.snapshot()
  })
  beforeEach(() => sim.revert(fresh))

  describe('create', () => {
    it('deploys and wires the profile, pool, market and three feeds', async () => {
      const { profile, pool, priceFeed, producedFeed, consumedFeed } = sim.contracts
      const market = { address: sim.contracts.market.address, abi: OraclePriceMarket.abi }
      for (const { address } of [profile, pool, market, priceFeed, producedFeed, consumedFeed]) {
        expect(await sim.chain.getCode(address)).not.toBe('0x')
      }
      expect(await sim.chain.call({ ...market, functionName: 'pool' })).toBe(pool.address)
      expect(await sim.chain.call({ ...pool, functionName: 'market' })).toBe(market.address)
      expect(await sim.chain.call({ ...market, functionName: 'priceFeed' })).toBe(priceFeed.address)
      expect(await sim.chain.call({ ...priceFeed, functionName: 'decimals' })).toBe(0)
      expect(sim.currentInterval).toBe(0)
      expect(sim.gas.table().map((row) => [row.operation, row.setup])).toEqual([
        ['deployEnergyProfile', true],
        ['deployFeed', true],
        ['deploySimulatedMeter', true],
        ['deployOraclePriceMarket', true],
        ['wire', true],
      ])
    })

    it('refuses bad options before deploying anything', async () => {
      await expect(DemSimulator.create({ intervalSeconds: 0n })).rejects.toThrow(InvalidArgumentError)
      await expect(DemSimulator.create({ priceDecimals: 19 })).rejects.toThrow(/priceDecimals/)
      await expect(DemSimulator.create({ defaultBatchSize: 0 })).rejects.toThrow(/defaultBatchSize/)
    })
  })

  describe('addUser', () => {
    it('registers into the pool in one transaction, crediting the collateral', async () => {
      const user = await sim.addUser({ collateralWei: ETHER, location: 7, energyType: 2 })
      expect(user.tokenId).toBe(1n)
      const profile = await sim.profile(user)
      expect(profile).toMatchObject({
        collateralWei: ETHER,
        lockedWei: 0n,
        availableWei: ETHER,
        deposited: true,
        location: 7,
        energyType: 2,
      })
      expect(profile.controller).toBe(user.address)
      expect(await sim.heldWei()).toBe(ETHER)
      expect(user.receipt.logs.map((log) => log.eventName)).toContain('UserRegistered')
    })

    it('registers to the user without deposit, and deposits later with approve + deposit', async () => {
      const user = await sim.addUser({ collateralWei: ETHER, deposit: false })
      expect((await sim.profile(user)).owner).toBe(user.address)
      await revertsWith(
        sim.commit(user, { interval: 0, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n }),
        'EnergyProfileNotDepositor',
      )
      const { receipts } = await sim.deposit(user, { via: 'approve' })
      expect(receipts).toHaveLength(2)
      expect((await sim.profile(user)).deposited).toBe(true)
      await sim.commit(user, { interval: 0, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n })
      await revertsWith(sim.withdraw(user), 'EnergyProfileHasOpenCommitments')
      expect((await sim.profile(user)).deposited).toBe(true)
    })

    it('deposits with one safeTransferFrom and withdraws when nothing is open', async () => {
      const user = await sim.addUser({ collateralWei: ETHER, deposit: false })
      const { receipts } = await sim.deposit(user)
      expect(receipts).toHaveLength(1)
      expect((await sim.profile(user)).deposited).toBe(true)
      await sim.withdraw(user)
      expect(await sim.profile(user)).toMatchObject({ deposited: false, owner: user.address, controller: user.address })
      await sim.withdrawCollateral(user, ETHER)
      expect((await sim.profile(user)).collateralWei).toBe(0n)
    })

    it('refuses bad parameters with a typed error and registers nothing', async () => {
      await expect(sim.addUser({ collateralWei: -1n })).rejects.toThrow(InvalidArgumentError)
      await expect(sim.addUser({ collateralWei: 1 as unknown as bigint })).rejects.toThrow(/collateralWei/)
      await expect(sim.addUser({ collateralWei: 1n, energyType: 256 })).rejects.toThrow(/energyType/)
      await expect(sim.addUser({ collateralWei: 1n, location: -1 })).rejects.toThrow(/location/)
      expect(sim.users).toHaveLength(0)
      expect(await sim.heldWei()).toBe(0n)
    })
  })

  describe('joining and committing', () => {
    it('costs at most 230,000 gas: register into the pool + one commit', async () => {
      await sim.addUser({ collateralWei: ETHER }) // the first registration pays for fresh contract slots
      const user = await sim.addUser({ collateralWei: ETHER })
      const { receipt } = await sim.commit(user, {
        interval: 0,
        energyWh: 1_000n,
        side: 'consumption',
        limitPriceWeiPerKWh: 1_000n,
      })
      expect(user.receipt.gasUsed + receipt.gasUsed).toBeLessThanOrEqual(230_000n)
    })
  })

  describe('collateral', () => {
    let user: User
    beforeEach(async () => {
      user = await sim.addUser({ collateralWei: ETHER })
    })

    it('adds and withdraws unlocked collateral', async () => {
      await sim.addCollateral(user, 5n)
      const before = await sim.balance(user)
      await sim.withdrawCollateral(user, 10n)
      expect((await sim.profile(user)).collateralWei).toBe(ETHER - 5n)
      expect(await sim.balance(user)).toBe(before + 10n)
      expect(await sim.heldWei()).toBe(ETHER - 5n)
    })

    it('refuses to withdraw locked collateral, naming what is available and needed', async () => {
      const { lockedWei } = await sim.commit(user, {
        interval: 0,
        energyWh: 1_000n,
        side: 'consumption',
        limitPriceWeiPerKWh: ETHER / 2n,
      })
      expect(lockedWei).toBe(ETHER / 2n)
      const error = await revertsWith(sim.withdrawCollateral(user, ETHER), 'EnergyProfileInsufficientCollateral')
      expect(error.namedArgs).toMatchObject({ tokenId: user.tokenId, availableWei: ETHER / 2n, neededWei: ETHER })
      expect((await sim.profile(user)).collateralWei).toBe(ETHER)
    })

    it('refuses zero amounts and other users acting on the profile', async () => {
      await revertsWith(sim.addCollateral(user, 0n), 'EnergyProfileZeroAmount')
      const other = await sim.addUser({ collateralWei: 1n })
      await expect(sim.withdrawCollateral({ ...user, address: other.address }, 1n)).rejects.toThrow(/unknown user/)
      await revertsWith(
        sim.chain.send({
          ...sim.contracts.profile,
          functionName: 'withdrawCollateral',
          args: [user.tokenId, 1n],
          from: other.address,
        }),
        'EnergyProfileNotController',
      )
      expect((await sim.profile(user)).collateralWei).toBe(ETHER)
    })
  })

  describe('commit', () => {
    it('locks ceil(energy × limit / 1000) for a consumer and nothing for a producer', async () => {
      const producer = await sim.addUser({ collateralWei: ETHER })
      const consumer = await sim.addUser({ collateralWei: ETHER })
      const p = await sim.commit(producer, {
        interval: 0,
        energyWh: 1_234n,
        side: 'production',
        limitPriceWeiPerKWh: 999n,
      })
      const c = await sim.commit(consumer, {
        interval: 2,
        energyWh: 1_234n,
        side: 'consumption',
        limitPriceWeiPerKWh: 999n,
      })
      expect(p.lockedWei).toBe(0n)
      expect(c.lockedWei).toBe((1_234n * 999n + 999n) / 1000n)
      expect(c.commitmentId).toBe(1n)
      expect(await sim.commitment(1n)).toMatchObject({
        tokenId: consumer.tokenId,
        interval: 2,
        side: 'consumption',
        energyWh: 1_234n,
        status: 'pending',
      })
      expect((await sim.profile(consumer)).openCommitments).toBe(1)
      expect((await sim.buffer()).map((c) => c.commitmentId)).toEqual([0n, 1n])
      expect(await sim.commitments(consumer)).toHaveLength(1)
    })

    it('refuses closed intervals, zero energy, unknown users and bad sides', async () => {
      const user = await sim.addUser({ collateralWei: ETHER })
      sim.advanceInterval(2)
      await revertsWith(
        sim.commit(user, { interval: 1, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n }),
        'EnergyPoolIntervalClosed',
      )
      await revertsWith(
        sim.commit(user, { interval: 2, energyWh: 0n, side: 'production', limitPriceWeiPerKWh: 1n }),
        'EnergyPoolZeroEnergy',
      )
      await expect(
        sim.commit(user, { interval: 2, energyWh: 1n, side: 'sell' as 'production', limitPriceWeiPerKWh: 1n }),
      ).rejects.toThrow(/side/)
      await expect(
        sim.commit(
          { address: user.address, tokenId: 99n },
          { interval: 2, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n },
        ),
      ).rejects.toThrow(/unknown user/)
      await expect(
        sim.commit(user, { interval: 2, energyWh: 2n ** 64n, side: 'production', limitPriceWeiPerKWh: 1n }),
      ).rejects.toThrow(/energyWh/)
      expect(await sim.bufferLength()).toBe(0n)
    })

    it('refuses a consumer whose collateral cannot cover the lock', async () => {
      const user = await sim.addUser({ collateralWei: 999n })
      const error = await revertsWith(
        sim.commit(user, { interval: 0, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 1_000n }),
        'EnergyProfileInsufficientCollateral',
      )
      expect(error.namedArgs).toMatchObject({ availableWei: 999n, neededWei: 1_000n })
      expect(await sim.profile(user)).toMatchObject({ lockedWei: 0n, openCommitments: 0 })
    })
  })

  describe('a full interval', () => {
    it('processes the buffer, settles pro rata at the feed price and conserves value', async () => {
      const producers = [await sim.addUser({ collateralWei: ETHER }), await sim.addUser({ collateralWei: ETHER })]
      const consumers = [await sim.addUser({ collateralWei: ETHER }), await sim.addUser({ collateralWei: ETHER })]
      await sim.commit(producers[0]!, { interval: 0, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 100n })
      await sim.commit(producers[1]!, { interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 100n })
      await sim.commit(consumers[0]!, { interval: 0, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 300n })
      await sim.commit(consumers[1]!, { interval: 0, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 300n })
      const processed = await sim.processBuffer({ maxItems: 3 })
      expect(processed.processed).toBe(4)
      expect(processed.receipts).toHaveLength(2)
      expect(await sim.interval(0)).toMatchObject({
        committedProductionWh: 4_000n,
        committedConsumptionWh: 3_000n,
        phase: 'open',
      })

      sim.advanceInterval()
      await sim.setOracle({ priceWeiPerKWh: 200n, producedWh: 4_000n, consumedWh: 3_000n })
      const result = await sim.settle(0, { maxItems: 2 })
      expect(result).toMatchObject({
        price: 200n,
        supplyWh: 4_000n,
        demandWh: 3_000n,
        tradedWh: 3_000n,
        tradedValueWei: 600n,
      })
      const byToken = new Map(result.trades.map((t) => [t.tokenId, t]))
      expect(byToken.get(producers[0]!.tokenId)).toMatchObject({ energyWh: 2_250n, amountWei: 450n })
      expect(byToken.get(producers[1]!.tokenId)).toMatchObject({ energyWh: 750n, amountWei: 150n })
      expect(byToken.get(consumers[0]!.tokenId)).toMatchObject({ energyWh: 2_000n, amountWei: 400n })
      expect(byToken.get(consumers[1]!.tokenId)).toMatchObject({ energyWh: 1_000n, amountWei: 200n })
      expect((await sim.profile(producers[0]!)).collateralWei).toBe(ETHER + 450n)
      expect(await sim.profile(consumers[0]!)).toMatchObject({
        collateralWei: ETHER - 400n,
        lockedWei: 0n,
        openCommitments: 0,
      })
      expect(await sim.heldWei()).toBe(4n * ETHER)
      expect((await sim.interval(0)).phase).toBe('settled')
      expect(new Set((await sim.commitments()).map((c) => c.status))).toEqual(new Set(['settled']))
      await revertsWith(sim.settle(0), 'EnergyMarketWrongPhase')
    })

    it('refuses to settle an open interval or with stale, zero or negative feed answers', async () => {
      const user = await sim.addUser({ collateralWei: ETHER })
      await sim.commit(user, { interval: 0, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n })
      // Filed first, so that each settle's first transaction is the one refused (else it is rolled back, buffer filing and all).
      await sim.processBuffer()
      await revertsWith(sim.settle(0), 'EnergyMarketIntervalNotClosed')
      await sim.setOracle({ priceWeiPerKWh: 5n, producedWh: 1n, consumedWh: 1n }) // reported before interval 0 closed
      sim.advanceInterval()
      await revertsWith(sim.settle(0), 'FeedReadingStaleFeed')
      await sim.setOracle({ priceWeiPerKWh: 0n, producedWh: 1n, consumedWh: 1n })
      await revertsWith(sim.settle(0), 'EnergyMarketInvalidPrice')
      await sim.setOracle({ priceWeiPerKWh: 5n, producedWh: -1n })
      await revertsWith(sim.settle(0), 'FeedReadingInvalidEnergyReading')
      expect((await sim.interval(0)).phase).toBe('open')
    })

    it('refuses bad batch sizes and intervals before sending anything', async () => {
      const block = sim.chain.blockNumber
      await expect(sim.processBuffer({ maxItems: 0 })).rejects.toThrow(InvalidArgumentError)
      await expect(sim.settle(-1)).rejects.toThrow(/interval/)
      await expect(sim.settle(0, { maxItems: 1.5 })).rejects.toThrow(/maxItems/)
      await expect(sim.setOracle({ priceWeiPerKWh: 5 as unknown as bigint })).rejects.toThrow(/priceWeiPerKWh/)
      expect(sim.chain.blockNumber).toBe(block)
    })
  })

  describe('snapshots', () => {
    it('rewind the chain, the users and the gas ledger', async () => {
      const id = sim.snapshot()
      const entries = sim.gas.entries.length
      await sim.addUser({ collateralWei: ETHER })
      sim.revert(id)
      expect(sim.users).toHaveLength(0)
      expect(sim.gas.entries).toHaveLength(entries)
      expect(await sim.heldWei()).toBe(0n)
    })

    it('refuse an id of the chain’s own snapshots, which recorded neither the users nor the ledger, changing nothing', async () => {
      const foreign = sim.chain.snapshot()
      const user = await sim.addUser({ collateralWei: ETHER })
      const state = { block: sim.chain.blockNumber, entries: sim.gas.entries.length, held: await sim.heldWei() }
      expect(() => sim.revert(foreign)).toThrow(UnknownSnapshotError)
      expect(() => sim.revert(foreign)).toThrow(/not taken by sim\.snapshot\(\)/)
      expect(() => sim.revert(10_000)).toThrow(UnknownSnapshotError)
      expect(sim.users).toEqual([{ address: user.address, tokenId: user.tokenId }])
      expect({ block: sim.chain.blockNumber, entries: sim.gas.entries.length, held: await sim.heldWei() }).toEqual(
        state,
      )
      // The chain's own revert rewinds the chain alone, as asked.
      sim.chain.revert(foreign)
      expect(await sim.heldWei()).toBe(0n)
    })
  })
})

describe('the seed design defects, fixed', () => {
  let sim: DemSimulator
  let fresh: number
  beforeAll(async () => {
    sim = await DemSimulator.create()
    fresh = sim.snapshot()
  })
  beforeEach(() => sim.revert(fresh))

  const settleInterval = async (
    interval: number,
    readings: { priceWeiPerKWh: bigint; producedWh: bigint; consumedWh: bigint },
  ) => {
    await sim.processBuffer()
    sim.advanceInterval(interval + 1 - sim.currentInterval)
    await sim.setOracle(readings)
    return sim.settle(interval)
  }

  it('charges a consumer once, not again on every later settlement', async () => {
    const producer = await sim.addUser({ collateralWei: ETHER })
    const consumer = await sim.addUser({ collateralWei: ETHER })
    await sim.commit(producer, { interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
    await sim.commit(consumer, { interval: 0, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 10n })
    await settleInterval(0, { priceWeiPerKWh: 10n, producedWh: 1_000n, consumedWh: 1_000n })
    const after = (await sim.profile(consumer)).collateralWei
    expect(after).toBe(ETHER - 10n)
    for (const interval of [1, 2, 3]) {
      await sim.commit(producer, { interval, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
      const other = await sim.addUser({ collateralWei: ETHER })
      await sim.commit(other, { interval, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 10n })
      await settleInterval(interval, { priceWeiPerKWh: 10n, producedWh: 1_000n, consumedWh: 1_000n })
      expect((await sim.profile(consumer)).collateralWei).toBe(after)
    }
  })

  it('charges each of two consumers served by one producer only for its own energy', async () => {
    const producer = await sim.addUser({ collateralWei: ETHER })
    const first = await sim.addUser({ collateralWei: ETHER })
    const second = await sim.addUser({ collateralWei: ETHER })
    await sim.commit(producer, { interval: 0, energyWh: 5_000n, side: 'production', limitPriceWeiPerKWh: 1n })
    await sim.commit(first, { interval: 0, energyWh: 3_000n, side: 'consumption', limitPriceWeiPerKWh: 100n })
    await sim.commit(second, { interval: 0, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 100n })
    await settleInterval(0, { priceWeiPerKWh: 100n, producedWh: 5_000n, consumedWh: 5_000n })
    expect((await sim.profile(first)).collateralWei).toBe(ETHER - 300n)
    expect((await sim.profile(second)).collateralWei).toBe(ETHER - 200n)
    expect((await sim.profile(producer)).collateralWei).toBe(ETHER + 500n)
  })

  it('pays every producer its share, whatever the order they committed in', async () => {
    const producers = []
    for (let i = 0; i < 5; i++) producers.push(await sim.addUser({ collateralWei: ETHER }))
    const consumer = await sim.addUser({ collateralWei: ETHER })
    for (const [i, producer] of producers.entries()) {
      await sim.commit(producer, {
        interval: 0,
        energyWh: BigInt(1_000 * (i + 1)),
        side: 'production',
        limitPriceWeiPerKWh: 1n,
      })
    }
    await sim.commit(consumer, { interval: 0, energyWh: 7_500n, side: 'consumption', limitPriceWeiPerKWh: 1_000n })
    const result = await settleInterval(0, { priceWeiPerKWh: 1_000n, producedWh: 15_000n, consumedWh: 7_500n })
    expect(result.tradedWh).toBe(7_500n)
    for (const [i, producer] of producers.entries()) {
      expect((await sim.profile(producer)).collateralWei).toBe(ETHER + BigInt(500 * (i + 1)))
    }
    expect(result.trades.filter((t) => t.side === 'production').reduce((sum, t) => sum + t.amountWei, 0n)).toBe(7_500n)
  })

  it('never matches or pays a commitment after it expired', async () => {
    const producer = await sim.addUser({ collateralWei: ETHER })
    const consumer = await sim.addUser({ collateralWei: ETHER })
    await sim.commit(producer, { interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
    await sim.commit(consumer, { interval: 0, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 10n })
    sim.advanceInterval(25) // past the default grace period of 24 intervals
    const { expired } = await sim.processBuffer()
    expect(expired).toEqual([0n, 1n])
    await sim.setOracle({ priceWeiPerKWh: 10n, producedWh: 1_000n, consumedWh: 1_000n })
    await revertsWith(sim.settle(0), 'EnergyMarketSettlementWindowClosed')
    expect(await sim.profile(consumer)).toMatchObject({ collateralWei: ETHER, lockedWei: 0n, openCommitments: 0 })
    expect((await sim.commitments()).map((c) => c.status)).toEqual(['expired', 'expired'])
  })

  it('lets no one but the wired contracts, the owner or the reporter call state-changing internals', async () => {
    const user = await sim.addUser({ collateralWei: ETHER })
    const attacker = (await sim.chain.addAccounts(1))[0]!.address as AddressHex
    const { profile, pool, priceFeed } = sim.contracts
    await revertsWith(
      sim.chain.send({
        ...profile,
        functionName: 'openCommitment',
        args: [user.tokenId, attacker, 0n],
        from: attacker,
      }),
      'EnergyProfileUnauthorizedCaller',
    )
    await revertsWith(
      sim.chain.send({ ...profile, functionName: 'applyCommitmentUpdates', args: [[1n]], from: attacker }),
      'EnergyProfileUnauthorizedCaller',
    )
    await revertsWith(
      sim.chain.send({ ...pool, functionName: 'recordCommitted', args: [[]], from: attacker }),
      'EnergyPoolUnauthorizedCaller',
    )
    await revertsWith(
      sim.chain.send({ ...pool, functionName: 'recordMetered', args: [0, 1n, 1n, 1n], from: attacker }),
      'EnergyPoolUnauthorizedCaller',
    )
    await revertsWith(
      sim.chain.send({ ...pool, functionName: 'wire', args: [attacker], from: attacker }),
      'EnergyPoolUnauthorizedCaller',
    )
    await revertsWith(
      sim.chain.send({ ...profile, functionName: 'wire', args: [attacker], from: attacker }),
      'OwnableUnauthorizedAccount',
    )
    await revertsWith(
      sim.chain.send({
        ...sim.contracts.market,
        functionName: 'withdrawSurplus',
        args: [attacker, 0n],
        from: attacker,
      }),
      'OwnableUnauthorizedAccount',
    )
    await revertsWith(
      sim.chain.send({ ...sim.contracts.market, functionName: 'setGracePeriod', args: [1n], from: attacker }),
      'OwnableUnauthorizedAccount',
    )
    await revertsWith(
      sim.chain.send({ ...priceFeed, functionName: 'updateAnswer', args: [1n], from: attacker }),
      'SimulatedFeedUnauthorizedReporter',
    )
    await revertsWith(
      sim.chain.send({ ...pool, functionName: 'commit', args: [user.tokenId, 0, 1n, 0, 1n], from: attacker }),
      'EnergyProfileNotDepositor',
    )
    await revertsWith(
      sim.chain.send({ ...pool, functionName: 'withdraw', args: [user.tokenId], from: attacker }),
      'EnergyPoolNotDepositor',
    )
    await revertsWith(
      sim.chain.send({ ...profile, functionName: 'withdrawCollateral', args: [user.tokenId, 1n], from: attacker }),
      'EnergyProfileNotController',
    )
    expect(await sim.profile(user)).toMatchObject({ collateralWei: ETHER, lockedWei: 0n, controller: user.address })
  })
})
