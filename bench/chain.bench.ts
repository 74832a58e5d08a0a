/**
 * Throughput, cold start and snapshot/revert of our chain against EDR (Hardhat's EVM, in-process)
 * and ganache 7 (in-process; the engine the seed demo ran), on the fixture workload.
 *
 *   npm run bench
 *   npm run bench -- --sizes 200,1000 --market-sizes 200,1000 --runs 5 --ganache-runs 1 --warmup-users 300 --engines ours,ours-no-cache,edr,ours-shanghai,ganache --no-cold-start --no-snapshots --no-market
 *
 * A user is a distinct sender doing the workload's per-user part: mint an ERC-721 token, fill 10
 * fresh storage slots, make one call that reverts (3 transactions). The three deployments come
 * first and are not timed; the users' transactions are sent one by one, each mined in its own
 * block, and each engine's steady-state rate is the users' transactions over their wall time
 * (median of `--runs` fresh instances, after a warm-up run on every engine). Beside it, the rate
 * per CPU-second of the whole process (all threads), which a machine busy with other work
 * disturbs less than the wall clock.
 *
 * Every engine gets the same transactions: ours through `chain.sendTransaction` (unsigned
 * transactions from known senders, as `send` and `deploy` do by default); EDR through its JSON-RPC
 * `handleRequest`, `eth_sendTransaction` from owned accounts (EDR signs in Rust) then
 * `eth_getTransactionReceipt`, which is what a Hardhat user pays; ganache likewise through its
 * EIP-1193 `request` from unlocked accounts (ganache signs in JavaScript). Ganache stops at
 * shanghai, so it runs a shanghai build of the fixtures, and ours runs that build too for the
 * ours/ganache ratio. Every receipt's gasUsed and status are compared with ours on the same build.
 * `ours-no-cache` is our chain with the code-analysis cache of our ethereumjs patch turned off.
 *
 * Then the market workload (`--market-sizes`, default 200 and 1,000 users): the DEM contracts
 * driven through `DemSimulator`, recorded once (test/support/recordMarketWorkload.ts) and replayed
 * from the deployed state on ours, ours without the cache and EDR, every receipt compared with the
 * recording. Cold start covers a first deployed contract, a deployed `DemSimulator`, and a chain
 * loaded from the simulator's dumped state (ours) or given it as genesis (EDR).
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Options } from 'tsup'
import { encodeFunctionData } from 'viem'
import { createChain, type Chain, type EmbeddedChain } from '../src/chain/createChain.js'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { deriveAccount } from '../src/chain/deriveAccount.js'
import type { AddressHex, ChainAccount, ChainHardfork } from '../src/chain/types.js'
import { compileShanghaiFixtures } from '../test/support/compileShanghaiFixtures.js'
import { createEdrChain, type EdrChain } from '../test/support/createEdrChain.js'
import { createGanacheChain } from '../test/support/createGanacheChain.js'
import {
  OSAKA_FIXTURE_ARTIFACTS,
  TRANSACTIONS_PER_USER,
  createFixtureWorkload,
  runWorkload,
  type FixtureArtifacts,
  type FixtureWorkload,
  type WorkloadEngine,
  type WorkloadReceipt,
  type WorkloadTransaction,
} from '../test/support/fixtureWorkload.js'
import { toWorkloadEngine } from '../test/support/toWorkloadEngine.js'
import { recordMarketWorkload } from '../test/support/recordMarketWorkload.js'
import { replayMarketWorkload, type Replay, type ReplayEngine } from '../test/support/replayMarketWorkload.js'
import tsupConfig from '../tsup.config.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = parseArgs(process.argv.slice(2))

/** Transactions between a snapshot and its revert. */
const AFTER_SNAPSHOT_TXS = 10
/** Snapshot/revert rounds per state (median reported). */
const REVERT_ROUNDS = 21
/** Intervals of the market workload. */
const MARKET_INTERVALS = 4
/** Fresh processes per engine for the cold start (median reported). */
const COLD_START_RUNS = 5

type EngineId = 'ours' | 'ours-no-cache' | 'edr' | 'ours-shanghai' | 'ganache'

type EngineSpec = {
  id: EngineId
  label: string
  hardfork: ChainHardfork
  build: 'osaka' | 'shanghai'
  /** The engine whose receipts this one's must equal (ours on the same build). */
  reference: EngineId | undefined
  start(accounts: readonly ChainAccount[]): Promise<{ engine: WorkloadEngine; close(): Promise<void> }>
}

const versions = {
  edr: packageVersion('@nomicfoundation/edr'),
  ganache: packageVersion('ganache'),
  ethereumjs: packageVersion('@ethereumjs/vm'),
}

