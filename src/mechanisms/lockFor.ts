/**
 * ceil(energyWh × limitPriceWeiPerKWh / 1000): what a consumption commitment locks of its
 * profile's collateral at `commit` (the profile contract's rule), so that any payment at a price
 * up to its limit is covered.
 */
export function lockFor(energyWh: bigint, limitPriceWeiPerKWh: bigint): bigint {
  return (energyWh * limitPriceWeiPerKWh + 999n) / 1000n
}

/** What an entry on `side` locks of its profile's collateral: a consumer's {@link lockFor}, nothing for a producer. */
export function entryLockFor(terms: {
  side: 'production' | 'consumption'
  energyWh: bigint
  limitPriceWeiPerKWh: bigint
}): bigint {
  return terms.side === 'consumption' ? lockFor(terms.energyWh, terms.limitPriceWeiPerKWh) : 0n
}
