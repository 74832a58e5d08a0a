import type { HouseholdRecord } from '../scenarios/HouseholdRecord.js'
import type { ScenarioKpis } from '../scenarios/kpis/types.js'
import { weiToCurrency } from '../scenarios/kpis/weiToCurrency.js'
import {
  type ChartSpec,
  CONFIG,
  chartTitle,
  describe as describeScenario,
  HEIGHT,
  SCHEMA,
  unwrapHours,
  WIDTH,
} from './chartSpecs.js'

/** Up to this many battery users get a line each in the state-of-charge chart; more are drawn as their total. */
const MAX_BATTERY_LINES = 10

/** Hours from midnight of the first day at each interval's start, and the length of an interval in hours. */
function timeline(kpis: Pick<ScenarioKpis, 'community'>): { hours: number[]; step: number } {
  const hours = unwrapHours(kpis.community.intervals.map((i) => i.hour))
  const step = hours.length > 1 ? (hours[1] as number) - (hours[0] as number) : 1
  return { hours, step }
}

const hourAxis = (domain: [number, number]) => ({
  field: 'hour',
  type: 'quantitative',
  title: 'hour of the day',
  scale: { domain, nice: false },
  axis: { tickMinStep: 1, labelExpr: "format(datum.value % 24, '02d') + ':00'" },
})

/**
 * Energy stored in the batteries over the run, at each interval's end: one line per battery
 * household (up to 10), or the community's total when there are more.
 *
 * @param run the run's name, household records and KPIs (for the clock and who has a battery)
 * @example
 * import { stateOfChargeChart } from 'dem-sim'
 * const spec = stateOfChargeChart({ name: result.name, households: result.households, kpis: result.kpis })
 */
export function stateOfChargeChart(run: {
  name: string
  households: readonly HouseholdRecord[]
  kpis: Pick<ScenarioKpis, 'community' | 'users'>
}): ChartSpec {
  const { kpis } = run
  const { hours, step } = timeline(kpis)
  const batteryUsers = kpis.users.filter((u) => u.battery).map((u) => u.user)
  const end = (interval: number) => (hours[interval] ?? 0) + step
  const each = batteryUsers.length <= MAX_BATTERY_LINES
  const wanted = new Set(batteryUsers)
  const values = each
    ? run.households
        .filter((r) => wanted.has(r.user))
        .map((r) => ({ hour: end(r.interval), series: `user ${r.user}`, kWh: Number(r.stateOfChargeWh) / 1000 }))
    : kpis.community.intervals.map((i) => ({
        hour: end(i.interval),
        series: `all ${batteryUsers.length} batteries`,
        kWh: Number(i.storedWh) / 1000,
      }))
  const subtitle =
    batteryUsers.length === 0
      ? 'no household has a battery'
      : each
        ? `${batteryUsers.length} battery households, at each interval's end`
        : `the total of ${batteryUsers.length} battery households, at each interval's end`
  return {
    $schema: SCHEMA,
    title: chartTitle('Battery state of charge', `${describeScenario(run.name)}${subtitle}`),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: hourAxis([hours[0] ?? 0, end(hours.length - 1)]),
      y: { field: 'kWh', type: 'quantitative', title: 'kWh stored' },
      color: { field: 'series', type: 'nominal', title: null, sort: null, scale: { scheme: 'tableau10' } },
    },
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom', columns: 5 } },
  }
}

/**
 * Each household's bill over the run, with the market (gas included) and with the grid alone,
 * and what the market saved it, in the economics' currency.
 *
 * @param run the run's name and KPIs
 * @example
 * import { billsChart } from 'dem-sim'
 * const spec = billsChart({ name: result.name, kpis: result.kpis })
 */
