import { expect, it } from 'vitest'
import { weiToCurrency } from './weiToCurrency.js'

it('converts wei at a price of ether, rounding half away from zero to 6 decimals', () => {
  expect(weiToCurrency(50_000_000_000_000n, 3000)).toBe(0.15)
  expect(weiToCurrency(10n ** 18n, 3000.5)).toBe(3000.5)
  expect(weiToCurrency(-(10n ** 18n), 2)).toBe(-2)
  // 1.5 micro-units and 1.4999 micro-units.
  expect(weiToCurrency(500_000_000_000n, 3)).toBe(0.000002)
  expect(weiToCurrency(-500_000_000_000n, 3)).toBe(-0.000002)
  expect(weiToCurrency(499_990_000_000n, 3)).toBe(0.000001)
  expect(weiToCurrency(0n, 3000)).toBe(0)
  // Beyond what a double holds in wei: 123,456.789012345678901234 ether.
  expect(weiToCurrency(123_456_789_012_345_678_901_234n, 1)).toBe(123_456.789012)
})
