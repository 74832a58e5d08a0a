/** Ledger operations that deploy and wire the contracts: paid once, not by the market's users. */
export const SETUP_OPERATIONS: ReadonlySet<string> = new Set([
  'deployEnergyProfile',
  'deployEnergyMarket',
  'wire',
  'deployFeed',
  'deploySimulatedMeter',
  'setFeeds',
])
