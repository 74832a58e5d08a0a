import type { OrderSegments } from '../mechanisms/createOrderSegments.js'
import { decodeCommitmentWord } from '../mechanisms/decodeCommitmentWord.js'
import { entryLockFor } from '../mechanisms/lockFor.js'
import { readRound } from '../mechanisms/readRound.js'
import type { MarketReader } from './MarketReader.js'
import type { CommitmentState, CommitmentStatus, IntervalPhase } from './types.js'

/** An order's status from its interval's phase: it never waits in the buffer, it is filed at submission. */
const STATUS_OF_PHASE: Partial<Record<IntervalPhase, CommitmentStatus>> = { settled: 'settled', expired: 'expired' }

/**
 * The filed orders `segments` hold (one profile's with `tokenId`), in the order filed: their terms
 * from their words, their status one `roundOf` call per interval.
 */
export async function readFiledOrders(
  { chain, contracts }: MarketReader,
  segments: OrderSegments,
  tokenId?: bigint,
): Promise<CommitmentState[]> {
  const phases = new Map<number, IntervalPhase>()
  const states: CommitmentState[] = []
  for (const { id, word } of segments.filed()) {
    const terms = decodeCommitmentWord(word)
    if (tokenId !== undefined && terms.tokenId !== tokenId) continue
    let phase = phases.get(terms.interval)
    if (phase === undefined) {
      phase = (await readRound(chain, contracts.market.address, terms.interval)).phase
      phases.set(terms.interval, phase)
    }
    states.push({
      commitmentId: id,
      ...terms,
      lockedWei: entryLockFor(terms),
      status: STATUS_OF_PHASE[phase] ?? 'filed',
    })
  }
  return states
}
