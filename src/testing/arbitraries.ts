import * as fc from 'fast-check'
import type { AddUserParameters } from '../market/DemSimulator.js'
import type { OracleReadings, Side } from '../market/types.js'
import type { FlatTariff } from '../mechanisms/gridTariff.js'
import type { IntervalTarget } from './commands/helpers.js'
import { ORDER_MUTATIONS, type OrderEntry, type OrderMutation } from './commands/orderCommands.js'

const MAX_UINT64 = 2n ** 64n - 1n
const MAX_UINT96 = 2n ** 96n - 1n

/**
 * Collateral amounts in wei: mostly enough for a few commitments, sometimes zero, one wei, one
 * ether, or more than a fresh account owns.
 *
 * @example
 * import fc from 'fast-check'
 * import { collateralArbitrary } from 'dem-sim/testing'
 * fc.sample(collateralArbitrary(), 3) // e.g. [12_345n, 1_000_000_000_000_000_000n, 0n]
 */
export function collateralArbitrary(): fc.Arbitrary<bigint> {
  return fc.oneof(
    { arbitrary: fc.bigInt(1n, 50_000n), weight: 5 },
    { arbitrary: fc.bigInt(10n ** 6n, 10n ** 12n), weight: 3 },
    { arbitrary: fc.constantFrom(0n, 1n, 10n ** 18n), weight: 2 },
    { arbitrary: fc.constant(2n * 10n ** 24n), weight: 1 },
  )
}

/** Energy in Wh: mostly 1 to 5,000, sometimes zero or near the 64-bit limit. */
export function energyArbitrary(): fc.Arbitrary<bigint> {
  return fc.oneof(
    { arbitrary: fc.bigInt(1n, 5_000n), weight: 12 },
    { arbitrary: fc.constantFrom(0n, 1n, MAX_UINT64), weight: 1 },
  )
}

/**
 * Prices (wei per kWh) that both limits and oracle answers often take, so that a limit often
 * equals the clearing price exactly — the in-the-money boundary.
 */
export const PRICE_GRID: readonly bigint[] = [100n, 250n, 500n, 1_000n, 1_500n]

/**
 * A grid tariff spanning {@link PRICE_GRID}: a market that prices between the grid's tariffs (`sdr`)
 * then meets the limits the arbitraries draw. Pass it as `DemSimulator.create({ gridTariff })`.
 */
export const PRICE_GRID_TARIFF: FlatTariff = {
  feedInWeiPerKWh: PRICE_GRID[0] as bigint,
  importWeiPerKWh: PRICE_GRID[PRICE_GRID.length - 1] as bigint,
}

/** Limit prices in wei per kWh around the prices {@link oracleReadingsArbitrary} reports (often exactly one of them), sometimes 0 or the 96-bit maximum. */
export function limitPriceArbitrary(): fc.Arbitrary<bigint> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...PRICE_GRID), weight: 6 },
    { arbitrary: fc.bigInt(1n, 3_000n), weight: 6 },
    { arbitrary: fc.constantFrom(0n, 1n, MAX_UINT96), weight: 1 },
  )
}

/** New prosumers as `sim.addUser` takes them. */
export function userArbitrary(): fc.Arbitrary<Required<AddUserParameters>> {
  return fc.record({
    collateralWei: collateralArbitrary(),
    location: fc.oneof({ arbitrary: fc.nat(100), weight: 5 }, { arbitrary: fc.constant(2 ** 32 - 1), weight: 1 }),
    energyType: fc.nat(5),
    deposit: fc.boolean(),
  })
}

