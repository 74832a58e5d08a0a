// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title CreditLanes
 * @notice What settled signed orders credit to profiles, kept until the profile next needs it: four
 * neighbouring profiles' credits share one storage word (60 bits each, at 60 × (tokenId & 3)), so a
 * settlement writes one word per four profiles instead of one per profile. A word, once written,
 * keeps its top bit set, so later writes never pay for a fresh slot.
 */
library CreditLanes {
    uint256 private constant _LANE_BITS = 60;
    uint256 private constant _LANE_MASK = (1 << _LANE_BITS) - 1;
    uint256 private constant _IN_USE = 1 << 255;

    /// @dev Adds `amountWei` to `tokenId`'s lane; false (nothing changed) when it would not fit.
    function credit(mapping(uint256 => uint256) storage lanes, uint256 tokenId, uint256 amountWei)
        internal
        returns (bool)
    {
        (uint256 key, uint256 shift) = _laneOf(tokenId);
        uint256 packed = lanes[key];
        if (((packed >> shift) & _LANE_MASK) + amountWei > _LANE_MASK) return false;
        // The lane's sum fits its bits: nothing carries into the next lane.
        lanes[key] = (packed + (amountWei << shift)) | _IN_USE;
        return true;
    }

    /// @dev Empties `tokenId`'s lane; returns what it held.
    function take(mapping(uint256 => uint256) storage lanes, uint256 tokenId) internal returns (uint256 amountWei) {
        (uint256 key, uint256 shift) = _laneOf(tokenId);
        uint256 packed = lanes[key];
        amountWei = (packed >> shift) & _LANE_MASK;
        if (amountWei != 0) lanes[key] = packed & ~(_LANE_MASK << shift);
    }

    /// @dev What `tokenId`'s lane holds.
    function balanceOf(mapping(uint256 => uint256) storage lanes, uint256 tokenId) internal view returns (uint256) {
        (uint256 key, uint256 shift) = _laneOf(tokenId);
        return (lanes[key] >> shift) & _LANE_MASK;
    }

    function _laneOf(uint256 tokenId) private pure returns (uint256 key, uint256 shift) {
        return (tokenId >> 2, (tokenId & 3) * _LANE_BITS);
    }
}
