import { describe, expect, it } from 'vitest'
import { builtinScenario } from './builtinScenarios.js'
import { planScenario } from './planScenario.js'
import { parseScenario } from './parseScenario.js'
import { runScenario } from './runScenario.js'
import { SMALL_DAY } from './smallDayTestSupport.js'
import { sweep } from './sweep.js'
import type { ScenarioDefinition, ScenarioProgress, ScenarioResult } from './types.js'

const DAY: ScenarioDefinition = {
  ...SMALL_DAY,
  oracle: { production: { shortfall: [0, 0, 0.5, 0, 0, 0] } },
  keeper: { processBatch: 4, settleBatch: 3 },
}

/** Everything but wall time. */
const withoutTiming = ({ timing: _timing, ...rest }: ScenarioResult) => rest

describe('runScenario', () => {
  it('gives the same trades, balances and gas on every run', async () => {
    // Act
    const first = await runScenario(DAY)
    const second = await runScenario(parseScenario(DAY))
    // Assert
    expect(withoutTiming(second)).toEqual(withoutTiming(first))
    expect(first.totals.tradedWh).toBeGreaterThan(0n)
  })

  it('runs the plan, conserves value, and keeps each settle transaction within the batch', async () => {
    const progress: ScenarioProgress[] = []
    const result = await runScenario(DAY, { onProgress: (p) => progress.push(p) })
    const plan = planScenario(parseScenario(DAY))

    // The plan's commitments, every interval settled.
    expect(result.intervals.map((o) => o.commitments)).toEqual(plan.intervals.map((i) => i.commitments.length))
    expect(result.intervals.map((o) => o.producedWh)).toEqual(plan.intervals.map((i) => i.producedWh))
    expect(result.totals.commitments).toBe(plan.intervals.reduce((n, i) => n + i.commitments.length, 0))
    expect(result.gas.find((row) => row.operation === 'commit')?.calls).toBe(result.totals.commitments)
    for (const o of result.intervals) {
      const bounds = { supplyWh: o.supplyWh, demandWh: o.demandWh, producedWh: o.producedWh, consumedWh: o.consumedWh }
      for (const [name, bound] of Object.entries(bounds))
        expect(o.tradedWh, `interval ${o.interval}: tradedWh against ${name}`).toBeLessThanOrEqual(bound)
      // With settleBatch 3, six-odd commitments take several transactions.
      if (o.commitments > 3) expect(o.settleTransactions).toBeGreaterThan(1)
    }
    expect(result.intervals[2]?.producedWh).toBe((result.intervals[2]?.committedProductionWh ?? 0n) / 2n)

    // Money: Σ paid = Σ received = value moved; collateral = start + received − paid; ETH held = Σ collateral.
    const paid = result.users.reduce((s, u) => s + u.paidWei, 0n)
    const received = result.users.reduce((s, u) => s + u.receivedWei, 0n)
    expect(paid).toBe(received)
    expect(paid).toBe(result.totals.tradedValueWei)
    for (const u of result.users) expect(u.collateralWei).toBe(10n ** 17n + u.receivedWei - u.paidWei)
    expect(result.totals.heldWei).toBe(result.totals.collateralWei)
    expect(result.users.reduce((s, u) => s + u.soldWh, 0n)).toBe(result.totals.tradedWh)

    // Gas: under the limits; per-user totals are what each user sent.
    expect(result.maxTransactionGas.gasUsed).toBeLessThan(result.maxTransactionGas.transactionGasCap)
    expect(result.maxTransactionGas.transactionGasCap).toBe(2n ** 24n)
    expect(result.users.filter((u) => u.gasUsed <= 0n).map((u) => u.index)).toEqual([])

    // Progress: monotone, ending at the total.
    expect(progress.at(-1)).toMatchObject({ phase: 'done' })
    expect(progress.at(-1)?.completed).toBe(progress.at(-1)?.total)
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.completed).toBeGreaterThanOrEqual(progress[i - 1]!.completed)
  })

  it('sends a batched group through signed orders: the same trades and balances as direct commits', async () => {
    const users = (orders: 'direct' | 'batched') => ({
      count: 6,
      groups: [
        { share: 0.5, role: 'producer' as const, orders },
        { share: 0.5, role: 'consumer' as const, orders, orderBatch: 2 },
      ],
    })
    const direct = await runScenario({ ...DAY, users: users('direct') })
    const batched = await runScenario({ ...DAY, users: users('batched') })
    const outcome = (r: ScenarioResult) =>
      r.users.map((u) => [u.soldWh, u.boughtWh, u.receivedWei, u.paidWei, u.collateralWei])
    expect(outcome(batched)).toEqual(outcome(direct))
    expect(batched.totals.tradedWh).toBe(direct.totals.tradedWh)
    expect(batched.totals.tradedWh).toBeGreaterThan(0n)
    expect(batched.totals.heldWei).toBe(batched.totals.collateralWei)
    const calls = (r: ScenarioResult, operation: string) => r.gas.find((row) => row.operation === operation)?.calls
    expect(calls(batched, 'commit')).toBeUndefined()
    // Per interval: one batch of the three producers, the consumers' in batches of two.
    expect(calls(batched, 'submitOrders')).toBeGreaterThanOrEqual(DAY.intervals as number)
    expect(batched.totals.commitments).toBe(direct.totals.commitments)
    // The break-even names the path, and the batched one costs less gas for the same savings.
    expect([direct.kpis.breakEven?.orderPath, batched.kpis.breakEven?.orderPath]).toEqual(['direct', 'batched'])
    const gas = (r: ScenarioResult) => r.kpis.breakEven?.footprint.operation.gasUsed ?? 0n
    expect(gas(batched)).toBeLessThan(gas(direct))
  })

  it('lets the market drop a batched order below the minimum size as it releases such a direct commitment', async () => {
    // battery-day's household 5 decides a commitment below the market's minimum in interval 2.
    const { definition } = builtinScenario('battery-day')
    const scenario = (orders: 'direct' | 'batched'): ScenarioDefinition => ({
      ...definition,
      intervals: 4,
      users: {
        ...definition.users,
        count: 10,
        groups: definition.users.groups?.map((group) => ({ ...group, orders })),
      },
    })
    const direct = await runScenario(scenario('direct'))
    const batched = await runScenario(scenario('batched'))
    expect(batched.refusals).toEqual([])
    expect(batched.totals.tradedWh).toBe(direct.totals.tradedWh)
    expect(batched.users.map((u) => [u.soldWh, u.boughtWh])).toEqual(direct.users.map((u) => [u.soldWh, u.boughtWh]))
  })

  it("onboards the seed's way: registerUser, approve, deposit", async () => {
    const result = await runScenario({ intervals: 1, users: { count: 2, onboarding: 'registerApproveDeposit' } })
    expect(result.gas.map((row) => row.operation)).toEqual(
      expect.arrayContaining(['registerUser', 'approve', 'deposit']),
    )
    expect(result.gas.find((row) => row.operation === 'approve')?.calls).toBe(2)
  })
})

