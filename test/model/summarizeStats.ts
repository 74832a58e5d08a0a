import type { MarketRunStats } from '../../src/testing/index.js'

/** A few lines saying how much a property test covered and how fast. */
export function summarizeStats(title: string, s: MarketRunStats): string {
  const seconds = s.elapsedMs / 1000
  const top = (record: Record<string, number>, n: number) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
  return [
    `${title}: ${s.runs} runs, ${s.commands} commands, ${s.transactions} transactions in ${seconds.toFixed(1)} s`,
    `  ${(s.commands / seconds).toFixed(1)} commands/s, ${(s.transactions / seconds).toFixed(1)} transactions/s; ${((100 * s.observeMs) / s.elapsedMs).toFixed(0)}% of the time reading the chain (${s.observations} observations, ${s.fullObservations} full)`,
    `  ${s.failedCommands} commands failed as predicted; ${s.settledIntervals} intervals settled (${s.tradingIntervals} trading), ${s.settledCommitments} commitments settled`,
    `  commands: ${top(s.byCommand, 30)}`,
    `  errors: ${top(s.byError, 40)}`,
    ...(s.orderOutcomes === undefined
      ? []
      : [
          `  signed orders: ${top(s.orderOutcomes, 20)}; ${s.settledOrders ?? 0} settled (${s.tradedOrders ?? 0} traded)`,
        ]),
    ...griefing(s),
  ].join('\n')
}

/** The worst griefing of the keeper the hostile account managed, when it interfered at all. */
function griefing(s: MarketRunStats): string[] {
  const w = s.worstGriefing
  const expired = s.griefedExpired ?? 0
  if (w === undefined && expired === 0) return []
  const worst =
    w === undefined
      ? 'none on an interval that settled'
      : `attacker ${w.attackerGas} gas / keeper ${w.keeperGas} gas = ${(Number(w.attackerGas) / Number(w.keeperGas)).toFixed(3)} (interval ${w.interval}; keeper gas: its whole preparation of the interval, so the ratio is a lower bound)`
  return [`  worst griefing of the keeper: ${worst}; ${expired} griefed intervals expired unsettled`]
}
