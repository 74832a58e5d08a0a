import { Hardfork } from '@ethereumjs/common'
import { UnsupportedHardforkError } from './errors.js'
import type { ChainHardfork } from './types.js'

/**
 * The newest hardfork that both solc 0.8.37 (its default `evmVersion`) and ethereumjs v10 support.
 */
export const DEFAULT_HARDFORK: ChainHardfork = 'osaka'

/** Oldest first, so a fork's index orders it. */
export const SUPPORTED_HARDFORKS: readonly ChainHardfork[] = [
  'berlin',
  'london',
  'paris',
  'shanghai',
  'cancun',
  'prague',
  'osaka',
]

const ETHEREUMJS_HARDFORK: Record<ChainHardfork, Hardfork> = {
  berlin: Hardfork.Berlin,
  london: Hardfork.London,
  paris: Hardfork.Paris,
  shanghai: Hardfork.Shanghai,
  cancun: Hardfork.Cancun,
  prague: Hardfork.Prague,
  osaka: Hardfork.Osaka,
}

/** EIP-7825 (osaka) caps a transaction's gas limit at 2^24. */
export const OSAKA_TRANSACTION_GAS_CAP = 2n ** 24n

/**
 * Checks that `hardfork` is one the chain runs.
 *
 * @throws {UnsupportedHardforkError} naming the value and the supported forks
 */
export function checkHardfork(hardfork: unknown): ChainHardfork {
  if (typeof hardfork !== 'string' || !(SUPPORTED_HARDFORKS as readonly string[]).includes(hardfork)) {
    throw new UnsupportedHardforkError(String(hardfork), SUPPORTED_HARDFORKS)
  }
  return hardfork as ChainHardfork
}

export function toEthereumjsHardfork(hardfork: ChainHardfork): Hardfork {
  return ETHEREUMJS_HARDFORK[checkHardfork(hardfork)]
}

/** True when `hardfork` is `since` or later. */
export function isAtLeast(hardfork: ChainHardfork, since: ChainHardfork): boolean {
  return SUPPORTED_HARDFORKS.indexOf(hardfork) >= SUPPORTED_HARDFORKS.indexOf(since)
}

/** The largest gas limit a single transaction may have on `hardfork` within blocks of `blockGasLimit`. */
export function maxTransactionGas(hardfork: ChainHardfork, blockGasLimit: bigint): bigint {
  return hardfork === 'osaka' && blockGasLimit > OSAKA_TRANSACTION_GAS_CAP ? OSAKA_TRANSACTION_GAS_CAP : blockGasLimit
}

/**
 * Why bytecode may halt with an invalid opcode on `hardfork`: it was compiled for a newer one.
 * Undefined on the newest fork.
 */
export function newerForkHint(hardfork: ChainHardfork): string | undefined {
  if (hardfork === SUPPORTED_HARDFORKS.at(-1)) return undefined
  const cancunHint = isAtLeast(hardfork, 'cancun') ? '' : ' (OpenZeppelin ≥ 5.5 needs cancun: it uses mcopy)'
  return `the bytecode may use opcodes newer than ${hardfork}${cancunHint}: compile with evmVersion: '${hardfork}' or run a newer hardfork`
}
