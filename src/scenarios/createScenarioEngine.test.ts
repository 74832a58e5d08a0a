import { describe, expect, it } from 'vitest'
import { IMeritOrderMarket } from '../artifacts/index.js'
import type { AddressHex } from '../chain/types.js'
import { RankingClaimedError } from '../mechanisms/meritOrderMarket/RankingClaimedError.js'
import { meritOrder } from '../mechanisms/meritOrder.js'
import { payAsClear } from '../mechanisms/payAsClear/payAsClear.js'
import { readBook } from '../mechanisms/readBook.js'
import { createScenarioEngine } from './createScenarioEngine.js'
import { gridFlowsOf } from './HouseholdRecord.js'
import { parseScenario } from './parseScenario.js'
import { runScenario } from './runScenario.js'
import { ScenarioError } from './ScenarioError.js'
import { StrategyError } from './strategies/StrategyError.js'
import type { Strategy, StrategyContext } from './strategies/types.js'
import type { ScenarioDefinition, ScenarioResult } from './types.js'

const homes = (battery: boolean): ScenarioDefinition => ({
  name: 'battery-homes',
  seed: 4,
  intervals: 24,
  users: {
    count: 6,
    groups: [
      {
        name: 'homes',
        share: 2 / 3,
        role: 'prosumer',
        ...(battery ? { battery: { capacityWh: 8_000, efficiency: 0.9 }, strategy: { type: 'battery' } } : {}),
      },
      { name: 'flats', share: 1 / 3, role: 'consumer' },
    ],
  },
  profiles: {
    production: { type: 'solar', peakWh: 3_000, jitter: 0.2 },
    consumption: { type: 'evening-peak', jitter: 0.2 },
  },
})

const withoutTiming = ({ timing: _timing, ...rest }: ScenarioResult) => rest
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n)

describe('the scenario engine', () => {
  it('records every household in every interval, interval-major, consistent with the users and the chain', async () => {
    // Act
    const result = await runScenario(homes(true))
    // Assert
    expect(result.households).toHaveLength(6 * 24)
    expect(result.households.map((r) => [r.interval, r.user])).toEqual(
      Array.from({ length: 24 * 6 }, (_, n) => [Math.floor(n / 6), n % 6]),
    )
    expect(result.users.map((u) => [u.group, u.strategy])).toEqual([
      ['homes', 'battery'],
      ['flats', 'profile'],
      ['homes', 'battery'],
      ['homes', 'battery'],
      ['flats', 'profile'],
      ['homes', 'battery'],
    ])
    for (const user of result.users) {
      const own = result.households.filter((r) => r.user === user.index)
      expect(sum(own.map((r) => r.soldLocalWh))).toBe(user.soldWh)
      expect(sum(own.map((r) => r.receivedWei))).toBe(user.receivedWei)
      expect(sum(own.map((r) => r.paidWei))).toBe(user.paidWei)
      for (const r of own) {
        expect(r.stateOfChargeWh).toBeGreaterThanOrEqual(0n)
        expect(r.stateOfChargeWh).toBeLessThanOrEqual(8_000n)
      }
    }
    // The records' gas is the commits' gas; committed energy adds up to the intervals'.
    expect(sum(result.households.map((r) => r.gasUsed))).toBe(
      result.gas.find((row) => row.operation === 'commit')?.total,
    )
    for (const o of result.intervals) {
      const rows = result.households.filter((r) => r.interval === result.intervals.indexOf(o))
      expect(sum(rows.map((r) => r.committedProductionWh))).toBe(o.committedProductionWh)
      expect(sum(rows.map((r) => r.soldLocalWh))).toBe(o.tradedWh)
    }
    // Batteries charge by day and discharge in the evening.
    const home = result.households.filter((r) => r.user === 0)
    expect(home[12]?.batteryChargeWh).toBeGreaterThan(0n)
    expect(home[20]?.batteryDischargeWh).toBeGreaterThan(0n)
    expect(result.grid.importWeiPerKWh).toHaveLength(24)
  })

  it('batteries lower what the homes draw from the grid; runs reproduce', async () => {
    const [plain, stored, again] = [
      await runScenario(homes(false)),
      await runScenario(homes(true)),
      await runScenario(homes(true)),
    ]
    const imported = (r: ScenarioResult) => sum(r.households.map((h) => gridFlowsOf(h).gridImportWh))
    expect(imported(stored)).toBeLessThan(imported(plain))
    expect(withoutTiming(again)).toEqual(withoutTiming(stored))
  })

  it('gives a strategy from code its params, a memory, the clock and what settled, one interval late under a settlement lag', async () => {
    const seen: Pick<StrategyContext, 'interval' | 'hour' | 'params' | 'clearingPrices' | 'settled' | 'history'>[] = []
    const mine: Strategy = (context) => {
      seen.push({
        ...context,
        clearingPrices: [...context.clearingPrices],
        settled: [...context.settled],
        history: [...context.history],
      })
      // The memory persists from interval to interval.
      expect(context.state.calls ?? 0).toBe(context.interval)
      context.state.calls = ((context.state.calls as number | undefined) ?? 0) + 1
      const energyWh = BigInt(context.params.energyWh as number)
      return {
        commitments: [
          {
            side: context.user === 0 ? 'production' : 'consumption',
            energyWh,
            limitPriceWeiPerKWh: context.user === 0 ? 1n : 10n ** 14n,
          },
        ],
      }
    }
    const result = await runScenario(
      {
        intervals: 3,
        startHour: 6,
        users: {
          count: 2,
          groups: [
            { count: 1, role: 'producer', strategy: { type: 'mine', energyWh: 500 } },
            { count: 1, role: 'consumer', strategy: { type: 'mine', energyWh: 500 } },
          ],
        },
        // What the homes meter caps what they trade.
        profiles: { production: { type: 'flat', energyWh: 500 }, consumption: { type: 'flat', energyWh: 500 } },
      },
      // pay-as-clear whose keeper waits until the next interval has closed before settling.
      { strategies: { mine }, mechanism: { ...payAsClear, settlementLagIntervals: 1 } },
    )
    const first = seen.filter((_, n) => n % 2 === 0)
    expect(first.map((s) => [s.interval, s.hour, s.params.energyWh])).toEqual([
      [0, 6, 500],
      [1, 7, 500],
      [2, 8, 500],
    ])
    expect(first.map((s) => s.history.length)).toEqual([0, 1, 2])
    // Interval i settles once interval i + 1 has closed.
    expect(first.map((s) => s.clearingPrices.length)).toEqual([0, 0, 1])
    expect(first[2]?.settled).toHaveLength(1)
    expect(first[2]?.settled[0]?.soldLocalWh).toBe(500n)
    expect(result.households.map((r) => r.soldLocalWh + r.boughtLocalWh)).toEqual(Array.from({ length: 6 }, () => 500n))
  })

  it('refuses a strategy that names a built-in, and a group whose strategy it was not given', async () => {
    const scenario = parseScenario(
      { intervals: 1, users: { count: 1, groups: [{ share: 1, strategy: { type: 'mine' } }] } },
      { strategies: ['mine'] },
    )
    await expect(createScenarioEngine(scenario)).rejects.toThrow(ScenarioError)
    await expect(createScenarioEngine(scenario)).rejects.toThrow(
      /users\.groups\[0\]\.strategy\.type is not a known strategy/,
    )
    await expect(
      runScenario({ intervals: 1, users: { count: 1 } }, { strategies: { battery: () => ({}) } }),
    ).rejects.toThrow(/built-in strategy/)
  })
})

