import type { Eip1193Provider } from '../../src/chain/connectChain.js'
import type { EdrChain } from './createEdrChain.js'

/**
 * An EIP-1193 provider over an in-process EDR chain, so `connectChain({ provider })` can drive
 * Hardhat's EVM exactly as it drives a node over HTTP. EDR's JSON-RPC errors keep their `code` and
 * `data` (revert data), as a provider's should; create the EDR chain with `failingCallsThrow: true`
 * so that a reverting `eth_call` fails as on a node.
 *
 * @example
 * import { connectChain } from '../../src/chain/connectChain.js'
 * import { createEdrChain } from './createEdrChain.js'
 * import { toEip1193Provider } from './toEip1193Provider.js'
 * const chain = await connectChain({ provider: toEip1193Provider(await createEdrChain({ accounts: [], failingCallsThrow: true })) })
 */
export function toEip1193Provider(edr: EdrChain): Eip1193Provider {
  return {
    request: ({ method, params }) => edr.request(method, Array.isArray(params) ? params : []),
  }
}
