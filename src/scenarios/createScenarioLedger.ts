import { TransactionRevertedError } from '../chain/errors.js'
import type { OrderSkipReason } from '../market/submitOrders.js'
import { DemError } from '../errors/DemError.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import type { Side } from '../market/types.js'
import type { Household } from './createHouseholds.js'
import { emptyHouseholdRecord, type HouseholdRecord } from './HouseholdRecord.js'
import { settleInterval, type CommitmentIndex, type SettleIntervalResult } from './settleInterval.js'
import { type QueuedOrder, submitBatchedOrders } from './submitBatchedOrders.js'
import type { CheckedDecision } from './strategies/checkDecision.js'
import type { ClearingPrice } from './strategies/types.js'
import type { CommitmentRefusal, IntervalOutcome, Scenario, ScenarioResult } from './types.js'

/** Skip reasons that stand for what a direct commitment meets at filing: released, trading nothing, not refused. */
const RELEASED_AT_FILING: ReadonlySet<OrderSkipReason> = new Set(['belowMinimum', 'secondProduction'])

/** What a run knows of a closed interval until it settles. */
export type UnsettledInterval = Pick<
  IntervalOutcome,
  'interval' | 'hour' | 'commitments' | 'committedProductionWh' | 'committedConsumptionWh' | 'processBufferTransactions'
>

/** What the runner knows of one of its commitments until its interval settles. */
type OwnCommitment = { household: Household; interval: number; side: Side; energyWh: bigint; lockWei: bigint }

/** The run's committed totals of one interval. */
export type CommittedTotals = { commitments: number; productionWh: bigint; consumptionWh: bigint }

export type ScenarioLedgerParameters = {
  sim: DemSimulator
  scenario: Scenario
  households: readonly Household[]
  /** The chain's interval number of the run's interval 0. */
  base: number
  timing: ScenarioResult['timing']
  /** Called after each interval settles, with its number on chain. */
  settledInterval: (interval: number) => void
}

/**
 * The books of a run: every household's record of every interval, the commitments it sent (and
 * the collateral they lock) until their interval settles, the intervals waiting for settlement,
 * and what settled (interval outcomes, clearing prices) or was refused.
 */
export type ScenarioLedger = {
  /** Household `household`'s record of the run's interval `i` (made empty on first use). */
  recordOf(household: Household, i: number): HouseholdRecord
  /** Sends a household's checked commitments, decided in the run's interval `i`; a refusable one the market refuses is recorded. */
  send(household: Household, decision: CheckedDecision, i: number): Promise<void>
  /** Submits the orders of batched groups that {@link ScenarioLedger.send} queued, in batches of each group's size. */
  submitPending(): Promise<void>
  /** Each producer's own delivery in the run's interval `i`, when it differs from what it committed (the meter's default). */
  deliveriesOf(i: number, exportWh: readonly bigint[]): Map<bigint, bigint> | undefined
  /** The run's committed totals of interval `i`. */
  committed(i: number): CommittedTotals
  /** Queues a closed interval for settlement. */
  close(interval: UnsettledInterval): void
  /** Settles every queued interval that is due (all of them with `all`), adding the records completed to `completed`. */
  settleDue(completed: HouseholdRecord[], options?: { all?: boolean }): Promise<void>
  readonly outcomes: IntervalOutcome[]
  readonly clearingPrices: ClearingPrice[]
  readonly refusals: CommitmentRefusal[]
  /** Every record made so far, interval-major. */
  records(): HouseholdRecord[]
}

/**
 * A run's ledger (see {@link ScenarioLedger}). Settlement applies each trade to the record of the
 * interval its commitment was for, and releases every lock of the settled interval, traded or not.
 *
 * @param parameters the market, the scenario, the households and where timings go
 * @returns an empty ledger
 */
