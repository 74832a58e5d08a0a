import { compactSignatureToSignature, recoverTypedDataAddress } from 'viem'
import type { AddressHex, Hex } from '../../chain/types.js'
import { ORDER_TYPES, type OrderTerms, orderDomainOf, type SignedOrder, signOrder } from '../../market/signOrder.js'
import type { Side } from '../../market/types.js'
import { BOOK_SIDES } from '../../mechanisms/contractEnums.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import type { ModelSignedOrder } from '../model/SignedOrdersModel.js'
import {
  both,
  describeTarget,
  expectEqual,
  finish,
  type IntervalTarget,
  type MarketCommand,
  receiptsOf,
  resolveInterval,
  resolveUser,
} from './helpers.js'
import { type WithdrawAmount, WithdrawCollateralCommand } from './userCommands.js'

/**
 * What happens to one order of a batch between its signer and the pool: nothing (`none`), or an
 * adversary's or chance's doing — signed with another account's key (`forged`), a field changed
 * after signing (`tampered`), a signature ECDSA refuses (`badSignature`, r = 0), a
 * deadline already past (`expired`) or exactly now (`deadlineNow`, still good), a bit outside the
 * fields (`malformed`), the same signed order twice in the batch (`duplicated`), an order signed
 * earlier submitted again (`replayed`), new terms under a nonce the profile signed before
 * (`nonceReused`), or the interval before the current one with its deadline still ahead
 * (`pastInterval`).
 */
export type OrderMutation =
  | 'none'
  | 'forged'
  | 'tampered'
  | 'badSignature'
  | 'expired'
  | 'deadlineNow'
  | 'malformed'
  | 'duplicated'
  | 'replayed'
  | 'nonceReused'
  | 'pastInterval'

/** Every {@link OrderMutation}, for arbitraries. */
export const ORDER_MUTATIONS: readonly OrderMutation[] = [
  'none',
  'forged',
  'tampered',
  'badSignature',
  'expired',
  'deadlineNow',
  'malformed',
  'duplicated',
  'replayed',
  'nonceReused',
  'pastInterval',
]

/** One order a command signs: a user's terms, what happens to it, and a number for the mutation's own choices. */
export type OrderEntry = {
  userIndex: number
  target: IntervalTarget
  side: Side
  energyWh: bigint
  limitPriceWeiPerKWh: bigint
  mutation: OrderMutation
  variant: number
}

/** An order as signed off chain, with whom its signature recovers to (none: one ECDSA refuses). */
export type WalletOrder = { signed: SignedOrder; signer: AddressHex | undefined; label: string }

/** The run's off-chain side of signed orders: every batch signed so far (held or submitted), and each profile's next nonce. */
export type OrderWallet = { batches: { orders: WalletOrder[]; submitted: boolean }[]; nonces: Map<bigint, bigint> }

/** In which order a batch's orders reach the pool: as signed (nonces ascending), reversed, or rotated by one. */
export type SubmissionOrder = 'signed' | 'reversed' | 'rotated'

/** Who submits a batch: the keeper account (an honest aggregator) or the hostile account. */
export type Aggregator = 'keeper' | 'hostile'

function walletOf(m: MarketRunModel): OrderWallet {
  m.orderWallet ??= { batches: [], nonces: new Map() }
  return m.orderWallet
}

function keyOf(r: MarketRun, address: string): Hex | undefined {
  return r.sim.chain.accounts.find((a) => a.address.toLowerCase() === address.toLowerCase())?.privateKey
}

/** Another account than `signer` with a key: the hostile account, another user, or the reporter. */
function strangerOf(m: MarketRunModel, r: MarketRun, signer: AddressHex, variant: number): AddressHex {
  const candidates = [
    ...(m.hostile === undefined ? [] : [m.hostile.address]),
    ...m.users.map((u) => u.address),
    r.sim.roles.reporter,
  ].filter((a) => a.toLowerCase() !== signer.toLowerCase() && keyOf(r, a) !== undefined)
  return candidates[variant % candidates.length] as AddressHex
}

