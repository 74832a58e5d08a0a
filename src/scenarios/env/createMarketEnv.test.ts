import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../../chain/errors.js'
import { payAsClear } from '../../mechanisms/payAsClear/payAsClear.js'
import type { HouseholdRecord } from '../HouseholdRecord.js'
import { runScenario } from '../runScenario.js'
import { StrategyError } from '../strategies/StrategyError.js'
import type { StrategyDecision } from '../strategies/types.js'
import type { ScenarioDefinition, ScenarioResult } from '../types.js'
import { type AgentObservation, createMarketEnv } from './createMarketEnv.js'
import { householdRewardWei } from './householdRewardWei.js'
import { noisyForecast } from './noisyForecast.js'

const DAY: ScenarioDefinition = {
  seed: 2,
  intervals: 24,
  users: { count: 4, mix: { producers: 0.5, consumers: 0.5 } },
  profiles: {
    production: { type: 'solar', peakWh: 2_000, jitter: 0.2 },
    consumption: { type: 'evening-peak', jitter: 0.2 },
  },
}

/** What the profile strategy does, from an observation. */
const likeProfile = (o: AgentObservation): StrategyDecision => {
  const netWh = o.forecast.generationWh - o.forecast.loadWh
  if (netWh === 0n) return {}
  return netWh > 0n
    ? { commitments: [{ side: 'production', energyWh: netWh, limitPriceWeiPerKWh: o.limitPrices.productionWeiPerKWh }] }
    : {
        commitments: [
          { side: 'consumption', energyWh: -netWh, limitPriceWeiPerKWh: o.limitPrices.consumptionWeiPerKWh },
        ],
      }
}
const withoutTiming = ({ timing: _timing, households, users, kpis, ...rest }: ScenarioResult) => ({
  ...rest,
  users: users.map(({ strategy: _strategy, ...u }) => u),
  households: households.map(({ strategy: _strategy, ...h }) => h),
  kpis: { ...kpis, users: kpis.users.map(({ strategy: _strategy, ...u }) => u) },
})

