import type { Side } from '../../market/types.js'
import type { SyncStrategy } from './types.js'

/** Parameters of the {@link randomStrategy} (scenario JSON: `strategy: { "type": "random", ... }`). */
export type RandomStrategyParams = {
  /** Chance (0–1) of committing at all in an interval. */
  commitProbability: number
  /** Energy is drawn uniformly from 1 to this many Wh. */
  maxEnergyWh: bigint
  /** Limit prices are drawn uniformly from [min, max] (wei per kWh). */
  minPriceWeiPerKWh: bigint
  maxPriceWeiPerKWh: bigint
}

/**
 * The `random` strategy, a baseline that ignores the home: each interval, with probability
 * `commitProbability`, one commitment of a random size and limit price — producers sell,
 * consumers buy, prosumers flip a coin. A purchase is cut to what the collateral can lock.
 * Draws from the user's own stream (`context.random`), four numbers every interval, so it reproduces with the seed.
 *
 * @example
 * // scenario JSON: { "strategy": { "type": "random", "maxEnergyWh": 1500 } }
 */
export const randomStrategy: SyncStrategy = ({ role, random, params, availableCollateralWei, limitPrices }) => {
  // A scenario's `random` group has every parameter resolved; from code, the missing ones default.
  const p: RandomStrategyParams = {
    commitProbability: 1,
    maxEnergyWh: 2_000n,
    minPriceWeiPerKWh: limitPrices.productionWeiPerKWh,
    maxPriceWeiPerKWh: limitPrices.consumptionWeiPerKWh,
    ...(params as Partial<RandomStrategyParams>),
  }
  const commits = random.next() < p.commitProbability
  const coin = random.next()
  const energyWh = 1n + BigInt(Math.floor(random.next() * Number(p.maxEnergyWh)))
  const limitPriceWeiPerKWh = random.bigintBetween(p.minPriceWeiPerKWh, p.maxPriceWeiPerKWh)
  if (!commits) return {}
  const side: Side =
    role === 'producer' ? 'production' : role === 'consumer' ? 'consumption' : coin < 0.5 ? 'production' : 'consumption'
  if (side === 'production') return { commitments: [{ side, energyWh, limitPriceWeiPerKWh }] }
  const affordableWh = limitPriceWeiPerKWh === 0n ? energyWh : (availableCollateralWei * 1000n) / limitPriceWeiPerKWh
  const wh = energyWh < affordableWh ? energyWh : affordableWh
  return wh > 0n ? { commitments: [{ side, energyWh: wh, limitPriceWeiPerKWh }] } : {}
}
