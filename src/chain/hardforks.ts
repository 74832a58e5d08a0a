import { Hardfork } from '@ethereumjs/common'
import type { ChainHardfork } from './types.js'

/**
 * The newest hardfork that both solc 0.8.37 (its default `evmVersion`) and ethereumjs v10 support.
 */
export const DEFAULT_HARDFORK: ChainHardfork = 'osaka'

export const SUPPORTED_HARDFORKS: readonly ChainHardfork[] = ['shanghai', 'cancun', 'prague', 'osaka']

const ETHEREUMJS_HARDFORK: Record<ChainHardfork, Hardfork> = {
  shanghai: Hardfork.Shanghai,
  cancun: Hardfork.Cancun,
  prague: Hardfork.Prague,
  osaka: Hardfork.Osaka,
}

/** EIP-7825 (osaka) caps a transaction's gas limit at 2^24. */
const OSAKA_TRANSACTION_GAS_CAP = 2n ** 24n

export function toEthereumjsHardfork(hardfork: ChainHardfork): Hardfork {
  const mapped = ETHEREUMJS_HARDFORK[hardfork]
  if (mapped === undefined) {
    throw new TypeError(`unsupported hardfork ${String(hardfork)}: use one of ${SUPPORTED_HARDFORKS.join(', ')}`)
  }
  return mapped
}

/** The largest gas limit a single transaction may have on `hardfork` within blocks of `blockGasLimit`. */
export function maxTransactionGas(hardfork: ChainHardfork, blockGasLimit: bigint): bigint {
  return hardfork === 'osaka' && blockGasLimit > OSAKA_TRANSACTION_GAS_CAP ? OSAKA_TRANSACTION_GAS_CAP : blockGasLimit
}