describe('bad strategy output', () => {
  const scenarioOf = (onInvalidCommitment: 'stop' | 'send' = 'stop', orders: 'direct' | 'batched' = 'direct') =>
    parseScenario(
      {
        intervals: 3,
        users: {
          count: 2,
          collateralWei: '1000000',
          onInvalidCommitment,
          groups: [{ share: 1, strategy: { type: 'bad' }, orders }],
        },
      },
      { strategies: ['bad'] },
    )

  it('stops the run with a StrategyError naming the user, the interval and the value, before sending it', async () => {
    const bad: Strategy = ({ user, interval }) =>
      user === 1 && interval === 1
        ? { commitments: [{ side: 'production', energyWh: -5n, limitPriceWeiPerKWh: 1n }] }
        : {}
    const engine = await createScenarioEngine(scenarioOf(), { strategies: { bad } })
    await engine.step()
    const sent = engine.sim.gas.entries.length
    const error = await engine.step().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StrategyError)
    expect(error).toMatchObject({ user: 1, interval: 1, field: 'commitments[0].energyWh', value: -5n })
    expect(engine.sim.gas.entries.length).toBe(sent)
    await expect(engine.step()).rejects.toThrow(/cannot go on/)
  })

  it('sends what the contracts refuse when the scenario asks, recording their typed errors', async () => {
    const bad: Strategy = ({ user, interval }) => {
      if (user !== 0) return {}
      if (interval === 0) return { commitments: [{ side: 'production', energyWh: 0n, limitPriceWeiPerKWh: 1n }] }
      if (interval === 1)
        return { commitments: [{ side: 'production', energyWh: 10n, limitPriceWeiPerKWh: 1n, interval: 0 }] }
      return { commitments: [{ side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 10n ** 18n }] }
    }
    const result = await runScenario(scenarioOf('send'), { strategies: { bad } })
    expect(result.refusals.map((r) => [r.user, r.interval, r.errorName])).toEqual([
      [0, 0, 'EnergyPoolZeroEnergy'],
      [0, 1, 'EnergyPoolIntervalClosed'],
      [0, 2, 'EnergyProfileInsufficientCollateral'],
    ])
    expect(result.totals.commitments).toBe(0)
    expect(result.users[0]?.collateralWei).toBe(1_000_000n)
    // The refused transactions were mined: their gas is the user's.
    const own = result.households.filter((r) => r.user === 0)
    expect(own.filter((r) => r.gasUsed <= 0n).map((r) => r.interval)).toEqual([])
  })

  it('records the orders the pool skips as refusals with their reasons, for a batched group', async () => {
    const bad: Strategy = ({ user, interval }) => {
      if (user !== 0) return {}
      if (interval === 0) return { commitments: [{ side: 'production', energyWh: 0n, limitPriceWeiPerKWh: 1n }] }
      if (interval === 1)
        return { commitments: [{ side: 'production', energyWh: 10n, limitPriceWeiPerKWh: 1n, interval: 0 }] }
      return { commitments: [{ side: 'consumption', energyWh: 1_000n, limitPriceWeiPerKWh: 10n ** 18n }] }
    }
    const result = await runScenario(scenarioOf('send', 'batched'), { strategies: { bad } })
    // An order for a closed interval is past its deadline (the end of that interval) before anything else.
    expect(result.refusals.map((r) => [r.user, r.interval, r.errorName])).toEqual([
      [0, 0, 'OrderSkipped(malformed)'],
      [0, 1, 'OrderSkipped(expired)'],
      [0, 2, 'OrderSkipped(insufficientCollateral)'],
    ])
    expect(result.totals.commitments).toBe(0)
    expect(result.users[0]?.collateralWei).toBe(1_000_000n)
    expect(result.totals.heldWei).toBe(result.totals.collateralWei)
    // The batches were mined: their gas is shared by their orders.
    expect(result.households.filter((r) => r.user === 0).every((r) => r.gasUsed > 0n)).toBe(true)
  })

  it('an external decision that is refused changes nothing: the same step then runs with a good one', async () => {
    const engine = await createScenarioEngine(parseScenario({ intervals: 2, users: { count: 2 } }), { external: [1] })
    const before = engine.sim.gas.entries.length
    const bad = new Map([
      [1, { commitments: [{ side: 'consumption' as const, energyWh: 10n ** 12n, limitPriceWeiPerKWh: 10n ** 14n }] }],
    ])
    await expect(engine.step(bad)).rejects.toMatchObject({
      name: 'StrategyError',
      user: 1,
      interval: 0,
      field: 'commitments[0].energyWh',
    })
    await expect(engine.step()).rejects.toThrow(/user 1, interval 0: the decision is missing/)
    expect(engine.sim.gas.entries.length).toBe(before)
    expect(engine.interval).toBe(0)
    const good = new Map([
      [1, { commitments: [{ side: 'consumption' as const, energyWh: 100n, limitPriceWeiPerKWh: 10n ** 14n }] }],
    ])
    const stepped = await engine.step(good)
    expect(stepped).toMatchObject({ interval: 0, done: false })
    expect(stepped.completed.map((r) => [r.user, r.strategy, r.boughtLocalWh])).toEqual([
      [0, 'profile', 0n],
      [1, 'agent', 0n],
    ])
  })
})

