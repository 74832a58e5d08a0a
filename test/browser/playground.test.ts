import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseScenario, type ScenarioError } from '../../src/index.js'
import { openPlayground, type PlaygroundSession } from './openPlayground.js'
import { addUser, commit, deploy, signOrder, stepClick, tradeTwoUsers } from './playgroundSteps.js'

const root = new URL('../..', import.meta.url).pathname
const screenshots = join(root, 'playground', 'screenshots')

let session: PlaygroundSession
let outDir: string

beforeAll(async () => {
  session = await openPlayground()
  outDir = session.outDir
  mkdirSync(screenshots, { recursive: true })
}, 120_000)

afterAll(async () => {
  await session?.close()
  expect(session?.elsewhere).toEqual([])
})

async function open(hash = ''): Promise<{ page: Page; readyMs: number }> {
  const page = await session.context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  await page.goto(`${session.url}${hash}`)
  await page.waitForSelector('body[data-ready]', { timeout: 30_000 })
  expect(errors).toEqual([])
  return { page, readyMs: Number(await page.getAttribute('body', 'data-ready')) }
}

const rows = (page: Page, testId: string) =>
  page.$$eval(`[data-testid=${testId}] tbody tr`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  )

describe('the playground in Chromium', () => {
  it('deploys and runs a two-user trade step by step, the trade in the table', async () => {
    const { page, readyMs } = await open()
    console.log(`playground: interactive (library loaded in its worker) ${readyMs} ms after navigation`)
    await deploy(page)
    expect(await rows(page, 'deployment-gas')).toContainEqual(['total', expect.stringMatching(/^[\d,]+$/)])
    await addUser(page, 'production', '10000000000000000')
    await addUser(page, 'consumption', '10000000000000000')
    await commit(page, 0, 'production', '3000', '1000000')
    await commit(page, 1, 'consumption', '2000', '2000000')
    await stepClick(page, 'process')
    expect((await rows(page, 'books-table')).map((r) => r[3])).toEqual(['production', 'consumption'])
    await stepClick(page, 'advance')
    await stepClick(page, 'oracle') // price 1,500,000 wei/kWh, 3,000 Wh produced, 2,000 Wh consumed
    await stepClick(page, 'settle')

    expect(await page.isHidden('[data-testid=market-error]')).toBe(true)
    // E = min(S 3,000, D 2,000, P 3,000, C 2,000) = 2,000 Wh at 1,500,000 wei/kWh: 3,000,000 wei,
    // consumers paying in first, then producers paid.
    expect(await rows(page, 'trades-table')).toEqual([
      ['1', '2', 'consumption', '2,000', '3,000,000'],
      ['0', '1', 'production', '2,000', '3,000,000'],
    ])
    expect((await rows(page, 'transactions-table'))[0]?.slice(0, 1)).toEqual(['settle'])
    expect((await rows(page, 'transactions-table')).find((r) => r[0] === 'settle')?.[4]).toContain('CommitmentSettled(')
    await page.screenshot({ path: join(screenshots, 'market-trade.png'), fullPage: true })
    await page.close()
  }, 60_000)

  it('signs orders off chain and submits them in one batch: filed ones trade, a replayed one is skipped', async () => {
    const { page } = await open()
    await deploy(page)
    await addUser(page, 'production', '10000000000000000')
    await addUser(page, 'consumption', '10000000000000000')
    // Nothing signed yet: no batch is sent.
    await stepClick(page, 'submit-orders')
    expect(await page.textContent('[data-testid=market-error] .message')).toBe(
      'no signed orders to submit: sign one first',
    )
    expect(await page.textContent('[data-testid=transactions-table]')).not.toContain('submitOrders')
    await signOrder(page, 0, 'production', '3000', '1000000')
    await signOrder(page, 1, 'consumption', '2000', '2000000')
    // The consumer's nonce 0 again: a replay of the order just signed.
    await signOrder(page, 1, 'consumption', '1000', '2000000', '0')
    expect((await rows(page, 'pending-orders-table')).map((r) => [r[0], r[3], r[6]])).toEqual([
      ['#0', 'production', '0'],
      ['#1', 'consumption', '0'],
      ['#1', 'consumption', '0'],
    ])
    expect(await page.textContent('[data-testid=transactions-table]')).not.toContain('submitOrders')
    expect(await page.textContent('#submit-orders')).toBe('Submit 3 signed orders as one batch')

    await stepClick(page, 'submit-orders')
    expect(await page.isHidden('[data-testid=market-error]')).toBe(true)
    const [submitted] = await rows(page, 'transactions-table')
    expect(submitted?.slice(0, 1)).toEqual(['submitOrders'])
    expect(await page.textContent('[data-testid=batch-summary]')).toBe(
      `last batch: 3 orders in one submitOrders transaction · filed 2 · skipped 1 · gas ${submitted?.[2]}`,
    )
    expect((await rows(page, 'filed-orders-table')).map((r) => r.slice(0, 3))).toEqual([
      ['0', '#0', '1'],
      ['1', '#1', '2'],
    ])
    expect(await rows(page, 'skipped-orders-table')).toEqual([['2', '#1', '2', '0', 'nonceUsed']])
    expect(await page.textContent('[data-testid=pending-orders-table]')).toBe(
      'no signed orders waiting: sign one above',
    )
    // Filed orders sit in the books beside commitments, under their order ids.
    expect((await rows(page, 'commitments-table')).map((r) => [r[0], r[1], r.at(-1)])).toEqual([
      ['2,147,483,648', '1', 'filed'],
      ['2,147,483,649', '2', 'filed'],
    ])

    // The filed orders trade as commitments do: 2,000 Wh at the oracle's 1,500,000 wei/kWh.
    await stepClick(page, 'advance')
    await stepClick(page, 'oracle')
    await stepClick(page, 'settle')
    expect(await page.isHidden('[data-testid=market-error]')).toBe(true)
    expect((await rows(page, 'trades-table')).map((r) => r.slice(1))).toEqual([
      ['2', 'consumption', '2,000', '3,000,000'],
      ['1', 'production', '2,000', '3,000,000'],
    ])
    await page.screenshot({ path: join(screenshots, 'market-orders.png'), fullPage: true })
    await page.close()
  }, 60_000)

  it('shows a revert with its decoded custom error and changes nothing', async () => {
    const { page } = await open()
    await deploy(page)
    await addUser(page, 'consumption', '1000')
    await commit(page, 0, 'consumption', '2000', '2000000')

    expect(await page.textContent('[data-testid=error-name]')).toBe('TransactionRevertedError')
    expect(await page.textContent('[data-testid=error-decoded]')).toMatch(
      /^EnergyProfileInsufficientCollateral\(tokenId=1, availableWei=1,000, neededWei=4,000,000\)$/,
    )
    expect(
      (await rows(page, 'transactions-table'))[0]
        ?.slice(0, 1)
        .concat((await rows(page, 'transactions-table'))[0]?.[3] ?? ''),
    ).toEqual(['commit', 'reverted'])
    expect(await page.textContent('[data-testid=commitments-table]')).toBe('no commitments yet')
    expect((await rows(page, 'profiles-table'))[0]?.[5]).toBe('0')
    await page.screenshot({ path: join(screenshots, 'market-revert.png'), fullPage: true })
    await page.close()
  }, 60_000)

  it('computes gas for 2, 10 and 50 users with a progress bar and draws the chart', async () => {
    const { page } = await open()
    await page.click('#tab-button-gas')
    // A long run first, cancelled once it is under way.
    await page.check('input[name=users][value="1000"]')
    await page.click('#gas-run')
    await page.waitForFunction("document.querySelector('#gas-progress').value > 0", undefined, { timeout: 30_000 })
    await page.click('#gas-cancel')
    expect(await page.textContent('[data-testid=gas-label]')).toMatch(/^cancelled after [\d,]+ ms$/)
    expect(await page.isEnabled('#gas-run')).toBe(true)
    await page.uncheck('input[name=users][value="1000"]')

    await page.click('#gas-run')
    await page.waitForSelector('[data-testid=chart-gas-per-operation][data-drawn=true] svg', { timeout: 90_000 })
    const label = (await page.textContent('[data-testid=gas-label]')) ?? ''
    console.log(`playground: gas for 2, 10, 50 users in the page: ${label}`)
    const table = await page.$$eval('[data-testid=report-gas-per-operation] th', (ths) =>
      ths.map((th) => th.textContent),
    )
    expect(table).toEqual(expect.arrayContaining(['2 users', '10 users', '50 users']))
    expect(
      await page.$$eval('[data-testid=chart-gas-per-operation] svg .mark-rect path', (paths) => paths.length),
    ).toBeGreaterThan(0)
    await page.screenshot({ path: join(screenshots, 'gas.png'), fullPage: true })
    await page.click('#tab-button-plot')
    await page.waitForSelector('[data-testid=plot-settlement-gas][data-drawn=true] svg')
    await page.screenshot({ path: join(screenshots, 'plot.png'), fullPage: true })
    for (const [file, start] of [
      ['gas-per-operation.svg', '<svg'],
      ['gas-per-operation.png', '\x89PNG'],
      ['sweep.json', '{'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`#tab-plot button:text-is("${file}")`),
      ])
      expect(download.suggestedFilename()).toBe(file)
      const path = join(outDir, file)
      await download.saveAs(path)
      expect(readFileSync(path, 'latin1').startsWith(start)).toBe(true)
    }
    await page.close()
  }, 120_000)

  it('refuses a bad scenario naming the field, as the CLI does', async () => {
    const { page } = await open()
    await page.click('#tab-button-scenarios')
    const bad = { intervals: 24, users: { count: 0 } }
    const cli = (() => {
      try {
        parseScenario(bad)
      } catch (error) {
        return error as ScenarioError
      }
    })()
    expect(cli?.path).toBe('users.count')
    await page.fill('#scenario-text', JSON.stringify(bad))
    await page.click('#scenario-run')
    await page.waitForSelector('[data-testid=scenario-error]:not([hidden])')
    expect(await page.textContent('[data-testid=scenario-error] [data-testid=error-name]')).toBe('ScenarioError')
    expect(await page.textContent('[data-testid=scenario-error] [data-testid=error-field]')).toBe('users.count')
    expect(await page.textContent('[data-testid=scenario-error] .message')).toBe(cli?.shortMessage)
    expect(cli?.shortMessage).toMatch(/^users\.count /)
    await page.screenshot({ path: join(screenshots, 'scenario-refused.png'), fullPage: true })

    // The playground's own scenario: every group's orders signed and submitted in batches.
    await page.selectOption('#scenario-builtin', 'batched-orders')
    expect(
      JSON.parse(await page.inputValue('#scenario-text')).users.groups.map((g: { orders: string }) => g.orders),
    ).toEqual(['batched', 'batched'])
    await page.click('#scenario-run')
    await page.waitForSelector('[data-testid=chart-energy][data-drawn=true] svg', { timeout: 60_000 })
    expect(await page.isHidden('[data-testid=scenario-error]')).toBe(true)
    const gasHeaders = await page.$$eval('[data-testid=report-gas] th', (ths) => ths.map((th) => th.textContent))
    const operations = (await rows(page, 'report-gas')).map((r) => r[gasHeaders.indexOf('method')])
    expect(operations).toContain('submitOrders')
    expect(operations).not.toContain('commit')
    const breakEven = await page.$$eval('[data-testid=report-break-even] th', (ths) => ths.map((th) => th.textContent))
    expect((await rows(page, 'report-break-even'))[0]?.[breakEven.indexOf('order path')]).toBe('batched')
    await page.screenshot({ path: join(screenshots, 'scenario-batched.png'), fullPage: true })

    // A shipped example that reads a CSV series runs in the page too.
    await page.selectOption('#scenario-builtin', 'csv')
    expect(JSON.parse(await page.inputValue('#scenario-text'))).toMatchObject({ name: 'csv' })
    await page.click('#scenario-run')
    await page.waitForSelector('[data-testid=chart-energy][data-drawn=true] svg', { timeout: 60_000 })
    expect(await page.isHidden('[data-testid=scenario-error]')).toBe(true)
    await page.close()
  }, 120_000)

  it('shows no empty headings before a deploy', async () => {
    const { page } = await open()
    await page.click('#tab-button-market')
    expect(await page.isVisible('#market-needs-deploy')).toBe(true)
    const visibleHeadings = await page.evaluate(
      "[...document.querySelectorAll('#tab-market h2')].filter((h) => h.offsetParent !== null).map((h) => h.textContent)",
    )
    expect(visibleHeadings).toEqual([])
    await page.click('#tab-button-deploy')
    await deploy(page)
    expect(await page.isVisible('#tab-market h2:text-is("Profiles")')).toBe(true)
    await page.close()
  }, 60_000)

  it("shows a scenario's household KPIs and its energy, battery, bill and price charts, as the report has them", async () => {
    const definition = {
      name: 'kpi-day',
      intervals: 6,
      startHour: 9,
      users: {
        count: 4,
        groups: [
          {
            name: 'pv-battery',
            share: 0.5,
            role: 'prosumer',
            battery: { capacityWh: 5000 },
            strategy: { type: 'battery' },
          },
          { name: 'flats', share: 0.5, role: 'consumer' },
        ],
      },
    }
    const { page } = await open(`#scenario=${Buffer.from(JSON.stringify(definition)).toString('base64url')}`)
    for (const chart of ['energy', 'state-of-charge', 'bills', 'prices'])
      await page.waitForSelector(`[data-testid=chart-${chart}][data-drawn=true] svg`, { timeout: 60_000 })
    for (const table of ['summary', 'kpis', 'kpis-days', 'kpis-users', 'gas', 'intervals', 'users'])
      expect(await page.isVisible(`[data-testid=report-${table}]`), table).toBe(true)
    expect((await rows(page, 'report-kpis')).map((r) => r[0])).toContain('households (with a battery)')
    const headers = await page.$$eval('[data-testid=report-intervals] th', (ths) => ths.map((th) => th.textContent))
    expect(headers).toEqual(expect.arrayContaining(['clearing price wei/kWh', 'clearing price EUR/kWh']))
    await page.close()
  }, 90_000)

  it.each([
    [420, 'layout-420.png'],
    [1440, 'layout-1440.png'],
  ])(
    'lays out at %i px wide: tabs on screen, wide tables scrolling in their own box',
    async (width, file) => {
      const { page } = await open()
      await page.setViewportSize({ width, height: 900 })
      // Nothing off the page sideways: not the page, not a tab, not an open section's own content.
      const fits = () =>
        page.evaluate(`({
          page: document.documentElement.scrollWidth <= window.innerWidth,
          tabs: [...document.querySelectorAll('nav button')].every((b) => b.getBoundingClientRect().right <= window.innerWidth),
          sections: [...document.querySelectorAll('main section')].filter((s) => !s.hidden).every((s) => s.scrollWidth <= s.clientWidth + 1),
        })`)
      expect(await fits()).toEqual({ page: true, tabs: true, sections: true })
      await tradeTwoUsers(page)
      // The intervals table is wider than a phone: it scrolls inside its own box, right under it.
      expect(await fits()).toEqual({ page: true, tabs: true, sections: true })
      const intervals = (await page.evaluate(`(() => {
        const box = document.getElementById('intervals')
        return { scrolls: box.scrollWidth > box.clientWidth, inside: box.getBoundingClientRect().right <= window.innerWidth }
      })()`)) as { scrolls: boolean; inside: boolean }
      expect(intervals.inside).toBe(true)
      if (width < 600) expect(intervals.scrolls).toBe(true)
      await page.screenshot({ path: join(screenshots, file), fullPage: true })
      await page.close()
    },
    90_000,
  )

  it('runs a scenario carried by the link and draws its energy chart', async () => {
    const definition = { name: 'shared-day', intervals: 4, startHour: 10, users: { count: 4 } }
    const hash = `#scenario=${Buffer.from(JSON.stringify(definition)).toString('base64url')}`
    const { page } = await open(hash)
    await page.waitForSelector('[data-testid=chart-energy][data-drawn=true] svg', { timeout: 60_000 })
    expect(await page.getAttribute('#tab-button-scenarios', 'aria-selected')).toBe('true')
    expect(
      await page.$$eval('#scenario-builtin option', (options) => options.map((o) => o.getAttribute('value'))),
    ).toContain('paper')
    const summary = await rows(page, 'report-summary')
    expect(summary.length).toBeGreaterThan(0)
    await page.screenshot({ path: join(screenshots, 'scenario-shared.png'), fullPage: true })
    await page.close()
  }, 60_000)
})
