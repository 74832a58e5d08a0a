// The market session: one DemSimulator on the embedded chain, driven step by step from the page.
import {
  BUILTIN_MECHANISMS,
  DemSimulator,
  type MarketMechanism,
  type MechanismRegistry,
  PAPER_SCENARIO,
  TransactionFailedError,
  type GasEntry,
  type OrderTerms,
  type Receipt,
  type Side,
  type SignedOrder,
  signOrder,
  type User,
} from 'dem-sim'
import type {
  BatchOutcome,
  MarketReady,
  MarketReply,
  MarketRequest,
  MarketState,
  PendingOrder,
  SettlementOutcome,
  TransactionRecord,
} from './protocol.js'
import { SHIPPED_SCENARIOS } from './shippedScenarios.js'
import { toErrorRecord } from './toErrorRecord.js'

const port = self as unknown as {
  postMessage(message: unknown): void
  onmessage: ((event: MessageEvent<{ id: number; request: MarketRequest }>) => void) | null
}

/** The mechanisms the Deploy tab offers, by name: resolved here once, deployed as modules. */
const mechanisms: MechanismRegistry = BUILTIN_MECHANISMS

let sim: DemSimulator | undefined
let mechanism: MarketMechanism | undefined
let intervalSeconds = 0n
const users: { user: User; side: Side }[] = []
/** Orders signed off chain by their households, in the order signed: the aggregator's next batch. */
const pendingOrders: { order: PendingOrder; signed: SignedOrder }[] = []

function market(): DemSimulator {
  if (sim === undefined) throw new Error('deploy a market first (Deploy tab)')
  return sim
}

function userAt(index: number): User {
  const entry = users[index]
  if (entry === undefined) throw new Error(`no user #${index}: add users first`)
  return entry.user
}

type StepResult = { receipts: Receipt[]; outcome?: SettlementOutcome; batch?: BatchOutcome }

async function run(request: MarketRequest): Promise<StepResult> {
  switch (request.op) {
    case 'deploy': {
      const p = request.parameters
      const chosen = mechanisms.get(p.mechanism)
      if (chosen === undefined)
        throw new Error(`no mechanism ${p.mechanism}; choose one of ${[...mechanisms.keys()].join(', ')}`)
      sim = await DemSimulator.create({
        mechanism: chosen,
        intervalSeconds: p.intervalSeconds,
        gracePeriodSeconds: p.graceIntervals * p.intervalSeconds,
        priceDecimals: p.priceDecimals,
        energyDecimals: p.energyDecimals,
      })
      mechanism = chosen
      intervalSeconds = p.intervalSeconds
      users.length = 0
      pendingOrders.length = 0
      return { receipts: [] }
    }
    case 'addUser': {
      const added = await market().addUser({
        collateralWei: request.collateralWei,
        energyType: request.side === 'production' ? 0 : 5,
      })
      users.push({ user: { address: added.address, tokenId: added.tokenId }, side: request.side })
      return { receipts: [added.receipt] }
    }
    case 'commit': {
      const { receipt } = await market().commit(userAt(request.user), {
        interval: request.interval,
        energyWh: request.energyWh,
        side: request.side,
        limitPriceWeiPerKWh: request.limitPriceWeiPerKWh,
      })
      return { receipts: [receipt] }
    }
    case 'signOrder':
      pendingOrders.push(await signPending(request))
      return { receipts: [] }
    case 'submitOrders':
      return submitPending()
    case 'setOracle':
      return market().setOracle({
        priceWeiPerKWh: request.priceWeiPerKWh,
        producedWh: request.producedWh,
        consumedWh: request.consumedWh,
      })
    case 'advance':
      market().advanceInterval()
      return { receipts: [] }
    case 'processBuffer':
      return market().processBuffer()
    case 'settle': {
      const { receipts, ...outcome } = await market().settle(request.interval)
      return { receipts, outcome }
    }
  }
}

/**
 * Signs an order with its household's key, as the household would off chain: nothing is sent. Its
 * nonce is the household's next unless given; it may be filed until the last second of its interval.
 */
async function signPending(
  request: Extract<MarketRequest, { op: 'signOrder' }>,
): Promise<{ order: PendingOrder; signed: SignedOrder }> {
  const s = market()
  const user = userAt(request.user)
  const account = s.chain.accounts.find((a) => a.address.toLowerCase() === user.address.toLowerCase())
  if (account === undefined) throw new Error(`no key for user #${request.user}: it cannot sign`)
  const terms: OrderTerms = {
    tokenId: user.tokenId,
    interval: request.interval,
    side: request.side,
    energyWh: request.energyWh,
    limitPriceWeiPerKWh: request.limitPriceWeiPerKWh,
    nonce: request.nonce ?? s.orders.takeNonce(user.tokenId),
    deadline: s.startTime + BigInt(request.interval + 1) * intervalSeconds - 1n,
  }
  const signed = await signOrder(
    account.privateKey,
    { chainId: s.chain.chainId, pool: s.contracts.pool.address },
    terms,
  )
  return { order: { user: request.user, ...terms }, signed }
}

