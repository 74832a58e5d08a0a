/**
 * How long the learning agents' environment takes to reset: a revert of the joined market's
 * snapshot (what `createMarketEnv` does from the second reset on) beside a redeploy (a new
 * environment's first reset: deploy the contracts, every user joins), on the same scenario, in one run.
 *
 *   npx tsx bench/env.bench.ts [--users 10] [--resets 20]
 *
 * Target: a reset by revert ≤ 20 ms (median) for 10 households.
 */
import { parseArgs } from 'node:util'
import { createMarketEnv } from '../src/scenarios/env/createMarketEnv.js'
import type { ScenarioDefinition } from '../src/scenarios/types.js'

const { values } = parseArgs({ options: { users: { type: 'string' }, resets: { type: 'string' } } })
const users = Number(values.users ?? 10)
const resets = Number(values.resets ?? 20)
const scenario: ScenarioDefinition = {
  intervals: 24,
  users: {
    count: users,
    groups: [
      { share: 0.4, role: 'prosumer', battery: { capacityWh: 6000 } },
      { share: 0.4, role: 'consumer' },
      { share: 0.2, role: 'producer' },
    ],
  },
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const time = async (run: () => Promise<unknown>) => {
  const started = performance.now()
  await run()
  return performance.now() - started
}

const env = createMarketEnv(scenario, { agents: 'all' })
await env.reset(0)
// A whole episode before each reset, so that it has a day of transactions to undo.
const play = async () => {
  for (let done = false; !done; ) ({ done } = await env.step(Object.fromEntries(env.agents.map((k) => [k, {}]))))
}
const reverted: number[] = []
const redeployed: number[] = []
for (let k = 1; k <= resets; k++) {
  await play()
  reverted.push(await time(() => env.reset(k)))
  if (k <= Math.min(resets, 5)) redeployed.push(await time(() => createMarketEnv(scenario, { agents: 'all' }).reset(k)))
}
console.log(`${users} households, 24 intervals`)
console.log(
  `reset by revert of the joined market: median ${median(reverted).toFixed(1)} ms of ${reverted.length} (target ≤ 20 ms)`,
)
console.log(`reset by redeploy and join:           median ${median(redeployed).toFixed(1)} ms of ${redeployed.length}`)
console.log(`ratio: ${(median(redeployed) / median(reverted)).toFixed(1)}× faster by revert`)
