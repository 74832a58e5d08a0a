/// <reference lib="dom" />
import type { ScenarioDefinition } from 'dem-sim'
import { drawChart } from './charts.js'
import { $, download, formatInteger, h, reportTable, select, showError } from './dom.js'
import type { ChartRecord, JobMessage, JobRequest, JobResult } from './protocol.js'
import { encodeScenario } from './scenarioLink.js'

/**
 * The Compute gas, Plot and Scenarios tabs. Each run goes to a fresh Web Worker, so that cancel
 * can terminate it.
 */
export function startJobTabs(): {
  runScenarioText(text: string): Promise<void>
  offerScenarios(scenarios: ScenarioDefinition[]): void
} {
  let jobWorker: Worker | undefined
  let builtins: ScenarioDefinition[] = []
  const results: Partial<Record<JobResult['kind'], JobResult>> = {}

  function runJob(
    request: JobRequest,
    ui: {
      progress: HTMLProgressElement
      label: HTMLElement
      error: HTMLElement
      cancel: HTMLButtonElement
      run: HTMLButtonElement
    },
  ): Promise<JobResult | undefined> {
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

  /** The result's tables, then the charts named (all of them by default), then its downloads. */
  async function showResult(result: JobResult, container: HTMLElement, only?: string): Promise<void> {
    const shown = result.charts.filter((c) => only === undefined || c.name === only)
    const boxes = shown.map((c) => h('div', { class: 'chart', 'data-testid': `chart-${c.name}` }))
    container.replaceChildren(
      ...result.tables.map(reportTable),
      ...shown.map((c, i) => h('figure', {}, h('figcaption', {}, c.caption), boxes[i])),
      downloads(result),
    )
    await Promise.all(shown.map((c, i) => drawChart(boxes[i] as HTMLElement, c.spec)))
  }

  function downloads(result: JobResult): HTMLElement {
    return h(
      'p',
      { class: 'downloads' },
      'Download: ',
      ...result.files.map((f) =>
        h('button', { type: 'button', class: 'link', onclick: () => download(f.name, f.type, f.content) }, f.name),
      ),
    )
  }

  // Compute gas
  const gasUi = () => ({
    progress: $<HTMLProgressElement>('gas-progress'),
    label: $('gas-label'),
    error: $('gas-error'),
    cancel: $<HTMLButtonElement>('gas-cancel'),
    run: $<HTMLButtonElement>('gas-run'),
  })
  $('gas-run').addEventListener('click', async () => {
    const users = [...document.querySelectorAll<HTMLInputElement>('input[name=users]:checked')].map((box) =>
      Number(box.value),
    )
    if (users.length === 0)
      return showError(
        $('gas-error'),
        { name: 'InvalidInput', message: 'pick at least one number of users' },
        'the gas run',
      )
    const result = await runJob({ op: 'gas', users }, gasUi())
    if (result !== undefined) await showResult(result, $('gas-results'), 'gas-per-operation')
  })

  // Plot: every chart of the last gas run and the last scenario, with downloads.
  function renderPlot(): void {
    const records: { result: JobResult; chart: ChartRecord }[] = []
    for (const result of [results.gas, results.scenario])
      if (result !== undefined) for (const chart of result.charts) records.push({ result, chart })
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
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: async () => download(`${chart.name}.svg`, 'image/svg+xml', await drawn.toSvg()),
                },
                `${chart.name}.svg`,
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: async () =>
                    download(`${chart.name}.png`, 'image/png', await (await fetch(await drawn.toPng())).blob()),
                },
                `${chart.name}.png`,
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () =>
                    download(`${chart.name}.vl.json`, 'application/json', JSON.stringify(chart.spec, null, 2)),
                },
                `${chart.name}.vl.json`,
              ),
            ),
          ),
        )
        return figure
      }),
      ...[results.gas, results.scenario].filter((r) => r !== undefined).map((r) => downloads(r)),
    )
  }

  // Scenarios
  const scenarioUi = () => ({
    progress: $<HTMLProgressElement>('scenario-progress'),
    label: $('scenario-label'),
    error: $('scenario-error'),
    cancel: $<HTMLButtonElement>('scenario-cancel'),
    run: $<HTMLButtonElement>('scenario-run'),
  })
  async function runScenarioText(text: string): Promise<void> {
    const result = await runJob({ op: 'scenario', text }, scenarioUi())
    $('scenario-results').replaceChildren()
    if (result !== undefined) await showResult(result, $('scenario-results'))
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
    $('scenario-link').replaceChildren(
      h('a', { href: link, 'data-testid': 'share-link' }, 'link to this scenario'),
      ' (copied to the address bar)',
    )
  })

  return {
    runScenarioText,
    offerScenarios(scenarios) {
      builtins = scenarios
      select('scenario-builtin').replaceChildren(
        h('option', { value: '' }, 'pick a built-in scenario…'),
        ...builtins.map((s) => h('option', { value: s.name ?? '' }, `${s.name} — ${s.description ?? ''}`)),
      )
    },
  }
}
