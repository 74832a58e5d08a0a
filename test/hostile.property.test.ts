import * as fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import {
  createMarketModelRunner,
  MARKET_COMMAND_KINDS,
  marketCommands,
  type MarketCommandsOptions,
  type MarketRunStats,
} from '../src/testing/index.js'
import { FC_ENV, assertProperty, timeoutFor } from './model/propertyRunner.js'
import { PRICE_GRID_TARIFF } from '../src/testing/arbitraries.js'
import { summarizeStats } from './model/summarizeStats.js'

/**
 * The model-based run with a hostile account in the command mix: it calls every external
 * function of every contract with other users' token ids and nonexistent ones, calls the
 * functions the contracts call on each other, the owner's and the reporter's, the keeper calls
 * with extreme batch sizes and intervals, and drains its own collateral through a malicious
 * receiver contract that re-enters (withdrawCollateral again, addCollateral, another user's
 * withdrawal, processBuffer, commit) or refuses the payment. Besides everything the honest run
 * checks, after every command the hostile account's ETH + collateral must equal its start plus
 * what it earned by trading, and its attacks must change no one else's state.
 */
const RUNS = 30
const RANKING_RUNS = 20
const MS_PER_RUN = 8_000
let stats: MarketRunStats | undefined
let rankingStats: MarketRunStats | undefined

describe.each(MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))(
  '%s with a hostile account in the command mix',
  (name, mechanism) => {
    afterAll(() => {
      if (stats !== undefined) console.log(summarizeStats(`hostile model-based ${name}`, stats))
      if (rankingStats !== undefined) console.log(summarizeStats(`hostile ranking ${name}`, rankingStats))
      stats = undefined
      rankingStats = undefined
    })

    it(
      'never gains value and never changes another user’s state',
      async () => {
        // Arrange: the market, two honest users, the hostile EOA and its malicious receiver, snapshotted.
        const sim = await DemSimulator.create({ gracePeriodSeconds: 7_200n, mechanism, gridTariff: PRICE_GRID_TARIFF })
        const runner = await createMarketModelRunner(sim, {
          hostile: 'receiver',
          initialUsers: [
            { collateralWei: 10n ** 7n },
            { collateralWei: 10n ** 6n, energyType: 5 },
            { collateralWei: 10n ** 6n, deposit: false },
          ],
          fullCheckEvery: FC_ENV.fullCheckEvery ?? 10,
          trace: FC_ENV.trace,
        })
        stats = runner.stats
        const commands = marketCommands({
          maxCommands: FC_ENV.maxCommands ?? 60,
          graceIntervals: 2,
          weights: { hostile: 45 },
          replayPath: FC_ENV.replayPath,
        })

        // Act + Assert
        await assertProperty(
          fc.asyncProperty(commands, fc.integer({ min: 1, max: 9 }), (sequence, maxItems) =>
            runner.run(sequence, { liveness: maxItems }),
          ),
          {
            runs: RUNS,
            file: 'test/hostile.property.test.ts',
            timeLimitMs: timeoutFor(RUNS, MS_PER_RUN) - 15_000,
          },
        )
      },
      timeoutFor(RUNS, MS_PER_RUN),
    )

    // A stranger ranks intervals out of turn (helping, skipping, out of order, or only claiming the
    // ranking) and resets rankings, among intervals that settle a few work items at a time: the
    // keeper recovers or waits out the claim, and liveness bounds its transactions and gas.
    it(
      'a stranger’s ranking never keeps the keeper from finishing an interval',
      async () => {
        // Arrange
        const sim = await DemSimulator.create({ mechanism, gridTariff: PRICE_GRID_TARIFF })
        const runner = await createMarketModelRunner(sim, {
          hostile: true,
          initialUsers: [{ collateralWei: 10n ** 7n }, { collateralWei: 10n ** 7n, energyType: 5 }],
          fullCheckEvery: FC_ENV.fullCheckEvery ?? 10,
          trace: FC_ENV.trace,
        })
        rankingStats = runner.stats
        // Books on both sides, an interval closed and reported, then the keeper and the stranger in turns.
        const commands = fc
          .tuple(
            // Signed orders beside commitments: a ranking reads their words from the segments handed back.
            marketCommands({ maxCommands: 5, weights: onlyWeights({ commitBatch: 3, submitOrders: 2 }) }),
            marketCommands({ maxCommands: 1, weights: onlyWeights({ closeInterval: 1 }) }),
            marketCommands({
              maxCommands: FC_ENV.maxCommands ?? 30,
              weights: onlyWeights({
                settleStep: 8,
                settle: 3,
                hostileRanking: 14,
                advanceTime: 2,
                closeInterval: 2,
                commitBatch: 3,
                submitOrders: 1,
              }),
            }),
          )
          .map(([books, close, turns]) => [...books, ...close, ...turns])

        // Act + Assert
        await assertProperty(
          fc.asyncProperty(commands, fc.integer({ min: 2, max: 9 }), (sequence, maxItems) =>
            runner.run(sequence, { liveness: maxItems }),
          ),
          {
            runs: RANKING_RUNS,
            file: 'test/hostile.property.test.ts',
            timeLimitMs: timeoutFor(RANKING_RUNS, MS_PER_RUN) - 15_000,
          },
        )
      },
      timeoutFor(RANKING_RUNS, MS_PER_RUN),
    )
  },
)

/** Weights that leave out every kind of command but `weights`'. */
function onlyWeights(weights: MarketCommandsOptions['weights']): MarketCommandsOptions['weights'] {
  const none = Object.fromEntries(MARKET_COMMAND_KINDS.map((kind) => [kind, 0]))
  return { ...none, ...weights }
}
