// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;


/**
 * @title ProfileUpdate
 * @notice One settled or expired commitment's effect on its profile, packed into a word so the
 * market sends a whole batch to the profile contract in one call.
 *
 * Layout (low bit first): tokenId 48 | spentWei 96 | amountWei 96 | CREDIT flag | CLOSE flag | ORDER flag.
 * - `spentWei` leaves the profile's locked collateral (collateral and locked both drop by it):
 *   a consumer's payment.
 * - `amountWei` is credited to the collateral when CREDIT is set (a producer's receipt), and
 *   otherwise released from locked collateral (a consumer's unneeded lock).
 * - CLOSE: the commitment is finished; the profile has one open commitment less.
 * - ORDER: the entry is a signed order, whose consumer lock waits in the clearing account since
 *   its filing and which never counted as an open commitment: `spentWei` leaves the clearing
 *   account (its lock there pays), `amountWei` without CREDIT goes from the clearing account back
 *   to the profile, and CLOSE is ignored.
 */
library ProfileUpdate {
    uint256 private constant _SPENT_SHIFT = 48;
    uint256 private constant _AMOUNT_SHIFT = 144;
    uint256 private constant _CREDIT_FLAG = 0x0001000000000000000000000000000000000000000000000000000000000000; // 1 << 240
    uint256 private constant _CLOSE_FLAG = 0x0002000000000000000000000000000000000000000000000000000000000000; // 1 << 241
    uint256 private constant _ORDER_FLAG = 0x0004000000000000000000000000000000000000000000000000000000000000; // 1 << 242

    /// @dev A consumer paid `spentWei` from its lock and got `releasedWei` back into its free collateral.
    function consumer(uint256 tokenId_, uint256 spentWei_, uint256 releasedWei, bool close_) internal pure returns (uint256) {
        return _pack(tokenId_, spentWei_, releasedWei) | (close_ ? _CLOSE_FLAG : 0);
    }

    /// @dev A producer received `creditedWei`.
    function producer(uint256 tokenId_, uint256 creditedWei, bool close_) internal pure returns (uint256) {
        return _pack(tokenId_, 0, creditedWei) | _CREDIT_FLAG | (close_ ? _CLOSE_FLAG : 0);
    }

    /// @dev A commitment that ends without trading (expired): `releasedWei` (a consumer's lock, zero for a producer) is unlocked.
    function release(uint256 tokenId_, uint256 releasedWei) internal pure returns (uint256) {
        return _pack(tokenId_, 0, releasedWei) | _CLOSE_FLAG;
    }

    function tokenId(uint256 word) internal pure returns (uint256) {
        return uint48(word);
    }

    function spentWei(uint256 word) internal pure returns (uint256) {
        return uint96(word >> _SPENT_SHIFT);
    }

    function amountWei(uint256 word) internal pure returns (uint256) {
        return uint96(word >> _AMOUNT_SHIFT);
    }

    function isCredit(uint256 word) internal pure returns (bool) {
        return word & _CREDIT_FLAG != 0;
    }

    function closes(uint256 word) internal pure returns (bool) {
        return word & _CLOSE_FLAG != 0;
    }

    /// @dev `word` marked as a signed order's (see the ORDER flag).
    function asOrder(uint256 word) internal pure returns (uint256) {
        return word | _ORDER_FLAG;
    }

    function isOrder(uint256 word) internal pure returns (bool) {
        return word & _ORDER_FLAG != 0;
    }

    /**
     * @dev Token ids are below 2^48 (the profile contract numbers them with a uint48) and amounts
     * never exceed the profile contract's uint96 collateral cap, so nothing is cut off.
     */
    function _pack(uint256 tokenId_, uint256 spentWei_, uint256 amountWei_) private pure returns (uint256) {
        return tokenId_ | (spentWei_ << _SPENT_SHIFT) | (amountWei_ << _AMOUNT_SHIFT);
    }
}
