import { describe, expect, it } from 'vitest'
import { E, TEST_ECONOMICS as economics } from './economicsTestSupport.js'
import { InvalidArgumentError } from '../../chain/errors.js'
import { computeBreakEven, type ComputeBreakEvenParameters } from './computeBreakEven.js'

const parameters: ComputeBreakEvenParameters = {
  mechanism: 'some-mechanism',
  orderPath: 'direct',
  tradeSavingsWei: 1_000n * E,
  footprint: {
    deployment: { transactions: 5, gasUsed: 9_000_000n, calldataBytes: 40_000n, compressedCalldataBytes: 30_000n },
    join: { transactions: 2, gasUsed: 200_000n, calldataBytes: 100n, compressedCalldataBytes: 50n },
    operation: { transactions: 10, gasUsed: 1_000_000n, calldataBytes: 1_000n, compressedCalldataBytes: 300n },
  },
  runSeconds: 86_400,
  economics,
}

describe('computeBreakEven', () => {
  it('joins in full: savings over the gas of joins and operation; deployment apart', () => {
    const { joinsInFull, runDays, horizonDays } = computeBreakEven(parameters)
    expect([runDays, horizonDays]).toEqual([1, 10])
    // 10 × 100 + 300 bytes for the operation, 2 × 100 + 50 for the joins.
    expect(joinsInFull).toMatchObject({ gasUsed: 1_200_000n, dataBytes: 1_550n })
    // 10^15 wei / 1.2 × 10^6 gas = 833,333,333.33 wei per gas.
    expect(joinsInFull.breakEvenGasPriceGwei).toBeCloseTo(10 / 12, 12)
    expect(joinsInFull.networks[1]?.effectiveGasPriceGwei).toBeCloseTo(0.01 + 0.000645833333, 12)
    expect(joinsInFull.networks).toEqual([
      {
        name: 'L1',
        gasPriceGwei: 2,
        dataFeeGweiPerByte: 0,
        costWei: 2_400n * E,
        effectiveGasPriceGwei: 2,
        netSavingsWei: -1_400n * E,
        inCurrency: { cost: 4.8, netSavings: -2.8 },
      },
      {
        name: 'rollup',
        gasPriceGwei: 0.01,
        dataFeeGweiPerByte: 0.5,
        // 1.2 × 10^6 gas × 10^7 wei + 1,550 bytes × 5 × 10^8 wei.
        costWei: 12_775_000_000_000n,
        effectiveGasPriceGwei: expect.any(Number),
        netSavingsWei: 987_225_000_000_000n,
        inCurrency: { cost: 0.02555, netSavings: 1.97445 },
      },
    ])
  })

  it('joins amortised: the run bears run / horizon of their gas and data', () => {
    const { joinsAmortised } = computeBreakEven(parameters)
    // A tenth of 200,000 gas and of 250 bytes.
    expect(joinsAmortised).toMatchObject({ gasUsed: 1_020_000n, dataBytes: 1_325n })
    expect(joinsAmortised.breakEvenGasPriceGwei).toBeCloseTo(1 / 1.02, 12)
    expect(joinsAmortised.networks.map((n) => n.costWei)).toEqual([2_040n * E, 10_200_000_000_000n + 662_500_000_000n])
  })

  it('rounds the amortised share to the nearest unit', () => {
    const third = computeBreakEven({ ...parameters, economics: { ...economics, horizonDays: 3 } })
    // 200,000 / 3 = 66,666.67 gas and 250 / 3 = 83.33 bytes.
    expect(third.joinsAmortised).toMatchObject({ gasUsed: 1_066_667n, dataBytes: 1_383n })
  })

  it('has no break-even when local trade saves nothing, and prices the loss on every network', () => {
    for (const tradeSavingsWei of [0n, -5n * E]) {
      const { joinsInFull, joinsAmortised } = computeBreakEven({ ...parameters, tradeSavingsWei })
      expect([joinsInFull.breakEvenGasPriceGwei, joinsAmortised.breakEvenGasPriceGwei]).toEqual([null, null])
      expect(joinsInFull.networks[0]?.netSavingsWei).toBe(tradeSavingsWei - 2_400n * E)
    }
  })

  it('carries the mechanism, order path, savings and footprint it was given', () => {
    expect(computeBreakEven(parameters)).toMatchObject({
      mechanism: 'some-mechanism',
      orderPath: 'direct',
      tradeSavingsWei: 1_000n * E,
      footprint: parameters.footprint,
    })
  })

  it.each([
    ['a run of no time', { runSeconds: 0 }, 'runSeconds must be a positive whole number of seconds, got 0'],
    ['a fractional run', { runSeconds: 1.5 }, 'runSeconds must be a positive whole number of seconds, got 1.5'],
    [
      'a horizon shorter than the run',
      { economics: { ...economics, horizonDays: 0.5 } },
      "economics.horizonDays must be at least the run's length (1 day), got 0.5",
    ],
    [
      'a negative horizon',
      { economics: { ...economics, horizonDays: -1 } },
      'economics.horizonDays must be a finite positive number of days, got -1',
    ],
    [
      'a negative overhead',
      { economics: { ...economics, transactionOverheadBytes: -1 } },
      'economics.transactionOverheadBytes must be a whole number of bytes from 0 to 10000, got -1',
    ],
    [
      "a network's negative gas price",
      { economics: { ...economics, networks: [{ name: 'L1', gasPriceGwei: -1, dataFeeGweiPerByte: 0 }] } },
      'economics.networks[0].gasPriceGwei must not be negative (gwei), got -1',
    ],
    [
      "a network's data fee that is not a number",
      {
        economics: {
          ...economics,
          networks: [{ name: 'L2', gasPriceGwei: 0.01, dataFeeGweiPerByte: Number.NaN }],
        },
      },
      'economics.networks[0].dataFeeGweiPerByte must be a number of gwei, got NaN',
    ],
  ])('refuses %s with a typed error naming the field, changing nothing', (_what, change, message) => {
    const given = { ...parameters, ...change } as ComputeBreakEvenParameters
    const before = structuredClone(given)
    let error: unknown
    try {
      computeBreakEven(given)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect((error as InvalidArgumentError).shortMessage).toBe(message)
    expect(given).toEqual(before)
  })
})
