import type { HouseholdRecord } from '../HouseholdRecord.js'
import { hourOfInterval } from '../profileShapes.js'
import { addKpiTotals } from './addKpiTotals.js'
import { dayOfInterval, type RunClock } from './dayOfInterval.js'
import { describeKpis } from './describeKpis.js'
import { householdTotals } from './householdTotals.js'
import type { DayKpis, Economics, GridTariff, IntervalKpis, KpiTotals, ScenarioKpis, UserKpis } from './types.js'

export type ComputeKpisParameters = RunClock & {
  /** The grid tariff per interval of the run. */
  grid: GridTariff
  economics: Economics
  /** Each user's usable battery capacity (Wh), by user index; `undefined` for a user without a battery. */
  batteryCapacityWh?: readonly (bigint | undefined)[] | undefined
  /** How many intervals the run had (intervals without records still get a row). Default: from the records. */
  intervals?: number | undefined
}

/**
 * A run's KPIs from its household records: per user and for the community, over the run, per
 * day and (the community) per interval. Every figure is a sum of {@link householdTotals} or
 * derived from such sums by {@link describeKpis}.
 *
 * @param records one per user and interval (`ScenarioResult.households`)
 * @param parameters the run's clock, grid tariff and economics (a resolved `Scenario` has them all)
 * @returns the KPIs, users in ascending order
 * @example
 * import { computeKpis, parseScenario, runScenario } from 'dem-sim'
 * const scenario = parseScenario(definition)
 * const kpis = computeKpis((await runScenario(scenario)).households, scenario)
 * console.log(kpis.community.total.selfSufficiency)
 */
export function computeKpis(records: readonly HouseholdRecord[], parameters: ComputeKpisParameters): ScenarioKpis {
  const { grid, economics } = parameters
  const intervalCount = parameters.intervals ?? records.reduce((n, r) => Math.max(n, r.interval + 1), 0)
  const byInterval: KpiTotals[][] = Array.from({ length: intervalCount }, () => [])
  const storedWh: bigint[] = Array.from({ length: intervalCount }, () => 0n)
  const byUser = new Map<number, { strategy: string; battery: boolean; intervals: Map<number, KpiTotals[]> }>()
  for (const record of records) {
    const totals = householdTotals(record, { tariff: grid, gasPriceWei: economics.gasPriceWei })
    byInterval[record.interval]?.push(totals)
    if (record.interval < intervalCount)
      storedWh[record.interval] = (storedWh[record.interval] as bigint) + record.stateOfChargeWh
    let user = byUser.get(record.user)
    if (user === undefined)
      byUser.set(record.user, (user = { strategy: record.strategy, battery: false, intervals: new Map() }))
    if (record.batteryChargeWh > 0n || record.batteryDischargeWh > 0n || record.stateOfChargeWh > 0n)
      user.battery = true
    const list = user.intervals.get(record.interval)
    if (list === undefined) user.intervals.set(record.interval, [totals])
    else list.push(totals)
  }

  const days = (perInterval: (interval: number) => KpiTotals): DayKpis[] => {
    const grouped = new Map<number, { firstInterval: number; totals: KpiTotals[] }>()
    for (let interval = 0; interval < intervalCount; interval++) {
      const day = dayOfInterval(interval, parameters)
      const group = grouped.get(day)
      if (group === undefined) grouped.set(day, { firstInterval: interval, totals: [perInterval(interval)] })
      else group.totals.push(perInterval(interval))
    }
    return [...grouped].map(([day, { firstInterval, totals }]) => ({
      day,
      firstInterval,
      intervals: totals.length,
      ...describeKpis(addKpiTotals(totals), economics),
    }))
  }

  const communityIntervals = byInterval.map(addKpiTotals)
  const intervals: IntervalKpis[] = communityIntervals.map((totals, interval) => ({
    interval,
    day: dayOfInterval(interval, parameters),
    hour: hourOfInterval(interval, parameters.startHour, parameters.intervalSeconds),
    importWeiPerKWh: grid.importWeiPerKWh[interval] ?? 0n,
    feedInWeiPerKWh: grid.feedInWeiPerKWh[interval] ?? 0n,
    storedWh: storedWh[interval] as bigint,
    ...describeKpis(totals, economics),
  }))
  const users: UserKpis[] = [...byUser]
    .sort(([a], [b]) => a - b)
    .map(([user, { strategy, battery, intervals: perInterval }]) => {
      const ofInterval = (interval: number) => addKpiTotals(perInterval.get(interval) ?? [])
      const total = describeKpis(addKpiTotals([...perInterval.values()].flat()), economics)
      const capacity = parameters.batteryCapacityWh?.[user]
      return {
        user,
        strategy,
        battery: battery || capacity !== undefined,
        batteryCapacityWh: capacity ?? null,
        equivalentFullCycles: cycles(total.batteryThroughputWh, capacity ?? 0n),
        total,
        days: days(ofInterval),
      }
    })
  const communityTotal = describeKpis(addKpiTotals(communityIntervals), economics)
  const capacityWh = users.reduce((sum, u) => sum + (u.batteryCapacityWh ?? 0n), 0n)
  return {
    economics,
    community: {
      total: communityTotal,
      days: days((interval) => communityIntervals[interval] as KpiTotals),
      intervals,
      batteryCapacityWh: capacityWh,
      equivalentFullCycles: cycles(communityTotal.batteryThroughputWh, capacityWh),
    },
    users,
  }
}

/** Throughput over twice the capacity: full cycles, as a number; `null` without a capacity. */
function cycles(throughputWh: bigint, capacityWh: bigint): number | null {
  return capacityWh === 0n ? null : Number(throughputWh) / Number(2n * capacityWh)
}
