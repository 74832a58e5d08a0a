import { describe, expect, it } from 'vitest'
import { lockFor } from './lockFor.js'

describe('lockFor', () => {
  it('rounds a consumer’s lock up: ceil(energyWh × limit / 1000)', () => {
    expect([lockFor(1n, 1n), lockFor(1_000n, 1n), lockFor(1_001n, 1n), lockFor(0n, 5n)]).toEqual([1n, 1n, 2n, 0n])
  })
})
