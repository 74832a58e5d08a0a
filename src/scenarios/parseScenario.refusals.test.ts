import { describe, expect, it } from 'vitest'
import { MINIMAL, refusal } from './parse/scenarioTestSupport.js'
import { parseScenario } from './parseScenario.js'

// The catalogue of definitions parseScenario refuses, each naming the field and the value.
describe('parseScenario', () => {
  describe('refuses, naming the field and the value', () => {
    it.each([
      [
        'zero users',
        { intervals: 3, users: { count: 0 } },
        'users.count',
        0,
        'users.count must be a positive integer, got 0',
      ],
      [
        'a fractional user count',
        { intervals: 3, users: { count: 2.5 } },
        'users.count',
        2.5,
        'users.count must be an integer',
      ],
      ['no users', { intervals: 3 }, 'users', undefined, 'users is required'],
      [
        'zero intervals',
        { intervals: 0, users: { count: 1 } },
        'intervals',
        0,
        'intervals must be a positive integer, got 0',
      ],
      ['a missing interval count', { users: { count: 1 } }, 'intervals', undefined, 'intervals is required'],
      ['an unknown top-level field', { ...MINIMAL, interval: 3 }, 'interval', 3, 'interval is not a known field'],
      [
        'an unknown nested field',
        { intervals: 3, users: { count: 2, cout: 3 } },
        'users.cout',
        3,
        'users.cout is not a known field',
      ],
      [
        'an unknown profile name',
        { ...MINIMAL, profiles: { production: { type: 'wind', peakWh: 10 } } },
        'profiles.production.type',
        'wind',
        'profiles.production.type must be one of "flat", "solar", "evening-peak", "array", "csv", got "wind"',
      ],
      [
        'negative energy (flat)',
        { ...MINIMAL, profiles: { consumption: { type: 'flat', energyWh: -5 } } },
        'profiles.consumption.energyWh',
        -5,
        'must not be negative',
      ],
      [
        'negative energy (array)',
        { ...MINIMAL, profiles: { production: [10, -1, 10] } },
        'profiles.production[1]',
        -1,
        'profiles.production[1] must not be negative (energy in Wh), got -1',
      ],
      [
        'negative energy (solar peak)',
        { ...MINIMAL, profiles: { production: { type: 'solar', peakWh: -300 } } },
        'profiles.production.peakWh',
        -300,
        'must not be negative',
      ],
      [
        'an array shorter than the interval count',
        { ...MINIMAL, profiles: { production: [1, 2] } },
        'profiles.production',
        [1, 2],
        'must have one value per interval (intervals = 3) but has 2',
      ],
      [
        'an array longer than the interval count',
        { ...MINIMAL, profiles: { consumption: { type: 'array', valuesWh: [1, 2, 3, 4] } } },
        'profiles.consumption.valuesWh',
        [1, 2, 3, 4],
        'but has 4',
      ],
      [
        'a price array of the wrong length',
        { ...MINIMAL, oracle: { price: ['1', '2'] } },
        'oracle.price',
        ['1', '2'],
        'but has 2',
      ],
      [
        'a wei amount as a number too large to be exact',
        { ...MINIMAL, users: { count: 1, collateralWei: 1e20 } },
        'users.collateralWei',
        1e20,
        'must be an amount of wei as a decimal string',
      ],
      [
        'a wei amount as a number, even a small one',
        { ...MINIMAL, users: { count: 1, collateralWei: 1000 } },
        'users.collateralWei',
        1000,
        'must be an amount of wei as a decimal string, such as "1000"',
      ],
      [
        'a price as a number',
        { ...MINIMAL, oracle: { price: 5 } },
        'oracle.price',
        5,
        'must be an amount of wei as a decimal string, such as "5"',
      ],
      [
        'a negative wei amount',
        { ...MINIMAL, users: { count: 1, collateralWei: '-5' } },
        'users.collateralWei',
        '-5',
        'must not be negative',
      ],
      ['a zero price', { ...MINIMAL, oracle: { price: '0' } }, 'oracle.price', '0', 'must be positive'],
      [
        'a mix that does not sum to 1',
        { intervals: 3, users: { count: 2, mix: { producers: 0.5, consumers: 0.3 } } },
        'users.mix',
        { producers: 0.5, consumers: 0.3 },
        'must sum to 1',
      ],
      [
        'a shortfall above 1',
        { ...MINIMAL, oracle: { production: { shortfall: 1.5 } } },
        'oracle.production.shortfall',
        1.5,
        'must be a fraction from 0 to 1',
      ],
      [
        'an inverted price range',
        { ...MINIMAL, limitPrices: { consumption: { minWeiPerKWh: '10', maxWeiPerKWh: '5' } } },
        'limitPrices.consumption.maxWeiPerKWh',
        '5',
        'must be at least minWeiPerKWh',
      ],
      [
        'a settle batch over the gas cap',
        { ...MINIMAL, keeper: { settleBatch: 2000 } },
        'keeper.settleBatch',
        2000,
        'must be at most 900',
      ],
      [
        'an unknown onboarding',
        { intervals: 3, users: { count: 1, onboarding: 'mint' } },
        'users.onboarding',
        'mint',
        'must be one of',
      ],
      [
        'an unknown mechanism',
        { intervals: 3, users: { count: 1 }, market: { mechanism: 'vickrey' } },
        'market.mechanism',
        'vickrey',
        'must be one of',
      ],
      [
        'sunset before sunrise',
        { ...MINIMAL, profiles: { production: { type: 'solar', peakWh: 1, sunriseHour: 18, sunsetHour: 6 } } },
        'profiles.production.sunsetHour',
        6,
        'must be after sunriseHour',
      ],
      [
        'an unknown strategy',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, strategy: { type: 'genius' } }] } },
        'users.groups[0].strategy.type',
        'genius',
        'is not a known strategy ("profile", "battery", "price-responsive", "random"',
      ],
      [
        'an unknown order path',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, orders: 'signed' }] } },
        'users.groups[0].orders',
        'signed',
        'must be one of',
      ],
      [
        'an order batch over the largest that fits a transaction',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, orders: 'batched', orderBatch: 111 }] } },
        'users.groups[0].orderBatch',
        111,
        'must be',
      ],
      [
        'a battery with negative capacity',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, battery: { capacityWh: -10 } }] } },
        'users.groups[0].battery.capacityWh',
        -10,
        'must not be negative',
      ],
      [
        'a battery with zero capacity',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, battery: { capacityWh: 0 } }] } },
        'users.groups[0].battery.capacityWh',
        0,
        'must be positive',
      ],
      [
        'a battery efficiency above 1',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, battery: { capacityWh: 10, efficiency: 1.2 } }] } },
        'users.groups[0].battery.efficiency',
        1.2,
        'must be from 0 to 1',
      ],
      [
        'a battery efficiency of 0',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, battery: { capacityWh: 10, efficiency: 0 } }] } },
        'users.groups[0].battery.efficiency',
        0,
        'must be greater than 0',
      ],
      [
        'a battery charged above its capacity',
        {
          intervals: 3,
          users: { count: 4, groups: [{ share: 1, battery: { capacityWh: 10, initialStateOfChargeWh: 20 } }] },
        },
        'users.groups[0].battery.initialStateOfChargeWh',
        20,
        'must be at most capacityWh (10)',
      ],
      [
        'a battery power in Wh and W',
        {
          intervals: 3,
          users: { count: 4, groups: [{ share: 1, battery: { capacityWh: 10, maxChargeWh: 5, maxChargeW: 5 } }] },
        },
        'users.groups[0].battery.maxChargeW',
        5,
        'cannot be given with maxChargeWh',
      ],
      [
        'the battery strategy without a battery',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, strategy: { type: 'battery' } }] } },
        'users.groups[0].battery',
        undefined,
        'is required by the battery strategy',
      ],
      [
        'an unknown strategy parameter',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, strategy: { type: 'price-responsive', windw: 3 } }] } },
        'users.groups[0].strategy.windw',
        3,
        'is not a known field',
      ],
      [
        'a price-responsive margin above 1',
        {
          intervals: 3,
          users: { count: 4, groups: [{ share: 1, strategy: { type: 'price-responsive', margin: 2 } }] },
        },
        'users.groups[0].strategy.margin',
        2,
        'must be a fraction from 0 to 1',
      ],
      [
        'group shares that do not sum to 1',
        { intervals: 3, users: { count: 4, groups: [{ share: 0.5 }, { share: 0.4 }] } },
        'users.groups',
        [{ share: 0.5 }, { share: 0.4 }],
        'shares must sum to 1',
      ],
      [
        'group counts that do not add up',
        { intervals: 3, users: { count: 4, groups: [{ count: 1 }, { count: 2 }] } },
        'users.groups',
        [{ count: 1 }, { count: 2 }],
        'counts must add up to users.count (4)',
      ],
      [
        'a group without a share',
        { intervals: 3, users: { count: 4, groups: [{ share: 0.5 }, { role: 'consumer' }] } },
        'users.groups[1].share',
        undefined,
        'is required',
      ],
      [
        'an unknown role',
        { intervals: 3, users: { count: 4, groups: [{ share: 1, role: 'miner' }] } },
        'users.groups[0].role',
        'miner',
        'must be one of',
      ],
      [
        'mix and groups together',
        { intervals: 3, users: { count: 2, mix: { producers: 1 }, groups: [{ share: 1 }] } },
        'users.groups',
        [{ share: 1 }],
        'cannot be given together with users.mix',
      ],
      [
        'an unknown onInvalidCommitment',
        { intervals: 3, users: { count: 1, onInvalidCommitment: 'ignore' } },
        'users.onInvalidCommitment',
        'ignore',
        'must be one of "stop", "send"',
      ],
      [
        'a zero grid import price',
        { ...MINIMAL, grid: { importPrice: '0' } },
        'grid.importPrice',
        '0',
        'must be positive',
      ],
      [
        'an unknown grid field',
        { ...MINIMAL, grid: { exportPrice: '1' } },
        'grid.exportPrice',
        '1',
        'is not a known field',
      ],
      [
        'collateral that cannot cover a consumer lock',
        { ...MINIMAL, users: { count: 2, collateralWei: '1000' } },
        'users.collateralWei',
        1000n,
        "does not cover user 1's commitment in interval 0",
      ],
    ])('%s', (_name, definition, path, value, message) => {
      // Act
      const error = refusal(definition)
      // Assert
      expect(error.path).toBe(path)
      expect(error.value).toEqual(value)
      expect(error.shortMessage).toContain(message)
      expect(error.shortMessage).not.toContain('\n')
    })

    it('a custom strategy is known only when its name is given', () => {
      const definition = {
        intervals: 3,
        users: { count: 2, groups: [{ share: 1, strategy: { type: 'mine', depth: 2 } }] },
      }
      expect(refusal(definition).path).toBe('users.groups[0].strategy.type')
      expect(parseScenario(definition, { strategies: ['mine'] }).users.groups[0]?.strategy).toEqual({
        type: 'mine',
        params: { depth: 2 },
      })
    })

    it('a definition that is not an object', () => {
      expect(refusal([1, 2]).shortMessage).toBe('must be an object, got an array of 2')
    })
  })
})