const ENGINES: readonly EngineSpec[] = [
  {
    id: 'ours',
    label: 'ours (ethereumjs VM)',
    hardfork: 'osaka',
    build: 'osaka',
    reference: undefined,
    start: async (accounts) => ({
      engine: toWorkloadEngine(await startOurs('osaka', accounts)),
      close: async () => {},
    }),
  },
  {
    id: 'ours-no-cache',
    label: 'ours, code-analysis cache off',
    hardfork: 'osaka',
    build: 'osaka',
    reference: 'ours',
    start: async (accounts) => ({
      engine: toWorkloadEngine(await startOurs('osaka', accounts, false)),
      close: async () => {},
    }),
  },
  {
    id: 'edr',
    label: `EDR ${versions.edr}`,
    hardfork: 'osaka',
    build: 'osaka',
    reference: 'ours',
    start: async (accounts) => ({
      engine: await createEdrChain({ hardfork: 'osaka', accounts }),
      close: async () => {},
    }),
  },
  {
    id: 'ours-shanghai',
    label: 'ours (ethereumjs VM)',
    hardfork: 'shanghai',
    build: 'shanghai',
    reference: undefined,
    start: async (accounts) => ({
      engine: toWorkloadEngine(await startOurs('shanghai', accounts)),
      close: async () => {},
    }),
  },
  {
    id: 'ganache',
    label: `ganache ${versions.ganache}`,
    hardfork: 'shanghai',
    build: 'shanghai',
    reference: 'ours-shanghai',
    start: async (accounts) => {
      const ganache = await createGanacheChain({ accounts })
      return { engine: ganache, close: () => ganache.close() }
    },
  },
]

const engines = ENGINES.filter((spec) => args.engines.includes(spec.id))
const artifactsByBuild: Record<'osaka' | 'shanghai', FixtureArtifacts> = {
  osaka: OSAKA_FIXTURE_ARTIFACTS,
  shanghai: engines.some((spec) => spec.build === 'shanghai')
    ? await compileShanghaiFixtures()
    : OSAKA_FIXTURE_ARTIFACTS,
}

console.log(
  `dem-sim chain benchmark — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`,
)
console.log(
  `workload per user: mint an ERC-721 token + fill 10 fresh storage slots + 1 reverting call (${TRANSACTIONS_PER_USER} txs, one block each); ` +
    `3 deployments first, untimed; median of ${args.runs} run(s) per engine and size (ganache: ${Math.min(args.runs, args.ganacheRuns)}), after a warm-up run\n`,
)

// ---------------------------------------------------------------------------------------------
// Throughput
// ---------------------------------------------------------------------------------------------

type Measurement = {
  /** Users' transactions per second of wall-clock time: the figure asked for. */
  txPerSecond: number
  /** Per second of CPU time of the whole process (all threads: V8's GC helpers, EDR's Rust threads), which a busy machine disturbs less. */
  txPerCpuSecond: number
  startMs: number
  receipts: WorkloadReceipt[]
}
const results = new Map<string, Measurement[]>()
const gasChecks: { size: number; engine: EngineId; reference: EngineId; transactions: number; mismatches: string[] }[] =
  []

const accountsCache = new Map<number, ChainAccount[]>()
const accountsFor = (users: number): ChainAccount[] => {
  let accounts = accountsCache.get(users + 1)
  if (accounts === undefined) {
    accounts = Array.from({ length: users + 1 }, (_, index) => deriveAccount('dem-sim', index))
    accountsCache.set(users + 1, accounts)
  }
  return accounts
}

const workloadFor = (users: number, build: 'osaka' | 'shanghai'): FixtureWorkload =>
  createFixtureWorkload({
    accounts: accountsFor(users).map((account) => account.address),
    users,
    extras: false,
    artifacts: artifactsByBuild[build],
  })

async function measure(spec: EngineSpec, users: number): Promise<Measurement> {
  const accounts = accountsFor(users)
  const workload = workloadFor(users, spec.build)
  const started = performance.now()
  const { engine, close } = await spec.start(accounts)
  const startMs = performance.now() - started
  const setupReceipts = await runWorkload(engine, workload.setup)
  const cpuBefore = process.cpuUsage()
  const timed = performance.now()
  const userReceipts = await runWorkload(engine, workload.users)
  const seconds = (performance.now() - timed) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  await close()
  return {
    txPerSecond: workload.users.length / seconds,
    txPerCpuSecond: workload.users.length / cpuSeconds,
    startMs,
    receipts: [...setupReceipts, ...userReceipts],
  }
}

process.stdout.write('warming up')
for (const spec of engines) {
  // Long enough for V8 to finish optimizing the hot paths; ganache, ~20× slower, warms up on fewer.
  await measure(spec, spec.id === 'ganache' ? Math.min(args.warmupUsers, 50) : args.warmupUsers)
  process.stdout.write(` ${spec.id}`)
}
process.stdout.write('\n')

