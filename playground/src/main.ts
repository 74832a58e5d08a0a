/// <reference lib="dom" />
import type { ScenarioDefinition } from 'dem-sim'
import { drawChart } from './charts.js'
import { download, formatCall, formatInteger, h, readInteger, reportTable, shortAddress, table } from './dom.js'
import type {
  ChartRecord,
  ErrorRecord,
  JobMessage,
  JobRequest,
  JobResult,
  MarketReady,
  MarketReply,
  MarketRequest,
  MarketState,
  SettlementOutcome,
  TransactionRecord,
} from './protocol.js'
import './style.css'

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
const input = (id: string) => $<HTMLInputElement>(id)
const select = (id: string) => $<HTMLSelectElement>(id)

// ── tabs ────────────────────────────────────────────────────────────────────────────────
const TABS = ['deploy', 'market', 'gas', 'plot', 'scenarios'] as const
type Tab = (typeof TABS)[number]
function showTab(tab: Tab): void {
  for (const name of TABS) {
    $(`tab-${name}`).hidden = name !== tab
    $(`tab-button-${name}`).setAttribute('aria-selected', String(name === tab))
  }
}
for (const name of TABS) $(`tab-button-${name}`).addEventListener('click', () => showTab(name))

// ── the market worker ──────────────────────────────────────────────────────────────────
const marketWorker = new Worker(new URL('./marketWorker.ts', import.meta.url), { type: 'module' })
const pending = new Map<number, (reply: MarketReply) => void>()
let nextId = 1
let state: MarketState | undefined
const log: TransactionRecord[] = []
let lastOutcome: SettlementOutcome | undefined
let builtins: ScenarioDefinition[] = []

marketWorker.onmessage = ({ data }: MessageEvent<MarketReply | MarketReady>) => {
  if ('mechanisms' in data) {
    select('mechanism').replaceChildren(...data.mechanisms.map((m) => h('option', { value: m.id }, m.label)))
    builtins = data.scenarios
    select('scenario-builtin').replaceChildren(
      h('option', { value: '' }, 'pick a built-in scenario…'),
      ...builtins.map((s) => h('option', { value: s.name ?? '' }, `${s.name} — ${s.description ?? ''}`)),
    )
    for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-needs-worker]')) button.disabled = false
    // performance.now() counts from the navigation's start: this is the time to interactive.
    const ms = Math.round(performance.now())
    $('status').textContent = `ready: the library loaded in a Web Worker ${ms} ms after the page was opened`
    document.body.dataset.ready = String(ms)
    return
  }
  pending.get(data.id)?.(data)
  pending.delete(data.id)
}

function send(request: MarketRequest): Promise<MarketReply> {
  const id = nextId++
  return new Promise((resolve) => {
    pending.set(id, resolve)
    marketWorker.postMessage({ id, request })
  })
}

/** Runs one step of the market: records its transactions, shows its error, redraws the tables. */
async function step(label: string, request: MarketRequest): Promise<MarketReply> {
  setBusy(true)
  try {
    const reply = await send(request)
    log.unshift(...[...reply.transactions].reverse())
    showError($('market-error'), reply.error, label)
    if (reply.state !== undefined) state = reply.state
    if (reply.outcome !== undefined) lastOutcome = reply.outcome
    renderMarket()
    return reply
  } finally {
    setBusy(false)
  }
}

function setBusy(busy: boolean): void {
  document.body.dataset.busy = String(busy)
  for (const button of document.querySelectorAll<HTMLButtonElement>('#tab-deploy button, #tab-market button')) button.disabled = busy
}

function showError(box: HTMLElement, error: ErrorRecord | undefined, label: string): void {
  box.hidden = error === undefined
  if (error === undefined) return box.replaceChildren()
  box.replaceChildren(
    h('strong', { 'data-testid': 'error-name' }, error.name),
    ` in ${label}: `,
    error.errorName === undefined ? '' : h('code', { 'data-testid': 'error-decoded' }, formatCall(error.errorName, error.namedArgs)),
    error.path === undefined || error.path === '' ? '' : h('span', {}, 'field ', h('code', { 'data-testid': 'error-field' }, error.path)),
    h('div', { class: 'message' }, error.message),
  )
}

