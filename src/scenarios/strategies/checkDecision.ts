import { lockFor } from '../../mechanisms/lockFor.js'
import type { Side } from '../../market/types.js'
import { StrategyError } from './StrategyError.js'
import type { BatteryAction, CommitmentDecision } from './types.js'

const MAX_ENERGY_WH = 2n ** 64n - 1n
const MAX_LIMIT_PRICE = 2n ** 96n - 1n
const SIDES: readonly Side[] = ['production', 'consumption']
const DECISION_FIELDS = ['commitments', 'battery']
const COMMITMENT_FIELDS = ['side', 'energyWh', 'limitPriceWeiPerKWh', 'interval']
const BATTERY_FIELDS = ['chargeWh', 'dischargeWh']

/** A commitment ready to send: its interval filled in; `refusable` when the contracts will refuse it (let through on request). */
export type CheckedCommitment = Required<CommitmentDecision> & { lockWei: bigint; refusable: string | undefined }

export type CheckedDecision = { commitments: CheckedCommitment[]; battery: BatteryAction | undefined }

export type CheckDecisionContext = {
  user: number
  /** The run's interval being decided, and how many the run has. */
  interval: number
  intervals: number
  availableCollateralWei: bigint
  hasBattery: boolean
  /** Pass what only the contracts would refuse (zero energy, a zero consumption limit, a past interval, a lock above the collateral) instead of throwing. */
  letThrough: boolean
}

/**
 * Checks a strategy's or an agent's decision before anything is sent: its shape and types, that
 * each commitment can be encoded, names an interval of the run and (unless let through) that the
 * contracts would accept it — positive energy, a positive consumption limit, not a past interval,
 * consumption locks within the available collateral (cumulatively). Throws a {@link StrategyError}; returns a normalized copy.
 */
export function checkDecision(decision: unknown, context: CheckDecisionContext): CheckedDecision {
  const fail = (field: string, problem: string, value: unknown): never => {
    throw new StrategyError(context.user, context.interval, field, problem, value)
  }
  if (decision === undefined || decision === null) return { commitments: [], battery: undefined }
  const d = record(decision, '', DECISION_FIELDS, fail)
  const commitments: CheckedCommitment[] = []
  let availableWei = context.availableCollateralWei
  if (d.commitments !== undefined) {
    if (!Array.isArray(d.commitments)) fail('commitments', 'must be an array', d.commitments)
    for (const [n, item] of (d.commitments as unknown[]).entries()) {
      const at = `commitments[${n}]`
      const c = record(item, at, COMMITMENT_FIELDS, fail)
      if (!SIDES.includes(c.side as Side)) fail(`${at}.side`, 'must be "production" or "consumption"', c.side)
      const energyWh = amount(c.energyWh, `${at}.energyWh`, MAX_ENERGY_WH, 'energy in Wh', fail)
      const limitPriceWeiPerKWh = amount(
        c.limitPriceWeiPerKWh,
        `${at}.limitPriceWeiPerKWh`,
        MAX_LIMIT_PRICE,
        'wei per kWh',
        fail,
      )
      const interval = c.interval === undefined ? context.interval : c.interval
      if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 0)
        fail(`${at}.interval`, 'must be an interval of the run (a non-negative integer)', interval)
      if ((interval as number) >= context.intervals)
        fail(`${at}.interval`, `must be before the run's end (${context.intervals} intervals)`, interval)
      const lockWei = c.side === 'consumption' ? lockFor(energyWh, limitPriceWeiPerKWh) : 0n
      const problem: [string, string, unknown] | undefined =
        energyWh === 0n
          ? [`${at}.energyWh`, 'must be positive', energyWh]
          : c.side === 'consumption' && limitPriceWeiPerKWh === 0n
            ? [`${at}.limitPriceWeiPerKWh`, 'must be positive for consumption (its lock is energy × limit)', 0n]
            : (interval as number) < context.interval
              ? [`${at}.interval`, `must not be a past interval (the current one is ${context.interval})`, interval]
              : lockWei > availableWei
                ? [
                    `${at}.energyWh`,
                    `locks ${lockWei} wei at ${limitPriceWeiPerKWh} wei/kWh but only ${availableWei} wei of collateral is available`,
                    energyWh,
                  ]
                : undefined
      if (problem !== undefined && !context.letThrough) fail(...problem)
      if (problem === undefined) availableWei -= lockWei
      const refusable = problem === undefined ? undefined : `${problem[0]} ${problem[1]}`
      commitments.push({
        side: c.side as Side,
        energyWh,
        limitPriceWeiPerKWh,
        interval: interval as number,
        lockWei,
        refusable,
      })
    }
  }
  let battery: BatteryAction | undefined
  if (d.battery !== undefined) {
    const b = record(d.battery, 'battery', BATTERY_FIELDS, fail)
    const chargeWh =
      b.chargeWh === undefined ? 0n : amount(b.chargeWh, 'battery.chargeWh', MAX_ENERGY_WH, 'energy in Wh', fail)
    const dischargeWh =
      b.dischargeWh === undefined
        ? 0n
        : amount(b.dischargeWh, 'battery.dischargeWh', MAX_ENERGY_WH, 'energy in Wh', fail)
    if (!context.hasBattery && (chargeWh > 0n || dischargeWh > 0n))
      fail('battery', "asks for a battery action but the user's group has no battery", d.battery)
    battery = { chargeWh, dischargeWh }
  }
  return { commitments, battery }
}

function record(
  value: unknown,
  at: string,
  known: readonly string[],
  fail: (field: string, problem: string, value: unknown) => never,
): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(at, 'must be an object', value)
  const object = value as Record<string, unknown>
  for (const key of Object.keys(object)) {
    if (!known.includes(key))
      fail(at === '' ? key : `${at}.${key}`, `is not a known field (${known.join(', ')})`, object[key])
  }
  return object
}

function amount(
  value: unknown,
  at: string,
  max: bigint,
  unit: string,
  fail: (field: string, problem: string, value: unknown) => never,
): bigint {
  if (typeof value !== 'bigint') fail(at, `must be a bigint (${unit})`, value)
  const n = value as bigint
  if (n < 0n) fail(at, `must not be negative (${unit})`, value)
  if (n > max) fail(at, `must be at most ${max} (${unit})`, value)
  return n
}
