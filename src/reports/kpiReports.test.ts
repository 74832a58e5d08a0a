import { describe, expect, it } from 'vitest'
import { emptyHouseholdRecord, type HouseholdRecord } from '../scenarios/HouseholdRecord.js'
import { computeKpis } from '../scenarios/kpis/computeKpis.js'
import { billsChart, priceChart, stateOfChargeChart } from './kpiCharts.js'
import { kpiMarkdown } from './kpiMarkdown.js'
import {
  kpiDaysTable,
  kpiHouseholdIntervalsTable,
  kpiIntervalsTable,
  kpiSummaryTable,
  kpiUserDaysTable,
  kpiUsersTable,
} from './kpiTables.js'
import { renderSvg } from './renderSvg.js'
import { tableToCsv, tableToMarkdown } from './ReportTable.js'
import { variantComparisonChart } from './variantCharts.js'
import { variantKpiTable } from './variantTables.js'

/** The break-even analysis's parameters, which the KPIs do not read. */
const NO_NETWORKS = { horizonDays: 365, transactionOverheadBytes: 100, networks: [] }

const record = (fields: Partial<HouseholdRecord> & Pick<HouseholdRecord, 'user' | 'interval'>): HouseholdRecord => ({
  ...emptyHouseholdRecord(fields.user, fields.interval, 'profile'),
  ...fields,
})

// A battery household and a consumer, 12:00 and 13:00, at 0.30 EUR/kWh import and 0.08 EUR/kWh feed-in (3,000 EUR per ether).
const E = 10n ** 18n / 3000n / 100n // wei per euro cent
const households = [
  record({
    user: 0,
    interval: 0,
    strategy: 'battery',
    loadWh: 1_000n,
    generationWh: 4_000n,
    batteryChargeWh: 2_000n,
    stateOfChargeWh: 1_900n,
    soldLocalWh: 1_000n,
    receivedWei: 20n * E,
    gasUsed: 60_000n,
  }),
  record({ user: 1, interval: 0, loadWh: 1_000n, boughtLocalWh: 1_000n, paidWei: 20n * E, gasUsed: 60_000n }),
  record({
    user: 0,
    interval: 1,
    strategy: 'battery',
    loadWh: 1_000n,
    batteryDischargeWh: 1_000n,
    stateOfChargeWh: 850n,
  }),
  record({ user: 1, interval: 1, loadWh: 2_000n }),
]
const kpis = computeKpis(households, {
  grid: { importWeiPerKWh: [30n * E, 30n * E], feedInWeiPerKWh: [8n * E, 8n * E] },
  economics: { ...NO_NETWORKS, gasPriceGwei: 1, gasPriceWei: 1_000_000_000n, ethPrice: 3000, currency: 'EUR' },
  intervalSeconds: 3600,
  startHour: 12,
})

