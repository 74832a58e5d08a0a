import type { MarketRunModel } from '../../MarketRun.js'
import { MAX_UINT256, type TokenTarget } from './HostileAction.js'

/** The token id `target` means now. */
export function resolveToken(
  m: Readonly<MarketRunModel>,
  target: TokenTarget,
  hostileTokens: readonly bigint[],
): bigint {
  const victims = m.users.map((u) => u.tokenId).filter((id) => !hostileTokens.includes(id))
  switch (target.kind) {
    case 'victim':
      return victims.length === 0 ? m.model.lastTokenId + 1n : (victims[target.index % victims.length] as bigint)
    case 'own':
      return hostileTokens.length === 0
        ? m.model.lastTokenId + 1n
        : (hostileTokens[target.index % hostileTokens.length] as bigint)
    case 'zero':
      return 0n
    case 'next':
      return m.model.lastTokenId + 1n
    case 'aliased':
      // Equal to a victim's id in the low 48 bits the packed words keep.
      return (victims.length === 0 ? 1n : (victims[target.index % victims.length] as bigint)) + 2n ** 48n
    case 'max':
      return MAX_UINT256
  }
}
