import { EnergyPool } from '../artifacts/index.js'
import { decodeCommitmentWord } from './decodeCommitmentWord.js'
import { lockFor } from './lockFor.js'
import type { MechanismKeeperContext } from './MarketMechanism.js'
import type { BookCommitment } from './meritOrder.js'

/**
 * Commitments `commitmentIds` as book entries, with their words read from the pool in one call.
 * A consumer's lock is `ceil(energy × limit / 1000)`, as the profile contract takes it.
 */
export async function readBookCommitments(
  context: MechanismKeeperContext,
  commitmentIds: readonly bigint[],
): Promise<BookCommitment[]> {
  if (commitmentIds.length === 0) return []
  const words = await context.chain.call({
    address: context.pool,
    abi: EnergyPool.abi,
    functionName: 'commitmentWordsOf',
    args: [commitmentIds],
  })
  return words.map((word, k) => {
    const terms = decodeCommitmentWord(word)
    const lockedWei = terms.side === 'consumption' ? lockFor(terms.energyWh, terms.limitPriceWeiPerKWh) : 0n
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