describe('KPI reports', () => {
  it('the community in a few lines, in kWh, percent and the currency', () => {
    expect(tableToMarkdown(kpiSummaryTable(kpis))).toBe(
      [
        '| measure | value |',
        '|:---|---:|',
        '| households (with a battery) | 2 (1) |',
        '| load kWh | 5 |',
        '| generation kWh | 4 |',
        '| self-sufficiency % | 60 |', // 3 of 5 kWh: all of user 0's, half of user 1's
        '| self-consumption % | 75 |', // 1 of 4 kWh sold
        '| bought / sold locally kWh | 1 / 1 |',
        '| grid import / export kWh | 2 / 0 |',
        '| traded share % | 50 |',
        '| battery throughput kWh | 3 |',
        '| battery equivalent full cycles |  |', // no capacity given
        '| bill with the market EUR | 0.6 |', // 0.20 paid − 0.20 received + 2 kWh × 0.30
        '| grid-only bill EUR | 0.96 |', // −3 kWh × 0.08 fed in at 12:00, 3 kWh × 0.30 imported at 13:00 (and user 1's 1 kWh at 12:00)
        '| savings before gas EUR | 0.36 |',
        '| gas EUR (1 gwei, 3000 EUR/ETH) | 0.36 |', // 120,000 gas at 1 gwei, 3,000 EUR per ether
        '| savings EUR (gas paid) | 0 |', // 0.96 − 0.60 − 0.36
        '| gas EUR per kWh traded | 0.18 |',
        '',
      ].join('\n'),
    )
  })

  it('CSV holds every KPI exactly; one row per user, day, interval, user-day and user-interval', () => {
    const users = tableToCsv(kpiUsersTable(kpis)).split('\n')
    expect(users[0]).toBe(
      'user,strategy,battery,capacity Wh,full cycles,load Wh,generation Wh,self-supplied Wh,self-consumed Wh,self-sufficiency,self-consumption,bought local Wh,sold local Wh,grid import Wh,grid export Wh,traded share,battery charge Wh,battery discharge Wh,battery throughput Wh,paid local wei,received local wei,local buy price wei/kWh,local sell price wei/kWh,grid import cost wei,grid feed-in wei,bill wei,grid-only bill wei,gas,gas cost wei,gas cost wei/kWh traded,energy savings wei,savings wei,bill EUR,grid-only bill EUR,energy savings EUR,gas cost EUR,savings EUR',
    )
    expect(users[1]).toBe(
      `0,battery,yes,,,2000,4000,2000,3000,1,0.75,0,1000,0,0,1,2000,1000,3000,0,${20n * E},,${20n * E},0,0,${-20n * E},${-24n * E + 30n * E},60000,60000000000000,60000000000000,${26n * E},${26n * E - 60_000_000_000_000n},-0.2,0.06,0.26,0.18,0.08`,
    )
    expect(users[2]).toMatch(/^1,profile,no,,,3000,0,1000,0,0.333333,,1000,0,2000,0,0.333333,/)
    expect(tableToCsv(kpiDaysTable(kpis)).split('\n')[1]).toMatch(/^0,0,2,5000,4000,/) // both intervals on day 0
    expect(kpiIntervalsTable(kpis).rows.map((row) => row.slice(0, 6))).toEqual([
      [0, 0, '12:00', 30n * E, 8n * E, 1_900n],
      [1, 0, '13:00', 30n * E, 8n * E, 850n],
    ])
    expect(kpiUserDaysTable(kpis).rows.map((row) => row.slice(0, 4))).toEqual([
      [0, 'battery', 0, 2_000n],
      [1, 'profile', 0, 3_000n],
    ])
    const finest = kpiHouseholdIntervalsTable(households, kpis)
    expect(finest.rows.map((row) => row.slice(0, 6))).toEqual([
      [0, 'battery', 0, '12:00', 1_900n, 1_000n],
      [1, 'profile', 0, '12:00', 0n, 1_000n],
      [0, 'battery', 1, '13:00', 850n, 1_000n],
      [1, 'profile', 1, '13:00', 0n, 2_000n],
    ])
  })

  it('Markdown: the community, the definitions, per day and per user', () => {
    const markdown = kpiMarkdown(kpis, { charts: [{ file: 'bills.svg', caption: 'Bills' }] })
    expect(markdown).toContain(
      '## Household KPIs (community)\n\nPer user and interval: self-sufficiency is the share of the load not drawn from the grid',
    )
    expect(markdown).toContain('![Bills](bills.svg)')
    expect(markdown).toContain('## Household KPIs per day (community)')
    expect(markdown).toContain(
      '| 0 | battery | yes |  |  | 2 | 4 | 100 | 75 | 0 | 1 | 0 | 0 | 100 | 3 | -0.2 | 0.06 | 0.18 | 0.08 |',
    )
  })

  it('charts: state of charge, bills and savings, local price vs tariff', async () => {
    const soc = stateOfChargeChart({ name: 'kpi-test', households, kpis }) as unknown as { data: { values: unknown[] } }
    expect(soc.data.values).toEqual([
      { hour: 13, series: 'user 0', kWh: 1.9 },
      { hour: 14, series: 'user 0', kWh: 0.85 },
    ])
    const bills = billsChart({ name: 'kpi-test', kpis }) as unknown as { vconcat: { data: { values: unknown[] } }[] }
    expect(bills.vconcat[0]?.data.values).toContainEqual({
      user: '1',
      strategy: 'profile',
      series: 'with the market, gas included',
      amount: 0.98,
    })
    expect(bills.vconcat[1]?.data.values).toEqual([
      { user: '0', strategy: 'battery', amount: 0.08 },
      { user: '1', strategy: 'profile', amount: -0.08 },
    ])
    const price = priceChart({ name: 'kpi-test', kpis }) as unknown as { layer: { data: { values: unknown[] } }[] }
    expect(price.layer[1]?.data.values).toEqual([{ hour: 12.5, series: 'local price paid', price: 0.2 }])
    for (const spec of [soc, bills, price]) {
      const svg = await renderSvg(spec as never)
      expect(svg.startsWith('<svg')).toBe(true)
    }
  })

  it('draws the bills of 1,000 households in user order', async () => {
    const user = kpis.users[0] as (typeof kpis.users)[number]
    const many = { ...kpis, users: Array.from({ length: 1_000 }, (_, k) => ({ ...user, user: k })) }
    const spec = billsChart({ name: 'kpi-test', kpis: many }) as unknown as {
      vconcat: { data: { values: { user: string }[] } }[]
    }
    expect(spec.vconcat[1]?.data.values.map((v) => v.user)).toEqual(Array.from({ length: 1_000 }, (_, k) => `${k}`))
    const svg = await renderSvg(spec as never)
    expect(svg.startsWith('<svg')).toBe(true)
  }, 60_000)
})

describe('variants compared', () => {
  const points = [
    { label: 'oracle-price, battery', result: { mechanism: 'oracle-price', kpis } },
    { label: 'pay-as-bid, battery', result: { mechanism: 'pay-as-bid', kpis } },
  ]

  it('one row per variant: the community KPIs', () => {
    const table = variantKpiTable(points)
    expect(table.columns.map((c) => c.header).slice(-4)).toEqual([
      'grid-only EUR',
      'savings before gas EUR',
      'gas EUR',
      'savings EUR',
    ])
    expect(table.rows[1]).toEqual([
      'pay-as-bid, battery',
      'pay-as-bid',
      1,
      60,
      75,
      1,
      2,
      0,
      50,
      3,
      0.6,
      0.96,
      0.36,
      0.36,
      0,
    ])
  })

  it('one bar per variant, coloured by mechanism, in three panels', async () => {
    const spec = variantComparisonChart(points, 'tiny') as unknown as {
      data: { values: unknown[] }
      vconcat: unknown[]
    }
    expect(spec.vconcat).toHaveLength(3)
    expect(spec.data.values[0]).toEqual({
      variant: 'oracle-price, battery',
      mechanism: 'oracle-price',
      energySavings: 0.36,
      tradedKWh: 1,
      selfSufficiency: 60,
    })
    expect((await renderSvg(spec as never)).startsWith('<svg')).toBe(true)
  })
})
