import { describe, expect, it } from 'vitest'
import { emptyHouseholdRecord, type HouseholdRecord } from '../HouseholdRecord.js'
import { computeKpis } from './computeKpis.js'
import type { Economics } from './types.js'

/** The break-even analysis's parameters, which the KPIs do not read. */
const NO_NETWORKS = { horizonDays: 365, transactionOverheadBytes: 100, networks: [] }

const record = (fields: Partial<HouseholdRecord> & Pick<HouseholdRecord, 'user' | 'interval'>): HouseholdRecord => ({
  ...emptyHouseholdRecord(fields.user, fields.interval, 'profile'),
  ...fields,
})

// Two users, two hourly intervals from 23:00, so each interval is on its own day.
// User 0 has PV and a battery: it stores and sells at 23:00 (a sunny midnight, for the arithmetic), covers its load from the battery at 00:00.
// User 1 only consumes: it buys its 800 Wh locally at 23:00 and imports 1,000 Wh at 00:00.
const records: HouseholdRecord[] = [
  record({
    user: 0,
    interval: 0,
    strategy: 'battery',
    loadWh: 500n,
    generationWh: 3_000n,
    batteryChargeWh: 1_500n,
    stateOfChargeWh: 1_350n,
    soldLocalWh: 800n,
    receivedWei: 120_000n,
    gasUsed: 50_000n,
  }),
  record({ user: 1, interval: 0, loadWh: 800n, boughtLocalWh: 800n, paidWei: 120_000n, gasUsed: 40_000n }),
  record({
    user: 0,
    interval: 1,
    strategy: 'battery',
    loadWh: 1_200n,
    batteryDischargeWh: 1_000n,
    stateOfChargeWh: 239n,
    boughtLocalWh: 100n,
    paidWei: 15_000n,
    gasUsed: 50_000n,
  }),
  record({ user: 1, interval: 1, loadWh: 1_000n }),
]
const grid = { importWeiPerKWh: [250_000n, 250_000n], feedInWeiPerKWh: [80_000n, 80_000n] }
const economics: Economics = { ...NO_NETWORKS, gasPriceGwei: 2e-9, gasPriceWei: 2n, ethPrice: 3000, currency: 'EUR' }
const kpis = computeKpis(records, { grid, economics, intervalSeconds: 3600, startHour: 23 })

