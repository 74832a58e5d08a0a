import {
  EnergyPoolStorageLayout,
  EnergyProfileStorageLayout,
  SimulatedFeedStorageLayout,
} from '../artifacts/storageLayouts/index.js'
import { createStorageReader, type StorageReader } from '../chain/createStorageReader.js'
import type { AddressHex } from '../chain/types.js'
import type { StorageLayout } from '../compile/StorageLayout.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import { decodeCommitmentWord } from '../mechanisms/decodeCommitmentWord.js'
import { entryLockFor } from '../mechanisms/lockFor.js'
import { createMarketReads, type MarketReads } from './marketStorageReads.js'
import {
  type CommitmentObservation,
  type FeedObservation,
  type IntervalObservation,
  type MarketObservation,
  type ObservationScope,
  type ProfileObservation,
  scopeIncludes,
  stageOf,
} from './types.js'

const bits = (n: bigint) => (1n << n) - 1n

/** contracts/libraries/CreditLanes.sol: four profiles' order credits to a word, 60 bits each. */
const LANE_BITS = 60n

/**
 * Reads the same {@link MarketObservation} as {@link observeMarket}, straight from the contracts'
 * storage through the layouts generated from the compiler's `storageLayout` output: no call frame,
 * no bytecode run, a few slot reads per profile, commitment and interval. Values a view derives
 * (a commitment's status, a profile's collateral with its order credits, a commitment's lock) are
 * derived here from the same slots, each beside the name of the view it mirrors; a differential
 * property test checks it against the views on every built-in mechanism.
 *
 * Mechanism-neutral: the market's part (the buffer cursor, the rounds' phases, the commitments
 * expired in the buffer, all `MarketCore`'s) is read through the layout of the mechanism's own
 * market artifact — the `storageLayout` that `compileContracts` gives a user's contract, or the one
 * generated beside a built-in artifact. A market whose layout is unknown, or lacks one of those
 * variables, is read through its views for that part (`bufferCursor`, `commitmentStatusOf`,
 * `roundOf`); the profile contract, the pool and the feeds are the library's own contracts and are
 * always read from storage.
 *
 * @param sim the simulator to read
 * @param scope which parts to read (see {@link ObservationScope})
 * @returns the observation, equal to `observeMarket(sim, scope)`'s
 * @throws {Error} when the scope names a profile that does not exist (as `profileOf` reverts)
 * @example
 * import { createMarketModelRunner, observeMarketStorage } from 'dem-sim/testing'
 * const observed = await observeMarketStorage(sim, { intervals: [0], accounts: [] })
 * observed.commitments[0]?.status
 * const runner = await createMarketModelRunner(sim, { observe: observeMarketStorage })
 */
