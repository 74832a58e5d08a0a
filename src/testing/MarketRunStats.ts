/** Counters of a run, summed over runs by {@link MarketRunStats}. */
export type MarketRunStats = {
  runs: number
  commands: number
  transactions: number
  failedCommands: number
  observations: number
  fullObservations: number
  /** Intervals settled, and those of them that traded energy; commitments settled. */
  settledIntervals: number
  tradingIntervals: number
  settledCommitments: number
  /** Wall time in commands and their checks, ms, and the part of it spent reading the chain. */
  elapsedMs: number
  observeMs: number
  /**
   * The worst griefing of a keeper found: on the interval where the hostile account's out-of-turn
   * keeper calls (a stranger's ranking) cost it the least gas against the gas of the keeper's own
   * preparation of that interval (its ranking and resets), both; undefined when none was found.
   */
  worstGriefing?: GriefingRecord | undefined
  /** Intervals whose preparation the hostile account interfered with and that expired unsettled. */
  griefedExpired?: number
  /** Commands by name. */
  byCommand: Record<string, number>
  /** Failed commands by error name. */
  byError: Record<string, number>
  /** Signed orders submitted, by what became of each: `filed`, or the reason the pool skipped it. */
  orderOutcomes?: Record<string, number>
  /** Filed signed orders settled, and those of them that traded energy (counted once any order settled). */
  settledOrders?: number
  tradedOrders?: number
}

/** A griefer's gas against the keeper's on one interval (see {@link MarketRunStats.worstGriefing}). */
export type GriefingRecord = { interval: number; attackerGas: bigint; keeperGas: bigint }

/**
 * Counters all zero, for a runner's statistics.
 *
 * @returns a fresh {@link MarketRunStats}
 * @example
 * import { createRunStats } from 'dem-sim/testing'
 * const stats = createRunStats()
 */
export function createRunStats(): MarketRunStats {
  return {
    runs: 0,
    commands: 0,
    transactions: 0,
    failedCommands: 0,
    observations: 0,
    fullObservations: 0,
    settledIntervals: 0,
    tradingIntervals: 0,
    settledCommitments: 0,
    elapsedMs: 0,
    observeMs: 0,
    byCommand: {},
    byError: {},
  }
}
