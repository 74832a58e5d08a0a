/**
 * Cold start of our chain: run as a fresh `node` process by bench/chain.bench.ts (bundled first, so
 * no TypeScript loader is timed). Prints the time from process start to the first deployed contract.
 */
import { createChain } from '../../src/chain/createChain.js'
import { FixtureNFT } from '../../test/fixtures/artifacts/index.js'

const chain = await createChain()
const { address } = await chain.deploy({ artifact: FixtureNFT })
// performance.now() counts from the process's time origin: its start.
process.stdout.write(`${JSON.stringify({ address, deployedAtMs: performance.now() })}\n`)