/** Reads an integer field, or marks it and refuses the step. */
function integerField(id: string, label: string): bigint {
  const field = input(id)
  const value = readInteger(field)
  field.classList.toggle('invalid', value === undefined)
  if (value === undefined) {
    showError($('market-error'), { name: 'InvalidInput', message: `${label} must be a whole number, got "${field.value}"` }, label)
    throw new Error(`${label} is not a whole number`)
  }
  return value
}

function onStep(id: string, label: string, request: () => MarketRequest): void {
  $(id).addEventListener('click', () => {
    let built: MarketRequest
    try {
      built = request()
    } catch {
      return
    }
    void step(label, built)
  })
}

// ── Deploy ─────────────────────────────────────────────────────────────────────────────
onStep('deploy', 'deploy', () => ({
  op: 'deploy',
  parameters: {
    mechanism: select('mechanism').value,
    intervalSeconds: integerField('interval-seconds', 'interval length'),
    graceIntervals: integerField('grace-intervals', 'grace period'),
    priceDecimals: Number(integerField('price-decimals', 'price decimals')),
    energyDecimals: Number(integerField('energy-decimals', 'energy decimals')),
  },
}))

function renderDeployment(): void {
  if (state === undefined) return
  const deployment = log.filter((t) => /^deploy|^wire$|^setFeeds$/.test(t.operation)).reverse()
  $('deployment').replaceChildren(
    h('h3', {}, `Deployed: ${state.mechanism}`),
    table(
      [
        { header: 'contract', cell: ([name]: [string, string]) => name },
        { header: 'address', cell: ([, address]) => h('code', {}, address) },
      ],
      Object.entries(state.addresses),
      { testId: 'addresses' },
    ),
    h('h3', {}, 'Deployment gas'),
    table(
      [
        { header: 'transaction', cell: (t: TransactionRecord) => t.operation },
        { header: 'gas', cell: (t) => t.gasUsed, numeric: true },
      ],
      [...deployment, { operation: 'total', from: '', gasUsed: deployment.reduce((s, t) => s + t.gasUsed, 0n), status: 'success', events: [] }],
      { testId: 'deployment-gas' },
    ),
  )
}

// ── Market ─────────────────────────────────────────────────────────────────────────────
onStep('add-user', 'addUser', () => ({ op: 'addUser', collateralWei: integerField('collateral', 'collateral'), side: select('user-side').value as 'production' }))
onStep('commit', 'commit', () => ({
  op: 'commit',
  user: Number(select('commit-user').value),
  interval: Number(integerField('commit-interval', 'interval')),
  energyWh: integerField('commit-energy', 'energy'),
  side: select('commit-side').value as 'production',
  limitPriceWeiPerKWh: integerField('commit-limit', 'limit price'),
}))
onStep('process', 'processBuffer', () => ({ op: 'processBuffer' }))
onStep('advance', 'advance', () => ({ op: 'advance' }))
onStep('oracle', 'setOracle', () => ({
  op: 'setOracle',
  priceWeiPerKWh: integerField('oracle-price', 'price'),
  producedWh: integerField('oracle-produced', 'produced energy'),
  consumedWh: integerField('oracle-consumed', 'consumed energy'),
}))
onStep('settle', 'settle', () => ({ op: 'settle', interval: Number(integerField('settle-interval', 'interval')) }))

// A user's side is the default side of their commitments.
select('commit-user').addEventListener('change', () => {
  const user = state?.users[Number(select('commit-user').value)]
  if (user !== undefined) select('commit-side').value = user.side
})

