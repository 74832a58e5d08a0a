/**
 * The documented limit, measured (issue #23): on each mechanism,
 * - `users`: a scenario of N users through one interval (every user joins, the `profile` users
 *   commit their midday net, the keeper files, the oracle reports, the keeper settles), as
 *   `dem-sim run` does it;
 * - `flood`: one interval flooded with N minimum-size entries on each side (N producers of their
 *   own asking the most a limit can say, N consumer entries of one profile bidding 1 wei/kWh),
 *   besides one honest producer and consumer who must still trade;
 * each in a process of its own, printing the worst transaction against osaka's 2^24 cap, the
 * keeper's and the oracle's calls to finish, wall time and peak memory.
 *
 *   npm run bench:limits
 *   npm run bench:limits -- --users 20000,100000 --flood 10000 --mechanisms oracle-price,pay-as-clear
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { mechanismNames, resolveMechanism } from '../src/mechanisms/mechanisms.js'
import { parseScenario } from '../src/scenarios/parseScenario.js'
import { runScenario } from '../src/scenarios/runScenario.js'

const CAP = 2n ** 24n
const ETHER = 10n ** 18n
const MIN_ENERGY_WH = 100n

/** One case's figures, as its process reports them. */
type Figures = {
  case: string
  size: number
  mechanism: string
  transactions: number
  worstOperation: string
  worstGas: string
  keeperCalls: number
  oracleCalls: number
  tradedWh: string
  wallMs: number
  maxRssBytes: number
  peakHeapBytes: number
}

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '20000,100000' },
    flood: { type: 'string', default: '10000' },
    mechanisms: { type: 'string', default: mechanismNames().join(',') },
    one: { type: 'string' },
  },
})

