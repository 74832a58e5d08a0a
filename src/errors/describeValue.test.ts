import { expect, it } from 'vitest'
import { describeValue } from './describeValue.js'

it('names the type of what was passed, and the value where it is short', () => {
  expect(describeValue(-1n)).toBe('-1')
  expect(describeValue('100')).toBe("the string '100'")
  expect(describeValue('')).toBe("the string ''")
  expect(describeValue(100)).toBe('the number 100')
  expect(describeValue(Number.NaN)).toBe('the number NaN')
  expect(describeValue(true)).toBe('the boolean true')
  expect(describeValue(undefined)).toBe('undefined')
  expect(describeValue(null)).toBe('null')
  expect(describeValue([1n, 2n])).toBe('an array of length 2')
  expect(describeValue({ energyWh: 1n })).toBe('an object')
  expect(describeValue(() => 1n)).toBe('a function')
  expect(describeValue(Symbol('x'))).toBe('the symbol x')
})
