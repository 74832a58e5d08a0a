import type { Abi, AbiEvent, AbiFunction } from 'abitype'
import { EnergyMarket } from '../artifacts/index.js'
import { MechanismError } from './MechanismError.js'

/** What every mechanism's market answers to: the keeper calls, the buffer and status views, the commitment events. */
const CORE_NAMES = [
  'processBuffer',
  'settle',
  'expireInterval',
  'bufferCursor',
  'bufferLength',
  'commitmentStatusOf',
  'CommitmentProcessed',
  'CommitmentExpired',
  'CommitmentSettled',
] as const

type CoreName = (typeof CORE_NAMES)[number]
type MarketAbiItem = (typeof EnergyMarket.abi)[number]

/** The core items, typed from today's market contract (one source: its ABI). */
export type MarketCoreAbi = readonly Extract<MarketAbiItem, { name: CoreName }>[]

const isCore = (item: MarketAbiItem): item is Extract<MarketAbiItem, { name: CoreName }> =>
  'name' in item && (CORE_NAMES as readonly string[]).includes(item.name)

export const MARKET_CORE_ABI: MarketCoreAbi = EnergyMarket.abi.filter(isCore)

const signature = (item: AbiFunction | AbiEvent): string =>
  `${item.type} ${item.name}(${item.inputs.map((i) => i.type).join(',')})${item.type === 'function' ? `→(${item.outputs.map((o) => o.type).join(',')})` : ''}`

/**
 * Checks that a market contract's ABI has every core function and event with the same
 * signature, so the simulator and the keeper can drive it like any other.
 */
export function checkMarketCoreAbi(mechanism: string, abi: Abi): void {
  const have = new Set(
    abi.filter((i): i is AbiFunction | AbiEvent => i.type === 'function' || i.type === 'event').map(signature),
  )
  const missing = MARKET_CORE_ABI.map(signature).filter((s) => !have.has(s))
  if (missing.length > 0) {
    throw new MechanismError(`mechanism '${mechanism}': its market lacks ${missing.join('; ')}`, {
      details:
        'every market implements processBuffer, settle, expireInterval, bufferCursor, bufferLength, commitmentStatusOf and the Commitment* events as EnergyMarket does',
    })
  }
}