/** An interval relative to the current one (past, current or future), one already named, or the last possible. */
export function intervalTargetArbitrary(): fc.Arbitrary<IntervalTarget> {
  const relative = (offset: number): IntervalTarget => ({ kind: 'relative', offset })
  return fc.oneof(
    { arbitrary: fc.constant(relative(0)), weight: 10 },
    { arbitrary: fc.constant(relative(1)), weight: 5 },
    { arbitrary: fc.integer({ min: 2, max: 3 }).map(relative), weight: 2 },
    { arbitrary: fc.integer({ min: -2, max: -1 }).map(relative), weight: 2 },
    { arbitrary: fc.nat(20).map((index): IntervalTarget => ({ kind: 'touched', index })), weight: 2 },
    { arbitrary: fc.constant<IntervalTarget>({ kind: 'absolute', interval: 2 ** 32 - 1 }), weight: 1 },
  )
}

/** A commitment's terms: which interval, how much, which side, at what limit. */
export type CommitmentTerms = { target: IntervalTarget; energyWh: bigint; side: Side; limitPriceWeiPerKWh: bigint }

/**
 * Commitments of both sides with random limits, for past, current and future intervals.
 * Producers lean to low limits and consumers to high ones (so that many trade), but every limit
 * can fall on either side of the price, or on it.
 */
export function commitmentArbitrary(): fc.Arbitrary<CommitmentTerms> {
  return fc.constantFrom<Side>('production', 'consumption').chain((side) =>
    fc.record({
      target: intervalTargetArbitrary(),
      energyWh: energyArbitrary(),
      side: fc.constant(side),
      limitPriceWeiPerKWh: fc.oneof(
        { arbitrary: limitPriceArbitrary(), weight: 1 },
        { arbitrary: side === 'production' ? fc.bigInt(1n, 1_000n) : fc.bigInt(1_000n, 3_000n), weight: 2 },
      ),
    }),
  )
}

/**
 * Signed orders' terms and what happens to each before the pool sees it: mostly honest orders
 * for the current and the next intervals, sized to trade, and every {@link OrderMutation} now and
 * then; some orders below the market's minimum or of zero energy, and consumer limits at the
 * edges (zero is malformed, the 96-bit maximum locks more than anyone holds).
 *
 * @example
 * import fc from 'fast-check'
 * import { orderEntryArbitrary } from 'dem-sim/testing'
 * fc.sample(orderEntryArbitrary(), 1) // e.g. [{ userIndex: 3, mutation: 'none', side: 'consumption', ... }]
 */
export function orderEntryArbitrary(): fc.Arbitrary<OrderEntry> {
  const relative = (offset: number): IntervalTarget => ({ kind: 'relative', offset })
  return fc.constantFrom<Side>('production', 'consumption').chain((side) =>
    fc.record({
      userIndex: fc.nat(30),
      target: fc.constantFrom(relative(0), relative(0), relative(1), relative(2)),
      side: fc.constant(side),
      energyWh: fc.oneof(
        { arbitrary: fc.bigInt(100n, 5_000n), weight: 12 },
        { arbitrary: fc.constantFrom(0n, 1n, 99n), weight: 1 },
      ),
      limitPriceWeiPerKWh: fc.oneof(
        { arbitrary: limitPriceArbitrary(), weight: 1 },
        { arbitrary: side === 'production' ? fc.bigInt(1n, 1_000n) : fc.bigInt(1_000n, 3_000n), weight: 2 },
      ),
      mutation: fc.oneof(
        { arbitrary: fc.constant<OrderMutation>('none'), weight: 12 },
        { arbitrary: fc.constantFrom(...ORDER_MUTATIONS.filter((m) => m !== 'none')), weight: 6 },
      ),
      variant: fc.nat(1_000),
    }),
  )
}

/**
 * One interval's oracle readings: mostly a positive price and metered energy, sometimes zero,
 * negative, beyond what the market accepts (price ≥ 2^128, energy ≥ 2^64 Wh) or beyond what a
 * feed stores (int192), and sometimes a feed left unreported (stale at settlement).
 */