export function createScenarioLedger(parameters: ScenarioLedgerParameters): ScenarioLedger {
  const { sim, scenario, households, base, timing, settledInterval } = parameters
  const intervalCount = scenario.intervals
  const open: CommitmentIndex = new Map()
  /** What the runner knows of each of its commitments, and each run interval's commitment ids. */
  const mine = new Map<bigint, OwnCommitment>()
  const byInterval: bigint[][] = Array.from({ length: intervalCount }, () => [])
  const committed: CommittedTotals[] = Array.from({ length: intervalCount }, () => ({
    commitments: 0,
    productionWh: 0n,
    consumptionWh: 0n,
  }))
  const rows: (HouseholdRecord[] | undefined)[] = new Array(intervalCount)
  const outcomes: IntervalOutcome[] = []
  const clearingPrices: ClearingPrice[] = []
  const refusals: CommitmentRefusal[] = []
  const unsettled: UnsettledInterval[] = []
  // A mechanism whose readings become final only later settles each interval that many intervals on.
  const lag = sim.mechanism.settlementLagIntervals
  const unscale = sim.mechanism.readsPriceFeed ? 10n ** BigInt(sim.priceDecimals) : 1n

  const recordOf = (household: Household, i: number): HouseholdRecord => {
    let row = rows[i]
    if (row === undefined) {
      row = households.map((h) => emptyHouseholdRecord(h.index, i, h.strategyName))
      rows[i] = row
    }
    return row[household.index] as HouseholdRecord
  }

  const settleOne = async (due: UnsettledInterval, completed: HouseholdRecord[]) => {
    const j = due.interval - base
    const t = performance.now()
    const batches = { maxItems: scenario.keeper.settleBatch, processBatch: scenario.keeper.processBatch }
    const settled = await settleInterval(sim, due.interval, batches, open)
    timing.settleMs += performance.now() - t
    for (const trade of settled.trades) {
      const known = mine.get(trade.commitmentId)
      if (known !== undefined) applyTrade(recordOf(known.household, known.interval), known.household, trade)
    }
    // Settlement releases every lock of the interval, traded or not.
    for (const id of byInterval[j] ?? []) {
      const known = mine.get(id)
      if (known === undefined) continue
      known.household.lockedWei -= known.lockWei
      mine.delete(id)
    }
    const priceWeiPerKWh = settled.price / unscale
    outcomes.push(intervalOutcome(due, settled, priceWeiPerKWh))
    clearingPrices.push({ interval: j, priceWeiPerKWh })
    for (const h of households) {
      const record = recordOf(h, j)
      h.settled.push(record)
      completed.push(record)
    }
    settledInterval(due.interval)
  }

  const filed = ({ h, c, i }: QueuedOrder, id: bigint, lockWei: bigint, gasUsed: bigint) => {
    open.set(id, { tokenId: h.user.tokenId, side: c.side })
    mine.set(id, { household: h, interval: c.interval, side: c.side, energyWh: c.energyWh, lockWei })
    ;(byInterval[c.interval] as bigint[]).push(id)
    h.lockedWei += lockWei
    h.outcome.commitments++
    recordOf(h, i).gasUsed += gasUsed
    addCommitted(recordOf(h, c.interval), committed[c.interval] as CommittedTotals, c.side, c.energyWh)
  }
  const refused = ({ h, c, i }: QueuedOrder, errorName: string, message: string) => {
    const { refusable: _refusable, lockWei: _lockWei, ...commitment } = c
    refusals.push({ user: h.index, interval: i, commitment, errorName, message })
  }
  /** Orders of batched groups decided this interval, by their group's batch size. */
  const pending = new Map<number, QueuedOrder[]>()
  const skipped = (order: QueuedOrder, reason: OrderSkipReason | 'unknown', gasUsed: bigint) => {
    recordOf(order.h, order.i).gasUsed += gasUsed
    // The spam rules a direct commitment meets at filing, where the market releases it to trade nothing.
    if (reason !== 'unknown' && RELEASED_AT_FILING.has(reason)) return
    if (order.c.refusable === undefined)
      throw new DemError(`household ${order.h.index}'s order for interval ${order.c.interval} was skipped: ${reason}`)
    refused(order, `OrderSkipped(${reason})`, `the pool skipped the order: ${reason}`)
  }

  return {
    recordOf,
    async send(h, decision, i) {
      const record = recordOf(h, i)
      if (h.group.orders === 'batched') {
        const queue = pending.get(h.group.orderBatch) ?? []
        pending.set(h.group.orderBatch, [...queue, ...decision.commitments.map((c) => ({ h, c, i }))])
        return
      }
      for (const c of decision.commitments) {
        let result: Awaited<ReturnType<DemSimulator['commit']>>
        try {
          result = await sim.commit(h.user, {
            interval: base + c.interval,
            energyWh: c.energyWh,
            side: c.side,
            limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
          })
        } catch (error) {
          if (c.refusable === undefined || !(error instanceof DemError)) throw error
          const errorName =
            error instanceof TransactionRevertedError ? String(error.errorName ?? error.name) : error.name
          if (error instanceof TransactionRevertedError) record.gasUsed += error.receipt.gasUsed
          refused({ h, c, i }, errorName, error.shortMessage)
          continue
        }
        filed({ h, c, i }, result.commitmentId, result.lockedWei, result.receipt.gasUsed)
      }
    },
    async submitPending() {
      for (const [batchSize, queue] of pending)
        await submitBatchedOrders(sim, queue, batchSize, base, { filed, skipped })
      pending.clear()
    },
    deliveriesOf: (i, exportWh) =>
      sim.contracts.meter === undefined ? undefined : differingDeliveries(byInterval[i] ?? [], mine, exportWh),
    committed: (i) => committed[i] as CommittedTotals,
    close(interval) {
      unsettled.push(interval)
    },
    async settleDue(completed, options = {}) {
      // The last step settles what the lag left open, one interval of the clock at a time.
      for (;;) {
        while (unsettled.length > 0 && sim.currentInterval > (unsettled[0] as UnsettledInterval).interval + lag)
          await settleOne(unsettled.shift() as UnsettledInterval, completed)
        if (!options.all || unsettled.length === 0) return
        sim.advanceInterval()
      }
    },
    outcomes,
    clearingPrices,
    refusals,
    records: () => rows.flatMap((row) => row ?? []),
  }
}