describe('sweep', () => {
  const TWO_INTERVALS = { ...DAY, intervals: 2, oracle: {} }

  it('runs once per user count, ascending', async () => {
    const seen: number[] = []
    const result = await sweep(TWO_INTERVALS, { users: [4, 2], workers: 1, onProgress: (p) => seen.push(p.completed) })
    expect(result.users).toEqual([2, 4])
    expect(result.points.map((p) => p.result.userCount)).toEqual([2, 4])
    expect(result.workers).toBe(1)
    expect(seen.at(-1)).toBeGreaterThan(0)
    // User 0 and 1 commit the same in both runs.
    const commitsOfFirstTwo = (r: ScenarioResult) => r.users.slice(0, 2).map((u) => u.commitments)
    expect(commitsOfFirstTwo(result.points[1]!.result)).toEqual(commitsOfFirstTwo(result.points[0]!.result))
  })

  // Worker threads load the built package (dist/): the test run builds it first when it is missing.
  it('gives the same results on worker threads', async () => {
    const [inProcess, threaded] = [
      await sweep(TWO_INTERVALS, { users: [2, 3], workers: 1 }),
      await sweep(TWO_INTERVALS, { users: [2, 3], workers: 2 }),
    ]
    expect(threaded.workers).toBe(2)
    expect(threaded.points.map((p) => withoutTiming(p.result))).toEqual(
      inProcess.points.map((p) => withoutTiming(p.result)),
    )
  })

  it('checks every point before running any', async () => {
    await expect(sweep({ intervals: 1, users: { count: 2, collateralWei: '1' } }, { users: [2, 10] })).rejects.toThrow(
      /users\.collateralWei/,
    )
  })
})
