import type { CommitmentStatus, IntervalPhase, Side } from './types.js'

/** `IEnergyPool.Side`, in enum order. */
export const SIDES: readonly Side[] = ['production', 'consumption']

/** `IEnergyMarket.Phase`, in enum order. */
export const PHASES: readonly IntervalPhase[] = ['open', 'filing', 'tallying', 'paying', 'settled', 'expiring', 'expired']

/** `IEnergyMarket.CommitmentStatus`, in enum order (`none` for an unknown id). */
export const COMMITMENT_STATUSES: readonly (CommitmentStatus | 'none')[] = ['none', 'pending', 'filed', 'settled', 'expired']
