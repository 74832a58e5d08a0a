import { describe, expect, it } from 'vitest'
import { oraclePrice } from '../mechanisms/oraclePrice/oraclePrice.js'
import { payAsBid } from '../mechanisms/payAsBid/payAsBid.js'
import { createMarketModel } from './createMarketModel.js'
import { ModelFailure } from './ModelFailure.js'
import { MODEL_TEST_CONFIG, testAddress } from './model/modelTestConfig.js'

const address = testAddress
const reporter = MODEL_TEST_CONFIG.addresses.reporter
const config = MODEL_TEST_CONFIG

function failureOf(operation: () => unknown) {
  try {
    operation()
  } catch (error) {
    if (error instanceof ModelFailure) return error.failure
    throw error
  }
  throw new Error('expected a failure')
}

/** The README example, reported: 3 kWh offered at 100, 2 kWh wanted at 200, price 150, every reading final. */
function readmeExample() {
  const model = createMarketModel(config, oraclePrice)
  const [alice, bob] = [address(1), address(2)]
  model.addAccount(alice)
  model.addAccount(bob)
  const producer = model.registerUser({ from: alice, valueWei: 10n ** 18n, inPool: true })
  const consumer = model.registerUser({ from: bob, valueWei: 10n ** 18n, inPool: true })
  model.commit({
    from: alice,
    tokenId: producer,
    interval: 0,
    energyWh: 3_000n,
    side: 'production',
    limitPriceWeiPerKWh: 100n,
  })
  model.commit({
    from: bob,
    tokenId: consumer,
    interval: 0,
    energyWh: 2_000n,
    side: 'consumption',
    limitPriceWeiPerKWh: 200n,
  })
  expect(model.profile(consumer)?.lockedWei).toBe(400n)
  model.advanceInterval()
  for (const [feed, answer] of [
    ['price', 150n],
    ['produced', 3_000n],
    ['consumed', 2_000n],
  ] as const)
    model.updateAnswer({ from: reporter, feed, answer })
  model.reportDeliveries({ from: reporter, interval: 0, deliveries: new Map([[producer, 3_000n]]) })
  model.finalizeDeliveries({ from: reporter, interval: 0 })
  return { model, producer, consumer }
}

