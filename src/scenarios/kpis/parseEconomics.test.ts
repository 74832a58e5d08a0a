import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../parseScenario.js'
import { SCENARIO_SCHEMA } from '../scenarioSchema.js'
import { ScenarioError } from '../ScenarioError.js'

const MINIMAL = { intervals: 1, users: { count: 2 } }
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(SCENARIO_SCHEMA)

describe("a scenario's economics", () => {
  it('defaults to 1 gwei, 3,000 per ether, EUR', () => {
    expect(parseScenario(MINIMAL).economics).toEqual({
      gasPriceGwei: 1,
      gasPriceWei: 1_000_000_000n,
      ethPrice: 3000,
      currency: 'EUR',
    })
  })

  it('takes fractions of a gwei, rounded to whole wei per gas', () => {
    const { economics } = parseScenario({
      ...MINIMAL,
      economics: { gasPriceGwei: 0.0123456789, ethPrice: 2500.5, currency: 'USD' },
    })
    expect(economics).toEqual({
      gasPriceGwei: 0.0123456789,
      gasPriceWei: 12_345_679n,
      ethPrice: 2500.5,
      currency: 'USD',
    })
    expect(parseScenario({ ...MINIMAL, economics: { gasPriceGwei: 0 } }).economics.gasPriceWei).toBe(0n)
  })

  it.each([
    [
      'a negative gas price',
      { gasPriceGwei: -1 },
      'economics.gasPriceGwei',
      -1,
      'economics.gasPriceGwei must not be negative (gwei), got -1',
    ],
    [
      'a gas price as a string',
      { gasPriceGwei: '1' },
      'economics.gasPriceGwei',
      '1',
      'must be a number of gwei, got "1"',
    ],
    ['an absurd gas price', { gasPriceGwei: 1e7 }, 'economics.gasPriceGwei', 1e7, 'must be at most 1000000 gwei'],
    [
      'a zero ether price',
      { ethPrice: 0 },
      'economics.ethPrice',
      0,
      'economics.ethPrice must be a finite positive number (the price of one ether in the currency), got 0',
    ],
    ['a negative ether price', { ethPrice: -3000 }, 'economics.ethPrice', -3000, 'must be a finite positive number'],
    ['an ether price that is not a number', { ethPrice: null }, 'economics.ethPrice', null, 'got null'],
    [
      'a lower-case currency',
      { currency: 'eur' },
      'economics.currency',
      'eur',
      'economics.currency must be a three-letter ISO 4217 code in capitals, e.g. "EUR", got "eur"',
    ],
    ['a currency symbol', { currency: '€' }, 'economics.currency', '€', 'must be a three-letter ISO 4217 code'],
    [
      'an unknown field',
      { gasPrice: 1 },
      'economics.gasPrice',
      1,
      'is not a known field (economics: gasPriceGwei, ethPrice, currency)',
    ],
  ])('refuses %s, naming the field and value', (_what, economics, path, value, message) => {
    let error: unknown
    try {
      parseScenario({ ...MINIMAL, economics })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ScenarioError)
    expect((error as ScenarioError).path).toBe(path)
    expect((error as ScenarioError).value).toEqual(value)
    expect((error as ScenarioError).shortMessage).toContain(message)
    // The JSON Schema refuses it too, except what only the parser checks (a number's type is the schema's too).
    expect(validate({ ...MINIMAL, economics })).toBe(false)
  })

  it('the JSON Schema accepts what the parser accepts', () => {
    expect(validate({ ...MINIMAL, economics: { gasPriceGwei: 0.5, ethPrice: 1, currency: 'CHF' } })).toBe(true)
  })

  it('refuses a section that is not an object', () => {
    expect(() => parseScenario({ ...MINIMAL, economics: 3 })).toThrow('economics must be an object, got 3')
  })
})
