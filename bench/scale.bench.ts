/**
 * The scale run: a day of 1,000 users × 24 hourly intervals (examples/scenarios/scale-1000.json),
 * end to end — onboarding, ~19,000 commitments, the keeper's batched processBuffer and settle,
 * the oracle — and the figures: wall time by phase, CPU time, peak memory, gas per operation,
 * and the largest settle transaction against the 2^24 per-transaction cap and the 30M block limit.
 *
 *   npm run bench:scale
 *   npm run bench:scale -- --users 200 --scenario examples/scenarios/solar.json --no-lookup
 *   npm run bench:scale -- --profile   the run under V8's CPU profiler: where its time went, by part and by function
 *
 * Then, unless `--no-lookup`: what `DemSimulator.settle()` pays for looking up the trades'
 * commitments on chain (`commitmentWordsOf`) and reading the interval back, against the scenario
 * runner's settlement, which takes owner and side from the commitments it made and the totals
 * from the `IntervalSettled` event — one interval of `--users` commitments settled both ways
 * from the same snapshot (same transactions, same gas).
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { Session } from 'node:inspector/promises'
import { availableParallelism, loadavg } from 'node:os'
import { PerformanceObserver } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import {
  DemSimulator,
  gasTable,
  loadScenario,
  runScenario,
  settlementFigures,
  tableToText,
  withUserCount,
} from 'dem-sim'
import { createProgressBar } from '../src/cli/createProgressBar.js'
import { settleInterval, type CommitmentIndex } from '../src/scenarios/settleInterval.js'
import { type CpuProfile, formatCpuProfileSummary, summarizeCpuProfile } from './support/summarizeCpuProfile.js'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'examples/scenarios/scale-1000.json' },
    users: { type: 'string' },
    'no-lookup': { type: 'boolean' },
    profile: { type: 'boolean' },
  },
})

/** Issue #25's targets for the day of 1,000 households on a quiet machine. */
const TARGET_WALL_MS = 15_000
const TARGET_RSS_BYTES = 400 * 2 ** 20

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

let scenario = await loadScenario(values.scenario)
if (values.users !== undefined) scenario = withUserCount(scenario, Number(values.users))

// Peak heap, sampled as the run reports progress (a run never yields to timers); maxRSS below is
// the process's true peak resident memory.
let peakHeap = 0
let steps = 0
const sample = () => {
  if (steps++ % 200 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
}
const bar = createProgressBar(process.stderr, { label: `${scenario.name}` })
const profiler = values.profile ? new Session() : undefined
if (profiler !== undefined) {
  profiler.connect()
  await profiler.post('Profiler.enable')
  await profiler.post('Profiler.start')
}
// Garbage collection's pauses, from V8's own events: a large share of a day's time, and what its peak RSS is made of.
const gc = { ms: 0, count: 0 }
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.ms += entry.duration
    gc.count++
  }
})
gcObserver.observe({ entryTypes: ['gc'] })
const cpuBefore = process.cpuUsage()
const started = performance.now()
const result = await runScenario(scenario, {
  onProgress: (p) => {
    sample()
    bar.update(
      p.completed,
      p.total,
      p.interval === undefined ? p.phase : `interval ${p.interval + 1}/${scenario.intervals}`,
    )
  },
})
const wallMs = performance.now() - started
const profile = profiler === undefined ? undefined : ((await profiler.post('Profiler.stop')).profile as CpuProfile)
bar.done()
const cpu = process.cpuUsage(cpuBefore)
// V8 reports each pause on the event loop's next turn, which a run never reaches: let it turn once.
await new Promise((resolve) => setImmediate(resolve))
for (const entry of gcObserver.takeRecords()) {
  gc.ms += entry.duration
  gc.count++
}
gcObserver.disconnect()
const { maxRSS } = process.resourceUsage()