describe('a stranger ranking an interval the run settles later', () => {
  // Two producers and two consumers, on pay-as-clear whose keeper settles each interval one interval late.
  const scenario = parseScenario({
    intervals: 2,
    users: {
      count: 4,
      groups: [
        { count: 2, role: 'producer' },
        { count: 2, role: 'consumer' },
      ],
    },
    profiles: { production: { type: 'flat', energyWh: 500 }, consumption: { type: 'flat', energyWh: 500 } },
  })
  const lagged = { ...payAsClear, settlementLagIntervals: 1 }

  /** After the first step, `secondsIn` into the next interval, a stranger starts interval 0's settlement and ranks its first producer. */
  const strangerClaims = async (secondsIn: bigint) => {
    const engine = await createScenarioEngine(scenario, { mechanism: lagged })
    await engine.step()
    const { sim } = engine
    const interval = sim.currentInterval - 1
    sim.chain.increaseTime(secondsIn)
    const [account] = await sim.chain.addAccounts(1)
    const stranger = (account as { address: AddressHex }).address
    const market = sim.contracts.market.address
    await sim.chain.send({ ...sim.contracts.market, functionName: 'settle', args: [interval, 1_000n], from: stranger })
    const { producerPositions } = meritOrder(
      await readBook({ chain: sim.chain, market, pool: sim.contracts.pool.address }, interval),
    )
    await sim.chain.send({
      address: market,
      abi: IMeritOrderMarket.abi,
      functionName: 'rank',
      args: [interval, producerPositions.slice(0, 1), []],
      from: stranger,
    })
    return { engine, interval, stranger }
  }

  it('finishes the run: the claim taken between two steps has lapsed when the keeper settles', async () => {
    const { engine } = await strangerClaims(0n)
    await engine.step()
    const result = await engine.result()
    expect(result.intervals.map((o) => o.tradedWh)).toEqual([1_000n, 1_000n])
  })

  it('ends the run with RankingClaimedError when the claim is still live, naming the interval and the claimant', async () => {
    const { engine, interval, stranger } = await strangerClaims(60n)
    const error = await engine.step().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RankingClaimedError)
    expect(error).toMatchObject({ interval, ranker: stranger })
    await expect(engine.step()).rejects.toMatchObject({ message: expect.stringMatching(/cannot go on/), cause: error })
  })
})
