import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemError } from '../errors/DemError.js'
import { parseScenario, withUserCount, type ParseScenarioOptions } from './parseScenario.js'
import { planScenario } from './planScenario.js'
import { oraclePrice } from '../mechanisms/oraclePrice/oraclePrice.js'
import { ScenarioError } from './ScenarioError.js'

const MINIMAL = { intervals: 3, users: { count: 4 } }

/** Parses and plans; returns the ScenarioError thrown (failing the test if none). */
function refusal(definition: unknown, options?: ParseScenarioOptions): ScenarioError {
  try {
    planScenario(parseScenario(definition, options))
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError)
    expect(error).toBeInstanceOf(DemError)
    return error as ScenarioError
  }
  throw new Error('expected the scenario to be refused')
}

const csvFiles = (files: Record<string, string>): ParseScenarioOptions => ({
  baseDir: '/data',
  readFile: (path) => {
    const name = path.replace(/^\/data\//, '')
    if (!(name in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' })
    return files[name] as string
  },
})

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
        orderBatch: 100,
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

    it('a CSV with a bad row, naming the file, line and column', () => {
      const error = refusal(
        { intervals: 3, users: { count: 1 }, profiles: { consumption: { type: 'csv', file: 'load.csv' } } },
        csvFiles({ 'load.csv': 'interval,wh\n0,100\n1,abc\n2,300\n' }),
      )
      expect(error.path).toBe('profiles.consumption')
      expect(error.value).toBe('abc')
      expect(error.shortMessage).toBe(
        'profiles.consumption (load.csv line 3, column "wh") must be a number of Wh, got "abc"',
      )
    })

    it('a CSV row with negative energy', () => {
      const error = refusal(
        { intervals: 2, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'pv.csv' } } },
        csvFiles({ 'pv.csv': 'wh\n5\n-7\n' }),
      )
      expect(error.shortMessage).toBe(
        'profiles.production (pv.csv line 3, column "wh") must not be negative (energy in Wh), got "-7"',
      )
    })

    it('a CSV row with the wrong number of fields', () => {
      const error = refusal(
        { intervals: 2, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'pv.csv', column: 'a' } } },
        csvFiles({ 'pv.csv': 'a,b\n1,2\n3\n' }),
      )
      expect(error.shortMessage).toBe('profiles.production (pv.csv line 3) has 1 fields where the header has 2')
    })

    it('a CSV with fewer rows than intervals', () => {
      const error = refusal(
        { intervals: 3, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'pv.csv' } } },
        csvFiles({ 'pv.csv': 'wh\n5\n7\n' }),
      )
      expect(error.path).toBe('profiles.production.file')
      expect(error.shortMessage).toContain('must have one row per interval (intervals = 3) but pv.csv has 2')
    })

    it('a CSV column that does not exist, or an ambiguous one', () => {
      const files = csvFiles({ 'two.csv': 'a,b\n1,2\n' })
      expect(
        refusal(
          {
            intervals: 1,
            users: { count: 1 },
            profiles: { production: { type: 'csv', file: 'two.csv', column: 'c' } },
          },
          files,
        ).shortMessage,
      ).toContain('names a column that two.csv does not have (its columns: a, b)')
      expect(
        refusal(
          { intervals: 1, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'two.csv' } } },
          files,
        ).shortMessage,
      ).toContain('must say which column of two.csv to read')
    })

    it('a CSV file that cannot be read', () => {
      const error = refusal(
        { intervals: 1, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'missing.csv' } } },
        csvFiles({}),
      )
      expect(error.path).toBe('profiles.production.file')
      expect(error.shortMessage).toBe('profiles.production.file cannot be read (ENOENT), got "missing.csv"')
    })

    it('prefixes the file name when there is one', () => {
      const error = refusal({ intervals: 3, users: { count: -1 } }, { file: 'runs/day.json' })
      expect(error.file).toBe('runs/day.json')
      expect(error.shortMessage).toBe('runs/day.json: users.count must be a positive integer, got -1')
    })
  })

  describe('files a scenario may read', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dem-sim-scenario-'))
      await mkdir(join(dir, 'scenario'))
      await writeFile(join(dir, 'private.csv'), 'wh\n1\n')
      await writeFile(join(dir, 'scenario', 'own.csv'), 'wh\n2\n')
      await symlink(join(dir, 'private.csv'), join(dir, 'scenario', 'link.csv'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })
    const withCsv = (file: string) => ({
      intervals: 1,
      users: { count: 1 },
      profiles: { production: { type: 'csv', file } },
    })

    it('reads a CSV inside the scenario folder', () => {
      expect(parseScenario(withCsv('own.csv'), { baseDir: join(dir, 'scenario') }).profiles.production.baseWh).toEqual([
        2,
      ])
    })

    it.each([['../private.csv'], ['link.csv']])(
      'refuses %s, which leads outside the folder, unless allowOutside',
      (file) => {
        const error = refusal(withCsv(file), { baseDir: join(dir, 'scenario') })
        expect(error.path).toBe('profiles.production.file')
        expect(error.shortMessage).toMatch(/(must be a path inside|leads outside) the scenario's folder/)
        expect(
          parseScenario(withCsv(file), { baseDir: join(dir, 'scenario'), allowOutside: true }).profiles.production
            .baseWh,
        ).toEqual([1])
      },
    )
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
