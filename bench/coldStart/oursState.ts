/**
 * Cold start of our chain from a precomputed post-deployment state (the `DemSimulator`'s, dumped
 * with `chain.dumpState()` by bench/chain.bench.ts into the JSON file named by BENCH_STATE): what a
 * simulator would pay if it loaded its deployment instead of running it.
 */
import { readFileSync } from 'node:fs'
import { createChain } from '../../src/chain/createChain.js'

const state = JSON.parse(readFileSync(process.env.BENCH_STATE ?? '', 'utf8'))
const chain = await createChain({ accounts: 3, state })
const address = Object.keys(state.accounts).find((key) => state.accounts[key].code !== undefined)
if (address === undefined || (await chain.getCode(address as `0x${string}`)) === '0x')
  throw new Error('the state holds no contract')
process.stdout.write(`${JSON.stringify({ address, deployedAtMs: performance.now() })}\n`)
