import type { AddressHex, Receipt } from '../chain/types.js'
import type { CommitmentStatus, IntervalPhase, Side } from '../mechanisms/contractEnums.js'

export type { CommitmentStatus, IntervalPhase, Side }

/** A prosumer: the account that registered a profile and the profile's token id. */
export type User = {
  readonly address: AddressHex
  readonly tokenId: bigint
}

/** A profile's on-chain state. */
export type ProfileState = {
  tokenId: bigint
  /** The account that owns the NFT: the pool while the profile is deposited. */
  owner: AddressHex
  /** The account acting for the profile: its depositor while in the pool, else its owner. */
  controller: AddressHex
  deposited: boolean
  location: number
  energyType: number
  /** All ETH the profile holds. */
  collateralWei: bigint
  /** The part backing open consumption commitments. */
  lockedWei: bigint
  /** `collateralWei - lockedWei`: what can be withdrawn or locked by a new commitment. */
  availableWei: bigint
  openCommitments: number
}

/** A commitment as the contracts hold it. */
export type CommitmentState = {
  commitmentId: bigint
  tokenId: bigint
  interval: number
  side: Side
  energyWh: bigint
  limitPriceWeiPerKWh: bigint
  /** Collateral a consumer locked at commit time: ceil(energyWh × limit / 1000). Zero for producers. */
  lockedWei: bigint
  status: CommitmentStatus
}

/** An interval's aggregates in the pool and its settlement record in the market. */
export type IntervalState = {
  interval: number
  phase: IntervalPhase
  committedProductionWh: bigint
  committedConsumptionWh: bigint
  /** Metered energy read from the feeds at settlement (zero before). */
  producedWh: bigint
  consumedWh: bigint
  tradedWh: bigint
  /** The uniform price once cleared, wei per kWh scaled by `priceDecimals` (0 for a mechanism without one). */
  price: bigint
  priceDecimals: number
}

/** Parameters of {@link DemSimulator.commit}. */
export type CommitParameters = {
  /** The current interval or a later one. */
  interval: number
  energyWh: bigint
  side: Side
  /** A producer's lowest, or a consumer's highest, acceptable price (wei per kWh). */
  limitPriceWeiPerKWh: bigint
}

/** The result of an operation that is a single transaction. */
export type OperationResult = {
  receipt: Receipt
}

export type CommitResult = OperationResult & {
  commitmentId: bigint
  /** Collateral locked by this commitment (consumers only). */
  lockedWei: bigint
}

/** One commitment's outcome at settlement. */
export type Trade = {
  commitmentId: bigint
  tokenId: bigint
  side: Side
  /** Energy it sold or bought; zero when out of the money or unmatched. */
  energyWh: bigint
  /** What it paid (consumer) or received (producer), wei. */
  amountWei: bigint
}

export type SettleResult = {
  interval: number
  /** The uniform price, wei per kWh scaled by `priceDecimals`; 0 for a mechanism without one. */
  price: bigint
  priceDecimals: number
  /** The counted energy of the commitments the clearing admitted (producers at most their delivery). */
  supplyWh: bigint
  demandWh: bigint
  /** Metered energy from the oracle. */
  producedWh: bigint
  consumedWh: bigint
  /** At most min(supply, demand, produced, consumed). */
  tradedWh: bigint
  /** Σ paid by consumers (= Σ received by producers + `surplusWei`). */
  tradedValueWei: bigint
  /** Σ received by producers. */
  receivedWei: bigint
  /** What the market kept: pay-as-bid's spread, zero otherwise. */
  surplusWei: bigint
  trades: Trade[]
  receipts: Receipt[]
}

export type ProcessBufferResult = {
  /** How many commitments left the buffer (filed or expired). */
  processed: number
  /** Ids of commitments that expired in this call. */
  expired: bigint[]
  receipts: Receipt[]
}

/** Readings the oracle reporter publishes for the interval that closed last. */
export type OracleReadings = {
  /** Published only for mechanisms that read the price feed; ignored by the others. */
  priceWeiPerKWh?: bigint
  producedWh?: bigint
  consumedWh?: bigint
  /**
   * Each producer's own metered delivery (by profile token id).
   * Default: every producer delivered what it committed for the interval.
   */
  deliveredWh?: ReadonlyMap<bigint, bigint>
}
