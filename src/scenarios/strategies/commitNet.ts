import type { StrategyDecision } from './types.js'

/** One commitment for a net position: production of a surplus, consumption of a deficit, nothing at zero. */
export function commitNet(
  netWh: bigint,
  productionWeiPerKWh: bigint,
  consumptionWeiPerKWh: bigint,
): StrategyDecision['commitments'] {
  if (netWh > 0n) return [{ side: 'production', energyWh: netWh, limitPriceWeiPerKWh: productionWeiPerKWh }]
  if (netWh < 0n) return [{ side: 'consumption', energyWh: -netWh, limitPriceWeiPerKWh: consumptionWeiPerKWh }]
  return []
}
