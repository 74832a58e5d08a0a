const MICRO = 1_000_000n
const WEI_PER_ETHER = 10n ** 18n

/**
 * An amount of wei in a currency at a price of ether: `wei × ethPrice / 10^18`, computed in
 * integers from the exact wei and the price to 6 decimals, rounded half away from zero to 6
 * decimals (micro-units of the currency).
 *
 * @param wei the amount (may be negative)
 * @param ethPrice the price of one ether in the currency (finite, positive)
 * @returns the amount in the currency, to 6 decimals
 * @example
 * import { weiToCurrency } from 'dem-sim'
 * weiToCurrency(50_000_000_000_000n, 3000) // 0.15
 */
export function weiToCurrency(wei: bigint, ethPrice: number): number {
  const priceMicro = BigInt(Math.round(ethPrice * 1e6))
  const scaled = wei * priceMicro // currency micro-units × 10^18
  const magnitude = scaled < 0n ? -scaled : scaled
  const micro = (2n * magnitude + WEI_PER_ETHER) / (2n * WEI_PER_ETHER)
  return Number(scaled < 0n ? -micro : micro) / Number(MICRO)
}
