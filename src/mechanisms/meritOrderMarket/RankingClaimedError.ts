import type { AddressHex } from '../../chain/types.js'
import { DemError } from '../../errors/DemError.js'

/**
 * The keeper cannot rank an interval now: another account holds its ranking's claim (it ranked
 * last less than one interval ago) and its ranking skipped nothing the keeper could prove. Settle
 * again once `claimedUntil` has passed, or once the claimant finished.
 */
export class RankingClaimedError extends DemError {
  override name = 'RankingClaimedError'
  readonly interval: number
  readonly ranker: AddressHex
  readonly claimedUntil: bigint

  constructor(interval: number, ranker: AddressHex, claimedUntil: bigint) {
    super(`the ranking of interval ${interval} is claimed by ${ranker} until ${claimedUntil}`, {
      details: 'only its claimant may rank until then; settle again after that time, or once it finished ranking',
    })
    this.interval = interval
    this.ranker = ranker
    this.claimedUntil = claimedUntil
  }
}
