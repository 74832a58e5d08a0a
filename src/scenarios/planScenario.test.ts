import { describe, expect, it } from 'vitest'
import { createRandom } from './createRandom.js'
import { parseScenario, withUserCount } from './parseScenario.js'
import { assignRoles, planScenario } from './planScenario.js'

describe('createRandom', () => {
  it('gives the same sequence for the same seed and stream, another for another', () => {
    const draw = (seed: number, stream: number) => {
      const random = createRandom(seed, stream)
      return Array.from({ length: 5 }, () => random.next())
    }
    expect(draw(42, 1)).toEqual(draw(42, 1))
    expect(draw(42, 1)).not.toEqual(draw(42, 2))
    expect(draw(42, 1)).not.toEqual(draw(43, 1))
    for (const x of draw(7, 0)) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
  })

  it('draws bigints within the inclusive range', () => {
    const random = createRandom(1)
    const draws = Array.from({ length: 2_000 }, () => random.bigintBetween(10n, 12n))
    expect(new Set(draws)).toEqual(new Set([10n, 11n, 12n]))
    expect(random.bigintBetween(5n, 5n)).toBe(5n)
  })
})

describe('assignRoles', () => {
  it('interleaves roles by share, independently of the count', () => {
    const mix = { producers: 0.4, consumers: 0.4, prosumers: 0.2 }
    const ten = assignRoles(10, mix)
    expect(ten.filter((r) => r === 'producer')).toHaveLength(4)
    expect(ten.filter((r) => r === 'consumer')).toHaveLength(4)
    expect(ten.filter((r) => r === 'prosumer')).toHaveLength(2)
    expect(assignRoles(1_000, mix).slice(0, 10)).toEqual(ten)
    expect(assignRoles(2, { producers: 0.5, consumers: 0.5, prosumers: 0 })).toEqual(['producer', 'consumer'])
  })
})

describe('planScenario', () => {
  const definition = {
    seed: 5,
    intervals: 24,
    users: { count: 10, mix: { producers: 0.3, consumers: 0.4, prosumers: 0.3 } },
    profiles: {
      production: { type: 'solar', peakWh: 2_000, jitter: 0.3 },
      consumption: { type: 'evening-peak', jitter: 0.3 },
    },
    limitPrices: { consumption: { minWeiPerKWh: '60000000000000', maxWeiPerKWh: '80000000000000' } },
    oracle: { production: { shortfall: 0.1 } },
  }

  it('is deterministic', () => {
    expect(planScenario(parseScenario(definition))).toEqual(planScenario(parseScenario(definition)))
  })

  it('changes with the seed', () => {
    expect(planScenario(parseScenario({ ...definition, seed: 6 }))).not.toEqual(planScenario(parseScenario(definition)))
  })

  it("keeps each user's commitments when users are added", () => {
    const small = planScenario(parseScenario(definition))
    const large = planScenario(withUserCount(parseScenario(definition), 100))
    for (const [i, interval] of small.intervals.entries()) {
      expect(large.intervals[i]?.commitments.filter((c) => c.user < 10)).toEqual(interval.commitments)
    }
  })

  it('commits nothing at night for producers, nets prosumers, and meters production short', () => {
    const plan = planScenario(parseScenario(definition))
    const midnight = plan.intervals[0]
    expect(new Set(midnight?.commitments.map((c) => c.side))).toEqual(new Set(['consumption']))
    const noon = plan.intervals[12]
    const prosumerSides = noon?.commitments.filter((c) => plan.roles[c.user] === 'prosumer').map((c) => c.side)
    expect(new Set(prosumerSides)).toEqual(new Set(['production']))
    const committed =
      noon?.commitments.filter((c) => c.side === 'production').reduce((s, c) => s + c.energyWh, 0n) ?? 0n
    expect(noon?.producedWh).toBe((committed * 900_000n) / 1_000_000n)
    for (const c of plan.intervals.flatMap((i) => i.commitments)) {
      expect(c.energyWh).toBeGreaterThan(0n)
      if (c.side !== 'consumption') continue
      expect(c.limitPriceWeiPerKWh).toBeGreaterThanOrEqual(60_000_000_000_000n)
      expect(c.limitPriceWeiPerKWh).toBeLessThanOrEqual(80_000_000_000_000n)
    }
  })
})
