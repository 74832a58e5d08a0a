import { describe, expect, it } from 'vitest'
import { emptyHouseholdRecord, type HouseholdRecord } from '../HouseholdRecord.js'
import { householdTotals } from './householdTotals.js'

const tariff = { importWeiPerKWh: [250_000n, 250_000n], feedInWeiPerKWh: [80_000n, 80_000n] }
const record = (fields: Partial<HouseholdRecord>): HouseholdRecord => ({
  ...emptyHouseholdRecord(0, 0, 'battery'),
  ...fields,
})

describe('householdTotals', () => {
  it('a sunny interval: load covered, surplus stored, sold and the rest fed in', () => {
    // Arrange: 3,000 Wh of sun, 500 Wh of load, 1,500 Wh into the battery, 800 Wh sold → 200 Wh to the grid.
    const midday = record({
      loadWh: 500n,
      generationWh: 3_000n,
      batteryChargeWh: 1_500n,
      soldLocalWh: 800n,
      receivedWei: 120_000n,
      gasUsed: 50_000n,
    })
    // Act
    const totals = householdTotals(midday, { tariff, gasPriceWei: 2n })
    // Assert
    expect(totals).toEqual({
      records: 1,
      loadWh: 500n,
      generationWh: 3_000n,
      selfSuppliedWh: 500n,
      selfConsumedWh: 2_000n, // 3,000 less the 800 sold and 200 fed in
      boughtLocalWh: 0n,
      soldLocalWh: 800n,
      gridImportWh: 0n,
      gridExportWh: 200n,
      batteryChargeWh: 1_500n,
      batteryDischargeWh: 0n,
      paidWei: 0n,
      receivedWei: 120_000n,
      gridImportCostWei: 0n,
      gridFeedInWei: 16_000n, // 200 Wh × 80,000 wei/kWh
      billWei: -136_000n,
      gridOnlyBillWei: -200_000n, // 2,500 Wh net fed in at 80,000 wei/kWh
      gasUsed: 50_000n,
      gasCostWei: 100_000n,
      energySavingsWei: -64_000n,
      savingsWei: -164_000n,
      tradeSavingsWei: 56_000n, // the 800 Wh sold for 120,000 wei, not fed in for 64,000
    })
  })

  it('an evening interval: the battery and a local purchase cover most of the load, the grid the rest', () => {
    const evening = record({
      interval: 1,
      loadWh: 1_200n,
      batteryDischargeWh: 1_000n,
      boughtLocalWh: 100n,
      paidWei: 15_000n,
      gasUsed: 50_000n,
    })
    const totals = householdTotals(evening, { tariff, gasPriceWei: 2n })
    expect(totals).toMatchObject({
      selfSuppliedWh: 1_100n,
      selfConsumedWh: 0n,
      gridImportWh: 100n,
      gridImportCostWei: 25_000n,
      billWei: 40_000n, // 15,000 paid locally + 25,000 to the grid
      gridOnlyBillWei: 300_000n, // 1,200 Wh at 250,000 wei/kWh
      gasCostWei: 100_000n,
      savingsWei: 160_000n,
      tradeSavingsWei: 10_000n, // the 100 Wh bought for 15,000 wei, not imported for 25,000
    })
  })

  it('rounds each grid amount down to the wei, as the market rounds payments', () => {
    const tiny = { importWeiPerKWh: [1_500n], feedInWeiPerKWh: [1_999n] }
    expect(householdTotals(record({ loadWh: 1n }), { tariff: tiny, gasPriceWei: 0n })).toMatchObject({
      gridImportCostWei: 1n,
      gridOnlyBillWei: 1n,
    })
    expect(householdTotals(record({ generationWh: 1n }), { tariff: tiny, gasPriceWei: 0n })).toMatchObject({
      gridFeedInWei: 1n,
      gridOnlyBillWei: -1n,
    })
  })

  it('counts grid imports against the load first, also when the battery charges from the grid', () => {
    // 400 Wh of load and 600 Wh into the battery, all from the grid.
    const totals = householdTotals(record({ loadWh: 400n, batteryChargeWh: 600n }), { tariff, gasPriceWei: 0n })
    expect(totals).toMatchObject({ gridImportWh: 1_000n, selfSuppliedWh: 0n })
  })

  it('refuses a record whose interval the tariff does not price', () => {
    expect(() => householdTotals(record({ interval: 2 }), { tariff, gasPriceWei: 0n })).toThrow(
      new RangeError('the grid tariff has no price for interval 2'),
    )
  })
})
