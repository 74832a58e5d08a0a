/**
 * Gas per commitment of every built-in mechanism at `sizes` users (one interval, half producers and
 * half consumers with crossing limits, every producer delivering what it committed): joining
 * (`registerUserInPool`), `commit`, `processBuffer`, the settlement (`settle` and the mechanism's own
 * keeper calls) and the oracle's reports, with the largest transaction. Setup (deployment and
 * wiring) is left out, as the simulator's ledger marks it.
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { DemSimulator } from '../src/market/DemSimulator.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'

/** Gas per commitment of one mechanism at one size. */
export type PerCommitmentRow = {
  mechanism: string
  users: number
  join: bigint
  commit: bigint
  processBuffer: bigint
  settle: bigint
  oracle: bigint
  /** join + commit + processBuffer + settle. */
  total: bigint
  largestTransaction: bigint
}

const ETHER = 10n ** 18n
/** What each operation name of the ledger counts for. */
const COLUMN: Record<string, keyof Omit<PerCommitmentRow, 'mechanism' | 'users' | 'total' | 'largestTransaction'>> = {
  registerUserInPool: 'join',
  commit: 'commit',
  processBuffer: 'processBuffer',
  updateAnswer: 'oracle',
  reportDeliveries: 'oracle',
  finalizeDeliveries: 'oracle',
}

/**
 * Runs one interval of `users` commitments on `mechanism` and returns its gas per commitment.
 * Every keeper call that is not filing or an oracle report counts as settlement.
 */
export async function perCommitment(mechanism: (typeof MECHANISMS)[number], users: number): Promise<PerCommitmentRow> {
  const sim = await DemSimulator.create({ mechanism, gridTariff: { importWeiPerKWh: 400n, feedInWeiPerKWh: 200n } })
  for (let i = 0; i < users; i++) {
    const user = await sim.addUser({ collateralWei: ETHER })
    const production = i % 2 === 0
    await sim.commit(user, {
      interval: 0,
      energyWh: 1_000n + BigInt((i * 37) % 500),
      side: production ? 'production' : 'consumption',
      limitPriceWeiPerKWh: production ? 100n + BigInt((i * 53) % 200) : 150n + BigInt((i * 71) % 200),
    })
  }
  await sim.processBuffer()
  sim.advanceInterval()
  await sim.setOracle({ priceWeiPerKWh: 200n, producedWh: 10n ** 9n, consumedWh: 10n ** 9n })
  await sim.settle(0)
  const row: PerCommitmentRow = {
    mechanism: mechanism.name,
    users,
    join: 0n,
    commit: 0n,
    processBuffer: 0n,
    settle: 0n,
    oracle: 0n,
    total: 0n,
    largestTransaction: 0n,
  }
  for (const entry of sim.gas.entries) {
    if (entry.setup) continue
    row[COLUMN[entry.operation] ?? 'settle'] += entry.gasUsed
    if (entry.gasUsed > row.largestTransaction) row.largestTransaction = entry.gasUsed
  }
  const n = BigInt(users)
  for (const key of ['join', 'commit', 'processBuffer', 'settle', 'oracle'] as const) row[key] /= n
  row.total = row.join + row.commit + row.processBuffer + row.settle
  return row
}

/** Every built-in mechanism at each size. */
export async function perCommitmentTable(sizes: readonly number[]): Promise<PerCommitmentRow[]> {
  const rows: PerCommitmentRow[] = []
  for (const mechanism of MECHANISMS) for (const users of sizes) rows.push(await perCommitment(mechanism, users))
  return rows
}
