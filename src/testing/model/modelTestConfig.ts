import type { AddressHex } from '../../chain/types.js'
import { DEFAULT_GRID_TARIFF } from '../../mechanisms/gridTariff.js'

/** An address from a small number, for the model's unit tests. */
export const testAddress = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as AddressHex

/** When the model's unit tests start their market. */
export const TEST_START = 1_700_000_000n

/** A market's parameters for the model's unit tests: hourly intervals from {@link TEST_START}, whole-unit feeds. */
export const MODEL_TEST_CONFIG = {
  startTime: TEST_START,
  intervalSeconds: 3_600n,
  gracePeriodSeconds: 86_400n,
  priceDecimals: 0,
  energyDecimals: 0,
  timestamp: TEST_START,
  accountBalanceWei: 10n ** 24n,
  minEnergyWh: 0n,
  terms: { gridTariff: DEFAULT_GRID_TARIFF },
  addresses: {
    profile: testAddress(0xa1),
    pool: testAddress(0xa2),
    market: testAddress(0xa3),
    priceFeed: testAddress(0xa4),
    producedFeed: testAddress(0xa5),
    consumedFeed: testAddress(0xa6),
    owner: testAddress(0xa7),
    reporter: testAddress(0xa8),
    keeper: testAddress(0xa9),
    meter: testAddress(0xaa),
  },
}