for (const users of args.sizes) {
  for (let run = 0; run < args.runs; run++) {
    for (const spec of engines) {
      // ganache is an order of magnitude slower: its figure needs no median to set the ratio.
      if (spec.id === 'ganache' && run >= args.ganacheRuns) continue
      const measurement = await measure(spec, users)
      const key = `${spec.id}/${users}`
      results.set(key, [...(results.get(key) ?? []), measurement])
      process.stdout.write(
        `  ${String(users).padStart(5)} users, run ${run + 1}: ${spec.id.padEnd(13)} ${formatRate(measurement.txPerSecond).padStart(6)} tx/s, ${formatRate(measurement.txPerCpuSecond).padStart(6)} per CPU-second\n`,
      )
    }
  }
  for (const spec of engines) {
    if (spec.reference === undefined || !engines.some((other) => other.id === spec.reference)) continue
    const workload = workloadFor(users, spec.build)
    const transactions = [...workload.setup, ...workload.users]
    const mine = (results.get(`${spec.id}/${users}`) ?? [])[0]?.receipts ?? []
    const theirs = (results.get(`${spec.reference}/${users}`) ?? [])[0]?.receipts ?? []
    gasChecks.push({
      size: users,
      engine: spec.id,
      reference: spec.reference,
      transactions: transactions.length,
      mismatches: compareReceipts(transactions, theirs, mine),
    })
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
const rate = (
  id: EngineId,
  users: number,
  metric: 'txPerSecond' | 'txPerCpuSecond' = 'txPerSecond',
): number | undefined => {
  const runs = results.get(`${id}/${users}`)
  return runs === undefined ? undefined : median(runs.map((run) => run[metric]))
}
const spread = (id: EngineId, users: number): string => {
  const runs = (results.get(`${id}/${users}`) ?? []).map((run) => run.txPerSecond)
  return runs.length < 2 ? '' : ` (${formatRate(Math.min(...runs))}–${formatRate(Math.max(...runs))})`
}
const startOf = (id: EngineId, users: number): number | undefined => {
  const runs = results.get(`${id}/${users}`)
  return runs === undefined ? undefined : median(runs.map((run) => run.startMs))
}

console.log('\nThroughput (users’ transactions per second, steady state: median (min–max) of the runs)\n')
printTable(
  [
    'engine',
    'hardfork',
    'build',
    ...args.sizes.map((users) => `${formatCount(users)} users tx/s`),
    ...args.sizes.map((users) => `tx/CPU-s, ${formatCount(users)}`),
    ...args.sizes.map((users) => `start, ${formatCount(users)} accts`),
  ],
  engines.map((spec) => [
    spec.label,
    spec.hardfork,
    spec.build === 'osaka' ? 'osaka (OZ 5.7)' : 'shanghai (OZ 5.4)',
    ...args.sizes.map((users) => `${formatRate(rate(spec.id, users))}${spread(spec.id, users)}`),
    ...args.sizes.map((users) => formatRate(rate(spec.id, users, 'txPerCpuSecond'))),
    ...args.sizes.map((users) => formatMs(startOf(spec.id, users))),
  ]),
)

const ratio = (
  a: EngineId,
  b: EngineId,
  users: number,
  metric: 'txPerSecond' | 'txPerCpuSecond' = 'txPerSecond',
): number | undefined => {
  const x = rate(a, users, metric)
  const y = rate(b, users, metric)
  return x === undefined || y === undefined ? undefined : x / y
}
console.log('')
printTable(
  [
    'ratio',
    ...args.sizes.map((users) => `${formatCount(users)} users`),
    ...args.sizes.map((users) => `per CPU-s, ${formatCount(users)}`),
  ],
  (
    [
      ['ours / EDR (osaka)', 'ours', 'edr'],
      ['ours / ours, analysis cache off', 'ours', 'ours-no-cache'],
      ['ours / ganache (shanghai, same build)', 'ours-shanghai', 'ganache'],
      ['ours (osaka) / ganache (shanghai)', 'ours', 'ganache'],
    ] as const
  ).map(([label, a, b]) => [
    label,
    ...args.sizes.map((users) => formatRatio(ratio(a, b, users))),
    ...args.sizes.map((users) => formatRatio(ratio(a, b, users, 'txPerCpuSecond'))),
  ]),
)

console.log('\nGas: every receipt’s gasUsed and status against ours on the same build')
for (const check of gasChecks) {
  const verdict = check.mismatches.length === 0 ? 'identical' : `${check.mismatches.length} MISMATCHES`
  console.log(
    `  ${formatCount(check.size).padStart(5)} users: ${check.engine} vs ${check.reference}: ${verdict} on ${check.transactions} transactions`,
  )
  for (const mismatch of check.mismatches.slice(0, 10)) console.log(`      ${mismatch}`)
}

// ---------------------------------------------------------------------------------------------
// Market workload
// ---------------------------------------------------------------------------------------------

type MarketFigures = {
  users: number
  transactions: number
  recordMs: number
  replays: Map<ReplayEngine, Replay[]>
  mismatches: Map<ReplayEngine, string[]>
}
const marketFigures: MarketFigures[] = []
if (args.market) {
  const replayEngines: ReplayEngine[] = [
    'ours',
    'ours-no-cache',
    ...(args.engines.includes('edr') ? (['edr'] as const) : []),
  ]
  console.log(
    `\nMarket workload: the DEM contracts through DemSimulator — every user joins, then ${MARKET_INTERVALS} intervals of one commitment per user, ` +
      `processBuffer, the oracle's three reports and settle — recorded once, then replayed from the deployed state on each engine ` +
      `(median of ${args.runs} replays, after a warm-up replay)\n`,
  )
  for (const users of args.marketSizes) {
    const started = performance.now()
    const recording = await recordMarketWorkload({ users, intervals: MARKET_INTERVALS })
    const figures: MarketFigures = {
      users,
      transactions: recording.transactions.length,
      recordMs: performance.now() - started,
      replays: new Map(),
      mismatches: new Map(),
    }
    if (users === args.marketSizes[0]) for (const engine of replayEngines) await replayMarketWorkload(recording, engine)
    for (let run = 0; run < args.runs; run++) {
      for (const engine of replayEngines) {
        const replay = await replayMarketWorkload(recording, engine)
        figures.replays.set(engine, [...(figures.replays.get(engine) ?? []), replay])
        process.stdout.write(
          `  ${String(users).padStart(5)} users, run ${run + 1}: ${engine.padEnd(13)} ${formatRate(recording.transactions.length / (replay.wallMs / 1000)).padStart(6)} tx/s\n`,
        )
      }
    }
    for (const engine of replayEngines) {
      const receipts = figures.replays.get(engine)?.[0]?.receipts ?? []
      figures.mismatches.set(
        engine,
        compareReceipts(
          recording.transactions,
          recording.transactions.map((transaction) => transaction.receipt),
          receipts,
        ),
      )
    }
    marketFigures.push(figures)
  }
  const marketRate = (
    figures: MarketFigures,
    engine: ReplayEngine,
    metric: 'wallMs' | 'cpuMs' = 'wallMs',
  ): number | undefined => {
    const replays = figures.replays.get(engine)
    return replays === undefined
      ? undefined
      : figures.transactions / (median(replays.map((replay) => replay[metric])) / 1000)
  }
  const marketRatio = (
    figures: MarketFigures,
    a: ReplayEngine,
    b: ReplayEngine,
    metric: 'wallMs' | 'cpuMs' = 'wallMs',
  ): number | undefined => {
    const x = marketRate(figures, a, metric)
    const y = marketRate(figures, b, metric)
    return x === undefined || y === undefined ? undefined : x / y
  }
  console.log('')
  printTable(
    [
      'engine',
      ...marketFigures.map((f) => `${formatCount(f.users)} users tx/s`),
      ...marketFigures.map((f) => `tx/CPU-s, ${formatCount(f.users)}`),
    ],
    replayEngines.map((engine) => [
      engine === 'edr'
        ? `EDR ${versions.edr}`
        : engine === 'ours'
          ? 'ours (ethereumjs VM)'
          : 'ours, code-analysis cache off',
      ...marketFigures.map((f) => formatRate(marketRate(f, engine))),
      ...marketFigures.map((f) => formatRate(marketRate(f, engine, 'cpuMs'))),
    ]),
  )
  console.log('')
  printTable(
    [
      'ratio',
      ...marketFigures.map((f) => `${formatCount(f.users)} users`),
      ...marketFigures.map((f) => `per CPU-s, ${formatCount(f.users)}`),
    ],
    (
      [
        ['ours / EDR (market workload)', 'ours', 'edr'],
        ['ours / ours, analysis cache off (market workload)', 'ours', 'ours-no-cache'],
      ] as const
    ).map(([label, a, b]) => [
      label,
      ...marketFigures.map((f) => formatRatio(marketRatio(f, a, b))),
      ...marketFigures.map((f) => formatRatio(marketRatio(f, a, b, 'cpuMs'))),
    ]),
  )
  console.log(
    '\nMarket workload gas: every receipt’s gasUsed and status against the recording (ours through DemSimulator)',
  )
  for (const figures of marketFigures) {
    console.log(
      `  ${formatCount(figures.users).padStart(5)} users: recorded ${formatCount(figures.transactions)} transactions through DemSimulator in ${formatMs(figures.recordMs)} (API encoding and decoding included)`,
    )
    for (const [engine, mismatches] of figures.mismatches) {
      console.log(
        `      ${engine.padEnd(13)} ${mismatches.length === 0 ? 'identical' : `${mismatches.length} MISMATCHES`} on ${formatCount(figures.transactions)} transactions`,
      )
      for (const mismatch of mismatches.slice(0, 5)) console.log(`        ${mismatch}`)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Snapshot / revert
// ---------------------------------------------------------------------------------------------

type SnapshotFigures = {
  users: number
  firstSnapshotUs: number
  snapshotUs: number
  revertUs: number
  edrSnapshotUs?: number
  edrRevertUs?: number
}
const snapshotFigures: SnapshotFigures[] = []
if (args.snapshots) {
  for (const users of args.sizes) snapshotFigures.push(await benchSnapshots(users))
  console.log(
    `\nSnapshot / revert at a ${args.sizes.map(formatCount).join(' / ')}-user state (${AFTER_SNAPSHOT_TXS} transactions between snapshot and revert; median of ${REVERT_ROUNDS})\n`,
  )
  printTable(
    ['users', 'ours snapshot() first', 'ours snapshot() avg', 'ours revert()', 'EDR evm_snapshot', 'EDR evm_revert'],
    snapshotFigures.map((figures) => [
      formatCount(figures.users),
      formatUs(figures.firstSnapshotUs),
      formatUs(figures.snapshotUs),
      formatUs(figures.revertUs),
      formatUs(figures.edrSnapshotUs),
      formatUs(figures.edrRevertUs),
    ]),
  )
}

// ---------------------------------------------------------------------------------------------
// Cold start
// ---------------------------------------------------------------------------------------------

type ColdStart = {
  id: 'ours' | 'ours-external' | 'edr' | 'node' | 'ours-simulator' | 'ours-state' | 'edr-state'
  engine: string
  deployedAtMs: number
  wallMs: number
}
const coldStarts: ColdStart[] = []
if (args.coldStart) {
  coldStarts.push(...(await benchColdStart()))
  console.log(
    `\nCold start: a fresh \`node\` process, from its start to its first deployed contract (FixtureNFT), or to the simulator's contracts deployed; median of ${COLD_START_RUNS}\n`,
  )
  printTable(
    ['engine', 'process start → deployed', 'spawn → exit (parent’s wall clock)'],
    coldStarts.map((cold) => [cold.engine, formatMs(cold.deployedAtMs), formatMs(cold.wallMs)]),
  )
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

const oursCold = coldStarts.find((cold) => cold.id === 'ours')
const edrCold = coldStarts.find((cold) => cold.id === 'edr')
const allIdentical = gasChecks.length > 0 && gasChecks.every((check) => check.mismatches.length === 0)
const verdict = (met: boolean) => (met ? 'met' : 'NOT met')
console.log('\nTargets (issue 25; ratios from this run)')
for (const figures of marketFigures) {
  const median = (engine: ReplayEngine, metric: 'wallMs' | 'cpuMs') => {
    const values = (figures.replays.get(engine) ?? []).map((replay) => replay[metric]).sort((a, b) => a - b)
    return values[Math.floor(values.length / 2)]
  }
  for (const metric of ['wallMs', 'cpuMs'] as const) {
    const [ours, edr] = [median('ours', metric), median('edr', metric)]
    if (ours !== undefined && edr !== undefined)
      console.log(
        `  market: ours / EDR ≥ 2× at ${formatCount(figures.users)} users, ${metric === 'wallMs' ? 'wall' : 'per CPU-second'}: ${verdict(edr / ours >= 2)} (${formatRatio(edr / ours)})`,
      )
  }
}
const simulatorCold = coldStarts.find((cold) => cold.id === 'ours-simulator')
const edrStateCold = coldStarts.find((cold) => cold.id === 'edr-state')
if (simulatorCold !== undefined && edrStateCold !== undefined)
  console.log(
    `  cold start to a deployed DemSimulator ≤ EDR's (deployed in genesis): ${verdict(simulatorCold.deployedAtMs <= edrStateCold.deployedAtMs)} (${formatMs(simulatorCold.deployedAtMs)} vs ${formatMs(edrStateCold.deployedAtMs)})`,
  )
if (gasChecks.length > 0 || marketFigures.length > 0) {
  const marketIdentical = marketFigures.every((figures) =>
    [...figures.mismatches.values()].every((mismatches) => mismatches.length === 0),
  )
  console.log(
    `  gas identical to EDR on every receipt: ${verdict((gasChecks.length === 0 || allIdentical) && marketIdentical)}`,
  )
}
console.log(
  '  a day of 1,000 households ≤ 15 s wall, peak RSS ≤ 400 MiB on every mechanism: printed by `npm run bench:scale`',
)
console.log('  model-based suite ≥ 250 commands/s on every mechanism: printed by `npm run test:deep`')
console.log("  env reset ≤ 20 ms: not measured here (createMarketEnv's reset by snapshot, issue #21)")

console.log('\nMarkdown (README)\n')
console.log(
  '| engine (in-process) | hardfork | ' +
    args.sizes.map((users) => `${formatCount(users)} users`).join(' | ') +
    ' | cold start |',
)
console.log('|---|---|' + args.sizes.map(() => '---:|').join('') + '---:|')
for (const spec of engines) {
  const cold = spec.id === 'ours' ? oursCold : spec.id === 'edr' ? edrCold : undefined
  console.log(
    `| ${spec.id === 'ours' || spec.id === 'ours-shanghai' ? '**dem-sim**' : spec.label} | ${spec.hardfork} | ` +
      args.sizes.map((users) => `${formatRate(rate(spec.id, users))} tx/s`).join(' | ') +
      ` | ${cold === undefined ? '—' : formatMs(cold.deployedAtMs)} |`,
  )
}
const atSizes = (format: (users: number) => string): string => args.sizes.map(format).join(' / ')
const sentence = [
  `On the fixture workload (per user: an ERC-721 mint, 10 storage writes and a reverting call), dem-sim runs ` +
    `**${atSizes((users) => formatRate(rate('ours', users)))} tx/s** at ${atSizes(formatCount)} users`,
  args.engines.includes('edr')
    ? `${atSizes((users) => formatRatio(ratio('ours', 'edr', users)))} the rate of Hardhat's EDR ${versions.edr}`
    : undefined,
  args.engines.includes('ganache') && args.engines.includes('ours-shanghai')
    ? `${atSizes((users) => formatRatio(ratio('ours-shanghai', 'ganache', users)))} that of ganache ${versions.ganache} (at shanghai), all in-process`
    : undefined,
  oursCold === undefined ? undefined : `cold start to a first deployed contract ${formatMs(oursCold.deployedAtMs)}`,
  allIdentical
    ? `with every transaction's gasUsed identical to ${gasChecks
        .filter((check) => check.engine === 'edr' || check.engine === 'ganache')
        .map((check) => (check.engine === 'edr' ? 'EDR' : 'ganache'))
        .filter((name, index, all) => all.indexOf(name) === index)
        .join(' and ')}'s`
    : undefined,
]
console.log('')
console.log(`${sentence.filter((part) => part !== undefined).join('; ')}.`)

// ---------------------------------------------------------------------------------------------

async function startOurs(
  hardfork: ChainHardfork,
  accounts: readonly ChainAccount[],
  codeAnalysisCache = true,
): Promise<Chain> {
  const chain = await createChain({ hardfork, accounts: accounts.length, codeAnalysisCache })
  if (chain.accounts.at(-1)?.address !== accounts.at(-1)?.address)
    throw new Error('our chain derived other accounts than the benchmark')
  return chain
}

function compareReceipts(
  transactions: readonly WorkloadTransaction[],
  expected: readonly WorkloadReceipt[],
  actual: readonly WorkloadReceipt[],
): string[] {
  const mismatches: string[] = []
  transactions.forEach((transaction, index) => {
    const a = expected[index]
    const b = actual[index]
    if (a === undefined || b === undefined || a.gasUsed !== b.gasUsed || a.status !== b.status) {
      mismatches.push(
        `#${index} ${transaction.label}: expected ${a?.status} ${a?.gasUsed}, got ${b?.status} ${b?.gasUsed}`,
      )
    }
  })
  return mismatches
}

/** Ten transactions that change state after a snapshot: five users each mint a new token and fill fresh slots. */
function afterSnapshotTransactions(
  workload: FixtureWorkload,
  accounts: readonly ChainAccount[],
  round: number,
): WorkloadTransaction[] {
  const transactions: WorkloadTransaction[] = []
  for (let k = 0; k < AFTER_SNAPSHOT_TXS / 2; k++) {
    const from = (accounts[k + 1] as ChainAccount).address
    const base = { from, value: 0n, gasLimit: undefined, expectedStatus: 'success' as const }
    transactions.push(
      {
        ...base,
        label: 'mint after snapshot',
        to: workload.contracts.nft,
        data: encodeFunctionData({
          abi: OSAKA_FIXTURE_ARTIFACTS.nft.abi,
          functionName: 'mint',
          args: [from, 10n ** 9n + BigInt(k)],
        }),
      },
      {
        ...base,
        label: 'fill after snapshot',
        to: workload.contracts.storage,
        data: encodeFunctionData({
          abi: OSAKA_FIXTURE_ARTIFACTS.storage.abi,
          functionName: 'fill',
          args: [10n ** 12n + BigInt(round * 1000 + k * 10)],
        }),
      },
    )
  }
  return transactions
}

async function benchSnapshots(users: number): Promise<SnapshotFigures> {
  const accounts = accountsFor(users)
  const workload = workloadFor(users, 'osaka')
  const chain = await startOurs('osaka', accounts)
  const engine = toWorkloadEngine(chain)
  await runWorkload(engine, [...workload.setup, ...workload.users])

  let started = performance.now()
  const id = chain.snapshot()
  const firstSnapshotUs = (performance.now() - started) * 1000
  const probe = (accounts[1] as ChainAccount).address
  const nonceBefore = await chain.getNonce(probe)
  const blockBefore = chain.blockNumber

  const SNAPSHOTS = 1000
  started = performance.now()
  const ids = Array.from({ length: SNAPSHOTS }, () => chain.snapshot())
  const snapshotUs = ((performance.now() - started) * 1000) / SNAPSHOTS
  for (const other of ids) chain.release(other)

  const reverts: number[] = []
  for (let round = 0; round < REVERT_ROUNDS; round++) {
    const receipts = await runWorkload(engine, afterSnapshotTransactions(workload, accounts, round))
    if (receipts.some((receipt) => receipt.status !== 'success'))
      throw new Error('a transaction after the snapshot failed')
    started = performance.now()
    chain.revert(id)
    reverts.push((performance.now() - started) * 1000)
    if ((await chain.getNonce(probe)) !== nonceBefore || chain.blockNumber !== blockBefore)
      throw new Error('revert did not restore the state')
  }

  const figures: SnapshotFigures = { users, firstSnapshotUs, snapshotUs, revertUs: median(reverts) }
  if (args.engines.includes('edr')) {
    const edr: EdrChain = await createEdrChain({ hardfork: 'osaka', accounts })
    await runWorkload(edr, [...workload.setup, ...workload.users])
    const snapshotTimes: number[] = []
    const revertTimes: number[] = []
    for (let round = 0; round < REVERT_ROUNDS; round++) {
      // evm_revert consumes the snapshot (Hardhat's semantics): take a new one every round.
      started = performance.now()
      const edrId = await edr.snapshot()
      snapshotTimes.push((performance.now() - started) * 1000)
      await runWorkload(edr, afterSnapshotTransactions(workload, accounts, round))
      started = performance.now()
      if (!(await edr.revert(edrId))) throw new Error('EDR lost its snapshot')
      revertTimes.push((performance.now() - started) * 1000)
    }
    figures.edrSnapshotUs = median(snapshotTimes)
    figures.edrRevertUs = median(revertTimes)
  }
  return figures
}

async function benchColdStart(): Promise<ColdStart[]> {
  // Bundle the scripts so the child processes time no TypeScript loader. Ours is bundled as
  // tsup.config.ts bundles the published library (ethereumjs, noble and viem inlined and
  // tree-shaken), and once more with every npm package left external, as when running from source.
  const outDir = join(root, 'node_modules', '.cache', 'dem-sim-bench')
  if (typeof tsupConfig !== 'object' || Array.isArray(tsupConfig))
    throw new Error('tsup.config.ts no longer exports one options object')
  const published = tsupConfig as Options
  const common = {
    outDir,
    format: ['esm' as const],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node' as const,
    target: 'node20',
    splitting: false,
    sourcemap: false,
    dts: false,
    clean: false,
    config: false,
    silent: true,
  }
  await build({
    ...common,
    entry: {
      'cold-start-ours': join(root, 'bench/coldStart/ours.ts'),
      'cold-start-ours-simulator': join(root, 'bench/coldStart/oursSimulator.ts'),
      'cold-start-ours-state': join(root, 'bench/coldStart/oursState.ts'),
    },
    noExternal: published.noExternal,
    external: published.external,
    banner: published.banner,
  })
  await build({
    ...common,
    entry: {
      'cold-start-ours-external': join(root, 'bench/coldStart/ours.ts'),
      'cold-start-edr': join(root, 'bench/coldStart/edr.ts'),
      'cold-start-edr-state': join(root, 'bench/coldStart/edrState.ts'),
    },
    skipNodeModulesBundle: true,
  })
  // The simulator's post-deployment state, as a build step would precompute it.
  const simulator = await DemSimulator.create()
  const stateFile = join(outDir, 'simulator-state.json')
  writeFileSync(stateFile, JSON.stringify((simulator.chain as EmbeddedChain).dumpState()))
  const stateEnv = { BENCH_STATE: stateFile, BENCH_ACCOUNTS: JSON.stringify(simulator.chain.accounts) }
  writeFileSync(
    join(outDir, 'cold-start-node.mjs'),
    "process.stdout.write(JSON.stringify({ address: '0x', deployedAtMs: performance.now() }) + '\\n')\n",
  )
  const scripts: { id: ColdStart['id']; engine: string; file: string; env: Record<string, string> }[] = [
    {
      id: 'ours',
      engine: 'ours, bundled as published (tsup.config.ts)',
      file: join(outDir, 'cold-start-ours.mjs'),
      env: {},
    },
    {
      id: 'edr',
      engine: `EDR ${versions.edr} (native addon + our adapter)`,
      file: join(outDir, 'cold-start-edr.mjs'),
      env: { BENCH_ACCOUNTS: JSON.stringify(accountsFor(9)) },
    },
    {
      id: 'ours-external',
      engine: 'ours, npm packages not bundled (from source)',
      file: join(outDir, 'cold-start-ours-external.mjs'),
      env: {},
    },
    {
      id: 'ours-simulator',
      engine: 'ours: DemSimulator.create() (6 deployments + wiring), bundled',
      file: join(outDir, 'cold-start-ours-simulator.mjs'),
      env: {},
    },
    {
      id: 'ours-state',
      engine: 'ours: createChain({ state }) with the simulator deployed, bundled',
      file: join(outDir, 'cold-start-ours-state.mjs'),
      env: stateEnv,
    },
    {
      id: 'edr-state',
      engine: `EDR ${versions.edr} with the simulator deployed in its genesis`,
      file: join(outDir, 'cold-start-edr-state.mjs'),
      env: stateEnv,
    },
    { id: 'node', engine: '(bare `node`, an empty script)', file: join(outDir, 'cold-start-node.mjs'), env: {} },
  ]
  const samples = new Map<string, { deployedAtMs: number; wallMs: number }[]>()
  for (let run = 0; run < COLD_START_RUNS; run++) {
    for (const script of scripts) {
      const sample = await runChild(script.file, script.env)
      samples.set(script.id, [...(samples.get(script.id) ?? []), sample])
    }
  }
  return scripts.map(({ id, engine }) => {
    const runs = samples.get(id) ?? []
    return {
      id,
      engine,
      deployedAtMs: median(runs.map((run) => run.deployedAtMs)),
      wallMs: median(runs.map((run) => run.wallMs)),
    }
  })
}

function runChild(file: string, env: Record<string, string>): Promise<{ deployedAtMs: number; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = performance.now() - started
      if (code !== 0) return reject(new Error(`${file} exited with ${code}: ${stderr}`))
      const { deployedAtMs, address } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        deployedAtMs: number
        address?: AddressHex
      }
      if (address === undefined) return reject(new Error(`${file} deployed nothing: ${stdout}`))
      resolve({ deployedAtMs, wallMs })
    })
  })
}

// ---------------------------------------------------------------------------------------------

type Args = {
  sizes: number[]
  marketSizes: number[]
  runs: number
  ganacheRuns: number
  engines: EngineId[]
  warmupUsers: number
  coldStart: boolean
  snapshots: boolean
  market: boolean
}

function parseArgs(argv: readonly string[]): Args {
  const parsed: Args = {
    sizes: [200, 1000],
    marketSizes: [200, 1000],
    runs: 5,
    ganacheRuns: 1,
    engines: ['ours', 'ours-no-cache', 'edr', 'ours-shanghai', 'ganache'],
    warmupUsers: 300,
    coldStart: true,
    snapshots: true,
    market: true,
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (flag === '--sizes' && value) (parsed.sizes = value.split(',').map(Number)), i++
    else if (flag === '--market-sizes' && value) (parsed.marketSizes = value.split(',').map(Number)), i++
    else if (flag === '--runs' && value) (parsed.runs = Number(value)), i++
    else if (flag === '--ganache-runs' && value) (parsed.ganacheRuns = Number(value)), i++
    else if (flag === '--warmup-users' && value) (parsed.warmupUsers = Number(value)), i++
    else if (flag === '--engines' && value) (parsed.engines = value.split(',') as EngineId[]), i++
    else if (flag === '--no-cold-start') parsed.coldStart = false
    else if (flag === '--no-snapshots') parsed.snapshots = false
    else if (flag === '--no-market') parsed.market = false
    else {
      console.error(
        `unknown argument ${flag}\nusage: npm run bench -- [--sizes 200,1000] [--runs 5] [--ganache-runs 1] [--warmup-users 300] [--market-sizes 200,1000] [--engines ours,ours-no-cache,edr,ours-shanghai,ganache] [--no-cold-start] [--no-snapshots] [--no-market]`,
      )
      process.exit(2)
    }
  }
  const known: readonly string[] = ['ours', 'ours-no-cache', 'edr', 'ours-shanghai', 'ganache']
  const invalid = parsed.engines.filter((engine) => !known.includes(engine))
  if (
    invalid.length > 0 ||
    [...parsed.sizes, ...parsed.marketSizes].some((size) => !Number.isInteger(size) || size < 1) ||
    !(parsed.runs >= 1) ||
    !(parsed.ganacheRuns >= 1)
  ) {
    console.error(`invalid arguments: engines must be among ${known.join(', ')}, sizes positive integers, runs ≥ 1`)
    process.exit(2)
  }
  return parsed
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
  console.log(`  ${line(header)}`)
  console.log(`  ${widths.map((width) => '─'.repeat(width)).join('  ')}`)
  for (const row of rows) console.log(`  ${line(row)}`)
}

function formatRate(value: number | undefined): string {
  return value === undefined ? '—' : Math.round(value).toLocaleString('en-US')
}
function formatCount(value: number): string {
  return value.toLocaleString('en-US')
}
function formatRatio(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toFixed(2)}×`
}
function formatMs(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toFixed(0)} ms`
}
function formatUs(value: number | undefined): string {
  return value === undefined ? '—' : `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} µs`
}
