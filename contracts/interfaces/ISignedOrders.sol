// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ISignedOrders
 * @notice Batched signed orders: a profile's depositor signs an order off chain (EIP-712 typed
 * data `Order(uint256 tokenId,uint32 interval,uint8 side,uint64 energyWh,uint96
 * limitPriceWeiPerKWh,uint64 nonce,uint64 deadline)`, domain "DEM Energy Pool", version "1", this
 * pool), and anyone, acting as aggregator, submits many in one transaction ({submitOrders}). Each is
 * checked — its form, deadline and interval, signature, nonce, its signer's control of the profile,
 * the market's spam rules and a consumer's collateral — and filed, or skipped with an
 * {OrderSkipped} event naming the reason; a bad order never fails the batch.
 *
 * A filed order goes straight into its interval's book of its side, under an order id (from
 * 2^31, above every commitment id), but its word is not stored: a batch's filed orders are kept as
 * the hash of their words (a segment, see OrderSegment; docs/design.md, "Signed orders in
 * batches"), {OrdersFiled} publishes the words, and the keeper supplies them again
 * ({IEnergyMarket-withOrders}) whenever a call reads them. A consumer order's lock moves into the
 * clearing account when it is filed; what it does not spend comes back at settlement. Orders do
 * not count as a profile's open commitments.
 */
interface ISignedOrders {
    /**
     * @dev One signed order as submitted: four words, decoded by the pool (so that a malformed
     * order is skipped, not the batch).
     * - `word`: tokenId 48 | interval 32 | energyWh 64 | limitPriceWeiPerKWh 96 | side 8 | 8 zero bits
     *   (low bit first; side 0 production, 1 consumption: a commitment word, see CommitmentWord).
     * - `terms`: nonce 64 | deadline 64 | 128 zero bits.
     * - `r`, `vs`: the EIP-2098 compact signature of the typed data.
     */
    struct SignedOrder {
        uint256 word;
        uint256 terms;
        bytes32 r;
        bytes32 vs;
    }

    /**
     * @dev Why an order was skipped. `Malformed`: a side other than 0 or 1, bits set outside the
     * fields, a token id or energy of zero, a consumer's limit of zero (it would lock nothing). `Expired`: past its deadline. `IntervalClosed`: its
     * interval has begun to close (an interval before the current one). `BelowMinimum`: less than
     * the market's `minEnergyWh`. `BadSignature`: not a valid signature. `NonceUsed`: the profile's
     * nonce was filed already (a replay or a duplicate). `NotController`: not signed by the
     * profile's depositor (forged, or the profile is not in the pool). `InsufficientCollateral`: a
     * consumer's lock exceeds its profile's free collateral. `SecondProduction`: its profile already
     * has a production commitment or order in that interval.
     */
    enum OrderSkipReason {
        Malformed,
        Expired,
        IntervalClosed,
        BelowMinimum,
        BadSignature,
        NonceUsed,
        NotController,
        InsufficientCollateral,
        SecondProduction
    }

    /**
     * @notice The orders a batch filed: `segment` is a header (see OrderSegment: the first order
     * id and the count) and their commitment words, zero for an id not filed after all. The
     * keeper hands segments back as they are ({IEnergyMarket-withOrders}).
     */
    event OrdersFiled(uint256[] segment);
    /// @notice The order at `index` of the batch was skipped.
    event OrderSkipped(uint256 indexed index, uint256 indexed tokenId, uint256 nonce, OrderSkipReason reason);

    /// @dev Orders need the wired market (its spam rules and books); none is wired yet.
    error EnergyPoolMarketNotWired();
    /// @dev The segment at word `offset` of the supplied ones is not one the pool filed (or runs past their end).
    error EnergyPoolOrdersMismatch(uint256 offset);
    /// @dev Order `orderId`'s word is needed, and no segment holding it was supplied in this transaction.
    error EnergyPoolOrdersMissing(uint256 orderId);

    /**
     * @notice Checks and files signed orders; skips each bad one with {OrderSkipped}. Anyone.
     * @return filed How many were filed.
     */
    function submitOrders(SignedOrder[] calldata orders) external returns (uint256 filed);

    /**
     * @notice Makes filed orders' words readable ({IEnergyPool-commitmentWordsOf}, by order id)
     * for the rest of this transaction: `segments` as published by {OrdersFiled}, one after
     * another, each checked against its stored hash. Anyone (nothing outlives the transaction).
     */
    function supplyOrders(uint256[] calldata segments) external;

    /// @notice The hash of the segment whose first order id is `firstId`; zero if none.
    function orderSegmentOf(uint256 firstId) external view returns (bytes32);

    /// @notice How many order ids were ever given out; the next is `2^31 +` this.
    function orderCount() external view returns (uint256);

    /// @notice Whether profile `tokenId`'s order with `nonce` was filed.
    function isNonceUsed(uint256 tokenId, uint64 nonce) external view returns (bool);

    /// @notice The EIP-712 digest an order's signer signs (`word` and `terms` as in {SignedOrder}).
    function orderDigest(uint256 word, uint256 terms) external view returns (bytes32);
}
