import { describe, expect, it } from 'vitest'
import { createRandom } from '../createRandom.js'
import type { BatterySpec } from '../types.js'
import { batteryStrategy } from './batteryStrategy.js'
import { checkDecision } from './checkDecision.js'
import { createBattery } from './createBattery.js'
import { forecastClearingPrice } from './forecastClearingPrice.js'
import { priceResponsiveStrategy } from './priceResponsiveStrategy.js'
import { profileStrategy } from './profileStrategy.js'
import { randomStrategy } from './randomStrategy.js'
import { StrategyError } from './StrategyError.js'
import type { StrategyContext } from './types.js'

const SPEC: BatterySpec = {
  capacityWh: 10_000n,
  maxChargeWh: 5_000n,
  maxDischargeWh: 5_000n,
  efficiency: 1,
  initialStateOfChargeWh: 4_000n,
  minStateOfChargeWh: 0n,
  wearWeiPerKWh: 0n,
}

const context = (overrides: Partial<StrategyContext> = {}): StrategyContext => ({
  user: 0,
  role: 'prosumer',
  group: 'g',
  interval: 3,
  intervals: 24,
  hour: 3,
  intervalSeconds: 3600,
  forecast: { loadWh: 1_000n, generationWh: 3_000n },
  history: [],
  battery: undefined,
  clearingPrices: [],
  settled: [],
  tariff: { importWeiPerKWh: 80n, feedInWeiPerKWh: 20n },
  limitPrices: { productionWeiPerKWh: 40n, consumptionWeiPerKWh: 70n },
  availableCollateralWei: 10n ** 18n,
  random: createRandom(1),
  params: {},
  state: {},
  ...overrides,
})
const prices = (...values: bigint[]) => values.map((priceWeiPerKWh, interval) => ({ interval, priceWeiPerKWh }))

describe('profileStrategy', () => {
  it('commits the net position at the scenario limit prices', () => {
    expect(profileStrategy(context())).toEqual({
      commitments: [{ side: 'production', energyWh: 2_000n, limitPriceWeiPerKWh: 40n }],
    })
    expect(profileStrategy(context({ forecast: { loadWh: 500n, generationWh: 0n } }))).toEqual({
      commitments: [{ side: 'consumption', energyWh: 500n, limitPriceWeiPerKWh: 70n }],
    })
    expect(profileStrategy(context({ forecast: { loadWh: 5n, generationWh: 5n } }))).toEqual({ commitments: [] })
  })
})

describe('batteryStrategy', () => {
  const battery = createBattery(SPEC).view()

  it('stores the surplus and sells what does not fit', () => {
    const full = createBattery({ ...SPEC, initialStateOfChargeWh: 9_500n }).view()
    expect(batteryStrategy(context({ battery }))).toEqual({ battery: { chargeWh: 2_000n }, commitments: [] })
    expect(batteryStrategy(context({ battery: full }))).toEqual({
      battery: { chargeWh: 500n },
      commitments: [{ side: 'production', energyWh: 1_500n, limitPriceWeiPerKWh: 40n }],
    })
  })

  it('covers a deficit from the battery and buys the rest', () => {
    const deficit = { loadWh: 6_000n, generationWh: 0n }
    expect(batteryStrategy(context({ battery, forecast: deficit }))).toEqual({
      battery: { dischargeWh: 4_000n },
      commitments: [{ side: 'consumption', energyWh: 2_000n, limitPriceWeiPerKWh: 70n }],
    })
  })

  it('keeps its charge while the price forecast is below dischargeAbove, and sells at sellAbove', () => {
    const deficit = { loadWh: 1_000n, generationWh: 0n }
    const params = { dischargeAboveWeiPerKWh: 60n, sellAboveWeiPerKWh: 90n, priceWindow: 2 }
    expect(
      batteryStrategy(context({ battery, forecast: deficit, params, clearingPrices: prices(100n, 50n, 50n) })),
    ).toEqual({
      battery: { dischargeWh: 0n },
      commitments: [{ side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 70n }],
    })
    expect(
      batteryStrategy(context({ battery, forecast: deficit, params, clearingPrices: prices(50n, 70n) })).battery,
    ).toEqual({ dischargeWh: 1_000n })
    expect(batteryStrategy(context({ battery, params, clearingPrices: prices(90n, 100n) }))).toEqual({
      battery: { dischargeWh: 4_000n },
      commitments: [{ side: 'production', energyWh: 6_000n, limitPriceWeiPerKWh: 40n }],
    })
  })

  it('is the profile strategy without a battery', () => {
    expect(batteryStrategy(context())).toEqual(profileStrategy(context()))
  })
})

