import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compareStateTests } from '../scripts/stateTests/compareStateTests.js'
import { generateStateTests } from '../scripts/stateTests/generateStateTests.js'
import { loadEthereumjsTrees } from '../scripts/stateTests/loadEthereumjs.js'

// A small sample of `npm run compare:state-tests`: our patched ethereumjs against the same packages
// with our patches reversed, on state tests generated here (jumps, CREATE/CREATE2 from memory,
// calls of every kind, storage, logs, reverts).
describe('the patched EVM against the unpatched one', () => {
  it('reaches the same state root, logs, gas and refusals on every post entry of a generated sample', async () => {
    const { patched, unpatched } = await loadEthereumjsTrees(fileURLToPath(new URL('..', import.meta.url)))
    const forks = ['Cancun', 'Osaka']
    const tests = generateStateTests(8, 25, forks)

    const result = await compareStateTests({ patched, unpatched, tests, forks })

    expect(result.runs).toBeGreaterThan(100)
    expect(result.divergences).toEqual([])
  })
})
