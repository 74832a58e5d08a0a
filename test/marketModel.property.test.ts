import * as fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import { DemSimulator, type DemSimulatorOptions } from '../src/market/DemSimulator.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import {
  createMarketModelRunner,
  marketCommands,
  type MarketCommandsOptions,
  type MarketRunStats,
} from '../src/testing/index.js'
import { FC_ENV, assertProperty, timeoutFor } from './model/propertyRunner.js'
import { PRICE_GRID_TARIFF } from '../src/testing/arbitraries.js'
import { summarizeStats } from './model/summarizeStats.js'

/**
 * Model-based tests, for every mechanism: random sequences of every market operation run on the
 * simulator and on the reference model, and after every command the chain must equal the model
 * and the seven invariants of docs/design.md §5 must hold (see `MarketRun`). The model predicts
 * trades from the mechanism's `clear`, not from its bookkeeping. Each run starts from a snapshot
 * of the deployed market with a few users, so runs cost no redeploy.
 */
const CONFIGS: readonly {
  name: string
  options: DemSimulatorOptions
  graceIntervals: number
  runs: number
  weights?: MarketCommandsOptions['weights']
}[] = [
  {
    name: 'hourly intervals, the default 24-interval grace period, whole-unit feeds, default batches',
    options: {},
    graceIntervals: 24,
    runs: 30,
  },
  {
    name: '10-minute intervals, a 2-interval grace period, 3 price and 2 energy decimals, tiny batches',
    options: {
      intervalSeconds: 600n,
      gracePeriodSeconds: 1_200n,
      priceDecimals: 3,
      energyDecimals: 2,
      defaultBatchSize: 3,
      settleBatchSize: 5,
    },
    graceIntervals: 2,
    runs: 34,
  },
  {
    name: 'settlement-heavy: full books, closed and reported intervals, settled a few work items per transaction',
    options: { priceDecimals: 2, settleBatchSize: 3 },
    graceIntervals: 24,
    runs: 30,
    weights: {
      commitBatch: 24,
      commit: 6,
      closeInterval: 12,
      settleStep: 16,
      settle: 8,
      processBuffer: 3,
      setOracle: 2,
      advanceInterval: 1,
      advanceTime: 1,
      expireInterval: 1,
      addUser: 2,
      deposit: 1,
      withdrawProfile: 1,
      addCollateral: 1,
      withdrawCollateral: 2,
      rawOracle: 1,
    },
  },
]

const MS_PER_RUN = 8_000
const stats: { name: string; stats: MarketRunStats }[] = []

describe.each(MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))(
  '%s against its reference model (fast-check model-based)',
  (name, mechanism) => {
    afterAll(() => {
      for (const { name: config, stats: s } of stats.splice(0))
        console.log(summarizeStats(`model-based ${name}: ${config}`, s))
    })

    for (const config of CONFIGS) {
      it(
        config.name,
        async () => {
          // Arrange: a deployed market with four deposited users and one that is not, snapshotted.
          const sim = await DemSimulator.create({ ...config.options, mechanism, gridTariff: PRICE_GRID_TARIFF })
          const runner = await createMarketModelRunner(sim, {
            initialUsers: [
              { collateralWei: 10n ** 7n, energyType: 0 },
              { collateralWei: 10n ** 6n, energyType: 5 },
              { collateralWei: 10n ** 6n, energyType: 1 },
              { collateralWei: 30_000n, energyType: 4 },
              { collateralWei: 10n ** 6n, deposit: false },
            ],
            fullCheckEvery: FC_ENV.fullCheckEvery ?? 10,
            trace: FC_ENV.trace,
          })
          stats.push({ name: config.name, stats: runner.stats })
          const commands = marketCommands({
            maxCommands: FC_ENV.maxCommands ?? 70,
            replayPath: FC_ENV.replayPath,
            graceIntervals: config.graceIntervals,
            intervalSeconds: sim.intervalSeconds,
            weights: config.weights,
          })

          // Act + Assert: every command is checked as it runs.
          await assertProperty(
            fc.asyncProperty(commands, fc.integer({ min: 1, max: 9 }), (sequence, maxItems) =>
              runner.run(sequence, { liveness: maxItems }),
            ),
            {
              runs: config.runs,
              file: 'test/marketModel.property.test.ts',
              timeLimitMs: timeoutFor(config.runs, MS_PER_RUN) - 15_000,
            },
          )
        },
        timeoutFor(config.runs, MS_PER_RUN),
      )
    }
  },
)