export function oracleReadingsArbitrary(): fc.Arbitrary<OracleReadings> {
  const energy = fc.oneof(
    { arbitrary: fc.bigInt(0n, 20_000n), weight: 14 },
    { arbitrary: fc.constantFrom(-1n, -(10n ** 6n), 2n ** 64n), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  )
  return fc
    .record(
      {
        priceWeiPerKWh: fc.oneof(
          { arbitrary: fc.constantFrom(...PRICE_GRID), weight: 6 },
          { arbitrary: fc.bigInt(1n, 3_000n), weight: 6 },
          { arbitrary: fc.constantFrom(0n, -1n, -500n, 2n ** 128n, 2n ** 191n), weight: 1 },
          { arbitrary: fc.constant(undefined), weight: 1 },
        ),
        producedWh: energy,
        consumedWh: energy,
      },
      { requiredKeys: [] },
    )
    .map(
      (readings) => Object.fromEntries(Object.entries(readings).filter(([, v]) => v !== undefined)) as OracleReadings,
    )
}

/** Readings every market accepts: a positive price (often on {@link PRICE_GRID}) and non-negative metered energy. */
export function validOracleReadingsArbitrary(): fc.Arbitrary<Required<Omit<OracleReadings, 'deliveredWh'>>> {
  return fc.record({
    priceWeiPerKWh: fc.oneof(
      { arbitrary: fc.constantFrom(...PRICE_GRID), weight: 3 },
      { arbitrary: fc.bigInt(100n, 1_500n), weight: 2 },
      { arbitrary: fc.bigInt(1n, 3_000n), weight: 1 },
    ),
    producedWh: fc.oneof({ arbitrary: fc.bigInt(0n, 20_000n), weight: 9 }, { arbitrary: fc.constant(0n), weight: 1 }),
    consumedWh: fc.oneof({ arbitrary: fc.bigInt(0n, 20_000n), weight: 9 }, { arbitrary: fc.constant(0n), weight: 1 }),
  })
}

/** Readings for `intervals` consecutive intervals: an oracle path. */
export function oraclePathArbitrary(intervals: number): fc.Arbitrary<OracleReadings[]> {
  return fc.array(oracleReadingsArbitrary(), { minLength: intervals, maxLength: intervals })
}

/** A whole market scenario: prosumers, their commitments per interval, and the oracle path. */
export type MarketScenario = {
  users: Required<AddUserParameters>[]
  intervals: {
    commitments: { userIndex: number; energyWh: bigint; side: Side; limitPriceWeiPerKWh: bigint }[]
    readings: OracleReadings
  }[]
}

/**
 * Scenarios for property tests that need no model: `users` deposited prosumers with enough
 * collateral, `intervals` intervals of commitments from them, and the readings reported after
 * each. Play one with {@link playMarketScenario}.
 */
export function marketScenarioArbitrary(
  options: { maxUsers?: number; maxIntervals?: number; maxCommitmentsPerInterval?: number } = {},
): fc.Arbitrary<MarketScenario> {
  const maxUsers = options.maxUsers ?? 6
  return fc.integer({ min: 1, max: maxUsers }).chain((userCount) =>
    fc.record({
      users: fc.array(
        fc.record({
          collateralWei: fc.bigInt(10n ** 6n, 10n ** 12n),
          location: fc.nat(100),
          energyType: fc.nat(5),
          deposit: fc.constant(true),
        }),
        { minLength: userCount, maxLength: userCount },
      ),
      intervals: fc.array(
        fc.record({
          commitments: fc.array(
            fc.record({
              userIndex: fc.nat(userCount - 1),
              energyWh: fc.bigInt(1n, 5_000n),
              side: fc.constantFrom<Side>('production', 'consumption'),
              limitPriceWeiPerKWh: fc.bigInt(1n, 3_000n),
            }),
            { maxLength: options.maxCommitmentsPerInterval ?? 8 },
          ),
          readings: fc.record({
            priceWeiPerKWh: fc.bigInt(1n, 3_000n),
            producedWh: fc.bigInt(0n, 20_000n),
            consumedWh: fc.bigInt(0n, 20_000n),
          }),
        }),
        { minLength: 1, maxLength: options.maxIntervals ?? 3 },
      ),
    }),
  )
}
