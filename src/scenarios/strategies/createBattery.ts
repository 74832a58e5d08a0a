import type { BatterySpec } from '../types.js'
import type { BatteryAction, BatteryView } from './types.js'

/** What a battery did in one interval. */
export type BatteryStep = {
  /** Energy taken in (before losses). */
  chargeWh: bigint
  /** Energy delivered (after losses). */
  dischargeWh: bigint
  /** Energy stored at the interval's end. */
  stateOfChargeWh: bigint
}

/** A home battery's state and the one place its physics live. */
export type Battery = {
  readonly spec: BatterySpec
  readonly stateOfChargeWh: bigint
  /** The state and limits a strategy sees before it decides. */
  view(): BatteryView
  /**
   * Applies an action for one interval: charging is clamped to the power limit and the room left
   * (taking the loss into account), discharging to the power limit and the charge above the minimum.
   * A request for both charges and discharges the net.
   */
  step(action: BatteryAction | undefined): BatteryStep
}

const PPM = 1_000_000n

/**
 * Creates a battery at its initial state of charge. Energy is in whole Wh; the round-trip loss is
 * taken when charging (storing x Wh from the home adds ⌊x · efficiency⌋ to the state of charge),
 * discharging delivers what it takes out.
 *
 * @example
 * import { createBattery } from 'dem-sim'
 * const battery = createBattery({ capacityWh: 10_000n, maxChargeWh: 5_000n, maxDischargeWh: 5_000n, efficiency: 0.9, initialStateOfChargeWh: 0n, minStateOfChargeWh: 0n, wearWeiPerKWh: 0n })
 * battery.step({ chargeWh: 2_000n }).stateOfChargeWh // 1800n
 */
export function createBattery(spec: BatterySpec): Battery {
  const efficiencyPpm = BigInt(Math.round(spec.efficiency * 1e6))
  let soc = spec.initialStateOfChargeWh
  const chargeable = () => {
    const room = spec.capacityWh > soc ? spec.capacityWh - soc : 0n
    const byRoom = efficiencyPpm === 0n ? 0n : (room * PPM) / efficiencyPpm
    return min(spec.maxChargeWh, byRoom)
  }
  const dischargeable = () =>
    min(spec.maxDischargeWh, soc > spec.minStateOfChargeWh ? soc - spec.minStateOfChargeWh : 0n)
  return {
    spec,
    get stateOfChargeWh() {
      return soc
    },
    view: () => ({ spec, stateOfChargeWh: soc, chargeableWh: chargeable(), dischargeableWh: dischargeable() }),
    step(action) {
      const requested = (action?.chargeWh ?? 0n) - (action?.dischargeWh ?? 0n)
      if (requested > 0n) {
        const chargeWh = min(requested, chargeable())
        soc += (chargeWh * efficiencyPpm) / PPM
        return { chargeWh, dischargeWh: 0n, stateOfChargeWh: soc }
      }
      const dischargeWh = min(-requested, dischargeable())
      soc -= dischargeWh
      return { chargeWh: 0n, dischargeWh, stateOfChargeWh: soc }
    },
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}