export async function observeMarketStorage(sim: DemSimulator, scope: ObservationScope): Promise<MarketObservation> {
  const { chain, contracts } = sim
  const readerOf = readersOf(sim)
  const profile = readerOf(EnergyProfileStorageLayout, contracts.profile.address)
  const pool = readerOf(EnergyPoolStorageLayout, contracts.pool.address)
  const market: MarketReads = createMarketReads(sim, readerOf)
  const uint = async (reader: StorageReader, variable: string, ...path: (bigint | number | string)[]) =>
    (await reader.read(variable, ...path)) as bigint
  const address = async (reader: StorageReader, variable: string, key: bigint) =>
    String(await reader.read(variable, key)).toLowerCase()

  const lastTokenId = await uint(profile, '_lastTokenId')
  const commitmentCount = await uint(pool, '_commitmentCount')
  const bufferCursor = await market.bufferCursor()

  const profiles: ProfileObservation[] = []
  const tokenIds = scope.tokenIds ?? Array.from({ length: Number(lastTokenId) }, (_, i) => BigInt(i + 1))
  for (const tokenId of tokenIds) {
    // profileOf: the packed word (ProfileWord.toProfile), its collateral plus the order credits in its lane (CreditLanes.balanceOf).
    const owner = await address(profile, '_owners', tokenId)
    if (BigInt(owner) === 0n) throw new Error(`observeMarketStorage: profile ${tokenId} does not exist`)
    const word = await uint(profile, '_profiles', tokenId)
    const lanes = await uint(profile, '_orderCredits', tokenId >> 2n)
    const creditWei = (lanes >> (LANE_BITS * (tokenId & 3n))) & bits(LANE_BITS)
    const o: ProfileObservation = {
      tokenId,
      collateralWei: (word & bits(96n)) + creditWei,
      lockedWei: (word >> 96n) & bits(96n),
      openCommitments: Number((word >> 192n) & bits(24n)),
      location: Number((word >> 216n) & bits(32n)),
      energyType: Number((word >> 248n) & bits(8n)),
    }
    if (scopeIncludes(scope.ownership, tokenId)) {
      // ownerOf, depositorOf, getApproved.
      o.owner = owner
      o.depositor = await address(profile, '_depositors', tokenId)
      o.approved = await address(profile, '_tokenApprovals', tokenId)
    }
    profiles.push(o)
  }

  const commitments: CommitmentObservation[] = []
  const commitmentIds = scope.commitmentIds ?? Array.from({ length: Number(commitmentCount) }, (_, i) => BigInt(i))
  const wordOf = (commitmentId: bigint) => uint(pool, '_commitments', commitmentId)
  for (const commitmentId of commitmentIds) {
    const status = await market.commitmentStatus(commitmentId, commitmentCount, bufferCursor, wordOf)
    const o: CommitmentObservation = { commitmentId, status }
    if (scopeIncludes(scope.commitmentTerms, commitmentId) && commitmentId < commitmentCount) {
      // commitmentOf: the packed word (CommitmentWord.toCommitment), a consumer's lock computed from its terms.
      const { tokenId, interval, side, energyWh, limitPriceWeiPerKWh } = decodeCommitmentWord(
        await wordOf(commitmentId),
      )
      const lockedWei = entryLockFor({ side, energyWh, limitPriceWeiPerKWh })
      Object.assign(o, { tokenId, interval, side, energyWh, limitPriceWeiPerKWh, lockedWei })
    }
    commitments.push(o)
  }

  const intervals: IntervalObservation[] = []
  for (const interval of scope.intervals) {
    // roundOf's phase; intervalTotalsOf.
    const t = (await pool.read('_totals', interval)) as Record<string, bigint>
    intervals.push({
      interval,
      stage: stageOf(await market.phase(interval)),
      totals: {
        committedProductionWh: t.committedProductionWh as bigint,
        committedConsumptionWh: t.committedConsumptionWh as bigint,
        producedWh: t.producedWh as bigint,
        consumedWh: t.consumedWh as bigint,
        tradedWh: t.tradedWh as bigint,
      },
    })
  }

  const balances: Record<string, bigint> = {}
  for (const account of scope.accounts)
    balances[account.toLowerCase()] = await chain.getBalance(account as `0x${string}`)

  // latestRoundData: the latest round's id with its answer and time.
  const feed = async (at: AddressHex): Promise<FeedObservation> => {
    const reader = readerOf(SimulatedFeedStorageLayout, at)
    const roundId = await uint(reader, '_latestRoundId')
    const round = (await reader.read('_rounds', roundId)) as Record<string, bigint>
    return { roundId, answer: round.answer as bigint, updatedAt: round.updatedAt as bigint }
  }

  return {
    timestamp: chain.timestamp,
    lastTokenId,
    commitmentCount,
    bufferCursor,
    heldWei: {
      profile: await chain.getBalance(contracts.profile.address),
      pool: await chain.getBalance(contracts.pool.address),
      market: await chain.getBalance(contracts.market.address),
    },
    // clearingWei: the collateral of token id 0, the clearing account.
    clearingWei: (await uint(profile, '_profiles', 0n)) & bits(96n),
    profiles,
    commitments,
    intervals,
    balances,
    ...(scope.feeds === false
      ? {}
      : {
          feeds: {
            price: await feed(contracts.priceFeed.address),
            produced: await feed(contracts.producedFeed.address),
            consumed: await feed(contracts.consumedFeed.address),
          },
        }),
  }
}

type CachedReader = { reader: StorageReader; slots: Map<bigint, Promise<bigint>> }
/** Per simulator, a reader per contract, kept across observations (each remembers its paths' slots). */
const readersBySim = new WeakMap<DemSimulator, Map<AddressHex, CachedReader>>()

/**
 * The readers of `sim`'s contracts for one observation: nothing changes while it is read, so each
 * slot is read once; the next observation starts afresh.
 */
function readersOf(sim: DemSimulator): (layout: StorageLayout, address: AddressHex) => StorageReader {
  let readers = readersBySim.get(sim)
  if (readers === undefined) {
    readers = new Map()
    readersBySim.set(sim, readers)
  }
  for (const { slots } of readers.values()) slots.clear()
  const known = readers
  return (layout, address) => {
    let cached = known.get(address)
    if (cached === undefined) {
      const slots = new Map<bigint, Promise<bigint>>()
      const reader = createStorageReader(layout, (slot) => {
        let word = slots.get(slot)
        if (word === undefined) {
          word = sim.chain.getStorageAt(address, slot)
          slots.set(slot, word)
        }
        return word
      })
      cached = { reader, slots }
      known.set(address, cached)
    }
    return cached.reader
  }
}
