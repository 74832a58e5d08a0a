import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../parseScenario.js'
import { SCENARIO_SCHEMA } from '../scenarioSchema.js'
import { DEFAULT_ECONOMICS } from './economicsSchema.js'
import { ScenarioError } from '../ScenarioError.js'

const MINIMAL = { intervals: 1, users: { count: 2 } }
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(SCENARIO_SCHEMA)
const DEFAULT_NETWORKS = [
  { name: 'Ethereum L1', gasPriceGwei: 2, dataFeeGweiPerByte: 0 },
  { name: 'Arbitrum One', gasPriceGwei: 0.01, dataFeeGweiPerByte: 0.07 },
  { name: 'Base', gasPriceGwei: 0.005, dataFeeGweiPerByte: 0.07 },
]

function refusal(economics: unknown, intervals = 1): ScenarioError {
  try {
    parseScenario({ ...MINIMAL, intervals, economics })
  } catch (error) {
    if (error instanceof ScenarioError) return error
    throw error
  }
  throw new Error('the economics were accepted')
}

describe("a scenario's economics", () => {
  it('defaults to 1 gwei, 3,000 per ether, EUR, joins over a year, 100 bytes per rollup transaction, three networks', () => {
    expect(parseScenario(MINIMAL).economics).toEqual({
      gasPriceGwei: 1,
      gasPriceWei: 1_000_000_000n,
      ethPrice: 3000,
      currency: 'EUR',
      horizonDays: 365,
      transactionOverheadBytes: 100,
      networks: DEFAULT_NETWORKS,
    })
    // A copy: changing a run's networks leaves the defaults alone.
    parseScenario(MINIMAL).economics.networks.pop()
    expect(DEFAULT_ECONOMICS.networks).toHaveLength(3)
  })

  it('amortises over the run itself when it is longer than a year', () => {
    expect(parseScenario({ ...MINIMAL, intervals: 400 * 24 }).economics.horizonDays).toBe(400)
  })

  it('takes the networks given instead of the defaults; an L1 has no data fee', () => {
    const networks = [
      { name: 'my L1', gasPriceGwei: 0.5 },
      { name: 'my rollup', gasPriceGwei: 0, dataFeeGweiPerByte: 1 },
    ]
    const { economics } = parseScenario({
      ...MINIMAL,
      economics: { networks, horizonDays: 30.5, transactionOverheadBytes: 0 },
    })
    expect(economics).toMatchObject({
      horizonDays: 30.5,
      transactionOverheadBytes: 0,
      networks: [
        { name: 'my L1', gasPriceGwei: 0.5, dataFeeGweiPerByte: 0 },
        { name: 'my rollup', gasPriceGwei: 0, dataFeeGweiPerByte: 1 },
      ],
    })
    expect(validate({ ...MINIMAL, economics: { networks, horizonDays: 30.5, transactionOverheadBytes: 0 } })).toBe(true)
    expect(parseScenario({ ...MINIMAL, economics: { networks: [] } }).economics.networks).toEqual([])
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
      horizonDays: 365,
      transactionOverheadBytes: 100,
      networks: DEFAULT_NETWORKS,
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
      'is not a known field (economics: gasPriceGwei, ethPrice, currency, horizonDays, transactionOverheadBytes, networks)',
    ],
    ['a zero horizon', { horizonDays: 0 }, 'economics.horizonDays', 0, 'must be a finite positive number of days'],
    ['a negative horizon', { horizonDays: -365 }, 'economics.horizonDays', -365, 'must be a finite positive number'],
    ['a horizon of ages', { horizonDays: 1e6 }, 'economics.horizonDays', 1e6, 'must be at most 36500 days'],
    ['a horizon as a string', { horizonDays: '365' }, 'economics.horizonDays', '365', 'finite positive number'],
    [
      'a fractional overhead',
      { transactionOverheadBytes: 1.5 },
      'economics.transactionOverheadBytes',
      1.5,
      'must be a whole number of bytes from 0 to 10000',
    ],
    [
      'a negative overhead',
      { transactionOverheadBytes: -1 },
      'economics.transactionOverheadBytes',
      -1,
      'must be a whole number of bytes',
    ],
    ['networks that are not a list', { networks: {} }, 'economics.networks', {}, 'must be an array of networks'],
    [
      'too many networks',
      { networks: Array.from({ length: 21 }, (_, i) => ({ name: `n${i}`, gasPriceGwei: 1 })) },
      'economics.networks',
      Array.from({ length: 21 }, (_, i) => ({ name: `n${i}`, gasPriceGwei: 1 })),
      'must list at most 20 networks',
    ],
    ['a network that is not an object', { networks: [2] }, 'economics.networks[0]', 2, 'must be an object'],
    [
      'a network without a name',
      { networks: [{ gasPriceGwei: 1 }] },
      'economics.networks[0].name',
      undefined,
      'must be a name of 1 to 200 characters',
    ],
    [
      'a network without a gas price',
      { networks: [{ name: 'L1' }] },
      'economics.networks[0].gasPriceGwei',
      undefined,
      'must be a number of gwei, got nothing',
    ],
    [
      "a network's negative gas price",
      { networks: [{ name: 'L1', gasPriceGwei: -0.1 }] },
      'economics.networks[0].gasPriceGwei',
      -0.1,
      'must not be negative (gwei)',
    ],
    [
      "a network's gas price as a string",
      { networks: [{ name: 'L1', gasPriceGwei: '2' }] },
      'economics.networks[0].gasPriceGwei',
      '2',
      'must be a number of gwei',
    ],
    [
      "a network's negative data fee",
      { networks: [{ name: 'L2', gasPriceGwei: 0.01, dataFeeGweiPerByte: -1 }] },
      'economics.networks[0].dataFeeGweiPerByte',
      -1,
      'must not be negative (gwei)',
    ],
    [
      "a network's absurd data fee",
      { networks: [{ name: 'L2', gasPriceGwei: 0.01, dataFeeGweiPerByte: 1e7 }] },
      'economics.networks[0].dataFeeGweiPerByte',
      1e7,
      'must be at most 1000000 gwei',
    ],
    [
      "a network's unknown field",
      { networks: [{ name: 'L2', gasPriceGwei: 0.01, l1Fee: 1 }] },
      'economics.networks[0].l1Fee',
      1,
      'is not a known field (economics.networks[0]: name, gasPriceGwei, dataFeeGweiPerByte)',
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

  it.each([
    [
      'two networks of one name',
      {
        networks: [
          { name: 'L1', gasPriceGwei: 1 },
          { name: 'L1', gasPriceGwei: 2 },
        ],
      },
      'economics.networks[1].name',
      'L1',
      'names another network already listed',
    ],
    [
      'a blank network name',
      { networks: [{ name: '  ', gasPriceGwei: 1 }] },
      'economics.networks[0].name',
      '  ',
      'must be a name',
    ],
  ])('refuses %s (the parser alone sees it)', (_what, economics, path, value, message) => {
    const error = refusal(economics)
    expect([error.path, error.value]).toEqual([path, value])
    expect(error.shortMessage).toContain(message)
  })

  it("refuses a horizon shorter than the run, naming the run's length", () => {
    const error = refusal({ horizonDays: 1 }, 48)
    expect([error.path, error.value]).toEqual(['economics.horizonDays', 1])
    expect(error.shortMessage).toBe("economics.horizonDays must be at least the run's length (2 days), got 1")
  })

  it('the JSON Schema accepts what the parser accepts', () => {
    expect(validate({ ...MINIMAL, economics: { gasPriceGwei: 0.5, ethPrice: 1, currency: 'CHF' } })).toBe(true)
  })

  it('refuses a section that is not an object', () => {
    expect(() => parseScenario({ ...MINIMAL, economics: 3 })).toThrow('economics must be an object, got 3')
  })

  it('docs/economics.md gives each default as the code has it', () => {
    const doc = readFileSync(new URL('../../../docs/economics.md', import.meta.url), 'utf8')
    const row = (parameter: string) => doc.split('\n').find((line) => line.startsWith(`| \`${parameter}\` |`)) ?? ''
    const d = DEFAULT_ECONOMICS
    expect(row('gasPriceGwei')).toContain(`| ${d.gasPriceGwei} gwei |`)
    expect(row('ethPrice')).toContain(`| ${d.ethPrice} per ether |`)
    expect(row('currency')).toContain(`| ${d.currency} |`)
    expect(row('horizonDays')).toContain(`| ${d.horizonDays} days`)
    expect(row('transactionOverheadBytes')).toContain(`| ${d.transactionOverheadBytes} bytes |`)
    for (const n of d.networks)
      expect(doc).toContain(`| \`networks\` ${n.name} | ${n.gasPriceGwei} gwei, ${n.dataFeeGweiPerByte} gwei/byte |`)
    expect(doc.match(/^\| `networks` /gm)).toHaveLength(d.networks.length)
  })
})
