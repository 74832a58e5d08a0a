/**
 * Cold start of EDR with the `DemSimulator`'s deployed contracts in its genesis state (the JSON
 * file named by BENCH_STATE), the same start as bench/coldStart/oursState.ts; accounts come
 * ready-made in BENCH_ACCOUNTS.
 */
import { readFileSync } from 'node:fs'
import type { ChainAccount } from '../../src/chain/types.js'
import { createEdrChain } from '../../test/support/createEdrChain.js'

const state = JSON.parse(readFileSync(process.env.BENCH_STATE ?? '', 'utf8'))
const accounts = JSON.parse(process.env.BENCH_ACCOUNTS ?? '[]') as ChainAccount[]
const edr = await createEdrChain({ accounts, state })
const address = Object.keys(state.accounts).find((key) => state.accounts[key].code !== undefined)
const code = await edr.request<string>('eth_getCode', [address, 'latest'])
if (address === undefined || code === '0x') throw new Error('the state holds no contract')
process.stdout.write(`${JSON.stringify({ address, deployedAtMs: performance.now() })}\n`)
