/**
 * A price in gwei as whole wei (rounded to the nearest): how every gas price and data fee of the
 * economics is charged.
 *
 * @param gwei a finite, non-negative number of gwei
 * @returns wei
 * @example
 * import { gweiToWei } from 'dem-sim'
 * gweiToWei(0.0123456789) // 12345679n
 */
export function gweiToWei(gwei: number): bigint {
  return BigInt(Math.round(gwei * 1e9))
}