let peakHeap = 0
let samples = 0
const sample = () => {
  if (samples++ % 500 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
}

/** The ledger's figures after a run: its largest transaction (setup left out) and the keeper's and oracle's calls. */
function ledgerFigures(sim: DemSimulator) {
  let worst = { operation: '–', gasUsed: 0n }
  let keeperCalls = 0
  let oracleCalls = 0
  for (const e of sim.gas.entries) {
    if (e.setup) continue
    if (e.gasUsed > worst.gasUsed) worst = e
    if (e.from.toLowerCase() === sim.roles.keeper.toLowerCase()) keeperCalls++
    if (e.from.toLowerCase() === sim.roles.reporter.toLowerCase()) oracleCalls++
  }
  return {
    transactions: sim.gas.entries.filter((e) => !e.setup).length,
    worstOperation: worst.operation,
    worstGas: String(worst.gasUsed),
    keeperCalls,
    oracleCalls,
  }
}

/** N users through one interval at midday, the scenario runner doing everything. */
async function usersCase(
  size: number,
  mechanismName: string,
): Promise<Omit<Figures, 'wallMs' | 'maxRssBytes' | 'peakHeapBytes'>> {
  const scenario = parseScenario({
    name: `limits-${size}`,
    intervals: 1,
    startHour: 12,
    users: { count: size },
    profiles: { production: { type: 'solar', peakWh: 3_000 }, consumption: { type: 'flat', energyWh: 800 } },
    market: { mechanism: mechanismName },
  })
  const result = await runScenario(scenario, { onProgress: sample })
  const interval = result.intervals[0]
  const rows = new Map(result.gas.map((r) => [r.operation, r.calls]))
  return {
    case: 'users',
    size,
    mechanism: mechanismName,
    transactions: result.totals.transactions,
    worstOperation: result.maxTransactionGas.operation,
    worstGas: String(result.maxTransactionGas.gasUsed),
    keeperCalls: (interval?.processBufferTransactions ?? 0) + (interval?.settleTransactions ?? 0),
    oracleCalls: ['updateAnswer', 'reportDeliveries', 'finalizeDeliveries'].reduce(
      (n, op) => n + (rows.get(op) ?? 0),
      0,
    ),
    tradedWh: String(result.totals.tradedWh),
  }
}

/** N minimum entries on each side of one interval, out of the money, around one honest trade. */
async function floodCase(
  size: number,
  mechanismName: string,
): Promise<Omit<Figures, 'wallMs' | 'maxRssBytes' | 'peakHeapBytes'>> {
  const sim = await DemSimulator.create({ mechanism: resolveMechanism(mechanismName) })
  const interval = sim.currentInterval
  const spammer = await sim.addUser({ collateralWei: ETHER })
  for (let k = 0; k < size; k++) {
    const producer = await sim.addUser({ collateralWei: 0n })
    await sim.commit(producer, {
      interval,
      energyWh: MIN_ENERGY_WH,
      side: 'production',
      limitPriceWeiPerKWh: 2n ** 96n - 1n,
    })
    await sim.commit(spammer, { interval, energyWh: MIN_ENERGY_WH, side: 'consumption', limitPriceWeiPerKWh: 1n })
    sample()
  }
  const producer = await sim.addUser({ collateralWei: 0n })
  const consumer = await sim.addUser({ collateralWei: ETHER })
  await sim.commit(producer, { interval, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
  await sim.commit(consumer, { interval, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 10n ** 15n })
  await sim.processBuffer()
  sim.advanceInterval()
  await sim.setOracle({ priceWeiPerKWh: 10n ** 14n, producedWh: 1_000n, consumedWh: 1_000n })
  const { tradedWh } = await sim.settle(interval)
  return { case: 'flood', size, mechanism: mechanismName, ...ledgerFigures(sim), tradedWh: String(tradedWh) }
}

async function runOne(spec: string): Promise<void> {
  const [kind, size, mechanism] = spec.split(':') as [string, string, string]
  const started = performance.now()
  const figures = await (kind === 'users' ? usersCase : floodCase)(Number(size), mechanism)
  const wallMs = performance.now() - started
  const report: Figures = {
    ...figures,
    wallMs,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes: Math.max(peakHeap, process.memoryUsage().heapUsed),
  }
  console.log(`RESULT ${JSON.stringify(report)}`)
}

if (values.one !== undefined) {
  await runOne(values.one)
} else {
  const mechanisms = values.mechanisms.split(',').filter(Boolean)
  for (const name of mechanisms) resolveMechanism(name)
  const cases = [
    ...values.users
      .split(',')
      .filter(Boolean)
      .map((n) => ['users', Number(n)] as const),
    ...values.flood
      .split(',')
      .filter(Boolean)
      .map((n) => ['flood', Number(n)] as const),
  ]
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
  const fmt = (gas: string) => BigInt(gas).toLocaleString('en-US')
  console.log(
    `Limits, one interval each, osaka (2^24 = ${CAP.toLocaleString('en-US')} gas a transaction), Node ${process.version}:`,
  )
  console.log(
    '| case | size | mechanism | transactions | worst transaction | of 2^24 | keeper calls | oracle calls | traded Wh | wall | peak RSS | peak heap |',
  )
  console.log(`|${'---|'.repeat(12)}`)
  for (const [kind, size] of cases) {
    for (const mechanism of mechanisms) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), '--one', `${kind}:${size}:${mechanism}`],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 2 ** 24,
        },
      )
      const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '))
      if (child.status !== 0 || line === undefined) {
        console.log(`| ${kind} | ${size} | ${mechanism} | FAILED (exit ${child.status ?? child.signal}) |`)
        continue
      }
      const f = JSON.parse(line.slice('RESULT '.length)) as Figures
      const share = `${((Number(f.worstGas) * 100) / Number(CAP)).toFixed(1)}%`
      console.log(
        `| ${f.case} | ${f.size.toLocaleString('en-US')} | ${f.mechanism} | ${f.transactions.toLocaleString('en-US')} | ${f.worstOperation} ${fmt(f.worstGas)} | ${share} | ${f.keeperCalls} | ${f.oracleCalls} | ${fmt(f.tradedWh)} | ${(f.wallMs / 1000).toFixed(0)} s | ${mib(f.maxRssBytes)} | ${mib(f.peakHeapBytes)} |`,
      )
    }
  }
}