describe('createMarketEnv', () => {
  it('runs a day in 24 steps; agents acting like profile reproduce the scenario run; rewards are the records’ money', async () => {
    const env = createMarketEnv(DAY, { agents: [0, 1] })
    let { observations } = await env.reset()
    expect(Object.keys(observations)).toEqual(['0', '1'])
    expect(observations[0]).toMatchObject({
      user: 0,
      role: 'producer',
      interval: 0,
      intervals: 24,
      hour: 0,
      battery: null,
      lastMetered: null,
      clearingPrices: [],
    })
    const rewards = { 0: 0n, 1: 0n }
    let steps = 0
    for (let done = false; !done; steps++) {
      const step = await env.step({
        0: likeProfile(observations[0] as AgentObservation),
        1: likeProfile(observations[1] as AgentObservation),
      })
      ;({ observations, done } = step)
      rewards[0] += step.rewards[0] as bigint
      rewards[1] += step.rewards[1] as bigint
      expect(step.info.settled).toEqual([steps])
      if (!done)
        expect(observations[1]?.clearingPrices.at(-1)).toEqual({ interval: steps, priceWeiPerKWh: 50_000_000_000_000n })
    }
    expect(steps).toBe(24)
    expect(observations).toEqual({})
    const result = await env.result()
    expect(withoutTiming(result)).toEqual(withoutTiming(await runScenario(DAY)))
    expect(result.users.map((u) => u.strategy)).toEqual(['agent', 'agent', 'profile', 'profile'])
    for (const k of [0, 1] as const) {
      const expected = result.households
        .filter((r) => r.user === k)
        .reduce((s, r) => s + householdRewardWei(r, result.grid), 0n)
      expect(rewards[k]).toBe(expected)
    }
    // A consumer pays the market and the grid for what the market did not cover.
    expect(rewards[1]).toBeLessThan(0n)

    // The next episode starts from the joined market's snapshot: the same run, to the gas.
    ;({ observations } = await env.reset())
    for (let done = false; !done; ) {
      ;({ observations, done } = await env.step({
        0: likeProfile(observations[0] as AgentObservation),
        1: likeProfile(observations[1] as AgentObservation),
      }))
    }
    expect(withoutTiming(await env.result())).toEqual(withoutTiming(result))
  })

  it('refuses a bad action without changing anything, and reproduces an episode from its seed', async () => {
    const env = createMarketEnv(DAY, { agents: [1] })
    await expect(env.step({ 1: {} })).rejects.toThrow(/call reset/)
    const play = async (seed: number) => {
      await env.reset(seed)
      const rewards: bigint[] = []
      for (let done = false; !done; ) {
        const step = await env.step({
          1: { commitments: [{ side: 'consumption', energyWh: 300n, limitPriceWeiPerKWh: 60_000_000_000_000n }] },
        })
        rewards.push(step.rewards[1] as bigint)
        done = step.done
      }
      return rewards
    }
    const first = await play(7)
    await env.reset(7)
    await expect(
      env.step({ 1: { commitments: [{ side: 'consumption', energyWh: -1n, limitPriceWeiPerKWh: 1n }] } }),
    ).rejects.toBeInstanceOf(StrategyError)
    await expect(env.step({ 1: { battery: { chargeWh: 10n } } })).rejects.toThrow(
      /user 1, interval 0: battery asks for a battery action/,
    )
    await expect(env.step({ 0: {}, 1: {} })).rejects.toThrow(/actions\.0: not an agent/)
    await expect(env.step({})).rejects.toThrow(/the decision is missing/)
    const rewards: bigint[] = []
    for (let done = false; !done; ) {
      const step = await env.step({
        1: { commitments: [{ side: 'consumption', energyWh: 300n, limitPriceWeiPerKWh: 60_000_000_000_000n }] },
      })
      rewards.push(step.rewards[1] as bigint)
      done = step.done
    }
    expect(rewards).toEqual(first)
    await expect(env.step({ 1: {} })).rejects.toThrow(/episode is done/)
    expect(await play(8)).not.toEqual(first)
  })

  it('controls a battery and rewards settlements as they come under a settlement lag', async () => {
    const env = createMarketEnv(
      {
        intervals: 3,
        startHour: 11,
        users: {
          count: 2,
          groups: [
            { share: 1, role: 'prosumer', battery: { capacityWh: 5_000, efficiency: 1, wearWeiPerKWh: '1000' } },
          ],
        },
      },
      // pay-as-clear whose keeper waits until the next interval has closed before settling.
      { agents: [0], mechanism: { ...payAsClear, settlementLagIntervals: 1 } },
    )
    const { observations } = await env.reset()
    expect(observations[0]?.battery).toEqual({
      capacityWh: 5_000n,
      minStateOfChargeWh: 0n,
      stateOfChargeWh: 0n,
      chargeableWh: 2_500n,
      dischargeableWh: 0n,
    })
    const first = await env.step({ 0: { battery: { chargeWh: 2_000n } } })
    expect(first.observations[0]?.battery?.stateOfChargeWh).toBe(2_000n)
    expect(first).toMatchObject({ rewards: { 0: 0n }, info: { interval: 0, settled: [] } })
    const second = await env.step({ 0: { battery: { dischargeWh: 500n } } })
    expect(second.info.settled).toEqual([0])
    const last = await env.step({ 0: {} })
    expect(last).toMatchObject({ done: true, info: { settled: [1, 2] } })
    const record = last.info.records.find((r) => r.interval === 1)
    expect(record?.batteryDischargeWh).toBe(500n)
    // Wear: 500 Wh at 1000 wei/kWh.
    const result = await env.result()
    expect(last.rewards[0]).toBe(
      householdRewardWei(record!, result.grid, 1_000n) +
        householdRewardWei(last.info.records.find((r) => r.interval === 2)!, result.grid, 1_000n),
    )
  })

  it('refuses a bad reset and keeps the running episode', async () => {
    const env = createMarketEnv(DAY, { agents: [0] })
    await env.reset(3)
    const first = await env.step({ 0: {} })
    await expect(env.reset(-1)).rejects.toThrow(/seed must be an integer from 0 to 2\^32 − 1, got -1/)
    await expect(env.reset(1.5)).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(env.scenario.seed).toBe(3)
    const second = await env.step({ 0: {} })
    expect(second.info.interval).toBe(first.info.interval + 1)
    expect(() => createMarketEnv(DAY, { agents: [0], forecastNoise: { relativeStd: -1 } })).toThrow(
      /forecastNoise.relativeStd must be a number from 0 to 10, got -1/,
    )
  })

  it('adds seeded forecast errors to the observations only, and charges gas in the reward when asked', async () => {
    const truth = createMarketEnv(DAY, { agents: [0, 1] })
    const noisy = createMarketEnv(DAY, { agents: [0, 1], forecastNoise: { relativeStd: 0.2 }, rewardGas: true })
    const exact = (await truth.reset(4)).observations
    const seen = (await noisy.reset(4)).observations
    expect(seen[1]?.forecast.loadWh).not.toBe(exact[1]?.forecast.loadWh)
    expect(seen[1]?.forecast).toEqual(
      noisyForecast(exact[1]?.forecast as AgentObservation['forecast'], 0.2, 4, 1, 0, DAY.intervals as number),
    )
    expect((await noisy.reset(4)).observations).toEqual(seen)
    const fixed = createMarketEnv(DAY, { agents: [1], forecastNoise: { relativeStd: 0.2, seed: 9 } })
    const a = (await fixed.reset(4)).observations[1]?.forecast
    const b = (await fixed.reset(5)).observations[1]?.forecast
    expect(a).toEqual(noisyForecast(exact[1]?.forecast as AgentObservation['forecast'], 0.2, 9, 1, 0, 24))
    expect(b).not.toEqual(a)

    const action = {
      1: { commitments: [{ side: 'consumption' as const, energyWh: 300n, limitPriceWeiPerKWh: 60_000_000_000_000n }] },
    }
    const plain = await truth.step({ 0: {}, ...action })
    const charged = await noisy.step({ 0: {}, ...action })
    // The meters see the truth: the same records, and the reward less the gas at the scenario's price.
    expect(charged.info.records).toEqual(plain.info.records)
    const record = charged.info.records.find((r) => r.user === 1) as HouseholdRecord
    expect(record.gasUsed).toBeGreaterThan(0n)
    expect(charged.rewards[1]).toBe(
      (plain.rewards[1] as bigint) - record.gasUsed * noisy.scenario.economics.gasPriceWei,
    )
  })
})
