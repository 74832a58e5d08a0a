/** Which side of the market a commitment is on. */
export type Side = 'production' | 'consumption'

/** Where a commitment is. */
export type CommitmentStatus = 'pending' | 'filed' | 'settled' | 'expired'

/** Where an interval's settlement is (each mechanism's market uses the phases it needs). */
export type IntervalPhase = 'open' | 'filing' | 'tallying' | 'ranking' | 'paying' | 'settled' | 'expiring' | 'expired'

/** `IEnergyPool.Side`, in enum order. */
export const SIDES: readonly Side[] = ['production', 'consumption']

/** `IEnergyMarket.Phase`, in enum order. */
export const PHASES: readonly IntervalPhase[] = [
  'open',
  'filing',
  'tallying',
  'paying',
  'settled',
  'expiring',
  'expired',
]

/** `IEnergyMarket.CommitmentStatus`, in enum order (`none` for an unknown id). */
export const COMMITMENT_STATUSES: readonly (CommitmentStatus | 'none')[] = [
  'none',
  'pending',
  'filed',
  'settled',
  'expired',
]
