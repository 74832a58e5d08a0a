/**
 * Cold start of EDR (Hardhat's EVM) in-process: run as a fresh `node` process by
 * bench/chain.bench.ts. It loads only EDR's native addon and our thin adapter, not Hardhat, so it
 * is the least a Hardhat user can pay. The accounts come ready-made in BENCH_ACCOUNTS (deriving
 * them is not timed here, whereas our chain's cold start includes deriving its own).
 */
import type { ChainAccount } from '../../src/chain/types.js'
import { FixtureNFT } from '../../test/fixtures/artifacts/index.js'
import { createEdrChain } from '../../test/support/createEdrChain.js'

const accounts = JSON.parse(process.env.BENCH_ACCOUNTS ?? '[]') as ChainAccount[]
const edr = await createEdrChain({ accounts })
const receipt = await edr.sendTransaction({
  label: 'deploy FixtureNFT',
  from: (accounts[0] as ChainAccount).address,
  to: undefined,
  data: FixtureNFT.bytecode,
  value: 0n,
  gasLimit: undefined,
  expectedStatus: 'success',
})
process.stdout.write(`${JSON.stringify({ address: receipt.contractAddress, deployedAtMs: performance.now() })}\n`)
