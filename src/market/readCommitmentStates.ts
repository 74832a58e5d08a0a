import { COMMITMENT_STATUSES, SIDES } from '../mechanisms/contractEnums.js'
import { decodeCommitmentWord } from '../mechanisms/decodeCommitmentWord.js'
import { entryLockFor } from '../mechanisms/lockFor.js'
import { BOOK_PAGE } from '../mechanisms/readBook.js'
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

/**
 * The commitments with ids from 0 (or from the buffer's cursor with `'buffer'`) to the last: their
 * terms a page of words per call, each one's status one call.
 */
export async function readCommitmentStates(reader: MarketReader, from: 'all' | 'buffer'): Promise<CommitmentState[]> {
  const { chain, contracts } = reader
  const first = from === 'buffer' ? await chain.call({ ...contracts.market, functionName: 'bufferCursor' }) : 0n
  const count = await chain.call({ ...contracts.pool, functionName: 'commitmentCount' })
  const states: CommitmentState[] = []
  for (let page = first; page < count; page += BigInt(BOOK_PAGE)) {
    const words = await chain.call({
      ...contracts.pool,
      functionName: 'commitmentWordsFrom',
      args: [page, BigInt(BOOK_PAGE)],
    })
    for (const [k, word] of words.slice(0, Number(count - page)).entries()) {
      const commitmentId = page + BigInt(k)
      const status = await chain.call({
        ...contracts.market,
        functionName: 'commitmentStatusOf',
        args: [commitmentId],
      })
      const terms = decodeCommitmentWord(word)
      states.push({
        commitmentId,
        ...terms,
        lockedWei: entryLockFor(terms),
        status: (COMMITMENT_STATUSES[status] ?? 'pending') as CommitmentStatus,
      })
    }
  }
  return states
}