/** Signs `entry` as its mutation says; the orders it puts in the batch (two for a duplicate). */
async function signEntry(m: MarketRunModel, r: MarketRun, entry: OrderEntry): Promise<WalletOrder[]> {
  const wallet = walletOf(m)
  const { model } = m
  const { mutation, variant } = entry
  if (mutation === 'replayed') {
    const earlier = wallet.batches.flatMap((b) => b.orders)
    const order = earlier[variant % Math.max(1, earlier.length)]
    if (order !== undefined) return [{ ...order, label: `replay of ${order.label}` }]
  }
  const user = resolveUser(m, entry.userIndex)
  const interval =
    mutation === 'pastInterval' ? Math.max(0, model.currentInterval - 1) : resolveInterval(model, entry.target)
  const next = wallet.nonces.get(user.tokenId) ?? 0n
  let nonce = next
  if (mutation === 'nonceReused' && next > 0n) nonce = BigInt(variant) % next
  else wallet.nonces.set(user.tokenId, next + 1n)
  const now = model.timestamp
  const deadline =
    mutation === 'expired'
      ? now - 1n - BigInt(variant % 100)
      : mutation === 'deadlineNow'
        ? now
        : mutation === 'pastInterval'
          ? now + model.config.intervalSeconds
          : model.intervalEnd(interval) - 1n
  const terms: OrderTerms = {
    tokenId: user.tokenId,
    interval,
    side: entry.side,
    energyWh: entry.energyWh,
    limitPriceWeiPerKWh: entry.limitPriceWeiPerKWh,
    nonce,
    deadline,
  }
  const signer = mutation === 'forged' ? strangerOf(m, r, user.address, variant) : user.address
  const domain = { chainId: r.sim.chain.chainId, pool: r.sim.contracts.pool.address }
  const signed = await signOrder(keyOf(r, signer) as Hex, domain, terms)
  const label = `profile ${user.tokenId} nonce ${nonce} ${entry.side} ${entry.energyWh} Wh @ ${entry.limitPriceWeiPerKWh}, interval ${interval}, ${mutation}`
  const order: WalletOrder = { signed, signer, label }
  switch (mutation) {
    case 'tampered': {
      // One more Wh than signed: the signature now recovers to some unrelated account.
      const tampered = { ...signed, word: signed.word + (1n << 80n) }
      const recovered = await recoverTypedDataAddress({
        domain: orderDomainOf(domain),
        types: ORDER_TYPES,
        primaryType: 'Order',
        message: { ...terms, energyWh: terms.energyWh + 1n, side: entry.side === 'consumption' ? 1 : 0 },
        signature: compactSignatureToSignature({ r: signed.r, yParityAndS: signed.vs }),
      })
      return [{ signed: tampered, signer: recovered, label }]
    }
    case 'badSignature':
      // r = 0 is no point of the curve: ECDSA recovers no one (a compact signature cannot carry a high s).
      return [{ signed: { ...signed, r: `0x${'0'.repeat(64)}` }, signer: undefined, label }]
    case 'malformed': {
      const word =
        variant % 3 === 0
          ? signed.word | (1n << 250n)
          : variant % 3 === 1
            ? (signed.word & ~(0xffn << 240n)) | (2n << 240n)
            : signed.word
      const malformedTerms = variant % 3 === 2 ? signed.terms | (1n << 200n) : signed.terms
      return [{ ...order, signed: { ...signed, word, terms: malformedTerms } }]
    }
    case 'duplicated':
      return [order, order]
    default:
      return [order]
  }
}

/** Throws unless the books of the intervals that `filed` orders went into hold the model's entries, in its order. */
async function expectSameBooks(
  command: MarketCommand,
  m: MarketRunModel,
  r: MarketRun,
  filed: readonly { orderId: bigint }[],
): Promise<void> {
  const { sim } = r
  const intervals = [...new Set(filed.map((f) => m.model.commitment(f.orderId)?.interval ?? -1))]
  for (const interval of intervals) {
    const s = m.model.interval(interval)
    const books = await Promise.all(
      BOOK_SIDES.map((side) =>
        sim.chain.call({
          ...sim.contracts.market,
          functionName: 'bookOf',
          args: [interval, BOOK_SIDES.indexOf(side), 0n, 2n ** 32n],
        }),
      ),
    )
    expectEqual(
      `${command} books of interval ${interval}`,
      BOOK_SIDES.map((side) => s[side]),
      books,
    )
  }
}

