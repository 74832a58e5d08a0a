import * as fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { OraclePriceMarket } from '../src/artifacts/index.js'
import { OraclePriceMarketStorageLayout } from '../src/artifacts/storageLayouts/index.js'
import { DemSimulator } from '../src/market/DemSimulator.js'
import type { MarketMechanism } from '../src/mechanisms/MarketMechanism.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import { oraclePrice } from '../src/mechanisms/oraclePrice/oraclePrice.js'
import { PRICE_GRID_TARIFF } from '../src/testing/arbitraries.js'
import {
  createMarketModelRunner,
  diffObservations,
  type MarketObservation,
  marketCommands,
  type ObservationScope,
  observeMarket,
  observeMarketStorage,
} from '../src/testing/index.js'
import { FC_ENV, assertProperty, runsFor, timeoutFor } from './model/propertyRunner.js'

/**
 * The storage observer against the views: random runs of the model-based commands (honest and
 * hostile, so ownership, approvals, order credits and expiries all occur) on every built-in
 * mechanism and on two user modules — one whose market artifact carries its own `storageLayout`
 * (as `compileContracts` gives it), one with no layout at all (read through the views) — and after
 * every command both observers read the whole state and must agree exactly.
 */
const RUNS = 6
const MS_PER_RUN = 6_000

/** A user's module as `compileContracts` would give it: an artifact with no generated layout of its name, but its own. */
const withOwnLayout: MarketMechanism = {
  ...oraclePrice,
  name: 'user-with-layout',
  market: {
    abi: OraclePriceMarket.abi,
    bytecode: OraclePriceMarket.bytecode,
    storageLayout: OraclePriceMarketStorageLayout,
  },
} as MarketMechanism
/** A user's module whose artifact says nothing of its storage. */
const withoutLayout: MarketMechanism = {
  ...oraclePrice,
  name: 'user-without-layout',
  market: { abi: OraclePriceMarket.abi, bytecode: OraclePriceMarket.bytecode },
}

let compared = 0
/** States every mechanism's runs reach (the stage `settling` and approvals only sometimes). */
const COVERED = [
  'a lock',
  'a profile out of the pool',
  'stage expired',
  'stage open',
  'stage settled',
  'status expired',
  'status filed',
  'status pending',
  'status settled',
]
/** What the compared observations held, so the test cannot pass on states that never occur. */
const seen = new Set<string>()

describe.each([...MECHANISMS, withOwnLayout, withoutLayout].map((m) => [m.name, m] as const))(
  '%s: storage observations equal the views’',
  (name, mechanism) => {
    afterAll(() => {
      console.log(
        `observeMarketStorage ${name}: seed ${FC_ENV.seed}, ${compared} observations compared; seen: ${[...seen].sort().join(', ')}`,
      )
      compared = 0
      seen.clear()
    })

    it(
      'after every command of random runs, on the whole state',
      async () => {
        const sim = await DemSimulator.create({ gracePeriodSeconds: 7_200n, mechanism, gridTariff: PRICE_GRID_TARIFF })
        const observe = async (s: DemSimulator, scope: ObservationScope): Promise<MarketObservation> => {
          const full: ObservationScope = {
            ownership: true,
            commitmentTerms: true,
            intervals: allIntervals(
              scope,
              await observeMarket(s, {
                tokenIds: [],
                commitmentTerms: true,
                intervals: [],
                accounts: [],
                feeds: false,
              }),
            ),
            accounts: scope.accounts,
          }
          let whole: MarketObservation | undefined
          for (const each of [scope, full]) {
            const byViews = await observeMarket(s, each)
            whole = await observeMarketStorage(s, each)
            const differences = diffObservations(byViews, whole)
            if (differences.length > 0)
              throw new Error(`storage ≠ views (views first):\n  ${differences.slice(0, 20).join('\n  ')}`)
          }
          compared += 1
          if (whole === undefined) throw new Error('nothing observed')
          for (const c of whole.commitments) seen.add(`status ${c.status}`)
          for (const i of whole.intervals) seen.add(`stage ${i.stage}`)
          for (const p of whole.profiles) {
            if (BigInt(p.approved ?? 0) !== 0n) seen.add('an approval')
            if (BigInt(p.depositor ?? 0) === 0n) seen.add('a profile out of the pool')
            if (p.lockedWei > 0n) seen.add('a lock')
          }
          return observeMarket(s, scope)
        }
        const runner = await createMarketModelRunner(sim, {
          hostile: 'receiver',
          initialUsers: [
            { collateralWei: 10n ** 7n },
            { collateralWei: 10n ** 6n, energyType: 5 },
            { collateralWei: 10n ** 6n, deposit: false },
          ],
          observe,
        })
        const commands = marketCommands({
          maxCommands: FC_ENV.maxCommands ?? 40,
          graceIntervals: 2,
          weights: { hostile: 12 },
          replayPath: FC_ENV.replayPath,
        })
        await assertProperty(
          fc.asyncProperty(commands, fc.integer({ min: 1, max: 9 }), (sequence, maxItems) =>
            runner.run(sequence, { liveness: maxItems }),
          ),
          {
            runs: RUNS,
            file: 'test/observeMarketStorage.property.test.ts',
            timeLimitMs: timeoutFor(RUNS, MS_PER_RUN) - 15_000,
          },
        )
        expect(compared).toBeGreaterThan(RUNS)
        // A replayed case, or fewer runs than these, need not reach every state.
        if (FC_ENV.path === undefined && runsFor(RUNS) >= RUNS)
          expect([...seen].sort()).toEqual(expect.arrayContaining(COVERED))
      },
      timeoutFor(RUNS, MS_PER_RUN),
    )
  },
)

/** The scope's intervals, every interval a commitment names, and every one from 0 to one past the latest of them (at most 200). */
function allIntervals(scope: ObservationScope, o: MarketObservation): number[] {
  const named = [...scope.intervals, ...o.commitments.map((c) => c.interval ?? 0)]
  const latest = Math.min(200, Math.max(0, ...named))
  const all = new Set([...named, ...Array.from({ length: latest + 2 }, (_, i) => i)])
  return [...all].sort((x, y) => x - y)
}
