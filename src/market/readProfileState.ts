import type { MarketReader } from './MarketReader.js'
import type { ProfileState } from './types.js'

/** A profile's owner and controller, collateral, lock and labels, as the profile contract keeps them. */
export async function readProfileState({ chain, contracts }: MarketReader, tokenId: bigint): Promise<ProfileState> {
  const profile = await chain.call({ ...contracts.profile, functionName: 'profileOf', args: [tokenId] })
  const owner = await chain.call({ ...contracts.profile, functionName: 'ownerOf', args: [tokenId] })
  const controller = await chain.call({ ...contracts.profile, functionName: 'controllerOf', args: [tokenId] })
  return {
    tokenId,
    owner,
    controller,
    deposited: owner.toLowerCase() === contracts.pool.address.toLowerCase(),
    location: profile.location,
    energyType: profile.energyType,
    collateralWei: profile.collateralWei,
    lockedWei: profile.lockedWei,
    availableWei: profile.collateralWei - profile.lockedWei,
    openCommitments: profile.openCommitments,
  }
}
