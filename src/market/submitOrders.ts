import { EnergyPool, ISignedOrders } from '../artifacts/index.js'
import type { Chain } from '../chain/createChain.js'
import { InvalidArgumentError } from '../chain/errors.js'
import type { AddressHex, Receipt } from '../chain/types.js'
import { describeValue } from '../errors/describeValue.js'
import { SIDES } from '../mechanisms/contractEnums.js'
import type { OrderSegments } from '../mechanisms/createOrderSegments.js'
import type { GasRecorder } from '../mechanisms/MarketMechanism.js'
import { KEEPER_BATCHES } from './keeperBatches.js'
import { OrderBatchTooLargeError } from './OrderBatchTooLargeError.js'
import { type OrderTerms, type SignedOrder, signOrder } from './signOrder.js'
import type { CommitParameters, User } from './types.js'

/** Why the pool skipped an order (`ISignedOrders.OrderSkipReason`, first letter lower-cased). */
export type OrderSkipReason = Uncapitalize<(typeof ISignedOrders.enums.OrderSkipReason)[number]>

/**
 * `ISignedOrders.OrderSkipReason`, in enum order: generated from the compiler's AST with the artifacts.
 *
 * @example
 * import { ORDER_SKIP_REASONS } from 'dem-sim'
 * const reason = ORDER_SKIP_REASONS[Number(log.args.reason)]
 */
export const ORDER_SKIP_REASONS: readonly OrderSkipReason[] = ISignedOrders.enums.OrderSkipReason.map(
  (name) => (name.charAt(0).toLowerCase() + name.slice(1)) as OrderSkipReason,
)

/**
 * An order a simulator signs for its user: a commitment's terms, a nonce (default: the user's next
 * one) and a deadline (default: the last second of its interval).
 */
export type OrderParameters = CommitParameters & { user: User; nonce?: bigint; deadline?: bigint }

/** An order filed into its interval's book under `orderId` (from 2^31, above every commitment id). */
export type FiledOrder = { index: number; orderId: bigint; tokenId: bigint }

/** An order the pool skipped, and why; nothing of it changed. */
export type SkippedOrder = { index: number; tokenId: bigint; nonce: bigint; reason: OrderSkipReason }

export type SubmitOrdersResult = {
  receipt: Receipt
  filed: FiledOrder[]
  skipped: SkippedOrder[]
}

/** What submitting needs from a simulator. */
export type OrderSubmitter = {
  chain: Chain
  gas: GasRecorder
  pool: AddressHex
  orders: OrderSegments
  intervalSeconds: bigint
  startTime: bigint
  roles: { keeper: AddressHex }
  /** Throws for a user that is not the simulator's. */
  checkUser(user: User): void
}

const MAX_UINT64 = 2n ** 64n - 1n

/**
 * Submits signed orders in one batch (`EnergyPool.submitOrders`) from `from`, an aggregator
 * (default the keeper account; the pool takes batches from anyone). An order given by its terms is
 * signed with its user's key (EIP-712, viem's `signTypedData`), its nonce by default the user's
 * next, its deadline the last second of its interval; a signed order is sent as it is. Each good
 * order is filed, each bad one skipped with its reason, never the batch; the filed segment is kept
 * in `submitter.orders` for the keeper. Every entry is checked first: bad input throws and sends nothing.
 *
 * @param submitter the simulator
 * @param entries at most `KEEPER_BATCHES.orders.max` orders
 * @param from who sends the batch
 * @returns the receipt, the filed orders with their ids, the skipped ones with their reasons
 * @throws {OrderBatchTooLargeError} for a batch over the largest that fits a transaction
 * @throws {InvalidArgumentError} for a malformed entry or an unknown user
 * @example
 * const { filed, skipped } = await sim.submitOrders([{ user, interval: 0, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 100n }])
 */
export async function submitOrders(
  submitter: OrderSubmitter,
  entries: readonly (OrderParameters | SignedOrder)[],
  from: AddressHex = submitter.roles.keeper,
): Promise<SubmitOrdersResult> {
  if (!Array.isArray(entries) || entries.length === 0)
    throw new InvalidArgumentError(`orders must be a non-empty array, got ${describeValue(entries)}`)
  const maxOrders = KEEPER_BATCHES.orders.max
  if (entries.length > maxOrders) throw new OrderBatchTooLargeError(entries.length, maxOrders)
  const prepared = entries.map((entry, index) => prepare(submitter, entry, index))
  const domain = { chainId: submitter.chain.chainId, pool: submitter.pool }
  const signed: SignedOrder[] = []
  for (const entry of prepared) {
    if ('word' in entry) {
      signed.push(entry)
      continue
    }
    const { user, order } = entry
    const terms: OrderTerms = {
      tokenId: user.tokenId,
      interval: order.interval,
      side: order.side,
      energyWh: order.energyWh,
      limitPriceWeiPerKWh: order.limitPriceWeiPerKWh,
      nonce: order.nonce ?? submitter.orders.takeNonce(user.tokenId),
      deadline: order.deadline ?? submitter.startTime + BigInt(order.interval + 1) * submitter.intervalSeconds - 1n,
    }
    signed.push(await signOrder(keyOf(submitter, user), domain, terms))
  }
  const { receipt } = await submitter.chain.send({
    address: submitter.pool,
    abi: EnergyPool.abi,
    functionName: 'submitOrders',
    args: [signed],
    from,
  })
  submitter.gas.record('submitOrders', receipt, { batched: true })
  return { receipt, ...outcomeOf(submitter.orders, receipt, signed.length) }
}