function renderMarket(): void {
  renderDeployment()
  if (state === undefined) return
  const s = state
  $('market-needs-deploy').hidden = true
  $('market-controls').hidden = false
  $('clock').textContent = `interval ${s.currentInterval} is open · buffer: ${s.bufferLength} · contracts hold ${formatInteger(s.heldWei)} wei`
  const chosen = select('commit-user').value
  select('commit-user').replaceChildren(...s.users.map((u) => h('option', { value: u.index }, `#${u.index} token ${u.tokenId} (${u.side})`)))
  if (chosen !== '' && Number(chosen) < s.users.length) select('commit-user').value = chosen
  if (document.activeElement !== input('commit-interval')) input('commit-interval').value = String(s.currentInterval)
  if (document.activeElement !== input('settle-interval')) input('settle-interval').value = String(Math.max(0, s.currentInterval - 1))

  $('profiles').replaceChildren(
    table(
      [
        { header: 'user', cell: (u: MarketState['users'][number]) => `#${u.index}` },
        { header: 'token', cell: (u) => u.tokenId, numeric: true },
        { header: 'account', cell: (u) => h('code', {}, shortAddress(u.address)) },
        { header: 'side', cell: (u) => u.side },
        { header: 'collateral (wei)', cell: (u) => u.profile.collateralWei, numeric: true },
        { header: 'locked (wei)', cell: (u) => u.profile.lockedWei, numeric: true },
        { header: 'available (wei)', cell: (u) => u.profile.availableWei, numeric: true },
        { header: 'open', cell: (u) => u.profile.openCommitments, numeric: true },
      ],
      s.users,
      { testId: 'profiles-table', empty: 'no users yet: add one above' },
    ),
  )
  const commitmentColumns = [
    { header: 'id', cell: (c: MarketState['commitments'][number]) => c.commitmentId, numeric: true },
    { header: 'token', cell: (c: MarketState['commitments'][number]) => c.tokenId, numeric: true },
    { header: 'interval', cell: (c: MarketState['commitments'][number]) => c.interval, numeric: true },
    { header: 'side', cell: (c: MarketState['commitments'][number]) => c.side },
    { header: 'energy (Wh)', cell: (c: MarketState['commitments'][number]) => c.energyWh, numeric: true },
    { header: 'limit (wei/kWh)', cell: (c: MarketState['commitments'][number]) => c.limitPriceWeiPerKWh, numeric: true },
    { header: 'locked (wei)', cell: (c: MarketState['commitments'][number]) => c.lockedWei, numeric: true },
    { header: 'status', cell: (c: MarketState['commitments'][number]) => c.status },
  ]
  $('commitments').replaceChildren(table(commitmentColumns, s.commitments, { testId: 'commitments-table', empty: 'no commitments yet' }))
  // The books: filed commitments per interval, producers cheapest first, consumers dearest first (merit order).
  const filed = s.commitments.filter((c) => c.status === 'filed')
  const byMerit = (a: (typeof filed)[number], b: (typeof filed)[number]) =>
    a.interval - b.interval || (a.side === b.side ? (a.side === 'production' ? 1 : -1) * Number(a.limitPriceWeiPerKWh - b.limitPriceWeiPerKWh) : a.side === 'production' ? -1 : 1)
  $('books').replaceChildren(table(commitmentColumns.slice(0, 6), [...filed].sort(byMerit), { testId: 'books-table', empty: 'the books are empty: commit, then process the buffer' }))
  $('intervals').replaceChildren(
    table(
      [
        { header: 'interval', cell: (i: MarketState['intervals'][number]) => i.interval, numeric: true },
        { header: 'phase', cell: (i) => i.phase },
        { header: 'committed production (Wh)', cell: (i) => i.committedProductionWh, numeric: true },
        { header: 'committed consumption (Wh)', cell: (i) => i.committedConsumptionWh, numeric: true },
        { header: 'produced (Wh)', cell: (i) => i.producedWh, numeric: true },
        { header: 'consumed (Wh)', cell: (i) => i.consumedWh, numeric: true },
        { header: 'traded (Wh)', cell: (i) => i.tradedWh, numeric: true },
        { header: 'price', cell: (i) => i.price, numeric: true },
      ],
      s.intervals,
      { testId: 'intervals-table' },
    ),
  )
  const o = lastOutcome
  $('outcome').replaceChildren(
    o === undefined
      ? h('p', { class: 'empty' }, 'settle a closed interval to see its trades')
      : h(
          'div',
          {},
          h(
            'p',
            { 'data-testid': 'outcome-summary' },
            `interval ${o.interval}: price ${formatInteger(o.price)}${o.priceDecimals === 0 ? '' : ` (×10^-${o.priceDecimals})`} wei/kWh · in-the-money supply ${formatInteger(o.supplyWh)} Wh, demand ${formatInteger(o.demandWh)} Wh · metered ${formatInteger(o.producedWh)} / ${formatInteger(o.consumedWh)} Wh · traded ${formatInteger(o.tradedWh)} Wh for ${formatInteger(o.tradedValueWei)} wei`,
          ),
          table(
            [
              { header: 'commitment', cell: (t: SettlementOutcome['trades'][number]) => t.commitmentId, numeric: true },
              { header: 'token', cell: (t) => t.tokenId, numeric: true },
              { header: 'side', cell: (t) => t.side },
              { header: 'energy (Wh)', cell: (t) => t.energyWh, numeric: true },
              { header: amountHeader(o), cell: (t) => t.amountWei, numeric: true },
            ],
            o.trades,
            { testId: 'trades-table' },
          ),
        ),
  )
  $('transactions').replaceChildren(
    table(
      [
        { header: 'operation', cell: (t: TransactionRecord) => t.operation },
        { header: 'from', cell: (t) => (t.from === '' ? '' : h('code', {}, shortAddress(t.from))) },
        { header: 'gas', cell: (t) => t.gasUsed, numeric: true },
        { header: 'status', cell: (t) => h('span', { class: t.status }, t.status) },
        { header: 'events', cell: (t) => t.events.map((e) => formatCall(e.eventName, e.args)).join('\n') },
      ],
      log,
      { testId: 'transactions-table' },
    ),
  )
}

