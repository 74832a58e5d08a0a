import * as GENERATED_LAYOUTS from '../artifacts/storageLayouts/index.js'
import { createStorageReader, type StorageReader } from '../chain/createStorageReader.js'
import type { AddressHex } from '../chain/types.js'
import type { StorageLayout } from '../compile/StorageLayout.js'
import type { DemSimulator } from '../market/DemSimulator.js'
import { COMMITMENT_STATUSES, type IntervalPhase, PHASES } from '../mechanisms/contractEnums.js'
import { decodeCommitmentWord } from '../mechanisms/decodeCommitmentWord.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { readRound } from '../mechanisms/readRound.js'
import type { CommitmentObservation } from './types.js'

/** The market's part of an observation, read from its storage where its layout allows, else through its views. */
export type MarketReads = {
  bufferCursor(): Promise<bigint>
  phase(interval: number): Promise<IntervalPhase>
  commitmentStatus(
    commitmentId: bigint,
    commitmentCount: bigint,
    bufferCursor: bigint,
    wordOf: (commitmentId: bigint) => Promise<bigint>,
  ): Promise<CommitmentObservation['status']>
}

/** Which of `MarketCore`'s variables a market's layout shows where they are. */
type CoreLayout = { layout: StorageLayout; cursor: boolean; rounds: boolean; expired: boolean } | undefined

const coreLayouts = new WeakMap<MarketMechanism, CoreLayout>()

/**
 * The market's reads for one observation: `MarketCore`'s variables through the mechanism's layout
 * (see {@link observeMarketStorage}), each one the layout lacks through its view.
 *
 * @param sim the simulator
 * @param readerOf a storage reader of `layout` at `address` (sharing the observation's slot cache)
 * @returns the reads
 */
export function createMarketReads(
  sim: DemSimulator,
  readerOf: (layout: StorageLayout, address: AddressHex) => StorageReader,
): MarketReads {
  const { chain } = sim
  const market = sim.contracts.market
  const core = coreLayoutOf(sim.mechanism)
  const reader = core === undefined ? undefined : readerOf(core.layout, market.address)
  const storage = (has: boolean | undefined) => (has === true ? reader : undefined)

  const bufferCursor = async () => {
    const r = storage(core?.cursor)
    if (r === undefined) return chain.call({ ...market, functionName: 'bufferCursor' })
    return (await r.read('_bufferCursor')) as bigint
  }
  const phase = async (interval: number) => {
    const r = storage(core?.rounds)
    if (r === undefined) return (await readRound(chain, market.address, interval)).phase
    return PHASES[Number(await r.read('_rounds', interval, 'phase'))] ?? 'open'
  }
  return {
    bufferCursor,
    phase,
    async commitmentStatus(commitmentId, commitmentCount, cursor, wordOf) {
      const r = storage(core?.cursor && core.rounds && core.expired)
      if (r === undefined) {
        const status = await chain.call({ ...market, functionName: 'commitmentStatusOf', args: [commitmentId] })
        return COMMITMENT_STATUSES[status] ?? 'none'
      }
      // MarketCore.commitmentStatusOf, step by step.
      if (commitmentId >= commitmentCount) return 'none'
      if (commitmentId >= cursor) return 'pending'
      // OpenZeppelin's BitMaps.get: bit (id & 0xff) of word id >> 8.
      const expired = (await r.read('_expiredInBuffer', '_data', commitmentId >> 8n)) as bigint
      if (((expired >> (commitmentId & 0xffn)) & 1n) === 1n) return 'expired'
      const p = await phase(decodeCommitmentWord(await wordOf(commitmentId)).interval)
      return p === 'settled' || p === 'expired' ? p : 'filed'
    },
  }
}

/**
 * The layout of the mechanism's market: the `storageLayout` a compiled artifact carries (a user's
 * contract from `compileContracts`), or the one generated beside a built-in artifact of that name;
 * with which of the core's variables it locates.
 */
function coreLayoutOf(mechanism: MarketMechanism): CoreLayout {
  if (coreLayouts.has(mechanism)) return coreLayouts.get(mechanism)
  const artifact = mechanism.market as { contractName?: string; storageLayout?: StorageLayout }
  const generated = GENERATED_LAYOUTS as Record<string, StorageLayout>
  const layout = artifact.storageLayout ?? generated[`${artifact.contractName ?? ''}StorageLayout`]
  let core: CoreLayout
  if (layout !== undefined) {
    const reader = createStorageReader(layout, async () => 0n)
    const locates = (...path: [string, ...(string | number)[]]) => {
      try {
        reader.locate(...path)
        return true
      } catch {
        return false
      }
    }
    core = {
      layout,
      cursor: locates('_bufferCursor'),
      rounds: locates('_rounds', 0, 'phase'),
      expired: locates('_expiredInBuffer', '_data', 0),
    }
  }
  coreLayouts.set(mechanism, core)
  return core
}
