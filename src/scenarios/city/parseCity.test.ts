import { describe, expect, it } from 'vitest'
import { parseScenario } from '../parseScenario.js'
import { ScenarioError } from '../ScenarioError.js'
import { parseCity } from './parseCity.js'

const base = { name: 'town', seed: 7, intervals: 2, startHour: 11, users: { count: 3 } }

describe('parseCity', () => {
  it('makes one scenario per community: the city fields, the entry replacing its own, copies numbered with the next seeds', () => {
    const city = parseCity({
      ...base,
      communities: [
        { name: 'north', count: 2 },
        { name: 'south', users: { count: 5 }, market: { mechanism: 'pay-as-clear' }, seed: 100 },
        {},
      ],
    })
    expect(
      city.communities.map(({ index, name, scenario }) => [
        index,
        name,
        scenario.seed,
        scenario.users.count,
        scenario.market.mechanism.name,
      ]),
    ).toEqual([
      [0, 'north-1', 7, 3, 'oracle-price'],
      [1, 'north-2', 8, 3, 'oracle-price'],
      [2, 'south', 100, 5, 'pay-as-clear'],
      [3, 'community-3', 7, 3, 'oracle-price'],
    ])
    expect(city).toMatchObject({ name: 'town', seed: 7, intervals: 2 })
    expect(city.communities.every(({ scenario }) => scenario.intervals === 2 && scenario.startHour === 11)).toBe(true)
  })

  it.each<[string, unknown, string]>([
    [
      'no communities',
      { ...base, communities: [] },
      'communities must be a list of at least one community, got an array of 0',
    ],
    [
      'an unknown field',
      { ...base, communities: [{ intervals: 3 }] },
      'communities[0].intervals is not a known field of a community',
    ],
    [
      'the economics',
      { ...base, communities: [{ economics: {} }] },
      'communities[0].economics is not a known field of a community',
    ],
    [
      'a repeated name',
      { ...base, communities: [{ name: 'a' }, { name: 'a' }] },
      'communities[1].name names a second community "a"',
    ],
    [
      'a count of 0',
      { ...base, communities: [{ count: 0 }] },
      'communities[0].count must be a positive integer, got 0',
    ],
    [
      'too many',
      { ...base, communities: [{ count: 10_001 }] },
      'communities[0].count brings the city beyond 10000 communities',
    ],
    [
      "a community's bad field",
      { ...base, communities: [{ name: 'x' }, { name: 'y', users: { count: 0 } }] },
      'communities[1] (y): users.count must be a positive integer, got 0',
    ],
    ['a bad city field', { ...base, intervals: 0, communities: [{}] }, 'intervals must be a positive integer, got 0'],
  ])('refuses %s, naming it', (_case, input, message) => {
    expect(() => parseCity(input)).toThrow(ScenarioError)
    expect(() => parseCity(input)).toThrow(message)
  })

  it('leaves a city to dem-sim city: parseScenario refuses communities', () => {
    expect(() => parseScenario({ ...base, communities: [{}] })).toThrow(
      'communities make this a city of communities: run it with dem-sim city (runCity in code), got an array of 1',
    )
  })
})
