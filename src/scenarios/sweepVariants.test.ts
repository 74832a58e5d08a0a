import { describe, expect, it } from 'vitest'
import { ScenarioError } from './ScenarioError.js'
import { sweepVariants } from './sweepVariants.js'

const base = { intervals: 2, startHour: 11, users: { count: 2 } }

describe('sweepVariants', () => {
  it('runs each variant and returns the results in the order given', async () => {
    const progress: number[] = []
    const { points, workers } = await sweepVariants(
      [
        { label: 'clear', scenario: { ...base, market: { mechanism: 'pay-as-clear' } } },
        { label: 'oracle', scenario: { ...base, market: { mechanism: 'oracle-price' } } },
      ],
      { workers: 1, onProgress: (p) => progress.push(p.runsDone) },
    )
    expect(workers).toBe(1)
    expect(points.map((p) => [p.label, p.result.mechanism, p.result.userCount])).toEqual([
      ['clear', 'pay-as-clear', 2],
      ['oracle', 'oracle-price', 2],
    ])
    expect(progress.at(-1)).toBe(2)
  })

  it('checks every variant before running any', async () => {
    const bad = { label: 'bad', scenario: { ...base, economics: { ethPrice: -1 } } }
    await expect(sweepVariants([{ label: 'good', scenario: base }, bad])).rejects.toThrow(ScenarioError)
    await expect(
      sweepVariants([
        { label: 'same', scenario: base },
        { label: 'same', scenario: base },
      ]),
    ).rejects.toThrow('two variants are labelled "same"')
    await expect(sweepVariants([])).rejects.toThrow('at least one variant')
  })
})
