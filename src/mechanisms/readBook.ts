import { EnergyPool } from '../artifacts/index.js'
import type { Chain } from '../chain/createChain.js'
import type { AddressHex } from '../chain/types.js'
import type { BookCommitment, IntervalBook } from './clearing.js'
import { BOOK_SIDES, type BookSide } from './contractEnums.js'
import type { OrderSegments } from './createOrderSegments.js'
import { decodeCommitmentWord } from './decodeCommitmentWord.js'
import { entryLockFor } from './lockFor.js'
import { UnknownOrderError } from './UnknownOrderError.js'
import { MARKET_CORE_ABI } from './marketCoreAbi.js'

/**
 * Entries per view call: a page of book ids reads 128 storage words, a page of commitment words
 * 1,024, far below the 2^24 gas an `eth_call` may use however large the book.
 */
export const BOOK_PAGE = 1_024

/**
 * Where an interval's books are: the chain, the market and the pool whose ledger holds the
 * commitments, and the segments of the signed orders it filed (whose words the pool does not keep).
 */
export type BookSource = {
  chain: Chain
  market: AddressHex
  pool: AddressHex
  orders?: Pick<OrderSegments, 'wordOf'> | undefined
}

/**
 * An interval's filed commitments per side, in book order, read page by page from the market's
 * books and the pool's ledger.
 *
 * @param source the chain, market and pool
 * @param interval the interval
 * @returns both books
 * @example
 * import { readBook } from 'dem-sim'
 * const book = await readBook({ chain: sim.chain, market: sim.contracts.market.address, pool: sim.contracts.pool.address }, 0)
 */
export async function readBook(source: BookSource, interval: number): Promise<IntervalBook> {
  return {
    producers: await readSide(source, interval, 'producers'),
    consumers: await readSide(source, interval, 'consumers'),
  }
}

async function readSide(source: BookSource, interval: number, side: BookSide): Promise<BookCommitment[]> {
  const entries: BookCommitment[] = []
  for (let from = 0n; ; from += BigInt(BOOK_PAGE)) {
    const ids = await source.chain.call({
      address: source.market,
      abi: MARKET_CORE_ABI,
      functionName: 'bookOf',
      args: [interval, BOOK_SIDES.indexOf(side), from, BigInt(BOOK_PAGE)],
    })
    entries.push(...(await readCommitments(source, ids)))
    if (ids.length < BOOK_PAGE) return entries
  }
}

/** The pool numbers signed orders from here, above every commitment id. */
const ORDER_ID_OFFSET = 2n ** 31n

function orderWord(source: BookSource, id: bigint): bigint {
  const word = source.orders?.wordOf(id)
  if (word === undefined) throw new UnknownOrderError(id)
  return word
}

/**
 * Commitments `commitmentIds` as book entries, with their words read from the pool in one call (signed orders' from their segments).
 * A consumer's lock is `ceil(energy × limit / 1000)`, as the profile contract takes it.
 */
async function readCommitments(source: BookSource, commitmentIds: readonly bigint[]): Promise<BookCommitment[]> {
  const words = await readEntryWords(source, commitmentIds)
  return words.map((word, k) => {
    const terms = decodeCommitmentWord(word)
    const lockedWei = entryLockFor(terms)
    return {
      commitmentId: commitmentIds[k] as bigint,
      tokenId: terms.tokenId,
      side: terms.side,
      energyWh: terms.energyWh,
      limitPriceWeiPerKWh: terms.limitPriceWeiPerKWh,
      lockedWei,
    }
  })
}

/**
 * The words of book entries (at most {@link BOOK_PAGE}): commitments' from the pool in one call,
 * signed orders' from the segments in `source.orders`.
 *
 * @param source the chain, pool and segments
 * @param ids commitment and order ids
 * @returns their words, in order
 * @throws {UnknownOrderError} for an order no segment holds
 * @example
 * import { readEntryWords } from 'dem-sim'
 * const [word] = await readEntryWords({ chain, market, pool, orders: sim.orders }, [2n ** 31n])
 */
export async function readEntryWords(source: BookSource, ids: readonly bigint[]): Promise<bigint[]> {
  const stored = ids.filter((id) => id < ORDER_ID_OFFSET)
  const storedWords =
    stored.length === 0
      ? []
      : await source.chain.call({
          address: source.pool,
          abi: EnergyPool.abi,
          functionName: 'commitmentWordsOf',
          args: [stored],
        })
  let next = 0
  return ids.map((id) => (id < ORDER_ID_OFFSET ? (storedWords[next++] as bigint) : orderWord(source, id)))
}
