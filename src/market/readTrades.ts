import { decodeCommitmentWord } from '../mechanisms/decodeCommitmentWord.js'
import type { OrderSegments } from '../mechanisms/createOrderSegments.js'
import { BOOK_PAGE, readEntryWords } from '../mechanisms/readBook.js'
import type { MarketReader } from './MarketReader.js'
import type { SettledCommitment } from './runKeeperSettle.js'
import type { Trade } from './types.js'

/**
 * Settled commitments as trades: who and which side come from the pool, a page of words per call
 * (a signed order's from its segment).
 */
export async function readTrades(
  { chain, contracts, orders }: MarketReader & { orders?: Pick<OrderSegments, 'wordOf'> },
  settled: readonly SettledCommitment[],
): Promise<Trade[]> {
  const source = { chain, market: contracts.market.address, pool: contracts.pool.address, orders }
  const trades: Trade[] = []
  for (let from = 0; from < settled.length; from += BOOK_PAGE) {
    const page = settled.slice(from, from + BOOK_PAGE)
    const words = await readEntryWords(
      source,
      page.map((t) => t.commitmentId),
    )
    page.forEach((t, i) => {
      const { tokenId, side } = decodeCommitmentWord(words[i] as bigint)
      trades.push({ commitmentId: t.commitmentId, tokenId, side, energyWh: t.energyWh, amountWei: t.amountWei })
    })
  }
  return trades
}
