import { DEFAULT_GRID_TARIFF } from '../../mechanisms/gridTariff.js'

const ETHER = 10n ** 18n

/** What a scenario gets for every field it leaves out. */
export const SCENARIO_DEFAULTS = {
  seed: 1,
  intervalSeconds: 3600,
  startHour: 0,
  collateralWei: ETHER / 10n,
  productionLimitWeiPerKWh: 40_000_000_000_000n,
  consumptionLimitWeiPerKWh: 70_000_000_000_000n,
  priceWeiPerKWh: 50_000_000_000_000n,
  importWeiPerKWh: DEFAULT_GRID_TARIFF.importWeiPerKWh,
  feedInWeiPerKWh: DEFAULT_GRID_TARIFF.feedInWeiPerKWh,
  batteryEfficiency: 0.9,
} as const

/** Most user groups a scenario may have. */
export const MAX_GROUPS = 1_000

/** The contracts hold at most 2^96 − 1 wei of collateral and prices below 2^96 (limits) and 2^128 (feed). */
export const MAX_COLLATERAL_WEI = 2n ** 96n - 1n
export const MAX_LIMIT_PRICE = 2n ** 96n - 1n
export const MAX_FEED_PRICE = 2n ** 128n - 1n