type Prepared = SignedOrder | { user: User; order: OrderParameters }

function prepare(submitter: OrderSubmitter, entry: OrderParameters | SignedOrder, index: number): Prepared {
  if (entry !== null && typeof entry === 'object' && 'word' in entry) return checkSigned(entry, index)
  if (entry === null || typeof entry !== 'object')
    throw new InvalidArgumentError(`orders[${index}] must be an order or a signed order, got ${describeValue(entry)}`)
  const { user, interval, energyWh, side, limitPriceWeiPerKWh, nonce, deadline } = entry
  keyOf(submitter, user)
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 0 || interval > 2 ** 32 - 1)
    throw new InvalidArgumentError(
      `orders[${index}].interval must be an integer from 0 to 2^32 − 1, got ${describeValue(interval)}`,
    )
  checkUint(energyWh, `orders[${index}].energyWh`, MAX_UINT64)
  checkUint(limitPriceWeiPerKWh, `orders[${index}].limitPriceWeiPerKWh`, 2n ** 96n - 1n)
  if (!SIDES.includes(side))
    throw new InvalidArgumentError(
      `orders[${index}].side must be 'production' or 'consumption', got ${describeValue(side)}`,
    )
  if (nonce !== undefined) checkUint(nonce, `orders[${index}].nonce`, MAX_UINT64)
  if (deadline !== undefined) checkUint(deadline, `orders[${index}].deadline`, MAX_UINT64)
  return { user, order: entry }
}

function checkSigned(entry: SignedOrder, index: number): SignedOrder {
  const hex32 = (value: unknown) => typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value)
  const { word, terms, r, vs } = entry
  if (
    typeof word !== 'bigint' ||
    typeof terms !== 'bigint' ||
    word < 0n ||
    terms < 0n ||
    word >= 2n ** 256n ||
    terms >= 2n ** 256n ||
    !hex32(r) ||
    !hex32(vs)
  )
    throw new InvalidArgumentError(
      `orders[${index}] must be { word, terms } (uint256 bigints) with r and vs (32-byte hex), got ${describeValue(entry)}`,
    )
  return { word, terms, r, vs }
}

/** The key of one of the simulator's users. */
function keyOf(submitter: OrderSubmitter, user: User): `0x${string}` {
  submitter.checkUser(user)
  const account = submitter.chain.accounts.find((a) => a.address.toLowerCase() === user.address.toLowerCase())
  if (account === undefined) throw new InvalidArgumentError(`no key for ${user.address}: it cannot sign orders`)
  return account.privateKey
}

function checkUint(value: unknown, what: string, max: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > max)
    throw new InvalidArgumentError(`${what} must be a bigint from 0 to ${max}, got ${describeValue(value)}`)
}

/** The filed orders (from `OrdersFiled`, whose segment the store keeps) and the skipped ones. */
function outcomeOf(orders: OrderSegments, receipt: Receipt, count: number): Omit<SubmitOrdersResult, 'receipt'> {
  const filed: FiledOrder[] = []
  const skipped: SkippedOrder[] = []
  const skippedIndexes = new Set<number>()
  for (const log of receipt.logs) {
    if (log.eventName === 'OrderSkipped' && log.args !== undefined) {
      const index = Number(log.args.index as bigint)
      const reason = ORDER_SKIP_REASONS[Number(log.args.reason)] as OrderSkipReason
      // A second production was a candidate of the segment (its word there is zero); the rest never were.
      if (reason !== 'secondProduction') skippedIndexes.add(index)
      skipped.push({ index, tokenId: log.args.tokenId as bigint, nonce: log.args.nonce as bigint, reason })
    }
  }
  for (const log of receipt.logs) {
    if (log.eventName !== 'OrdersFiled' || log.args === undefined) continue
    const segment = log.args.segment as readonly bigint[]
    orders.add(segment)
    const firstId = (segment[0] as bigint) & 0xffffffffn
    const indexes = [...Array(count).keys()].filter((index) => !skippedIndexes.has(index))
    segment.slice(1).forEach((word, k) => {
      if (word !== 0n)
        filed.push({ index: indexes[k] as number, orderId: firstId + BigInt(k), tokenId: word & (2n ** 48n - 1n) })
    })
  }
  skipped.sort((a, b) => a.index - b.index)
  return { filed, skipped }
}
