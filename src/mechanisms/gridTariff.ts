/** What a household pays for a kWh from the grid and earns for one fed into it, wei per kWh, the same every interval. */
export type FlatTariff = { readonly importWeiPerKWh: bigint; readonly feedInWeiPerKWh: bigint }

/**
 * The library's default grid tariff: the scenarios' grid when none is given, and the tariffs the
 * built-in `sdr` market prices between.
 */
export const DEFAULT_GRID_TARIFF: FlatTariff = {
  importWeiPerKWh: 80_000_000_000_000n,
  feedInWeiPerKWh: 20_000_000_000_000n,
}