describe('priceResponsiveStrategy', () => {
  it('uses the scenario limits before any price is known, then the forecast ± margin within the grid tariff', () => {
    expect(priceResponsiveStrategy(context())).toEqual(profileStrategy(context()))
    const params = { window: 2, margin: 0.1 }
    expect(forecastClearingPrice(prices(10n, 50n, 0n, 70n), 2)).toBe(60n)
    expect(priceResponsiveStrategy(context({ params, clearingPrices: prices(50n, 70n) }))).toEqual({
      commitments: [{ side: 'production', energyWh: 2_000n, limitPriceWeiPerKWh: 54n }],
    })
    const buyer = { loadWh: 1_000n, generationWh: 0n }
    expect(priceResponsiveStrategy(context({ params, forecast: buyer, clearingPrices: prices(50n, 70n) }))).toEqual({
      commitments: [{ side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 66n }],
    })
    // Never above the import tariff, never below feed-in.
    expect(
      priceResponsiveStrategy(context({ params, forecast: buyer, clearingPrices: prices(100n) })).commitments?.[0]
        ?.limitPriceWeiPerKWh,
    ).toBe(80n)
    expect(
      priceResponsiveStrategy(context({ params, clearingPrices: prices(10n) })).commitments?.[0]?.limitPriceWeiPerKWh,
    ).toBe(20n)
  })
})

describe('randomStrategy', () => {
  const params = { commitProbability: 1, maxEnergyWh: 100n, minPriceWeiPerKWh: 10n, maxPriceWeiPerKWh: 20n }

  it('draws within its ranges, reproducibly, and within the collateral', () => {
    const draw = (seed: number) =>
      Array.from({ length: 50 }, () => randomStrategy(context({ params, random: createRandom(seed) })))
    const random = createRandom(9)
    const decisions = Array.from({ length: 200 }, () =>
      randomStrategy(context({ role: 'consumer', params, random, availableCollateralWei: 1n })),
    )
    for (const d of decisions) {
      const c = d.commitments?.[0]
      if (c === undefined) continue
      expect(c.side).toBe('consumption')
      expect(c.energyWh * c.limitPriceWeiPerKWh).toBeLessThanOrEqual(1_000n)
      expect(c.limitPriceWeiPerKWh).toBeGreaterThanOrEqual(10n)
      expect(c.limitPriceWeiPerKWh).toBeLessThanOrEqual(20n)
    }
    expect(draw(4)).toEqual(draw(4))
    expect(randomStrategy(context({ params: { ...params, commitProbability: 0 } }))).toEqual({})
    // From code, without parameters: the defaults (the scenario's limit prices, up to 2,000 Wh).
    const plain = randomStrategy(context({ role: 'producer' })).commitments?.[0]
    expect(plain?.limitPriceWeiPerKWh).toBeGreaterThanOrEqual(40n)
    expect(plain?.limitPriceWeiPerKWh).toBeLessThanOrEqual(70n)
    expect(plain?.energyWh).toBeLessThanOrEqual(2_000n)
  })
})

describe('checkDecision', () => {
  const at = {
    user: 7,
    interval: 3,
    intervals: 24,
    availableCollateralWei: 1_000n,
    hasBattery: false,
    letThrough: false,
  }
  const commit = (fields: Record<string, unknown>) => ({
    commitments: [{ side: 'production', energyWh: 10n, limitPriceWeiPerKWh: 1n, ...fields }],
  })

  it.each([
    ['negative energy', commit({ energyWh: -1n }), 'commitments[0].energyWh', -1n, /must not be negative/],
    ['zero energy', commit({ energyWh: 0n }), 'commitments[0].energyWh', 0n, /must be positive/],
    ['a number, not a bigint', commit({ energyWh: 10 }), 'commitments[0].energyWh', 10, /must be a bigint/],
    ['a past interval', commit({ interval: 2 }), 'commitments[0].interval', 2, /past interval/],
    ['an interval after the run', commit({ interval: 24 }), 'commitments[0].interval', 24, /before the run's end/],
    ['an unknown side', commit({ side: 'sell' }), 'commitments[0].side', 'sell', /production/],
    [
      'a lock above the collateral',
      commit({ side: 'consumption', energyWh: 1_001n, limitPriceWeiPerKWh: 1_000n }),
      'commitments[0].energyWh',
      1_001n,
      /locks 1001 wei/,
    ],
    ['an unknown field', { commitments: [], sell: true }, 'sell', true, /not a known field/],
    ['a battery action without a battery', { battery: { chargeWh: 5n } }, 'battery', { chargeWh: 5n }, /no battery/],
  ])('refuses %s, naming the user, the interval and the value', (_, decision, field, value, message) => {
    const error = (() => {
      try {
        checkDecision(decision, at)
      } catch (e) {
        return e
      }
    })() as StrategyError
    expect(error).toBeInstanceOf(StrategyError)
    expect(error).toMatchObject({ name: 'StrategyError', user: 7, interval: 3, field, value })
    expect(error.shortMessage).toMatch(/^user 7, interval 3: /)
    expect(error.shortMessage).toMatch(message)
  })

  it('counts the locks of several consumption commitments together, and lets the contract-level problems through on request', () => {
    const two = {
      commitments: [0, 1].map(() => ({ side: 'consumption', energyWh: 600n, limitPriceWeiPerKWh: 1_000n })),
    }
    expect(() => checkDecision(two, at)).toThrow(/commitments\[1\]\.energyWh locks 600 wei .* only 400 wei/)
    const passed = checkDecision(two, { ...at, letThrough: true })
    expect(passed.commitments.map((c) => c.refusable)).toEqual([undefined, expect.stringMatching(/only 400 wei/)])
    expect(() => checkDecision(commit({ energyWh: -1n }), { ...at, letThrough: true })).toThrow(StrategyError)
  })
})