export function billsChart(run: { name: string; kpis: Pick<ScenarioKpis, 'users' | 'economics'> }): ChartSpec {
  const { currency, ethPrice } = run.kpis.economics
  const money = (wei: bigint) => weiToCurrency(wei, ethPrice)
  const series = ['grid only', 'with the market, gas included']
  const bills = run.kpis.users.flatMap((u) => [
    { user: `${u.user}`, strategy: u.strategy, series: series[0], amount: u.total.inCurrency.gridOnlyBill },
    { user: `${u.user}`, strategy: u.strategy, series: series[1], amount: money(u.total.billWei + u.total.gasCostWei) },
  ])
  const savings = run.kpis.users.map((u) => ({
    user: `${u.user}`,
    strategy: u.strategy,
    amount: u.total.inCurrency.savings,
  }))
  // Users in data order: an explicit sort array becomes one nested expression per user, which overflows Vega's parser at 1,000 users.
  const x = {
    field: 'user',
    type: 'ordinal',
    sort: null,
    title: 'user',
    axis: { labelAngle: 0, labelOverlap: 'parity' },
  }
  return {
    $schema: SCHEMA,
    title: chartTitle(
      `Bills and savings per household (${currency})`,
      `${describeScenario(run.name)}a negative bill is money earned; savings = grid-only bill − bill with the market, gas included`,
    ),
    vconcat: [
      {
        width: WIDTH,
        height: HEIGHT * 0.6,
        data: { values: bills },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x,
          xOffset: { field: 'series', type: 'nominal', sort: series },
          y: { field: 'amount', type: 'quantitative', title: `bill ${currency}` },
          color: {
            field: 'series',
            type: 'nominal',
            sort: series,
            title: null,
            scale: { domain: series, range: ['#9e9e9e', '#4c78a8'] },
          },
        },
      },
      {
        width: WIDTH,
        height: HEIGHT * 0.4,
        data: { values: savings },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x,
          y: { field: 'amount', type: 'quantitative', title: `savings ${currency}` },
          color: { condition: { test: 'datum.amount < 0', value: '#b22222' }, value: '#2ca02c' },
        },
      },
    ],
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'top' } },
  }
}

/**
 * The local price against the grid tariff, per interval: the import and feed-in prices (step
 * lines) and the average price buyers paid locally (points, in intervals with trade) — the
 * clearing price under a uniform-price mechanism, to within rounding.
 *
 * @param run the run's name and KPIs
 * @example
 * import { priceChart } from 'dem-sim'
 * const spec = priceChart({ name: result.name, kpis: result.kpis })
 */
export function priceChart(run: { name: string; kpis: Pick<ScenarioKpis, 'community' | 'economics'> }): ChartSpec {
  const { kpis } = run
  const { currency, ethPrice } = kpis.economics
  const { hours, step } = timeline(kpis)
  const money = (wei: bigint) => weiToCurrency(wei, ethPrice)
  const tariff = ['grid import price', 'grid feed-in price']
  const last = kpis.community.intervals.at(-1)
  // A step line ends where its last interval ends: repeat the last price there.
  const tariffValues = [
    ...kpis.community.intervals,
    ...(last === undefined ? [] : [{ ...last, interval: last.interval + 1 }]),
  ].flatMap((i) => {
    const hour = (hours[i.interval] ?? (hours.at(-1) ?? 0) + step) as number
    return [
      { hour, series: tariff[0], price: money(i.importWeiPerKWh) },
      { hour, series: tariff[1], price: money(i.feedInWeiPerKWh) },
    ]
  })
  const local = kpis.community.intervals.flatMap((i) =>
    i.localBuyPriceWeiPerKWh === null
      ? []
      : [
          {
            hour: (hours[i.interval] ?? 0) + step / 2,
            series: 'local price paid',
            price: money(i.localBuyPriceWeiPerKWh),
          },
        ],
  )
  const names = [...tariff, 'local price paid']
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    sort: names,
    scale: { domain: names, range: ['#b22222', '#2ca02c', '#4c78a8'] },
  }
  const y = { field: 'price', type: 'quantitative', title: `${currency} per kWh` }
  const x = hourAxis([hours[0] ?? 0, (hours.at(-1) ?? 0) + step])
  return {
    $schema: SCHEMA,
    title: chartTitle(
      'Local price vs grid tariff',
      `${describeScenario(run.name)}average price paid per kWh bought locally, in intervals with trade`,
    ),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { data: { values: tariffValues }, mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y, color } },
      { data: { values: local }, mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color } },
    ],
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom', columns: 3 } },
  }
}
