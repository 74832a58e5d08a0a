import type { Side } from '../../market/types.js'
import type { ClearingOutcome, ClearingReadings } from '../../mechanisms/clearing.js'
import type { IntervalPhase } from '../../mechanisms/contractEnums.js'
import type { MarketModelConfig, ModelCommitment, ModelProfile, ModelRound, ModelTotals } from '../types.js'

/** The three feeds the market reads. */
export type FeedName = 'price' | 'produced' | 'consumed'

/** One commitment's outcome at settlement, in the order the contract emits `CommitmentSettled`. */
export type ModelTrade = {
  commitmentId: bigint
  tokenId: bigint
  side: Side
  energyWh: bigint
  amountWei: bigint
}

/**
 * A filed signed order as the model keeps it: a book entry like a commitment, under its order id
 * (from 2^31), with the nonce it used. It never sat in the buffer.
 */
export type ModelOrder = ModelCommitment & { nonce: bigint }

/** Who receives ETH that a profile's collateral withdrawal sends, for modelling contract recipients. */
export type ReceiveHook = (amountWei: bigint) => void

/** A keeper event as the model reads it: its name and decoded arguments. */
export type ProgressLog = { eventName?: string | undefined; args?: Readonly<Record<string, unknown>> | undefined }

/** An interval as the model keeps it: its phase, its books, its readings and what is settled so far. */
export type ModelInterval = {
  phase: IntervalPhase
  /** Filed commitment ids per side, in filing order. */
  producers: bigint[]
  consumers: bigint[]
  /** Commitments created before this id belong to the settlement (set when it starts). */
  barrier: number
  readings: Omit<ClearingReadings, 'deliveredWh'> | undefined
  /** The clearing rule's outcome, once the book is complete. */
  outcome: ClearingOutcome | undefined
  /** Filed commitments settled or released so far. */
  closed: Set<bigint>
  paidWei: bigint
  receivedWei: bigint
}

/** Everything a transaction may change: copied whole before each, and put back when it fails. */
export type ModelState = {
  timestamp: bigint
  lastTokenId: bigint
  profiles: Map<bigint, ModelProfile>
  /** `${owner}|${operator}` for every ERC-721 operator approval. */
  operators: Set<string>
  commitments: ModelCommitment[]
  bufferCursor: number
  /** Filed signed orders by order id. */
  orders: Map<bigint, ModelOrder>
  /** Order ids given out so far (the pool's `orderCount`). */
  orderCount: number
  /** `${tokenId}|${nonce}` of every filed order. */
  usedNonces: Set<string>
  intervals: Map<number, ModelInterval>
  totals: Map<number, ModelTotals>
  rounds: Record<FeedName, ModelRound[]>
  /** Per interval, each profile's reported delivery (mechanisms with a meter). */
  deliveries: Map<number, Map<bigint, bigint>>
  /** Intervals whose deliveries the reporter finalized. */
  finalized: Set<number>
  /** `${interval}|${tokenId}` of every filed production commitment (one per profile and interval where the mechanism says so). */
  producing: Set<string>
  clearingWei: bigint
  /** ETH balances of every account the model knows, the contracts included. */
  balances: Map<string, bigint>
  /** Intervals any operation named, so observations cover them. */
  touched: Set<number>
}

/** A market just deployed: no profiles, no commitments, the contracts holding nothing. */
export function createModelState(timestamp: bigint, addresses: MarketModelConfig['addresses']): ModelState {
  return {
    timestamp,
    lastTokenId: 0n,
    profiles: new Map(),
    operators: new Set(),
    commitments: [],
    bufferCursor: 0,
    orders: new Map(),
    orderCount: 0,
    usedNonces: new Set(),
    intervals: new Map(),
    totals: new Map(),
    rounds: { price: [], produced: [], consumed: [] },
    deliveries: new Map(),
    finalized: new Set(),
    producing: new Set(),
    clearingWei: 0n,
    balances: new Map<string, bigint>([
      [addresses.profile, 0n],
      [addresses.pool, 0n],
      [addresses.market, 0n],
    ]),
    touched: new Set(),
  }
}

/** A copy of `s` that shares nothing mutable with it. */
export function cloneModelState(s: ModelState): ModelState {
  return {
    timestamp: s.timestamp,
    lastTokenId: s.lastTokenId,
    profiles: new Map([...s.profiles].map(([k, v]) => [k, { ...v }])),
    operators: new Set(s.operators),
    commitments: s.commitments.map((c) => ({ ...c })),
    bufferCursor: s.bufferCursor,
    orders: new Map([...s.orders].map(([k, v]) => [k, { ...v }])),
    orderCount: s.orderCount,
    usedNonces: new Set(s.usedNonces),
    intervals: new Map(
      [...s.intervals].map(([k, v]) => [
        k,
        { ...v, producers: [...v.producers], consumers: [...v.consumers], closed: new Set(v.closed) },
      ]),
    ),
    totals: new Map([...s.totals].map(([k, v]) => [k, { ...v }])),
    rounds: { price: [...s.rounds.price], produced: [...s.rounds.produced], consumed: [...s.rounds.consumed] },
    deliveries: new Map([...s.deliveries].map(([k, v]) => [k, new Map(v)])),
    finalized: new Set(s.finalized),
    producing: new Set(s.producing),
    clearingWei: s.clearingWei,
    balances: new Map(s.balances),
    touched: new Set(s.touched),
  }
}

/** An interval no operation has touched: open, with empty books. */
export function emptyInterval(): ModelInterval {
  return {
    phase: 'open',
    producers: [],
    consumers: [],
    barrier: 0,
    readings: undefined,
    outcome: undefined,
    closed: new Set(),
    paidWei: 0n,
    receivedWei: 0n,
  }
}

/** An interval's aggregates before anything was committed or metered. */
export function emptyTotals(): ModelTotals {
  return { committedProductionWh: 0n, committedConsumptionWh: 0n, producedWh: 0n, consumedWh: 0n, tradedWh: 0n }
}
