import { COMMITMENT_STATUSES, SIDES } from '../mechanisms/contractEnums.js'
import type { MarketReader } from './MarketReader.js'
import type { CommitmentState, CommitmentStatus, Side } from './types.js'

/** One commitment's terms (from the pool) and status (from the market). */
export async function readCommitmentState(
  { chain, contracts }: MarketReader,
  commitmentId: bigint,
): Promise<CommitmentState> {
  const c = await chain.call({ ...contracts.pool, functionName: 'commitmentOf', args: [commitmentId] })
  const status = await chain.call({ ...contracts.market, functionName: 'commitmentStatusOf', args: [commitmentId] })
  return {
    commitmentId,
    tokenId: c.tokenId,
    interval: c.interval,
    side: SIDES[c.side] as Side,
    energyWh: c.energyWh,
    limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
    lockedWei: c.lockedWei,
    status: (COMMITMENT_STATUSES[status] ?? 'pending') as CommitmentStatus,
  }
}

/** The commitments with ids from `from` (default 0, or the buffer's cursor with `'buffer'`) to the last. */
export async function readCommitmentStates(reader: MarketReader, from: 'all' | 'buffer'): Promise<CommitmentState[]> {
  const { chain, contracts } = reader
  const first = from === 'buffer' ? await chain.call({ ...contracts.market, functionName: 'bufferCursor' }) : 0n
  const count = await chain.call({ ...contracts.pool, functionName: 'commitmentCount' })
  const states: CommitmentState[] = []
  for (let id = first; id < count; id++) states.push(await readCommitmentState(reader, id))
  return states
}
