import { describe, expect, it } from 'vitest'
import { addKpiTotals } from '../kpis/addKpiTotals.js'
import { runScenario } from '../runScenario.js'
import { parseCity } from './parseCity.js'
import { runCity } from './runCity.js'

const city = parseCity({
  name: 'town',
  intervals: 2,
  startHour: 11,
  users: { count: 3 },
  communities: [
    { name: 'block', count: 2 },
    { name: 'market-hall', market: { mechanism: 'pay-as-clear' }, users: { count: 4 } },
  ],
})

describe('runCity', () => {
  it("runs each community as its own market and adds the city's KPIs up from theirs", async () => {
    // Arrange
    const handed: string[] = []
    const progress: number[] = []

    // Act
    const run = await runCity(city, {
      workers: 1,
      onCommunity: (community, result) => {
        handed.push(`${community.name}:${result.userCount}`)
      },
      onProgress: (p) => progress.push(p.communitiesDone),
    })
    const alone = await Promise.all(city.communities.map(({ scenario }) => runScenario(scenario)))

    // Assert: each community is the run of its scenario on its own
    expect(run.communities.map((c) => [c.index, c.name, c.mechanism, c.users, c.seed])).toEqual([
      [0, 'block-1', 'oracle-price', 3, 1],
      [1, 'block-2', 'oracle-price', 3, 2],
      [2, 'market-hall', 'pay-as-clear', 4, 1],
    ])
    run.communities.forEach((community, i) => {
      expect(community.kpis).toEqual(alone[i]?.kpis.community.total)
      expect(community.totals).toEqual(alone[i]?.totals)
    })
    expect(handed.sort()).toEqual(['block-1:3', 'block-2:3', 'market-hall:4'])
    expect(progress.at(-1)).toBe(3)

    // Assert: the city's KPIs are the sums of the communities', and ratios of those sums
    const sums = addKpiTotals(alone.map((r) => r.kpis.community.total))
    expect(run.kpis).toMatchObject(sums)
    expect(run.kpis.records).toBe(2 * (3 + 3 + 4))
    expect(run.kpis.selfSufficiency).toBe(Number(sums.selfSuppliedWh) / Number(sums.loadWh))
    expect(run.kpis.savingsWei).toBe(alone.reduce((sum, r) => sum + r.kpis.community.total.savingsWei, 0n))
  })

  it("runs only a shard's communities when told", async () => {
    const run = await runCity(city, { workers: 1, only: [2] })
    expect(run.communities.map((c) => c.name)).toEqual(['market-hall'])
    await expect(runCity(city, { only: [3] })).rejects.toThrow('the city has communities 0 to 2, not 3')
  })
})
