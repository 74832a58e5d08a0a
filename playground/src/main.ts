/// <reference lib="dom" />
import { $, showError } from './dom.js'
import { startJobTabs } from './jobTabs.js'
import { startMarketTabs } from './marketTabs.js'
import { decodeScenario } from './scenarioLink.js'
import './style.css'

const TABS = ['deploy', 'market', 'gas', 'plot', 'scenarios'] as const
type Tab = (typeof TABS)[number]

function showTab(tab: Tab): void {
  for (const name of TABS) {
    $(`tab-${name}`).hidden = name !== tab
    $(`tab-button-${name}`).setAttribute('aria-selected', String(name === tab))
  }
}
for (const name of TABS) $(`tab-button-${name}`).addEventListener('click', () => showTab(name))

const jobs = startJobTabs()
startMarketTabs((ready) => jobs.offerScenarios(ready.scenarios))

// A shared link: #scenario=… opens the Scenarios tab and runs it.
const shared = /^#scenario=([\w-]+)$/.exec(location.hash)
if (shared?.[1] !== undefined) {
  showTab('scenarios')
  let text: string | undefined
  try {
    text = decodeScenario(shared[1])
  } catch {
    showError(
      $('scenario-error'),
      { name: 'InvalidLink', message: 'the link does not carry a readable scenario' },
      'the link',
    )
  }
  if (text !== undefined) {
    $<HTMLTextAreaElement>('scenario-text').value = text
    void jobs.runScenarioText(text)
  }
} else showTab('deploy')
