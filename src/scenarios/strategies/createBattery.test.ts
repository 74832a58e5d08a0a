import { describe, expect, it } from 'vitest'
import type { BatterySpec } from '../types.js'
import { createBattery } from './createBattery.js'

const SPEC: BatterySpec = {
  capacityWh: 10_000n,
  maxChargeWh: 3_000n,
  maxDischargeWh: 2_500n,
  efficiency: 0.8,
  initialStateOfChargeWh: 1_000n,
  minStateOfChargeWh: 500n,
  wearWeiPerKWh: 0n,
}

describe('createBattery', () => {
  it('takes the loss when charging and clamps to the power limit', () => {
    const battery = createBattery(SPEC)
    expect(battery.step({ chargeWh: 5_000n })).toEqual({ chargeWh: 3_000n, dischargeWh: 0n, stateOfChargeWh: 3_400n })
  })

  it('stops charging at the capacity, counting the loss', () => {
    const battery = createBattery({ ...SPEC, initialStateOfChargeWh: 9_600n })
    expect(battery.view().chargeableWh).toBe(500n)
    expect(battery.step({ chargeWh: 3_000n })).toEqual({ chargeWh: 500n, dischargeWh: 0n, stateOfChargeWh: 10_000n })
    expect(battery.step({ chargeWh: 1n }).chargeWh).toBe(0n)
  })

  it('discharges down to the minimum state of charge and no further, within the power limit', () => {
    const battery = createBattery({ ...SPEC, initialStateOfChargeWh: 4_000n })
    expect(battery.step({ dischargeWh: 9_000n })).toEqual({
      chargeWh: 0n,
      dischargeWh: 2_500n,
      stateOfChargeWh: 1_500n,
    })
    expect(battery.view()).toMatchObject({ dischargeableWh: 1_000n })
    expect(battery.step({ dischargeWh: 9_000n })).toEqual({ chargeWh: 0n, dischargeWh: 1_000n, stateOfChargeWh: 500n })
    expect(battery.step({ dischargeWh: 1n }).dischargeWh).toBe(0n)
  })

  it('does nothing without an action, and nets a request for both', () => {
    const battery = createBattery(SPEC)
    expect(battery.step(undefined)).toEqual({ chargeWh: 0n, dischargeWh: 0n, stateOfChargeWh: 1_000n })
    expect(battery.step({ chargeWh: 1_000n, dischargeWh: 400n })).toEqual({
      chargeWh: 600n,
      dischargeWh: 0n,
      stateOfChargeWh: 1_480n,
    })
  })
})
