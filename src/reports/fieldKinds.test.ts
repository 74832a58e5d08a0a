import { describe, expect, it } from 'vitest'
import { describeFound, findShapeProblem } from './fieldKinds.js'

describe('findShapeProblem', () => {
  const shape = { gas: 'uint', bill: 'int', ratio: 'real?', rows: [{ name: 'text' }] } as const

  it('accepts a value of the shape', () => {
    expect(findShapeProblem({ gas: 1n, bill: -3n, ratio: null, rows: [{ name: 'a' }] }, shape, 'x')).toBeUndefined()
  })

  it.each<[string, unknown, string, string]>([
    [
      'a negative gas figure',
      { gas: -5n, bill: 0n, ratio: 1, rows: [] },
      'x.gas',
      'must be a whole number from 0 to 10^38 − 1, found -5',
    ],
    [
      'a 3,000-digit one',
      { gas: 10n ** 3000n, bill: 0n, ratio: 1, rows: [] },
      'x.gas',
      'must be a whole number from 0 to 10^38 − 1, found a 3001-digit number',
    ],
    [
      'a missing field',
      { gas: 1n, ratio: 1, rows: [] },
      'x.bill',
      'must be a whole number of magnitude below 10^38, found nothing',
    ],
    ['an extra field', { gas: 1n, bill: 0n, ratio: 1, rows: [], more: 1 }, 'x.more', 'is not a field it has'],
    [
      'a list of the wrong items',
      { gas: 1n, bill: 0n, ratio: 1, rows: [{ name: 2 }] },
      'x.rows[0].name',
      'must be a string, found 2',
    ],
    [
      'a number that is not finite',
      { gas: 1n, bill: 0n, ratio: Number.NaN, rows: [] },
      'x.ratio',
      'must be null or a finite number, found NaN',
    ],
  ])('names %s', (_case, value, path, problem) => {
    expect(findShapeProblem(value, shape, 'x')).toEqual({ path, problem })
  })

  it('describes values briefly', () => {
    expect(describeFound(-(10n ** 40n))).toBe('a 41-digit negative number')
    expect(describeFound('y'.repeat(100))).toBe(`"${'y'.repeat(37)}..."`)
  })
})
