import type { AddressHex } from '../chain/types.js'
import type { CommitmentState, CommitmentStatus, IntervalPhase, Side } from '../market/types.js'
import type { MarketTerms } from '../mechanisms/clearing.js'

export { COMMITMENT_STATUSES, PHASES } from '../mechanisms/contractEnums.js'

/** The zero address, lower case like every address the model keeps. */
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as AddressHex

/** Everything the model needs to know about the deployed market it mirrors. */
export type MarketModelConfig = {
  startTime: bigint
  intervalSeconds: bigint
  gracePeriodSeconds: bigint
  priceDecimals: number
  energyDecimals: number
  /** The clock of the block the next transaction is mined in. */
  timestamp: bigint
  /** Starting balance of every account the simulator creates. */
  accountBalanceWei: bigint
  /** Commitments below this size are released at filing (the market's `minEnergyWh`). */
  minEnergyWh: bigint
  /** The market's fixed terms, as the mechanism's clearing rule takes them. */
  terms: MarketTerms
  addresses: {
    profile: AddressHex
    pool: AddressHex
    market: AddressHex
    priceFeed: AddressHex
    producedFeed: AddressHex
    consumedFeed: AddressHex
    owner: AddressHex
    reporter: AddressHex
    keeper: AddressHex
    /** The meter: metered energy and each profile's delivery. */
    meter: AddressHex
  }
}

/** A profile as the model keeps it. Addresses are lower case. */
export type ModelProfile = {
  tokenId: bigint
  owner: AddressHex
  /** Zero when not escrowed in the pool. */
  depositor: AddressHex
  /** ERC-721 single-token approval; zero when none. */
  approved: AddressHex
  collateralWei: bigint
  lockedWei: bigint
  openCommitments: number
  location: number
  energyType: number
}

/** A commitment as the model keeps it. */
export type ModelCommitment = Omit<CommitmentState, 'status'> & {
  /** Expired while still in the buffer (its interval was past end + grace period). */
  expiredInBuffer: boolean
}

/**
 * Where an interval's settlement stands, in terms every mechanism shares: `settling` covers each
 * market's own intermediate phases (filing, tallying, ranking, paying), which are its business.
 */
export type IntervalStage = 'open' | 'settling' | 'settled' | 'expiring' | 'expired'

/** The stage of a market phase. */
export function stageOf(phase: IntervalPhase): IntervalStage {
  if (phase === 'open' || phase === 'settled' || phase === 'expiring' || phase === 'expired') return phase
  return 'settling'
}

/** An interval's aggregates, as `EnergyPool.intervalTotalsOf` returns them. */
export type ModelTotals = {
  committedProductionWh: bigint
  committedConsumptionWh: bigint
  producedWh: bigint
  consumedWh: bigint
  tradedWh: bigint
}

/** One round of a feed. */
export type ModelRound = { answer: bigint; updatedAt: bigint }

/** What a test observes of the market, on chain or in the model: the same shape either way. */
export type MarketObservation = {
  timestamp: bigint
  lastTokenId: bigint
  commitmentCount: bigint
  bufferCursor: bigint
  /** ETH held by the profile contract, the pool and the market. */
  heldWei: { profile: bigint; pool: bigint; market: bigint }
  /** The profile contract's clearing account (value in flight and a mechanism's surplus). */
  clearingWei: bigint
  profiles: ProfileObservation[]
  commitments: CommitmentObservation[]
  intervals: IntervalObservation[]
  /** ETH balance of each observed account (lower-case address). */
  balances: Record<string, bigint>
  /** Present unless the scope left the feeds out. */
  feeds?: { price: FeedObservation; produced: FeedObservation; consumed: FeedObservation }
}

export type ProfileObservation = {
  tokenId: bigint
  collateralWei: bigint
  lockedWei: bigint
  openCommitments: number
  location: number
  energyType: number
  /** Present when ownership was observed. Lower case. */
  owner?: string
  depositor?: string
  approved?: string
}

export type CommitmentObservation = {
  commitmentId: bigint
  status: CommitmentStatus | 'none'
  /** Present when the terms were observed. */
  tokenId?: bigint
  interval?: number
  side?: Side
  energyWh?: bigint
  limitPriceWeiPerKWh?: bigint
  lockedWei?: bigint
}

/** An interval's stage with the pool's aggregates (`intervalTotalsOf`). */
export type IntervalObservation = {
  interval: number
  stage: IntervalStage
  totals: ModelTotals
}

export type FeedObservation = { roundId: bigint; answer: bigint; updatedAt: bigint }

/** Which parts of the state to observe; the model answers for exactly the same parts. */
export type ObservationScope = {
  /** Profiles to read; all when omitted. */
  tokenIds?: readonly bigint[]
  /** Read owner, depositor and approval too: for every profile read (`true`) or for these. */
  ownership?: boolean | readonly bigint[]
  /** Commitments to read; all when omitted. */
  commitmentIds?: readonly bigint[]
  /** Read each commitment's terms, not only its status: for every commitment read (`true`) or for these. */
  commitmentTerms?: boolean | readonly bigint[]
  intervals: readonly number[]
  /** Accounts whose ETH balance to read. */
  accounts: readonly string[]
  /** Read the feeds' latest rounds. Default true. */
  feeds?: boolean
}

/** Whether `scope` asks for an optional part of item `key`. */
export function scopeIncludes<T>(flag: boolean | readonly T[] | undefined, key: T): boolean {
  return flag === true || (Array.isArray(flag) && flag.includes(key))
}
