// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title OrderSegment
 * @notice The orders one batch filed, kept on chain only as a hash: the pool stores
 * `keccak256(abi.encodePacked(segment))` of `segment = [header, words...]` when it files them and
 * publishes the segment in an event; a keeper hands it back, and the pool checks it against the
 * hash before any of its words is read.
 *
 * Header layout (low bit first): firstId 32 | count 32. The segment's orders have ids `firstId`,
 * `firstId + 1`, ... in order; a zero word is an id the batch did not file after all.
 */
library OrderSegment {
    uint256 private constant _COUNT_SHIFT = 32;

    function header(uint256 firstId_, uint256 count_) internal pure returns (uint256) {
        return firstId_ | (count_ << _COUNT_SHIFT);
    }

    function firstId(uint256 h) internal pure returns (uint256) {
        return uint32(h);
    }

    function count(uint256 h) internal pure returns (uint256) {
        return uint32(h >> _COUNT_SHIFT);
    }
}
