/**
 * Cold start of a deployed `DemSimulator` (the profile with its pool, the market, three feeds,
 * wired): run as a fresh `node` process by bench/chain.bench.ts, bundled first. Prints the time
 * from process start until `DemSimulator.create()` resolves.
 */
import { DemSimulator } from '../../src/market/DemSimulator.js'

const sim = await DemSimulator.create()
process.stdout.write(`${JSON.stringify({ address: sim.contracts.market.address, deployedAtMs: performance.now() })}\n`)
