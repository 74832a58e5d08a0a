import { parseSignature, signatureToCompactSignature } from 'viem'
import { signTypedData } from 'viem/accounts'
import type { AddressHex, Hex } from '../chain/types.js'
import { SIDES, type Side } from '../mechanisms/contractEnums.js'

/** An order's terms, as its signer signs them (the EIP-712 `Order` type of `ISignedOrders`). */
export type OrderTerms = {
  tokenId: bigint
  /** The current interval or a later one. */
  interval: number
  side: Side
  energyWh: bigint
  /** A producer's lowest, or a consumer's highest, acceptable price (wei per kWh). */
  limitPriceWeiPerKWh: bigint
  /** Any number below 2^64 not used before for this profile: each (profile, nonce) is filed at most once. */
  nonce: bigint
  /** The last unix second at which the order may be filed. */
  deadline: bigint
}

/** One signed order as `EnergyPool.submitOrders` takes it (see contracts/interfaces/ISignedOrders.sol). */
export type SignedOrder = {
  /** tokenId 48 | interval 32 | energyWh 64 | limit 96 | side 8, low bit first (a commitment word). */
  word: bigint
  /** nonce 64 | deadline 64. */
  terms: bigint
  /** The EIP-2098 compact signature. */
  r: Hex
  vs: Hex
}

/** Where orders are signed for: the chain and the pool that checks them. */
export type OrderDomain = { chainId: bigint; pool: AddressHex }

/**
 * The EIP-712 type the pool hashes (`_ORDER_TYPEHASH` in contracts/EnergyPool.sol; a test compares digests).
 *
 * @example
 * import { ORDER_TYPES, orderDomainOf } from 'dem-sim'
 * const signature = await walletClient.signTypedData({ domain: orderDomainOf(domain), types: ORDER_TYPES, primaryType: 'Order', message })
 */
export const ORDER_TYPES = {
  Order: [
    { name: 'tokenId', type: 'uint256' },
    { name: 'interval', type: 'uint32' },
    { name: 'side', type: 'uint8' },
    { name: 'energyWh', type: 'uint64' },
    { name: 'limitPriceWeiPerKWh', type: 'uint96' },
    { name: 'nonce', type: 'uint64' },
    { name: 'deadline', type: 'uint64' },
  ],
} as const

/**
 * The pool's EIP-712 domain: name "DEM Energy Pool", version "1", the chain and the pool.
 *
 * @param domain the chain id and the pool's address
 * @returns the domain as viem's `signTypedData` takes it
 * @example
 * import { orderDomainOf } from 'dem-sim'
 * const domain = orderDomainOf({ chainId: sim.chain.chainId, pool: sim.contracts.pool.address })
 */
export function orderDomainOf(domain: OrderDomain) {
  return { name: 'DEM Energy Pool', version: '1', chainId: domain.chainId, verifyingContract: domain.pool } as const
}

/**
 * An order's word and terms as the pool reads them, packed from its fields (no range checks: a
 * field too wide spills into the next, which the pool skips as malformed).
 *
 * @param order the order's terms
 * @returns `word` and `terms` of a {@link SignedOrder}
 * @example
 * import { packOrder } from 'dem-sim'
 * const { word, terms } = packOrder({ tokenId: 1n, interval: 0, side: 'production', energyWh: 1_000n, limitPriceWeiPerKWh: 100n, nonce: 0n, deadline: 1_700_003_600n })
 */
export function packOrder(order: OrderTerms): { word: bigint; terms: bigint } {
  const side = BigInt(SIDES.indexOf(order.side))
  return {
    word:
      order.tokenId |
      (BigInt(order.interval) << 48n) |
      (order.energyWh << 80n) |
      (order.limitPriceWeiPerKWh << 144n) |
      (side << 240n),
    terms: order.nonce | (order.deadline << 64n),
  }
}

/**
 * Signs an order with a profile depositor's key (viem's `signTypedData`), as a household does off
 * chain before handing it to an aggregator.
 *
 * @param privateKey the depositor's key
 * @param domain the chain id and the pool's address
 * @param order the order's terms
 * @returns the order as `submitOrders` takes it
 * @example
 * import { signOrder } from 'dem-sim'
 * const signed = await signOrder(account.privateKey, { chainId: sim.chain.chainId, pool: sim.contracts.pool.address }, terms)
 */
export async function signOrder(privateKey: Hex, domain: OrderDomain, order: OrderTerms): Promise<SignedOrder> {
  const signature = await signTypedData({
    privateKey,
    domain: orderDomainOf(domain),
    types: ORDER_TYPES,
    primaryType: 'Order',
    message: { ...order, side: SIDES.indexOf(order.side) },
  })
  const compact = signatureToCompactSignature(parseSignature(signature))
  return { ...packOrder(order), r: compact.r, vs: compact.yParityAndS }
}
