import type { AddressHex } from '../../chain/types.js'
import { KeeperWaitError } from '../KeeperWaitError.js'

/**
 * The keeper cannot rank an interval now: another account holds its ranking's claim (it ranked
 * last less than one interval ago) and its ranking skipped nothing the keeper could prove. Settle
 * again once `claimedUntil` (its `retryAt`) has passed, or once the claimant finished.
 *
 * @example
 * import { RankingClaimedError } from 'dem-sim'
 * try { await sim.settle(interval) } catch (e) { if (e instanceof RankingClaimedError) console.log(e.ranker, e.claimedUntil) }
 */
export class RankingClaimedError extends KeeperWaitError {
  override name = 'RankingClaimedError'
  readonly ranker: AddressHex
  readonly claimedUntil: bigint

  constructor(interval: number, ranker: AddressHex, claimedUntil: bigint) {
    super(interval, claimedUntil, `the ranking of interval ${interval} is claimed by ${ranker} until ${claimedUntil}`, {
      details: 'only its claimant may rank until then; settle again after that time, or once it finished ranking',
    })
    this.ranker = ranker
    this.claimedUntil = claimedUntil
  }
}
