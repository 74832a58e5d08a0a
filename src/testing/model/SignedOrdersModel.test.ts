import { describe, expect, it } from 'vitest'
import { type OrderTerms, packOrder } from '../../market/signOrder.js'
import { oraclePrice } from '../../mechanisms/oraclePrice/oraclePrice.js'
import { createMarketModel } from '../createMarketModel.js'
import { MODEL_TEST_CONFIG, TEST_START, testAddress } from './modelTestConfig.js'
import type { ModelSignedOrder } from './SignedOrdersModel.js'

const address = testAddress
const reporter = MODEL_TEST_CONFIG.addresses.reporter
const START = TEST_START
const config = { ...MODEL_TEST_CONFIG, minEnergyWh: 100n }
const [alice, bob, mallory] = [address(1), address(2), address(3)]

/** Alice (profile 1) and Bob (profile 2) in the pool with `collateralWei` each; Mallory known. */
function market(collateralWei = 10n ** 6n) {
  const model = createMarketModel(config, oraclePrice)
  for (const account of [alice, bob, mallory]) model.addAccount(account)
  const producer = model.registerUser({ from: alice, valueWei: collateralWei, inPool: true })
  const consumer = model.registerUser({ from: bob, valueWei: collateralWei, inPool: true })
  return { model, producer, consumer }
}

/** An order for interval 0 signed by `signer` (`undefined`: a signature that recovers no one). */
function order(terms: Partial<OrderTerms> & Pick<OrderTerms, 'tokenId'>, signer: string | undefined): ModelSignedOrder {
  return {
    ...packOrder({
      interval: 0,
      side: 'production',
      energyWh: 3_000n,
      limitPriceWeiPerKWh: 100n,
      nonce: 0n,
      deadline: START + 3_599n,
      ...terms,
    }),
    signer,
  }
}

describe('submitOrders in the reference model', () => {
  it('files orders into the book, the consumer’s lock into the clearing account, and settles them as commitments', () => {
    // Arrange
    const { model, producer, consumer } = market()

    // Act
    const outcome = model.submitOrders([
      order({ tokenId: producer }, alice),
      order({ tokenId: consumer, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 200n }, bob),
    ])
    const filedState = {
      consumer: { ...model.profile(consumer) },
      clearingWei: model.clearingWei,
      totals: { ...model.totals(0) },
    }
    model.advanceInterval()
    for (const [feed, answer] of [
      ['price', 150n],
      ['produced', 3_000n],
      ['consumed', 2_000n],
    ] as const)
      model.updateAnswer({ from: reporter, feed, answer })
    model.reportDeliveries({ from: reporter, interval: 0, deliveries: new Map([[producer, 3_000n]]) })
    model.finalizeDeliveries({ from: reporter, interval: 0 })
    const { trades } = model.settleAll(0)

    // Assert
    expect(outcome).toEqual({
      filed: [
        { index: 0, orderId: 2n ** 31n, tokenId: producer },
        { index: 1, orderId: 2n ** 31n + 1n, tokenId: consumer },
      ],
      skipped: [],
    })
    expect(filedState).toMatchObject({
      consumer: { collateralWei: 10n ** 6n - 400n, lockedWei: 0n, openCommitments: 0 },
      clearingWei: 400n,
      totals: { committedProductionWh: 3_000n, committedConsumptionWh: 2_000n },
    })
    expect(trades.map((t) => [t.commitmentId, t.energyWh, t.amountWei])).toEqual([
      [2n ** 31n + 1n, 2_000n, 300n],
      [2n ** 31n, 2_000n, 300n],
    ])
    expect([model.profile(producer)?.collateralWei, model.profile(consumer)?.collateralWei, model.clearingWei]).toEqual(
      [10n ** 6n + 300n, 10n ** 6n - 300n, 0n],
    )
  })

  it('skips bad orders with the pool’s reasons in its order of checks, changing nothing for them', () => {
    // Arrange: Bob can lock 1,000 wei, no more.
    const { model, producer, consumer } = market(1_000n)
    const before = model.observe({ intervals: [0], accounts: [] })
    const consumerOrder = (nonce: bigint, energyWh: bigint) =>
      order({ tokenId: consumer, side: 'consumption', energyWh, limitPriceWeiPerKWh: 1_000n, nonce }, bob)

    // Act
    const outcome = model.submitOrders([
      { ...order({ tokenId: producer }, alice), word: order({ tokenId: producer }, alice).word | (1n << 250n) },
      order({ tokenId: producer, deadline: START - 1n }, alice),
      order({ tokenId: producer, energyWh: 99n }, alice),
      order({ tokenId: producer }, undefined),
      order({ tokenId: producer }, mallory),
      consumerOrder(0n, 2_000n),
      consumerOrder(0n, 500n),
      order({ tokenId: producer, nonce: 1n }, alice),
      order({ tokenId: producer, nonce: 2n }, alice),
      order({ tokenId: 9n }, alice),
    ])

    // Assert: the second copy of nonce 0 met it used before the first was refused for collateral.
    expect(outcome.skipped.map((s) => [s.index, s.reason])).toEqual([
      [0, 'malformed'],
      [1, 'expired'],
      [2, 'belowMinimum'],
      [3, 'badSignature'],
      [4, 'notController'],
      [5, 'insufficientCollateral'],
      [6, 'nonceUsed'],
      [8, 'secondProduction'],
      [9, 'notController'],
    ])
    expect(outcome.filed).toEqual([{ index: 7, orderId: 2n ** 31n, tokenId: producer }])
    expect([model.isNonceUsed(consumer, 0n), model.isNonceUsed(producer, 1n), model.isNonceUsed(producer, 2n)]).toEqual(
      [false, true, false],
    )
    expect(model.observe({ intervals: [0], accounts: [] }).profiles).toEqual(before.profiles)
    // A refused order's nonce is free again: once covered, it files.
    model.addCollateral({ from: bob, tokenId: consumer, valueWei: 1_000n })
    expect(model.submitOrders([consumerOrder(0n, 2_000n)]).filed).toHaveLength(1)
  })

  it('gives out no order ids for a batch that filed nothing, and one per order that reached the market otherwise', () => {
    // Arrange
    const { model, producer } = market()
    model.commit({
      from: alice,
      tokenId: producer,
      interval: 0,
      energyWh: 500n,
      side: 'production',
      limitPriceWeiPerKWh: 1n,
    })
    model.processBuffer(1n)

    // Act
    const refused = model.submitOrders([order({ tokenId: producer }, alice)])
    const countAfterRefused = model.orderCount

    // Assert
    expect(refused.skipped.map((s) => s.reason)).toEqual(['secondProduction'])
    expect(countAfterRefused).toBe(0)
    expect(model.isNonceUsed(producer, 0n)).toBe(false)
  })

  it('gives an expired interval’s consumer order its lock back from the clearing account', () => {
    // Arrange
    const { model, consumer } = market()
    model.submitOrders([
      order({ tokenId: consumer, side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 200n }, bob),
    ])
    model.setTime(START + 3_600n + 86_400n)

    // Act
    const released = model.expireAll(0)

    // Assert
    expect(released).toEqual([2n ** 31n])
    expect([model.profile(consumer)?.collateralWei, model.clearingWei]).toEqual([10n ** 6n, 0n])
  })
})