function reorder<T>(items: readonly T[], order: SubmissionOrder): T[] {
  if (order === 'reversed') return [...items].reverse()
  if (order === 'rotated' && items.length > 1) return [...items.slice(1), items[0] as T]
  return [...items]
}

/**
 * Submits `orders` as one batch from `aggregator` on the simulator and in the model: each order's
 * fate (filed with its id, or skipped with its reason) must be the model's, and so must every
 * nonce the batch names and the pool's order count; then the run checks everything it observes.
 * A batch that filed nothing must have changed nothing.
 */
async function submitBatch(
  command: MarketCommand,
  m: MarketRunModel,
  r: MarketRun,
  orders: readonly WalletOrder[],
  aggregator: Aggregator,
): Promise<void> {
  const { sim } = r
  const from = aggregator === 'hostile' && m.hostile !== undefined ? m.hostile.address : sim.roles.keeper
  const modelOrders: ModelSignedOrder[] = orders.map(({ signed, signer }) => ({ ...signed, signer }))
  const { predicted, actual } = await both(
    command.toString(),
    () => m.model.submitOrders(modelOrders),
    () =>
      sim.submitOrders(
        orders.map((o) => o.signed),
        { from },
      ),
  )
  if (actual.ok) {
    const outcomes = (r.stats.orderOutcomes ??= {})
    outcomes.filed = (outcomes.filed ?? 0) + actual.value.filed.length
    for (const { reason } of actual.value.skipped) outcomes[reason] = (outcomes[reason] ?? 0) + 1
  }
  if (predicted.ok && actual.ok) {
    expectEqual(`${command} filed and skipped orders`, predicted.value, {
      filed: actual.value.filed,
      skipped: actual.value.skipped,
    })
    const nonces = [
      ...new Set(orders.map((o) => `${o.signed.word & (2n ** 48n - 1n)}|${o.signed.terms & (2n ** 64n - 1n)}`)),
    ]
    const pool = sim.contracts.pool
    const used = await Promise.all(
      nonces.map((key) => {
        const [tokenId, nonce] = key.split('|').map(BigInt) as [bigint, bigint]
        return sim.chain.call({ ...pool, functionName: 'isNonceUsed', args: [tokenId, nonce] })
      }),
    )
    expectEqual(
      `${command} used nonces and order count`,
      [
        nonces.map((key) => {
          const [tokenId, nonce] = key.split('|').map(BigInt) as [bigint, bigint]
          return m.model.isNonceUsed(tokenId, nonce)
        }),
        BigInt(m.model.orderCount),
      ],
      [used, await sim.chain.call({ ...pool, functionName: 'orderCount' })],
    )
  }
  if (actual.ok && actual.value.filed.length > 0) await expectSameBooks(command, m, r, actual.value.filed)
  const tokens = [...new Set(orders.map((o) => o.signed.word & (2n ** 48n - 1n)))]
  await finish(
    m,
    r,
    command,
    {
      failedFirst: !actual.ok || actual.value.filed.length === 0,
      valueMovers: tokens,
      intervals: [...new Set(m.model.orders().map((o) => o.interval))],
      receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual),
    },
    actual,
  )
}

/**
 * Users sign orders (each as its {@link OrderMutation} says) and an aggregator submits them as
 * one batch through `sim.submitOrders`, in the order `submitted` says. With `drain`, that user
 * withdraws collateral between the signing and the submission (its own command, checked as
 * such): its consumer orders may no longer be covered. With `hold`, the first half of the orders
 * is signed first and kept back for a later {@link SubmitHeldOrdersCommand} (batches reach the
 * pool out of order); the rest is submitted now.
 *
 * @example
 * import { SubmitOrdersCommand } from 'dem-sim/testing'
 * new SubmitOrdersCommand({ entries: [{ userIndex: 0, target: { kind: 'relative', offset: 0 }, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 100n, mutation: 'none', variant: 0 }], submitted: 'signed', hold: false, aggregator: 'keeper' })
 */