/** Submits every pending order in one batch, as an aggregator (the keeper's account) would. */
async function submitPending(): Promise<StepResult> {
  if (pendingOrders.length === 0) throw new Error('no signed orders to submit: sign one first')
  const batch = [...pendingOrders]
  const result = await market().submitOrders(batch.map((p) => p.signed))
  pendingOrders.length = 0
  const userOf = (index: number) => batch[index]?.order.user ?? -1
  return {
    receipts: [result.receipt],
    batch: {
      orders: batch.length,
      gasUsed: result.receipt.gasUsed,
      filed: result.filed.map((f) => ({ ...f, user: userOf(f.index) })),
      skipped: result.skipped.map((k) => ({ ...k, user: userOf(k.index) })),
    },
  }
}

async function state(): Promise<MarketState | undefined> {
  if (sim === undefined || mechanism === undefined) return undefined
  // Filed signed orders sit in the same books as commitments: one table, one book view.
  const commitments = [...(await sim.commitments()), ...(await sim.filedOrders())]
  const touched = [...new Set([sim.currentInterval, ...commitments.map((c) => c.interval)])].sort((a, b) => a - b)
  return {
    mechanism: mechanism.name,
    readsPriceFeed: mechanism.readsPriceFeed,
    currentInterval: sim.currentInterval,
    intervalSeconds,
    addresses: Object.fromEntries(
      Object.entries(sim.contracts).flatMap(([name, contract]) =>
        contract === undefined ? [] : [[name, contract.address]],
      ),
    ),
    users: await Promise.all(
      users.map(async ({ user, side }, index) => ({
        index,
        address: user.address,
        tokenId: user.tokenId,
        side,
        profile: await sim!.profile(user),
      })),
    ),
    commitments,
    bufferLength: await sim.bufferLength(),
    intervals: await Promise.all(touched.map((i) => sim!.interval(i))),
    heldWei: await sim.heldWei(),
    pendingOrders: pendingOrders.map((p) => p.order),
  }
}

/** The ledger names each transaction's operation; the receipts carry its decoded events. */
function records(entries: readonly GasEntry[], receipts: readonly Receipt[]): TransactionRecord[] {
  const logs = new Map(receipts.map((r) => [r.transactionHash, r.logs]))
  return entries.map((entry) => ({
    operation: entry.operation,
    setup: entry.setup,
    from: entry.from,
    gasUsed: entry.gasUsed,
    status: entry.status,
    events: (logs.get(entry.transactionHash) ?? []).map((log) => ({
      eventName: log.eventName ?? '(unknown event)',
      args: { ...(log.args ?? {}) },
    })),
  }))
}

let queue = Promise.resolve()
port.onmessage = ({ data: { id, request } }) => {
  queue = queue.then(async () => {
    const before = request.op === 'deploy' ? 0 : (sim?.gas.entries.length ?? 0)
    let reply: MarketReply
    try {
      const { receipts, outcome, batch } = await run(request)
      reply = {
        id,
        transactions: records(sim?.gas.entries.slice(before) ?? [], receipts),
        state: await state(),
        outcome,
        batch,
      }
    } catch (error) {
      const failed = error instanceof TransactionFailedError ? [error.receipt] : []
      const entries = sim?.gas.entries.slice(before) ?? []
      const transactions = records(entries, failed)
      if (entries.length === 0 && failed[0] !== undefined) {
        transactions.push({
          operation: request.op,
          setup: false,
          from: failed[0].from,
          gasUsed: failed[0].gasUsed,
          status: failed[0].status,
          events: [],
        })
      }
      reply = { id, transactions, state: await state(), error: toErrorRecord(error) }
    }
    port.postMessage(reply)
  })
}
// Scenarios: the library's built-in one first, then the examples that do not share its name.
const ready: MarketReady = {
  id: 0,
  mechanisms: [...mechanisms.values()].map((m) => ({ id: m.name, label: `${m.name} — ${m.description}` })),
  scenarios: [PAPER_SCENARIO, ...SHIPPED_SCENARIOS.filter((s) => s.name !== PAPER_SCENARIO.name)],
}
port.postMessage(ready)
