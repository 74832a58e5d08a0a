import { describe, expect, it } from 'vitest'
import { SimulatedFeed } from '../artifacts/index.js'
import { DemSimulator } from '../market/DemSimulator.js'
import { MechanismError } from './MechanismError.js'
import { mechanismNames, resolveMechanism } from './mechanisms.js'
import { oraclePrice } from './oraclePrice/oraclePrice.js'

describe('mechanisms', () => {
  it('resolves the built-in names and defaults to oracle-price', () => {
    expect(resolveMechanism(undefined)).toBe(oraclePrice)
    expect(resolveMechanism('oracle-price')).toBe(oraclePrice)
    expect(mechanismNames()).toContain('oracle-price')
  })

  it('refuses an unknown name with a typed error listing the available ones, before deploying anything', async () => {
    const error = await DemSimulator.create({ mechanism: 'vickrey' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MechanismError)
    expect((error as MechanismError).shortMessage).toBe(
      `unknown mechanism 'vickrey'; available: ${mechanismNames().join(', ')}`,
    )
  })

  it('refuses a module whose market lacks the core ABI, naming what is missing', () => {
    const broken = { ...oraclePrice, name: 'broken', market: SimulatedFeed }
    expect(() => resolveMechanism(broken)).toThrow(MechanismError)
    expect(() => resolveMechanism(broken)).toThrow(
      /mechanism 'broken': its market lacks .*function processBuffer\(uint256\)→\(uint256\)/,
    )
  })

  it('runs the simulator on a mechanism given as a module', async () => {
    const sim = await DemSimulator.create({ mechanism: { ...oraclePrice } })
    expect(sim.mechanism.name).toBe('oracle-price')
    expect((await sim.interval(0)).phase).toBe('open')
  })
})
