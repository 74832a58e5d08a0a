import type { Economics } from './types.js'

/** 10^12 wei, the unit the break-even tests count savings in. */
export const E = 10n ** 12n

/** Economics for the break-even tests: 1 gwei, 2,000 EUR per ether, ten days, an L1 and a rollup. */
export const TEST_ECONOMICS: Economics = {
  gasPriceGwei: 1,
  gasPriceWei: 1_000_000_000n,
  ethPrice: 2000,
  currency: 'EUR',
  horizonDays: 10,
  transactionOverheadBytes: 100,
  networks: [
    { name: 'L1', gasPriceGwei: 2, dataFeeGweiPerByte: 0 },
    { name: 'rollup', gasPriceGwei: 0.01, dataFeeGweiPerByte: 0.5 },
  ],
}
