import * as fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { DemSimulator } from '../../src/market/DemSimulator.js'
import { ORDER_SKIP_REASONS } from '../../src/market/submitOrders.js'
import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { PRICE_GRID_TARIFF } from '../../src/testing/arbitraries.js'
import {
  createMarketModelRunner,
  MARKET_COMMAND_KINDS,
  type MarketCommandsOptions,
  type MarketRunStats,
  marketCommands,
} from '../../src/testing/index.js'
import { assertProperty, FC_ENV, timeoutFor } from '../model/propertyRunner.js'
import { summarizeStats } from '../model/summarizeStats.js'

/**
 * Hostile signed orders on every mechanism, against the reference model: users sign orders and
 * aggregators submit them in batches — forged (another key), tampered, with a signature ECDSA
 * refuses, expired, malformed, duplicated in a batch, replayed, under a reused nonce, for a closed
 * interval, reordered within a batch, batches held back and submitted after later ones, and
 * consumers whose collateral is withdrawn between signing and submission — among commitments,
 * closes, settlements and expiries. The model predicts each order's fate (filed with its id, or
 * skipped with its reason), every used nonce and the order count; a batch that files nothing
 * changes nothing; the run checks the whole state, value and the invariants after every command,
 * and ends with every interval settled or expired by the keeper (liveness).
 */
const RUNS = 12
const MS_PER_RUN = 8_000
const ORDER_WEIGHTS = onlyWeights({
  submitOrders: 12,
  submitHeldOrders: 4,
  commit: 2,
  withdrawCollateral: 2,
  addCollateral: 1,
  closeInterval: 8,
  settle: 3,
  settleStep: 2,
  expireInterval: 1,
  advanceTime: 1,
})
let stats: MarketRunStats | undefined

describe.each(MECHANISMS.map((m) => [m.name, m] as const))('hostile signed orders on %s', (name, mechanism) => {
  afterAll(() => {
    if (stats !== undefined) console.log(summarizeStats(`signed orders ${name}`, stats))
    stats = undefined
  })

  it(
    'files exactly the orders the model says, skips the rest with its reason, changes nothing for them, settles',
    async () => {
      // Arrange: four deposited users (one short of collateral) and one outside the pool, snapshotted.
      const sim = await DemSimulator.create({ mechanism, gridTariff: PRICE_GRID_TARIFF })
      const runner = await createMarketModelRunner(sim, {
        initialUsers: [
          { collateralWei: 10n ** 7n },
          { collateralWei: 10n ** 7n, energyType: 5 },
          { collateralWei: 10n ** 6n },
          { collateralWei: 3_000n },
          { collateralWei: 10n ** 6n, deposit: false },
        ],
        fullCheckEvery: FC_ENV.fullCheckEvery ?? 10,
        trace: FC_ENV.trace,
      })
      stats = runner.stats
      const commands = marketCommands({
        maxCommands: FC_ENV.maxCommands ?? 30,
        weights: ORDER_WEIGHTS,
        replayPath: FC_ENV.replayPath,
      })

      // Act + Assert: every batch is checked as it runs.
      await assertProperty(
        fc.asyncProperty(commands, fc.integer({ min: 1, max: 9 }), (sequence, maxItems) =>
          runner.run(sequence, { liveness: maxItems }),
        ),
        {
          runs: RUNS,
          file: 'test/mechanisms/signedOrders.property.test.ts',
          timeLimitMs: timeoutFor(RUNS, MS_PER_RUN) - 15_000,
        },
      )
      // Assert: the runs met every fate an order can have, so none of the checks above was vacuous.
      const outcomes = runner.stats.orderOutcomes ?? {}
      expect(['filed', ...ORDER_SKIP_REASONS].filter((outcome) => (outcomes[outcome] ?? 0) === 0)).toEqual([])
    },
    timeoutFor(RUNS, MS_PER_RUN),
  )
})

/** Weights that leave out every kind of command but `weights`'. */
function onlyWeights(weights: MarketCommandsOptions['weights']): MarketCommandsOptions['weights'] {
  const none = Object.fromEntries(MARKET_COMMAND_KINDS.map((kind) => [kind, 0]))
  return { ...none, ...weights }
}