export class SubmitOrdersCommand implements MarketCommand {
  constructor(
    readonly parameters: {
      entries: readonly OrderEntry[]
      submitted: SubmissionOrder
      drain?: { userIndex: number; amount: WithdrawAmount }
      hold: boolean
      aggregator: Aggregator
    },
  ) {}
  #resolved = ''
  check(m: Readonly<MarketRunModel>): boolean {
    return m.users.length > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const { entries, submitted, drain, hold, aggregator } = this.parameters
    const wallet = walletOf(m)
    const held = hold && entries.length > 1 ? entries.slice(0, Math.floor(entries.length / 2)) : []
    const heldOrders: WalletOrder[] = []
    for (const entry of held) heldOrders.push(...(await signEntry(m, r, entry)))
    if (heldOrders.length > 0) wallet.batches.push({ orders: heldOrders, submitted: false })
    const signed: WalletOrder[] = []
    for (const entry of entries.slice(held.length)) signed.push(...(await signEntry(m, r, entry)))
    const batch = reorder(signed, submitted)
    wallet.batches.push({ orders: batch, submitted: true })
    this.#resolved = ` → ${batch.map((o) => o.label).join('; ')}${heldOrders.length > 0 ? `; held ${heldOrders.length}` : ''}`
    if (drain !== undefined) await new WithdrawCollateralCommand(drain.userIndex, drain.amount).run(m, r)
    await submitBatch(this, m, r, batch, aggregator)
  }
  toString(): string {
    const { entries, submitted, drain, hold, aggregator } = this.parameters
    const list = entries
      .map(
        (e) =>
          `user#${e.userIndex} ${describeTarget(e.target)} ${e.side} ${e.energyWh} Wh @ ${e.limitPriceWeiPerKWh} ${e.mutation}/${e.variant}`,
      )
      .join(', ')
    const options = [
      submitted === 'signed' ? '' : `submitted ${submitted}`,
      drain === undefined ? '' : `user#${drain.userIndex} withdraws ${String(drain.amount)} before submission`,
      hold ? 'first half held back' : '',
      aggregator === 'keeper' ? '' : `by the ${aggregator} account`,
    ].filter((o) => o !== '')
    return `submitOrders([${list}]${options.length > 0 ? `, ${options.join(', ')}` : ''}${this.#resolved})`
  }
}

/**
 * Submits a batch signed earlier: one held back (it reaches the pool after batches signed later,
 * perhaps past its orders' deadlines or intervals), or, when none is held, one already submitted
 * again (a replay: what it filed then is skipped as a used nonce, what it skipped may file now).
 *
 * @example
 * import { SubmitHeldOrdersCommand } from 'dem-sim/testing'
 * new SubmitHeldOrdersCommand(0, 'signed', 'keeper')
 */
export class SubmitHeldOrdersCommand implements MarketCommand {
  constructor(
    readonly index: number,
    readonly submitted: SubmissionOrder,
    readonly aggregator: Aggregator,
  ) {}
  #resolved = ''
  check(m: Readonly<MarketRunModel>): boolean {
    return (m.orderWallet?.batches.length ?? 0) > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const { batches } = walletOf(m)
    const waiting = batches.filter((b) => !b.submitted)
    const pool = waiting.length > 0 ? waiting : batches
    const chosen = pool[this.index % pool.length] as OrderWallet['batches'][number]
    this.#resolved = ` → ${chosen.submitted ? 'replaying' : 'held'} ${chosen.orders.length} orders: ${chosen.orders.map((o) => o.label).join('; ')}`
    chosen.submitted = true
    await submitBatch(this, m, r, reorder(chosen.orders, this.submitted), this.aggregator)
  }
  toString(): string {
    return `submitHeldOrders(#${this.index}, ${this.submitted}${this.aggregator === 'keeper' ? '' : `, by the ${this.aggregator} account`}${this.#resolved})`
  }
}
