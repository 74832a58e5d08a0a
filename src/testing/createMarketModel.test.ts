import { describe, expect, it } from 'vitest'
import type { AddressHex } from '../chain/types.js'
import { createMarketModel, lockFor } from './createMarketModel.js'
import { ModelFailure } from './ModelFailure.js'

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as AddressHex
const reporter = address(0xa8)
const config = {
  startTime: 1_700_000_000n,
  intervalSeconds: 3_600n,
  gracePeriodSeconds: 86_400n,
  priceDecimals: 0,
  energyDecimals: 0,
  timestamp: 1_700_000_000n,
  accountBalanceWei: 10n ** 24n,
  addresses: {
    profile: address(0xa1),
    pool: address(0xa2),
    market: address(0xa3),
    priceFeed: address(0xa4),
    producedFeed: address(0xa5),
    consumedFeed: address(0xa6),
    owner: address(0xa7),
    reporter,
    keeper: address(0xa9),
  },
}

function failureOf(operation: () => unknown) {
  try {
    operation()
  } catch (error) {
    if (error instanceof ModelFailure) return error.failure
    throw error
  }
  throw new Error('expected a failure')
}

describe('createMarketModel', () => {
  it('settles the README example: 2 kWh at 150 wei/kWh, 300 wei from the consumer to the producer', () => {
    // Arrange
    const model = createMarketModel(config)
    const [alice, bob] = [address(1), address(2)]
    model.addAccount(alice)
    model.addAccount(bob)
    const producer = model.registerUser({ from: alice, valueWei: 10n ** 18n, inPool: true })
    const consumer = model.registerUser({ from: bob, valueWei: 10n ** 18n, inPool: true })
    model.commit({ from: alice, tokenId: producer, interval: 0, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 100n })
    model.commit({ from: bob, tokenId: consumer, interval: 0, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 200n })
    expect(model.profile(consumer)?.lockedWei).toBe(400n)
    model.advanceInterval()
    model.updateAnswer({ from: reporter, feed: 'price', answer: 150n })
    model.updateAnswer({ from: reporter, feed: 'produced', answer: 3_000n })
    model.updateAnswer({ from: reporter, feed: 'consumed', answer: 2_000n })

    // Act
    const step = model.settle(0, 100n)

    // Assert
    expect(step.settled).toBe(true)
    expect(step.summary).toMatchObject({ supplyWh: 3_000n, demandWh: 2_000n, tradedWh: 2_000n, tradedValueWei: 300n })
    expect(step.trades.map((t) => [t.side, t.energyWh, t.amountWei])).toEqual([
      ['production', 2_000n, 300n],
      ['consumption', 2_000n, 300n],
    ])
    expect(model.profile(producer)).toMatchObject({ collateralWei: 10n ** 18n + 300n, lockedWei: 0n, openCommitments: 0 })
    expect(model.profile(consumer)).toMatchObject({ collateralWei: 10n ** 18n - 300n, lockedWei: 0n, openCommitments: 0 })
    expect(model.heldWei).toBe(2n * 10n ** 18n)
  })

  it('rounds a consumer’s lock up: ceil(energyWh × limit / 1000)', () => {
    expect([lockFor(1n, 1n), lockFor(1_000n, 1n), lockFor(1_001n, 1n), lockFor(0n, 5n)]).toEqual([1n, 1n, 2n, 0n])
  })

  it('predicts a failing operation’s custom error and leaves the model as it was', () => {
    // Arrange
    const model = createMarketModel(config)
    const alice = address(1)
    model.addAccount(alice)
    const tokenId = model.registerUser({ from: alice, valueWei: 1_000n, inPool: true })
    const before = model.observe({ intervals: [0], accounts: [alice] })

    // Act
    const failure = failureOf(() => model.commit({ from: alice, tokenId, interval: 0, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 1_000n }))

    // Assert
    expect(failure).toEqual({ kind: 'reverted', errorName: 'EnergyProfileInsufficientCollateral', args: { tokenId, availableWei: 1_000n, neededWei: 2_000n } })
    expect(model.observe({ intervals: [0], accounts: [alice] })).toEqual(before)
  })

  it('refuses a feed whose latest round is older than the interval’s end, and one with no round inside the next interval', () => {
    const model = createMarketModel(config)
    model.advanceInterval()
    expect(failureOf(() => model.settle(0, 1n))).toMatchObject({ errorName: 'EnergyMarketStaleFeed', args: { updatedAt: 0n } })
    model.advanceInterval()
    for (const feed of ['price', 'produced', 'consumed'] as const) model.updateAnswer({ from: reporter, feed, answer: 1n })
    expect(failureOf(() => model.settle(0, 1n))).toMatchObject({ errorName: 'EnergyMarketFeedRoundNotFound', args: { interval: 0n } })
    expect(model.settle(1, 1n).settled).toBe(true)
  })
})
