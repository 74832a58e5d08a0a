import { SupplyDemandRatioMarket } from '../../artifacts/index.js'
import type { ClearingOutcome, IntervalBook, MarketTerms, MeterReadings } from '../clearing.js'
import { deployMarket } from '../deployMarket.js'
import type { FlatTariff } from '../gridTariff.js'
import type { MarketMechanism } from '../MarketMechanism.js'
import { clearProRata } from '../proRata.js'

/**
 * The supply–demand-ratio price of an interval (Liu et al. 2017; docs/design.md): between the
 * feed-in tariff `λs` and the grid price `λb`, set by `SDR = P / C`:
 * `floor(λb·λs·C / ((λb − λs)·P + λs·C))` while `P < C`, `λs` once supply covers demand.
 *
 * @param tariff the grid price (import) and feed-in tariff, wei per kWh
 * @param readings the metered production `P` and consumption `C`
 * @returns the internal price, wei per kWh
 * @example
 * import { DEFAULT_GRID_TARIFF, sdrPrice } from 'dem-sim'
 * sdrPrice(DEFAULT_GRID_TARIFF, { producedWh: 0n, consumedWh: 1_000n }) // the grid price
 */
export function sdrPrice(tariff: FlatTariff, readings: Pick<MeterReadings, 'producedWh' | 'consumedWh'>): bigint {
  const { importWeiPerKWh: buy, feedInWeiPerKWh: sell } = tariff
  const { producedWh, consumedWh } = readings
  if (producedWh >= consumedWh) return sell
  return (buy * sell * consumedWh) / ((buy - sell) * producedWh + sell * consumedWh)
}

/**
 * An `sdr` mechanism: the `SupplyDemandRatioMarket` prices each interval by its supply–demand
 * ratio ({@link sdrPrice}) between a feed-in tariff and a grid price, and the in-the-money
 * commitments share `min(S, D, P, C)` pro rata at that price, each producer counted for at most
 * its delivery. The tariffs are fixed when the market is deployed.
 *
 * @param fixed tariffs of its own (0 < feed-in ≤ grid < 2^96); by default the grid tariff the
 * market is deployed with (`DemSimulator.create({ gridTariff })`, a scenario's `grid`)
 * @returns the mechanism
 * @example
 * import { createSdrMechanism, DemSimulator } from 'dem-sim'
 * const mechanism = createSdrMechanism({ importWeiPerKWh: 300n, feedInWeiPerKWh: 80n })
 * const sim = await DemSimulator.create({ mechanism })
 */
export function createSdrMechanism(fixed?: FlatTariff): MarketMechanism {
  return {
    name: 'sdr',
    description: 'supply–demand-ratio pricing between the feed-in tariff and the grid price; pro rata at that price',
    market: SupplyDemandRatioMarket,
    readsPriceFeed: false,
    settlementLagIntervals: 0,
    deploy: (context) => {
      const tariff = fixed ?? context.gridTariff
      return deployMarket(context, SupplyDemandRatioMarket, [
        context.roles.owner,
        context.pool,
        context.oracle,
        tariff.feedInWeiPerKWh,
        tariff.importWeiPerKWh,
        context.gracePeriodSeconds,
        0n,
      ])
    },
    clear: (book: IntervalBook, readings: MeterReadings, terms: MarketTerms): ClearingOutcome =>
      clearProRata(book, readings, { price: sdrPrice(fixed ?? terms.gridTariff, readings), priceDecimals: 0 }),
  }
}

/** `sdr` between the grid tariff the market is deployed with. */
export const sdr: MarketMechanism = createSdrMechanism()