describe('computeKpis', () => {
  it('a user over the run: sums of its intervals, ratios of the sums', () => {
    const [battery, consumer] = kpis.users
    expect(battery).toMatchObject({ user: 0, strategy: 'battery', battery: true })
    expect(battery?.total).toMatchObject({
      records: 2,
      loadWh: 1_700n,
      selfSuppliedWh: 1_600n,
      selfConsumedWh: 2_000n,
      selfSufficiency: 1_600 / 1_700,
      selfConsumption: 2_000 / 3_000,
      tradedLocalWh: 900n,
      tradedShare: 0.75, // 900 traded of 900 + 100 imported + 200 fed in
      batteryThroughputWh: 2_500n,
      billWei: -96_000n,
      gridOnlyBillWei: 100_000n,
      gasCostWei: 200_000n,
      savingsWei: -4_000n,
      gasCostWeiPerKWhTraded: 222_222n, // 200,000 wei for 0.9 kWh, rounded down
      localBuyPriceWeiPerKWh: 150_000n,
      localSellPriceWeiPerKWh: 150_000n,
    })
    expect(consumer).toMatchObject({ user: 1, strategy: 'profile', battery: false })
    expect(consumer?.total).toMatchObject({
      selfSufficiency: 800 / 1_800,
      selfConsumption: null,
      localSellPriceWeiPerKWh: null,
      billWei: 370_000n,
      gridOnlyBillWei: 450_000n,
      savingsWei: 0n,
    })
  })

  it('per day, for each user and the community', () => {
    expect(kpis.users[1]?.days.map((d) => [d.day, d.firstInterval, d.intervals, d.billWei, d.selfSufficiency])).toEqual(
      [
        [0, 0, 1, 120_000n, 1],
        [1, 1, 1, 250_000n, 0],
      ],
    )
    expect(kpis.community.days.map((d) => [d.day, d.records, d.loadWh, d.billWei, d.gasCostWei, d.savingsWei])).toEqual(
      [
        [0, 2, 1_300n, -16_000n, 180_000n, -164_000n],
        [1, 2, 2_200n, 290_000n, 100_000n, 160_000n],
      ],
    )
  })

  it('the community per interval, with the tariff it was priced at', () => {
    expect(
      kpis.community.intervals.map((i) => [
        i.interval,
        i.day,
        i.hour,
        i.importWeiPerKWh,
        i.feedInWeiPerKWh,
        i.boughtLocalWh,
        i.soldLocalWh,
        i.gridImportWh,
        i.gridExportWh,
      ]),
    ).toEqual([
      [0, 0, 23, 250_000n, 80_000n, 800n, 800n, 0n, 200n],
      [1, 1, 0, 250_000n, 80_000n, 100n, 0n, 1_100n, 0n],
    ])
  })

  it('the community over the run: every grouping of the same records agrees', () => {
    const { total } = kpis.community
    expect(total).toMatchObject({
      records: 4,
      loadWh: 3_500n,
      generationWh: 3_000n,
      billWei: 274_000n,
      gridOnlyBillWei: 550_000n,
      gasCostWei: 280_000n,
      savingsWei: -4_000n,
    })
    expect(total.selfSufficiency).toBe(2_400 / 3_500)
    const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n)
    for (const key of ['billWei', 'gridOnlyBillWei', 'savingsWei', 'gasUsed', 'selfSuppliedWh'] as const) {
      expect(sum(kpis.users.map((u) => u.total[key]))).toBe(total[key])
      expect(sum(kpis.community.days.map((d) => d[key]))).toBe(total[key])
      expect(sum(kpis.community.intervals.map((i) => i[key]))).toBe(total[key])
    }
  })

  it('amounts in the currency come from the exact wei', () => {
    const big = computeKpis([record({ user: 0, interval: 0, loadWh: 10_000n })], {
      grid: { importWeiPerKWh: [50_000_000_000_000n], feedInWeiPerKWh: [0n] },
      economics: { ...NO_NETWORKS, gasPriceGwei: 1, gasPriceWei: 1_000_000_000n, ethPrice: 3000, currency: 'EUR' },
      intervalSeconds: 3600,
      startHour: 0,
    })
    // 10 kWh at 0.00005 ether per kWh and 3,000 EUR per ether.
    expect(big.community.total.inCurrency).toEqual({
      bill: 1.5,
      gridOnlyBill: 1.5,
      energySavings: 0,
      savings: 0,
      gasCost: 0,
      gasCostPerKWhTraded: null,
    })
  })

  it('equivalent full cycles, where the capacity is known', () => {
    const withCapacity = computeKpis(records, {
      grid,
      economics,
      intervalSeconds: 3600,
      startHour: 23,
      batteryCapacityWh: [5_000n],
    })
    // 2,500 Wh through a 5,000 Wh battery: a quarter of a cycle.
    expect(withCapacity.users.map((u) => [u.battery, u.batteryCapacityWh, u.equivalentFullCycles])).toEqual([
      [true, 5_000n, 0.25],
      [false, null, null],
    ])
    expect([withCapacity.community.batteryCapacityWh, withCapacity.community.equivalentFullCycles]).toEqual([
      5_000n,
      0.25,
    ])
    expect([kpis.community.batteryCapacityWh, kpis.community.equivalentFullCycles]).toEqual([0n, null])
  })

  it('gives every interval of the run a row, also one without records', () => {
    const sparse = computeKpis([], { grid, economics, intervalSeconds: 3600, startHour: 0, intervals: 2 })
    expect(sparse.community.intervals.map((i) => [i.interval, i.records, i.selfSufficiency])).toEqual([
      [0, 0, null],
      [1, 0, null],
    ])
    expect(sparse.users).toEqual([])
  })
})