const settlement = settlementFigures(result)
console.log(
  `scale run: ${scenario.name}, ${result.userCount} users × ${result.intervalCount} intervals, Node ${process.version}`,
)
console.log(
  `  wall ${s(wallMs)}  (setup ${s(result.timing.setupMs)}, onboarding ${s(result.timing.onboardingMs)}, commit ${s(result.timing.commitMs)}, processBuffer ${s(result.timing.processBufferMs)}, oracle ${s(result.timing.oracleMs)}, settle ${s(result.timing.settleMs)})`,
)
console.log(
  `  CPU ${s((cpu.user + cpu.system) / 1000)}  peak RSS ${mb(maxRSS * 1024)}  peak heap ${mb(peakHeap)}  GC ${s(gc.ms)} in ${gc.count} pauses (${((100 * gc.ms) / wallMs).toFixed(0)}% of wall)  load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
)
console.log(
  `  targets (1,000 × 24, every mechanism): wall ≤ ${s(TARGET_WALL_MS)}: ${wallMs <= TARGET_WALL_MS ? 'met' : 'NOT MET'}; ` +
    `peak RSS ≤ ${mb(TARGET_RSS_BYTES)}: ${maxRSS * 1024 <= TARGET_RSS_BYTES ? 'met' : 'NOT MET'} (mechanism ${scenario.market.mechanism.name})`,
)
console.log(
  `  ${result.totals.transactions.toLocaleString('en-US')} transactions (${(result.totals.transactions / (wallMs / 1000)).toFixed(0)}/s), ${result.totals.commitments.toLocaleString('en-US')} commitments, ${result.totals.gasUsed.toLocaleString('en-US')} gas`,
)
console.log(
  `  settlement: heaviest interval ${settlement.maxIntervalSettleGas.toLocaleString('en-US')} gas in ${settlement.maxSettleTransactions} transactions; ` +
    `largest settle tx ${settlement.maxSettleTxGas.toLocaleString('en-US')} gas (cap ${result.maxTransactionGas.transactionGasCap.toLocaleString('en-US')}, block ${result.maxTransactionGas.blockGasLimit.toLocaleString('en-US')}): ` +
    `${settlement.maxSettleTxGas < result.maxTransactionGas.transactionGasCap ? 'under both' : 'OVER THE CAP'}`,
)
console.log(
  `  largest transaction: ${result.maxTransactionGas.operation} ${result.maxTransactionGas.gasUsed.toLocaleString('en-US')} gas; ETH held = Σ collateral: ${result.totals.heldWei === result.totals.collateralWei}`,
)
if (profile !== undefined) console.log(formatCpuProfileSummary(summarizeCpuProfile(profile), 25).join('\n'))
console.log()
console.log(tableToText(gasTable(result)))

if (!values['no-lookup']) {
  // One interval, every user committing, settled both ways from the same snapshot.
  const users = result.userCount
  const sim = await DemSimulator.create({
    defaultBatchSize: scenario.keeper.processBatch,
    settleBatchSize: scenario.keeper.settleBatch,
  })
  const members = []
  for (let i = 0; i < users; i++) members.push(await sim.addUser({ collateralWei: 10n ** 17n }))
  const interval = sim.currentInterval
  const index: CommitmentIndex = new Map()
  for (const [i, user] of members.entries()) {
    const side = i % 2 === 0 ? 'production' : 'consumption'
    const { commitmentId } = await sim.commit(user, {
      interval,
      energyWh: 1_000n + BigInt(i),
      side,
      limitPriceWeiPerKWh: side === 'production' ? 40_000_000_000_000n : 70_000_000_000_000n,
    })
    index.set(commitmentId, { tokenId: user.tokenId, side })
  }
  await sim.processBuffer({ maxItems: scenario.keeper.processBatch })
  sim.advanceInterval()
  await sim.setOracle({ priceWeiPerKWh: 50_000_000_000_000n, producedWh: 10n ** 12n, consumedWh: 10n ** 12n })
  const before = sim.snapshot()

  let t = performance.now()
  const viaSimulator = await sim.settle(interval, { maxItems: scenario.keeper.settleBatch })
  const simulatorMs = performance.now() - t
  sim.revert(before)

  t = performance.now()
  const batches = { maxItems: scenario.keeper.settleBatch, processBatch: scenario.keeper.processBatch }
  const viaEvents = await settleInterval(sim, interval, batches, new Map(index))
  const eventsMs = performance.now() - t
  sim.revert(before)

  t = performance.now()
  await sim.chain.call({ ...sim.contracts.pool, functionName: 'commitmentWordsOf', args: [[...index.keys()]] })
  const batchedMs = performance.now() - t
  t = performance.now()
  for (const commitmentId of index.keys())
    await sim.chain.call({ ...sim.contracts.pool, functionName: 'commitmentOf', args: [commitmentId] })
  const lookupsMs = performance.now() - t

  const sameGas = viaSimulator.receipts.map((r) => r.gasUsed).join() === viaEvents.receipts.map((r) => r.gasUsed).join()
  console.log(
    `settling one interval of ${users} commitments in ${viaEvents.receipts.length} transactions (same gas both ways: ${sameGas}):`,
  )
  console.log(`  DemSimulator.settle(): ${s(simulatorMs)}`)
  console.log(`  the runner's settleInterval, owner and side from its own commitments: ${s(eventsMs)}`)
  console.log(
    `  one commitmentWordsOf call for the ${users} trades: ${s(batchedMs)}; ${users} commitmentOf calls (one per trade): ${s(lookupsMs)}`,
  )
}