function amountHeader(outcome: SettlementOutcome): string {
  return `paid / received (wei), Σ ${formatInteger(outcome.tradedValueWei)}`
}

// ── jobs: gas and scenarios, on a worker that cancel terminates ─────────────────────────
let jobWorker: Worker | undefined
const results: Partial<Record<JobResult['kind'], JobResult>> = {}

function runJob(request: JobRequest, ui: { progress: HTMLProgressElement; label: HTMLElement; error: HTMLElement; cancel: HTMLButtonElement; run: HTMLButtonElement }): Promise<JobResult | undefined> {
  jobWorker?.terminate()
  const worker = new Worker(new URL('./jobsWorker.ts', import.meta.url), { type: 'module' })
  jobWorker = worker
  ui.error.hidden = true
  ui.progress.value = 0
  ui.progress.hidden = false
  ui.label.textContent = 'starting…'
  ui.run.disabled = true
  ui.cancel.disabled = false
  const jobStarted = performance.now()
  return new Promise((resolve) => {
    const finish = (result: JobResult | undefined) => {
      ui.run.disabled = false
      ui.cancel.disabled = true
      ui.cancel.onclick = null
      worker.terminate()
      if (jobWorker === worker) jobWorker = undefined
      resolve(result)
    }
    ui.cancel.onclick = () => {
      ui.label.textContent = `cancelled after ${Math.round(performance.now() - jobStarted)} ms`
      ui.progress.hidden = true
      finish(undefined)
    }
    worker.onmessage = ({ data }: MessageEvent<JobMessage>) => {
      if (data.type === 'ready') worker.postMessage(request)
      else if (data.type === 'progress') {
        ui.progress.max = data.total
        ui.progress.value = data.completed
        ui.label.textContent = `${data.completed} / ${data.total} steps ${data.label}`
      } else if (data.type === 'error') {
        ui.progress.hidden = true
        ui.label.textContent = ''
        showError(ui.error, data.error, request.op === 'gas' ? 'the gas run' : 'the scenario')
        finish(undefined)
      } else {
        ui.progress.value = ui.progress.max
        ui.label.textContent = `done in ${formatInteger(Math.round(data.result.wallMs))} ms (in the page, on a Web Worker)`
        results[data.result.kind] = data.result
        renderPlot()
        finish(data.result)
      }
    }
  })
}

async function showResult(result: JobResult, container: HTMLElement, chart: string): Promise<void> {
  const chartBox = h('div', { class: 'chart', 'data-testid': `chart-${chart}` })
  container.replaceChildren(...result.tables.map(reportTable), chartBox, downloads(result))
  const record = result.charts.find((c) => c.name === chart)
  if (record !== undefined) await drawChart(chartBox, record.spec)
}

function downloads(result: JobResult): HTMLElement {
  return h(
    'p',
    { class: 'downloads' },
    'Download: ',
    ...result.files.map((f) => h('button', { type: 'button', class: 'link', onclick: () => download(f.name, f.type, f.content) }, f.name)),
  )
}

