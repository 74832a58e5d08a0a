// Long runs — a gas sweep over user counts, a scenario — each on this worker, so that the page can
// cancel one by terminating the worker.
import {
  PAPER_SCENARIO,
  ScenarioError,
  billsChart,
  breakEvenTable,
  energyChart,
  gasPerOperationChart,
  gasTable,
  intervalsTable,
  kpiDaysTable,
  kpiIntervalsTable,
  kpiSummaryTable,
  kpiUsersTable,
  operationGasTable,
  parseScenario,
  priceChart,
  runScenario,
  scalingTable,
  scenarioMarkdown,
  settlementGasChart,
  stateOfChargeChart,
  summaryTable,
  sweep,
  sweepMarkdown,
  tableToCsv,
  timingTable,
  toJson,
  usersTable,
  wallTimeChart,
} from 'dem-sim'
import type { JobMessage, JobRequest, JobResult } from './protocol.js'
import { readShippedFile } from './shippedScenarios.js'
import { toErrorRecord } from './toErrorRecord.js'

const port = self as unknown as {
  postMessage(message: JobMessage): void
  onmessage: ((event: MessageEvent<JobRequest>) => void) | null
}

/** Posts progress at most every 50 ms: a 1,000-user run has thousands of steps. */
function throttled(label: (completed: number, total: number) => string) {
  let last = 0
  return (completed: number, total: number) => {
    const now = performance.now()
    if (now - last < 50 && completed < total) return
    last = now
    port.postMessage({ type: 'progress', completed, total, label: label(completed, total) })
  }
}

async function gas(users: number[]): Promise<JobResult> {
  let runs = ''
  const progress = throttled(() => runs)
  const result = await sweep(PAPER_SCENARIO, {
    users,
    onProgress: (p) => {
      runs = `runs ${p.runsDone}/${p.runs}`
      progress(p.completed, p.total)
    },
  })
  const tables = [operationGasTable(result), scalingTable(result), timingTable(result)]
  const charts = [
    { name: 'gas-per-operation', caption: 'Gas per operation vs number of users', spec: gasPerOperationChart(result) },
    { name: 'settlement-gas', caption: 'Settlement gas vs number of users', spec: settlementGasChart(result) },
    { name: 'wall-time', caption: 'Wall time vs number of users', spec: wallTimeChart(result) },
  ]
  return {
    kind: 'gas',
    name: result.name,
    wallMs: result.wallMs,
    tables,
    charts,
    files: [
      { name: 'sweep.json', type: 'application/json', content: toJson(result) },
      { name: 'report.md', type: 'text/markdown', content: sweepMarkdown(result) },
      ...tables.map((t) => ({ name: `${t.name}.csv`, type: 'text/csv', content: tableToCsv(t) })),
    ],
  }
}

async function scenario(text: string): Promise<JobResult> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ScenarioError('', `not valid JSON: ${(error as Error).message}`, text, { omitValue: true })
  }
  const parsed = parseScenario(json, { readFile: readShippedFile })
  const progress = throttled((completed, total) => `${parsed.name}: ${completed}/${total} steps`)
  const started = performance.now()
  const result = await runScenario(parsed, { onProgress: (p) => progress(p.completed, p.total) })
  const { kpis } = result
  // What `dem-sim run` prints and writes: the run, its households' KPIs, where it breaks even (by its
  // order path: direct commits or batched signed orders), gas, intervals and users.
  const tables = [
    summaryTable(result),
    kpiSummaryTable(kpis),
    ...(kpis.breakEven === undefined ? [] : [breakEvenTable([kpis.breakEven], kpis.economics)]),
    kpiDaysTable(kpis, { columns: 'summary' }),
    kpiUsersTable(kpis, { columns: 'summary' }),
    gasTable(result),
    intervalsTable(result),
    usersTable(result),
  ]
  const csv = [
    gasTable(result),
    intervalsTable(result),
    usersTable(result),
    kpiUsersTable(kpis),
    kpiDaysTable(kpis),
    kpiIntervalsTable(kpis),
  ]
  return {
    kind: 'scenario',
    name: result.name,
    wallMs: performance.now() - started,
    tables,
    charts: [
      { name: 'energy', caption: 'Supply, demand and traded energy per interval', spec: energyChart(result) },
      ...(kpis.users.some((u) => u.battery)
        ? [
            {
              name: 'state-of-charge',
              caption: 'Battery state of charge over the day',
              spec: stateOfChargeChart(result),
            },
          ]
        : []),
      { name: 'bills', caption: 'Bills and savings per household', spec: billsChart(result) },
      { name: 'prices', caption: 'Local price vs grid tariff', spec: priceChart(result) },
    ],
    files: [
      { name: 'result.json', type: 'application/json', content: toJson(result) },
      { name: 'report.md', type: 'text/markdown', content: scenarioMarkdown(result) },
      ...csv.map((t) => ({ name: `${t.name}.csv`, type: 'text/csv', content: tableToCsv(t) })),
    ],
  }
}

port.onmessage = ({ data }) => {
  const job = data.op === 'gas' ? gas(data.users) : scenario(data.text)
  job.then(
    (result) => port.postMessage({ type: 'done', result }),
    (error) => port.postMessage({ type: 'error', error: toErrorRecord(error) }),
  )
}
port.postMessage({ type: 'ready' })
