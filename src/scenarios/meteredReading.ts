import type { Scenario } from './types.js'

/** The oracle's reading of an interval: the given market-wide reading, else the households' total, less the shortfall. */
export function meteredReading(spec: Scenario['oracle']['production'], i: number, totalWh: bigint): bigint {
  const baseWh = spec.meteredWh === undefined ? totalWh : BigInt(Math.round(spec.meteredWh[i] as number))
  const keptPpm = BigInt(Math.round((1 - (spec.shortfall[i] as number)) * 1e6))
  return (baseWh * keptPpm) / 1_000_000n
}