/** A settled trade in the record of the interval it was for and in its household's totals and collateral. */
function applyTrade(record: HouseholdRecord, h: Household, trade: SettleIntervalResult['trades'][number]): void {
  if (trade.side === 'production') {
    record.soldLocalWh += trade.energyWh
    record.receivedWei += trade.amountWei
    h.outcome.soldWh += trade.energyWh
    h.outcome.receivedWei += trade.amountWei
    h.collateralWei += trade.amountWei
  } else {
    record.boughtLocalWh += trade.energyWh
    record.paidWei += trade.amountWei
    h.outcome.boughtWh += trade.energyWh
    h.outcome.paidWei += trade.amountWei
    h.collateralWei -= trade.amountWei
  }
}

/** A commitment sent, in its household's record of its interval and in the interval's totals. */
function addCommitted(target: HouseholdRecord, totals: CommittedTotals, side: Side, energyWh: bigint): void {
  totals.commitments++
  if (side === 'production') {
    target.committedProductionWh += energyWh
    totals.productionWh += energyWh
  } else {
    target.committedConsumptionWh += energyWh
    totals.consumptionWh += energyWh
  }
}

/** A settled interval's outcome: what the run knew of it, what settled and the keeper's gas. */
function intervalOutcome(
  due: UnsettledInterval,
  settled: SettleIntervalResult,
  priceWeiPerKWh: bigint,
): IntervalOutcome {
  const settleGas = settled.receipts.map((r) => r.gasUsed)
  return {
    ...due,
    supplyWh: settled.supplyWh,
    demandWh: settled.demandWh,
    producedWh: settled.producedWh,
    consumedWh: settled.consumedWh,
    tradedWh: settled.tradedWh,
    priceWeiPerKWh,
    averagePriceWeiPerKWh: settled.tradedWh === 0n ? 0n : (settled.tradedValueWei * 1000n) / settled.tradedWh,
    tradedValueWei: settled.tradedValueWei,
    surplusWei: settled.surplusWei,
    settleTransactions: settled.receipts.length,
    settleGas: settleGas.reduce((total, g) => total + g, 0n),
    maxSettleTxGas: settleGas.reduce((max, g) => (g > max ? g : max), 0n),
    gasUsed: 0n,
  }
}

/**
 * Each producer's own delivery among commitments `ids`, when one differs from what it committed
 * (the meter's default); undefined when all match.
 */
function differingDeliveries(
  ids: readonly bigint[],
  mine: ReadonlyMap<bigint, OwnCommitment>,
  exportWh: readonly bigint[],
): Map<bigint, bigint> | undefined {
  const committedByToken = new Map<bigint, { household: Household; energyWh: bigint }>()
  for (const id of ids) {
    const known = mine.get(id)
    if (known === undefined || known.side !== 'production') continue
    const entry = committedByToken.get(known.household.user.tokenId) ?? { household: known.household, energyWh: 0n }
    entry.energyWh += known.energyWh
    committedByToken.set(known.household.user.tokenId, entry)
  }
  let differs = false
  const delivered = new Map<bigint, bigint>()
  for (const [tokenId, { household, energyWh }] of committedByToken) {
    const wh = exportWh[household.index] as bigint
    if (wh !== energyWh) differs = true
    delivered.set(tokenId, wh)
  }
  return differs ? delivered : undefined
}