// Compute gas
const gasUi = () => ({ progress: $<HTMLProgressElement>('gas-progress'), label: $('gas-label'), error: $('gas-error'), cancel: $<HTMLButtonElement>('gas-cancel'), run: $<HTMLButtonElement>('gas-run') })
$('gas-run').addEventListener('click', async () => {
  const users = [...document.querySelectorAll<HTMLInputElement>('input[name=users]:checked')].map((box) => Number(box.value))
  if (users.length === 0) return showError($('gas-error'), { name: 'InvalidInput', message: 'pick at least one number of users' }, 'the gas run')
  const result = await runJob({ op: 'gas', users }, gasUi())
  if (result !== undefined) await showResult(result, $('gas-results'), 'gas-per-operation')
})

// Plot: every chart of the last gas run and the last scenario, with downloads.
function renderPlot(): void {
  const records: { result: JobResult; chart: ChartRecord }[] = []
  for (const result of [results.gas, results.scenario]) if (result !== undefined) for (const chart of result.charts) records.push({ result, chart })
  if (records.length === 0) return
  $('plot').replaceChildren(
    ...records.map(({ result, chart }) => {
      const box = h('div', { class: 'chart', 'data-testid': `plot-${chart.name}` })
      const figure = h('figure', {}, h('figcaption', {}, `${chart.caption} — ${result.name}`), box)
      void drawChart(box, chart.spec).then((drawn) =>
        figure.append(
          h(
            'p',
            { class: 'downloads' },
            h('button', { type: 'button', class: 'link', onclick: async () => download(`${chart.name}.svg`, 'image/svg+xml', await drawn.toSvg()) }, `${chart.name}.svg`),
            h('button', { type: 'button', class: 'link', onclick: async () => download(`${chart.name}.png`, 'image/png', await (await fetch(await drawn.toPng())).blob()) }, `${chart.name}.png`),
            h('button', { type: 'button', class: 'link', onclick: () => download(`${chart.name}.vl.json`, 'application/json', JSON.stringify(chart.spec, null, 2)) }, `${chart.name}.vl.json`),
          ),
        ),
      )
      return figure
    }),
    ...[results.gas, results.scenario].filter((r) => r !== undefined).map((r) => downloads(r)),
  )
}

// Scenarios
const scenarioUi = () => ({ progress: $<HTMLProgressElement>('scenario-progress'), label: $('scenario-label'), error: $('scenario-error'), cancel: $<HTMLButtonElement>('scenario-cancel'), run: $<HTMLButtonElement>('scenario-run') })
async function runScenarioText(text: string): Promise<void> {
  const result = await runJob({ op: 'scenario', text }, scenarioUi())
  $('scenario-results').replaceChildren()
  if (result !== undefined) await showResult(result, $('scenario-results'), 'energy')
}
$('scenario-run').addEventListener('click', () => void runScenarioText($<HTMLTextAreaElement>('scenario-text').value))
$('scenario-builtin').addEventListener('change', () => {
  const chosen = builtins.find((s) => s.name === select('scenario-builtin').value)
  if (chosen !== undefined) $<HTMLTextAreaElement>('scenario-text').value = JSON.stringify(chosen, null, 2)
})
$('scenario-file').addEventListener('change', async () => {
  const file = $<HTMLInputElement>('scenario-file').files?.[0]
  if (file !== undefined) $<HTMLTextAreaElement>('scenario-text').value = await file.text()
})
$('scenario-share').addEventListener('click', () => {
  const link = `${location.origin}${location.pathname}#scenario=${encodeScenario($<HTMLTextAreaElement>('scenario-text').value)}`
  history.replaceState(null, '', link)
  $('scenario-link').replaceChildren(h('a', { href: link, 'data-testid': 'share-link' }, 'link to this scenario'), ' (copied to the address bar)')
})

/** A scenario in the URL's hash: base64url of its UTF-8 JSON. */
function encodeScenario(text: string): string {
  const bytes = new TextEncoder().encode(text)
  return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

function decodeScenario(encoded: string): string {
  const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'))
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

// A shared link: #scenario=… opens the Scenarios tab and runs it.
const shared = /^#scenario=([\w-]+)$/.exec(location.hash)
if (shared?.[1] !== undefined) {
  showTab('scenarios')
  let text: string | undefined
  try {
    text = decodeScenario(shared[1])
  } catch {
    showError($('scenario-error'), { name: 'InvalidLink', message: 'the link does not carry a readable scenario' }, 'the link')
  }
  if (text !== undefined) {
    $<HTMLTextAreaElement>('scenario-text').value = text
    void runScenarioText(text)
  }
} else showTab('deploy')
