import { KEEPER_BATCHES } from '../market/keeperBatches.js'
import { describe, expect, it } from 'vitest'
import { oraclePrice } from '../mechanisms/oraclePrice/oraclePrice.js'
import { csvFiles, MINIMAL, refusal } from './parse/scenarioTestSupport.js'
import { parseScenario, withUserCount } from './parseScenario.js'
import { ScenarioError } from './ScenarioError.js'

describe('parseScenario', () => {
  describe('defaults', () => {
    it('fills in every default and expands the built-in profiles to one value per interval', () => {
      // Arrange / Act
      const scenario = parseScenario({ intervals: 24, users: { count: 10 } })
      // Assert
      expect(scenario).toMatchObject({
        resolved: true,
        name: 'scenario',
        seed: 1,
        intervalSeconds: 3600,
        startHour: 0,
        users: {
          count: 10,
          collateralWei: 10n ** 17n,
          mix: { producers: 0.5, consumers: 0.5, prosumers: 0 },
          onboarding: 'registerInPool',
        },
        keeper: { processBatch: 120, settleBatch: 800 },
        market: { mechanism: oraclePrice },
      })
      expect(scenario.profiles.production.type).toBe('solar')
      expect(scenario.profiles.production.baseWh).toHaveLength(24)
      expect(scenario.profiles.production.baseWh[0]).toBe(0) // night
      expect(scenario.profiles.production.baseWh[11]).toBeGreaterThan(2900) // 11:30, near the 3,000 Wh peak
      expect(scenario.profiles.consumption.type).toBe('evening-peak')
      const load = scenario.profiles.consumption.baseWh
      expect([18, 19]).toContain(load.indexOf(Math.max(...load))) // the evening peak, centred on 19:00
      expect(scenario.oracle.priceWeiPerKWh).toEqual(Array.from({ length: 24 }, () => 50_000_000_000_000n))
    })

    it('reads wei from decimal strings exactly, beyond what a JSON number holds', () => {
      const scenario = parseScenario({ ...MINIMAL, users: { count: 1, collateralWei: '1234567890123456789012' } })
      expect(scenario.users.collateralWei).toBe(1_234_567_890_123_456_789_012n)
    })

    it('scales built-in shapes by the interval length and follows startHour', () => {
      const quarterHours = parseScenario({
        intervals: 4,
        intervalSeconds: 900,
        startHour: 12,
        users: { count: 1 },
        profiles: { production: { type: 'flat', energyWh: 1000 } },
      })
      expect(quarterHours.profiles.production.baseWh).toEqual([250, 250, 250, 250])
      const noon = parseScenario({ intervals: 1, startHour: 11.5, users: { count: 1 } }) // midpoint 12:00
      expect(noon.profiles.production.baseWh[0]).toBeCloseTo(3000, 6)
    })

    it('reads a CSV column relative to baseDir, scaled', () => {
      const scenario = parseScenario(
        {
          intervals: 3,
          users: { count: 2 },
          profiles: { consumption: { type: 'csv', file: 'load.csv', column: 'kwh', scale: 1000 } },
          oracle: { price: { type: 'csv', file: 'load.csv', column: 'price' } },
        },
        csvFiles({ 'load.csv': '# a comment\nhour,kwh,price\n0,1.5,100\n1,"2",200\n\n2,0.25,300\n' }),
      )
      expect(scenario.profiles.consumption.baseWh).toEqual([1500, 2000, 250])
      expect(scenario.oracle.priceWeiPerKWh).toEqual([100n, 200n, 300n])
    })

    it('resolves groups, batteries (power in W or Wh per interval) and strategy defaults, and the grid tariff', () => {
      const scenario = parseScenario({
        intervals: 2,
        intervalSeconds: 1800,
        users: {
          count: 4,
          groups: [
            {
              name: 'homes',
              share: 0.75,
              battery: { capacityWh: 10_000, maxDischargeW: 3_000 },
              strategy: { type: 'battery' },
            },
            { share: 0.25, role: 'consumer', strategy: { type: 'random' } },
          ],
        },
        grid: { importPrice: ['90', '100'] },
      })
      expect(scenario.users.mix).toEqual({ producers: 0, consumers: 0.25, prosumers: 0.75 })
      expect(scenario.users.groups[0]).toEqual({
        name: 'homes',
        role: 'prosumer',
        share: 0.75,
        count: undefined,
        strategy: {
          type: 'battery',
          params: { dischargeAboveWeiPerKWh: 0n, sellAboveWeiPerKWh: undefined, priceWindow: 3 },
        },
        // Half an hour: 0.5 C of 10 kWh charges 2,500 Wh; 3 kW discharges 1,500 Wh.
        battery: {
          capacityWh: 10_000n,
          maxChargeWh: 2_500n,
          maxDischargeWh: 1_500n,
          efficiency: 0.9,
          initialStateOfChargeWh: 0n,
          minStateOfChargeWh: 0n,
          wearWeiPerKWh: 0n,
        },
        orders: 'direct',
        orderBatch: KEEPER_BATCHES.orders.default,
      })
      expect(scenario.users.groups[1]).toMatchObject({
        name: 'group-1',
        role: 'consumer',
        strategy: { params: { minPriceWeiPerKWh: 40_000_000_000_000n, maxPriceWeiPerKWh: 70_000_000_000_000n } },
      })
      expect(scenario.grid).toEqual({
        importWeiPerKWh: [90n, 100n],
        feedInWeiPerKWh: [20_000_000_000_000n, 20_000_000_000_000n],
      })
      // Without groups: one profile group per role of the mix, and the default tariff.
      const plain = parseScenario(MINIMAL)
      expect(plain.users.groups.map((g) => [g.name, g.role, g.share, g.strategy.type])).toEqual([
        ['producers', 'producer', 0.5, 'profile'],
        ['consumers', 'consumer', 0.5, 'profile'],
      ])
      expect(plain.grid.importWeiPerKWh[0]).toBe(80_000_000_000_000n)
    })

    it('keeps the definition as JSON for reproducing the run', () => {
      const definition = { ...MINIMAL, seed: 9 }
      expect(parseScenario(definition).definition).toEqual(definition)
    })
  })

  describe('string sizes', () => {
    it.each([
      ['name', { ...MINIMAL, name: 'n'.repeat(201) }, 'name must be at most 200 characters long, got 201'],
      [
        'description',
        { ...MINIMAL, description: 'd'.repeat(2_001) },
        'description must be at most 2000 characters long, got 2001',
      ],
      ['$schema', { ...MINIMAL, $schema: 's'.repeat(1_001) }, '$schema must be at most 1000 characters long, got 1001'],
      [
        'a CSV column name',
        { ...MINIMAL, oracle: { price: { type: 'csv', file: 'p.csv', column: 'c'.repeat(201) } } },
        'oracle.price.column must be at most 200 characters long, got 201',
      ],
    ])('refuses a %s that is too long, without echoing it', (_what, definition, message) => {
      expect(refusal(definition).shortMessage).toBe(message)
    })
  })

  describe('withUserCount', () => {
    it('replaces the user count in the scenario and its definition', () => {
      const scenario = withUserCount(parseScenario(MINIMAL), 50)
      expect(scenario.users.count).toBe(50)
      expect(scenario.definition.users.count).toBe(50)
    })

    it('refuses a count that is not a positive integer', () => {
      expect(() => withUserCount(parseScenario(MINIMAL), 0)).toThrow(ScenarioError)
    })
  })
})
