// A learning agent's loop through createMarketEnv: reset(seed) → observations, step(actions) →
// observations, rewards, done, info. Agent 0 is a home with a battery; the other users follow
// their scenario's strategies. The "agent" here is a fixed rule standing in for a trained policy:
// store the surplus until the battery is full, cover the evening load from it, buy the rest.
import { type AgentObservation, type StrategyDecision, createMarketEnv } from 'dem-sim'

const env = createMarketEnv(
  {
    seed: 1,
    intervals: 24,
    users: {
      count: 8,
      groups: [
        { name: 'homes', share: 0.5, role: 'prosumer', battery: { capacityWh: 8_000, wearWeiPerKWh: '2000000000000' } },
        { name: 'flats', share: 0.5, role: 'consumer' },
      ],
    },
    profiles: {
      production: { type: 'solar', peakWh: 3_000, jitter: 0.3 },
      consumption: { type: 'evening-peak', jitter: 0.3 },
    },
  },
  { agents: [0] },
)

const policy = (o: AgentObservation): StrategyDecision => {
  const netWh = o.forecast.generationWh - o.forecast.loadWh
  const battery = o.battery
  if (battery === null) return {}
  if (netWh >= 0n) {
    const chargeWh = netWh < battery.chargeableWh ? netWh : battery.chargeableWh
    const sellWh = netWh - chargeWh
    return {
      battery: { chargeWh },
      commitments:
        sellWh > 0n
          ? [{ side: 'production', energyWh: sellWh, limitPriceWeiPerKWh: o.limitPrices.productionWeiPerKWh }]
          : [],
    }
  }
  const dischargeWh = o.hour >= 17 ? (-netWh < battery.dischargeableWh ? -netWh : battery.dischargeableWh) : 0n
  const buyWh = -netWh - dischargeWh
  return {
    battery: { dischargeWh },
    commitments:
      buyWh > 0n
        ? [{ side: 'consumption', energyWh: buyWh, limitPriceWeiPerKWh: o.limitPrices.consumptionWeiPerKWh }]
        : [],
  }
}

for (const seed of [1, 2]) {
  let { observations } = await env.reset(seed)
  let totalWei = 0n
  let steps = 0
  for (let done = false; !done; steps++) {
    const step = await env.step({ 0: policy(observations[0] as AgentObservation) })
    totalWei += step.rewards[0] ?? 0n
    ;({ observations, done } = step)
  }
  const result = await env.result()
  const peak = result.households
    .filter((r) => r.user === 0)
    .reduce((max, r) => (r.stateOfChargeWh > max ? r.stateOfChargeWh : max), 0n)
  console.log(
    `episode seed ${seed}: ${steps} steps, reward ${totalWei} wei, peak state of charge ${peak} Wh, ${result.users[0]?.gasUsed} gas paid by the agent`,
  )
}