describe('createMarketModel', () => {
  it('settles the README example: 2 kWh at 150 wei/kWh, 300 wei from the consumer to the producer', () => {
    // Arrange
    const { model, producer, consumer } = readmeExample()

    // Act
    const { trades, outcome } = model.settleAll(0)

    // Assert
    expect(model.interval(0).phase).toBe('settled')
    expect(outcome).toMatchObject({
      supplyWh: 3_000n,
      demandWh: 2_000n,
      tradedWh: 2_000n,
      paidWei: 300n,
      receivedWei: 300n,
      surplusWei: 0n,
    })
    expect(trades.map((t) => [t.side, t.energyWh, t.amountWei])).toEqual([
      ['consumption', 2_000n, 300n],
      ['production', 2_000n, 300n],
    ])
    expect(model.profile(producer)).toMatchObject({
      collateralWei: 10n ** 18n + 300n,
      lockedWei: 0n,
      openCommitments: 0,
    })
    expect(model.profile(consumer)).toMatchObject({
      collateralWei: 10n ** 18n - 300n,
      lockedWei: 0n,
      openCommitments: 0,
    })
    expect(model.heldWei).toBe(2n * 10n ** 18n)
  })

  it('predicts a failing operation’s custom error and leaves the model as it was', () => {
    // Arrange
    const model = createMarketModel(config, oraclePrice)
    const alice = address(1)
    model.addAccount(alice)
    const tokenId = model.registerUser({ from: alice, valueWei: 1_000n, inPool: true })
    const before = model.observe({ intervals: [0], accounts: [alice] })

    // Act
    const failure = failureOf(() =>
      model.commit({
        from: alice,
        tokenId,
        interval: 0,
        energyWh: 2_000n,
        side: 'consumption',
        limitPriceWeiPerKWh: 1_000n,
      }),
    )

    // Assert
    expect(failure).toEqual({
      kind: 'reverted',
      errorName: 'EnergyProfileInsufficientCollateral',
      args: { tokenId, availableWei: 1_000n, neededWei: 2_000n },
    })
    expect(model.observe({ intervals: [0], accounts: [alice] })).toEqual(before)
  })

  it('refuses a feed whose latest round is older than the interval’s end, and one with no round inside the next interval', () => {
    const model = createMarketModel(config, oraclePrice)
    model.advanceInterval()
    expect(failureOf(() => model.settle(0, 1n))).toMatchObject({
      errorName: 'FeedReadingStaleFeed',
      args: { updatedAt: 0n },
    })
    model.advanceInterval()
    for (const feed of ['price', 'produced', 'consumed'] as const)
      model.updateAnswer({ from: reporter, feed, answer: 1n })
    expect(failureOf(() => model.settle(0, 1n))).toMatchObject({
      errorName: 'FeedReadingRoundNotFound',
      args: { interval: 0n },
    })
    model.finalizeDeliveries({ from: reporter, interval: 1 })
    model.settle(1, 1n)
    expect(model.interval(1).phase).toBe('filing')
  })

  it('settles oracle-price only once the deliveries are final, and refuses a report after that', () => {
    const model = createMarketModel(config, oraclePrice)
    model.advanceInterval()
    for (const feed of ['price', 'produced', 'consumed'] as const)
      model.updateAnswer({ from: reporter, feed, answer: 1n })
    expect(failureOf(() => model.settle(0, 1n))).toMatchObject({
      errorName: 'EnergyMarketReadingsNotFinal',
      args: { interval: 0n },
    })
    expect(failureOf(() => model.finalizeDeliveries({ from: address(9), interval: 0 }))).toMatchObject({
      errorName: 'SimulatedMeterUnauthorizedReporter',
    })
    model.finalizeDeliveries({ from: reporter, interval: 0 })
    expect(
      failureOf(() => model.reportDeliveries({ from: reporter, interval: 0, deliveries: new Map([[1n, 1n]]) })),
    ).toMatchObject({
      errorName: 'SimulatedMeterDeliveriesFinal',
      args: { interval: 0n },
    })
    model.settle(0, 1n)
    expect(model.interval(0).phase).toBe('filing')
    // Without a finalization, an interval's deliveries are final once the next interval has closed.
    model.advanceInterval()
    expect(model.deliveriesFinal(1)).toBe(false)
    model.advanceInterval()
    expect(model.deliveriesFinal(1)).toBe(true)
  })

  it('takes a settlement’s progress from its events, and refuses a trade that differs from the clearing rule, changing nothing', () => {
    // Arrange: the README example, its settlement started.
    const { model, producer } = readmeExample()
    model.settle(0, 1n)
    const filed = [
      { eventName: 'CommitmentProcessed', args: { commitmentId: 0n, interval: 0 } },
      { eventName: 'CommitmentProcessed', args: { commitmentId: 1n, interval: 0 } },
    ]
    const before = model.observe({ intervals: [0], accounts: [] })

    // Act + Assert: a payout of 301 wei where the rule says 300 is refused.
    expect(() =>
      model.applyProgress(
        [...filed, { eventName: 'CommitmentSettled', args: { commitmentId: 1n, energyWh: 2_000n, amountWei: 301n } }],
        new Map(),
      ),
    ).toThrow('commitment 1 settled 2000 Wh for 301 wei; the clearing rule says 2000 Wh for 300 wei')
    expect(model.observe({ intervals: [0], accounts: [] })).toEqual(before)

    // Act + Assert: the right events settle it.
    model.applyProgress(
      [
        ...filed,
        { eventName: 'CommitmentSettled', args: { commitmentId: 1n, energyWh: 2_000n, amountWei: 300n } },
        { eventName: 'CommitmentSettled', args: { commitmentId: 0n, energyWh: 2_000n, amountWei: 300n } },
        { eventName: 'IntervalSettled', args: { interval: 0 } },
      ],
      new Map([[0, 'settled']]),
    )
    expect(model.profile(producer)?.collateralWei).toBe(10n ** 18n + 300n)
    expect(model.commitmentStatus(0n)).toBe('settled')
  })

  it('files by the mechanism’s rules: commitments below the minimum size and a profile’s second production commitment are released', () => {
    // Arrange: a pay-as-bid market with a 100 Wh minimum.
    const model = createMarketModel({ ...config, minEnergyWh: 100n }, payAsBid)
    const alice = address(1)
    model.addAccount(alice)
    const tokenId = model.registerUser({ from: alice, valueWei: 10n ** 18n, inPool: true })
    for (const energyWh of [99n, 100n, 500n])
      model.commit({ from: alice, tokenId, interval: 0, energyWh, side: 'production', limitPriceWeiPerKWh: 1n })

    // Act
    const { expired } = model.processBuffer(10n)

    // Assert
    expect(expired).toEqual([0n, 2n])
    expect(model.interval(0).producers).toEqual([1n])
    expect(model.totals(0).committedProductionWh).toBe(100n)
    expect(model.profile(tokenId)?.openCommitments).toBe(1)
  })
})
