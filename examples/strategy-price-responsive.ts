// The price-responsive strategy: limit prices from a forecast of the clearing price (the mean of
// the last 4), against the profile strategy's fixed limits. Under pay-as-clear the price is
// discovered on chain from the book, so the bids and asks move it.
import { type ScenarioDefinition, runScenario } from 'dem-sim'

const day = (strategy: 'profile' | 'price-responsive'): ScenarioDefinition => ({
  name: strategy,
  seed: 3,
  intervals: 24,
  users: {
    count: 12,
    groups: [
      { name: 'pv', share: 0.5, role: 'prosumer', strategy: { type: strategy } },
      { name: 'flats', share: 0.5, role: 'consumer', strategy: { type: strategy } },
    ],
  },
  profiles: {
    production: { type: 'solar', peakWh: 3_000, jitter: 0.2 },
    consumption: { type: 'evening-peak', jitter: 0.2 },
  },
  limitPrices: {
    production: { minWeiPerKWh: '30000000000000', maxWeiPerKWh: '50000000000000' },
    consumption: { minWeiPerKWh: '55000000000000', maxWeiPerKWh: '75000000000000' },
  },
  market: { mechanism: 'pay-as-clear' },
})

for (const strategy of ['profile', 'price-responsive'] as const) {
  const result = await runScenario(day(strategy))
  const prices = result.intervals.filter((o) => o.tradedWh > 0n).map((o) => o.priceWeiPerKWh)
  const mean = prices.reduce((a, b) => a + b, 0n) / BigInt(Math.max(1, prices.length))
  console.log(
    `${strategy}: traded ${result.totals.tradedWh} Wh for ${result.totals.tradedValueWei} wei in ${prices.length} intervals, mean clearing price ${mean} wei/kWh`,
  )
}
