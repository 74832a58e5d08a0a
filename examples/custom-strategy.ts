// A strategy of your own from code, named in the scenario like a built-in one: an "evening seller"
// that stores its midday surplus and sells it only in the evening, when the grid tariff is high.
// Its parameters come from the scenario; a strategy that returns an invalid commitment stops the
// run with a StrategyError naming the user, the interval and the value, before anything is sent.
import { type Strategy, StrategyError, runScenario } from 'dem-sim'

const eveningSeller: Strategy = ({ forecast, battery, hour, limitPrices, params }) => {
  const netWh = forecast.generationWh - forecast.loadWh
  if (battery === undefined) return {}
  if (hour >= (params.sellFromHour as number)) {
    const dischargeWh = battery.dischargeableWh
    const sellWh = netWh + dischargeWh
    return sellWh > 0n
      ? {
          battery: { dischargeWh },
          commitments: [{ side: 'production', energyWh: sellWh, limitPriceWeiPerKWh: limitPrices.productionWeiPerKWh }],
        }
      : {
          battery: { dischargeWh },
          commitments: [
            { side: 'consumption', energyWh: -sellWh, limitPriceWeiPerKWh: limitPrices.consumptionWeiPerKWh },
          ],
        }
  }
  const chargeWh = netWh > 0n ? (netWh < battery.chargeableWh ? netWh : battery.chargeableWh) : 0n
  const restWh = netWh - chargeWh
  if (restWh === 0n) return { battery: { chargeWh } }
  return restWh > 0n
    ? {
        battery: { chargeWh },
        commitments: [{ side: 'production', energyWh: restWh, limitPriceWeiPerKWh: limitPrices.productionWeiPerKWh }],
      }
    : {
        commitments: [
          { side: 'consumption', energyWh: -restWh, limitPriceWeiPerKWh: limitPrices.consumptionWeiPerKWh },
        ],
      }
}

const result = await runScenario(
  {
    seed: 2,
    intervals: 24,
    users: {
      count: 6,
      groups: [
        {
          name: 'sellers',
          share: 0.5,
          role: 'prosumer',
          battery: { capacityWh: 8_000 },
          strategy: { type: 'eveningSeller', sellFromHour: 17 },
        },
        { name: 'flats', share: 0.5, role: 'consumer' },
      ],
    },
  },
  { strategies: { eveningSeller } },
)
const sellers = result.users.filter((u) => u.group === 'sellers')
const eveningSoldWh = result.households
  .filter((r) => r.interval >= 17 && sellers.some((u) => u.index === r.user))
  .reduce((s, r) => s + r.soldLocalWh, 0n)
console.log(`sellers: ${sellers.map((u) => `user ${u.index} (${u.strategy})`).join(', ')}`)
console.log(`sold after 17:00: ${eveningSoldWh} Wh of ${sellers.reduce((s, u) => s + u.soldWh, 0n)} Wh sold`)

// A strategy that returns a negative energy is stopped before it sends anything.
const broken: Strategy = ({ interval }) =>
  interval === 3 ? { commitments: [{ side: 'production', energyWh: -100n, limitPriceWeiPerKWh: 1n }] } : {}
try {
  await runScenario(
    { intervals: 6, users: { count: 2, groups: [{ share: 1, strategy: { type: 'broken' } }] } },
    { strategies: { broken } },
  )
} catch (error) {
  if (!(error instanceof StrategyError)) throw error
  console.log(
    `refused: ${error.name} (user ${error.user}, interval ${error.interval}, ${error.field} = ${error.value})`,
  )
}
