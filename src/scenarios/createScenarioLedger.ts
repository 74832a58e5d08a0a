import { TransactionRevertedError } from '../chain/errors.js'
import { DemError } from '../errors/DemError.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import type { Side } from '../market/types.js'
import type { Household } from './createHouseholds.js'
import { emptyHouseholdRecord, type HouseholdRecord } from './HouseholdRecord.js'
import { lockFor } from '../mechanisms/lockFor.js'
import { settleInterval, type CommitmentIndex } from './settleInterval.js'
import type { CheckedDecision } from './strategies/checkDecision.js'
import type { ClearingPrice } from './strategies/types.js'
import type { CommitmentRefusal, IntervalOutcome, Scenario, ScenarioResult } from './types.js'

/** What a run knows of a closed interval until it settles. */
export type UnsettledInterval = Pick<
  IntervalOutcome,
  'interval' | 'hour' | 'commitments' | 'committedProductionWh' | 'committedConsumptionWh' | 'processBufferTransactions'
>

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
  const mine = new Map<
    bigint,
    { household: Household; interval: number; side: Side; energyWh: bigint; lockWei: bigint }
  >()
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
      if (known === undefined) continue
      const { household: h } = known
      const record = recordOf(h, known.interval)
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
    // Settlement releases every lock of the interval, traded or not.
    for (const id of byInterval[j] ?? []) {
      const known = mine.get(id)
      if (known === undefined) continue
      known.household.lockedWei -= known.lockWei
      mine.delete(id)
    }
    const settleGas = settled.receipts.map((r) => r.gasUsed)
    const priceWeiPerKWh = settled.price / unscale
    outcomes.push({
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
    })
    clearingPrices.push({ interval: j, priceWeiPerKWh })
    for (const h of households) {
      const record = recordOf(h, j)
      h.settled.push(record)
      completed.push(record)
    }
    settledInterval(due.interval)
  }

  type Commitment = CheckedDecision['commitments'][number]
  /** The runner's books of a commitment or order the market filed: its id, lock and the gas it is charged. */
  const filed = (h: Household, c: Commitment, i: number, id: bigint, lockedWei: bigint, gasUsed: bigint) => {
    open.set(id, { tokenId: h.user.tokenId, side: c.side })
    mine.set(id, { household: h, interval: c.interval, side: c.side, energyWh: c.energyWh, lockWei: lockedWei })
    ;(byInterval[c.interval] as bigint[]).push(id)
    h.lockedWei += lockedWei
    h.outcome.commitments++
    recordOf(h, i).gasUsed += gasUsed
    const target = recordOf(h, c.interval)
    const totals = committed[c.interval] as CommittedTotals
    totals.commitments++
    if (c.side === 'production') {
      target.committedProductionWh += c.energyWh
      totals.productionWh += c.energyWh
    } else {
      target.committedConsumptionWh += c.energyWh
      totals.consumptionWh += c.energyWh
    }
  }
  /** A commitment the market refused: recorded when its strategy said it may be, else the run fails. */
  const refused = (h: Household, c: Commitment, i: number, errorName: string, message: string, cause?: unknown) => {
    if (c.refusable === undefined) {
      if (cause !== undefined) throw cause
      throw new DemError(`household ${h.index}'s order for interval ${c.interval} was skipped: ${errorName}`)
    }
    const { refusable: _refusable, lockWei: _lockWei, ...commitment } = c
    refusals.push({ user: h.index, interval: i, commitment, errorName, message })
  }
  /** Orders decided in the run's current interval, waiting for their group's batch. */
  const pending = new Map<number, { h: Household; c: Commitment; i: number }[]>()

  return {
    recordOf,
    async send(h, decision, i) {
      const record = recordOf(h, i)
      if (h.group.orders === 'batched') {
        const queue = pending.get(h.group.orderBatch) ?? []
        for (const c of decision.commitments) queue.push({ h, c, i })
        pending.set(h.group.orderBatch, queue)
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
          refused(h, c, i, errorName, error.shortMessage)
          continue
        }
        filed(h, c, i, result.commitmentId, result.lockedWei, result.receipt.gasUsed)
      }
    },
    async submitPending() {
      for (const [batchSize, queue] of pending) {
        for (let from = 0; from < queue.length; from += batchSize) {
          const batch = queue.slice(from, from + batchSize)
          const result = await sim.submitOrders(
            batch.map(({ h, c }) => ({
              user: h.user,
              interval: base + c.interval,
              energyWh: c.energyWh,
              side: c.side,
              limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
            })),
          )
          // The batch's gas is shared by its orders, the remainder charged to the first.
          const share = result.receipt.gasUsed / BigInt(batch.length)
          const remainder = result.receipt.gasUsed - share * BigInt(batch.length)
          for (const [k, { h, c, i }] of batch.entries()) {
            const gas = share + (k === 0 ? remainder : 0n)
            const order = result.filed.find((f) => f.index === k)
            if (order !== undefined) {
              filed(
                h,
                c,
                i,
                order.orderId,
                c.side === 'consumption' ? lockFor(c.energyWh, c.limitPriceWeiPerKWh) : 0n,
                gas,
              )
              continue
            }
            recordOf(h, i).gasUsed += gas
            const reason = result.skipped.find((x) => x.index === k)?.reason ?? 'unknown'
            refused(h, c, i, `OrderSkipped(${reason})`, `the pool skipped the order: ${reason}`)
          }
        }
      }
      pending.clear()
    },
    deliveriesOf(i, exportWh) {
      if (sim.contracts.meter === undefined) return undefined
      const committedByToken = new Map<bigint, { household: Household; energyWh: bigint }>()
      for (const id of byInterval[i] ?? []) {
        const known = mine.get(id)
        if (known === undefined || known.side !== 'production') continue
        const entry = committedByToken.get(known.household.user.tokenId) ?? {
          household: known.household,
          energyWh: 0n,
        }
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
    },
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
