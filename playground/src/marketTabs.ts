/// <reference lib="dom" />
import { $, formatCall, formatInteger, h, input, readInteger, select, shortAddress, showError, table } from './dom.js'
import { ordersView } from './ordersView.js'
import type {
  BatchOutcome,
  MarketReady,
  MarketReply,
  MarketRequest,
  MarketState,
  SettlementOutcome,
  TransactionRecord,
} from './protocol.js'

/**
 * The Deploy and Market tabs: one market session on its own Web Worker, driven step by step.
 * `onReady` gets what the worker offers once the library has loaded in it.
 */
export function startMarketTabs(onReady: (ready: MarketReady) => void): void {
  const marketWorker = new Worker(new URL('./marketWorker.ts', import.meta.url), { type: 'module' })
  const pending = new Map<number, (reply: MarketReply) => void>()
  let nextId = 1
  let state: MarketState | undefined
  const log: TransactionRecord[] = []
  let lastOutcome: SettlementOutcome | undefined
  let lastBatch: BatchOutcome | undefined

  marketWorker.onmessage = ({ data }: MessageEvent<MarketReply | MarketReady>) => {
    if ('mechanisms' in data) {
      select('mechanism').replaceChildren(...data.mechanisms.map((m) => h('option', { value: m.id }, m.label)))
      onReady(data)
      for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-needs-worker]'))
        button.disabled = false
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
      if (reply.batch !== undefined) lastBatch = reply.batch
      renderMarket()
      return reply
    } finally {
      setBusy(false)
    }
  }

  function setBusy(busy: boolean): void {
    document.body.dataset.busy = String(busy)
    for (const button of document.querySelectorAll<HTMLButtonElement>('#tab-deploy button, #tab-market button'))
      button.disabled = busy
  }

  /** Reads an integer field, or marks it and refuses the step. */
  function integerField(id: string, label: string): bigint {
    const field = input(id)
    const value = readInteger(field)
    field.classList.toggle('invalid', value === undefined)
    if (value === undefined) {
      showError(
        $('market-error'),
        { name: 'InvalidInput', message: `${label} must be a whole number, got "${field.value}"` },
        label,
      )
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

  // Deploy
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
    const deployment = log.filter((t) => t.setup).reverse()
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
        [
          ...deployment,
          {
            operation: 'total',
            setup: true,
            from: '',
            gasUsed: deployment.reduce((s, t) => s + t.gasUsed, 0n),
            status: 'success',
            events: [],
          },
        ],
        { testId: 'deployment-gas' },
      ),
    )
  }

  // Market
  onStep('add-user', 'addUser', () => ({
    op: 'addUser',
    collateralWei: integerField('collateral', 'collateral'),
    side: select('user-side').value as 'production',
  }))
  onStep('commit', 'commit', () => ({
    op: 'commit',
    user: Number(select('commit-user').value),
    interval: Number(integerField('commit-interval', 'interval')),
    energyWh: integerField('commit-energy', 'energy'),
    side: select('commit-side').value as 'production',
    limitPriceWeiPerKWh: integerField('commit-limit', 'limit price'),
  }))
  onStep('sign-order', 'signOrder', () => ({
    op: 'signOrder',
    user: Number(select('order-user').value),
    interval: Number(integerField('order-interval', 'interval')),
    energyWh: integerField('order-energy', 'energy'),
    side: select('order-side').value as 'production',
    limitPriceWeiPerKWh: integerField('order-limit', 'limit price'),
    nonce: input('order-nonce').value.trim() === '' ? undefined : integerField('order-nonce', 'nonce'),
  }))
  onStep('submit-orders', 'submitOrders', () => ({ op: 'submitOrders' }))
  onStep('process', 'processBuffer', () => ({ op: 'processBuffer' }))
  onStep('advance', 'advance', () => ({ op: 'advance' }))
  onStep('oracle', 'setOracle', () => ({
    op: 'setOracle',
    priceWeiPerKWh: integerField('oracle-price', 'price'),
    producedWh: integerField('oracle-produced', 'produced energy'),
    consumedWh: integerField('oracle-consumed', 'consumed energy'),
  }))
  onStep('settle', 'settle', () => ({ op: 'settle', interval: Number(integerField('settle-interval', 'interval')) }))

  // A user's side is the default side of their commitments and orders.
  for (const [userField, sideField] of [
    ['commit-user', 'commit-side'],
    ['order-user', 'order-side'],
  ] as const)
    select(userField).addEventListener('change', () => {
      const user = state?.users[Number(select(userField).value)]
      if (user !== undefined) select(sideField).value = user.side
    })

  /** Keeps a user picker's choice across redraws. */
  function offerUsers(id: string, s: MarketState): void {
    const chosen = select(id).value
    select(id).replaceChildren(
      ...s.users.map((u) => h('option', { value: u.index }, `#${u.index} token ${u.tokenId} (${u.side})`)),
    )
    if (chosen !== '' && Number(chosen) < s.users.length) select(id).value = chosen
  }

  function renderMarket(): void {
    renderDeployment()
    if (state === undefined) return
    const s = state
    $('market-needs-deploy').hidden = true
    $('market-controls').hidden = false
    // Only the inputs the deployed mechanism reads: a market that finds its own price takes none from the oracle.
    $('oracle-price-field').hidden = !s.readsPriceFeed
    $('oracle-price-note').hidden = s.readsPriceFeed
    $('oracle-price-note').textContent = s.readsPriceFeed
      ? ''
      : `${s.mechanism} reads no price feed: it finds the price itself (from its book or its supply–demand ratio), so the oracle reports only metered energy.`
    $('market-tables').hidden = false
    $('clock').textContent =
      `interval ${s.currentInterval} is open · buffer: ${s.bufferLength} · contracts hold ${formatInteger(s.heldWei)} wei`
    offerUsers('commit-user', s)
    offerUsers('order-user', s)
    for (const id of ['commit-interval', 'order-interval'])
      if (document.activeElement !== input(id)) input(id).value = String(s.currentInterval)
    $('submit-orders').textContent =
      s.pendingOrders.length === 0
        ? 'Submit signed orders'
        : `Submit ${s.pendingOrders.length} signed orders as one batch`
    $('orders').replaceChildren(...ordersView(s.pendingOrders, lastBatch))
    if (document.activeElement !== input('settle-interval'))
      input('settle-interval').value = String(Math.max(0, s.currentInterval - 1))

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
      {
        header: 'limit (wei/kWh)',
        cell: (c: MarketState['commitments'][number]) => c.limitPriceWeiPerKWh,
        numeric: true,
      },
      { header: 'locked (wei)', cell: (c: MarketState['commitments'][number]) => c.lockedWei, numeric: true },
      { header: 'status', cell: (c: MarketState['commitments'][number]) => c.status },
    ]
    $('commitments').replaceChildren(
      table(commitmentColumns, s.commitments, { testId: 'commitments-table', empty: 'no commitments yet' }),
    )
    // The books: filed commitments per interval, producers cheapest first, consumers dearest first (merit order).
    const filed = s.commitments.filter((c) => c.status === 'filed')
    const byMerit = (a: (typeof filed)[number], b: (typeof filed)[number]) =>
      a.interval - b.interval ||
      (a.side === b.side
        ? (a.side === 'production' ? 1 : -1) * Number(a.limitPriceWeiPerKWh - b.limitPriceWeiPerKWh)
        : a.side === 'production'
          ? -1
          : 1)
    $('books').replaceChildren(
      table(commitmentColumns.slice(0, 6), [...filed].sort(byMerit), {
        testId: 'books-table',
        empty: 'the books are empty: commit, then process the buffer',
      }),
    )
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
                {
                  header: 'commitment',
                  cell: (t: SettlementOutcome['trades'][number]) => t.commitmentId,
                  numeric: true,
                },
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
}
