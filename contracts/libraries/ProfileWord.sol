// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyProfile} from "../interfaces/IEnergyProfile.sol";

/**
 * @title ProfileWord
 * @notice A profile packed into one storage word, read and written with one SLOAD/SSTORE.
 *
 * Layout (low bit first), the same as Solidity would pack {IEnergyProfile.Profile}:
 * collateralWei 96 | lockedWei 96 | openCommitments 24 | location 32 | energyType 8.
 */
library ProfileWord {
    uint256 private constant _LOCKED_SHIFT = 96;
    uint256 private constant _OPEN_SHIFT = 192;
    uint256 private constant _LOCATION_SHIFT = 216;
    uint256 private constant _ENERGY_TYPE_SHIFT = 248;
    /// @dev The label bits (location, energyType), kept when the balances change.
    uint256 private constant _LABELS_MASK = ~uint256(0) << _LOCATION_SHIFT;

    /// @dev Thrown when a balance does not fit its field; unreachable while the total held stays under the cap.
    error ProfileWordOverflow();

    function encode(uint256 collateralWei_, uint32 location_, uint8 energyType_) internal pure returns (uint256) {
        if (collateralWei_ > type(uint96).max) revert ProfileWordOverflow();
        return collateralWei_ | (uint256(location_) << _LOCATION_SHIFT) | (uint256(energyType_) << _ENERGY_TYPE_SHIFT);
    }

    /// @dev `word` with new balances and count, its labels unchanged.
    function withBalances(uint256 word, uint256 collateralWei_, uint256 lockedWei_, uint256 openCommitments_)
        internal
        pure
        returns (uint256)
    {
        if (collateralWei_ > type(uint96).max || lockedWei_ > type(uint96).max || openCommitments_ > type(uint24).max) {
            revert ProfileWordOverflow();
        }
        return (word & _LABELS_MASK) | collateralWei_ | (lockedWei_ << _LOCKED_SHIFT) | (openCommitments_ << _OPEN_SHIFT);
    }

    function collateralWei(uint256 word) internal pure returns (uint256) {
        return uint96(word);
    }

    function lockedWei(uint256 word) internal pure returns (uint256) {
        return uint96(word >> _LOCKED_SHIFT);
    }

    function openCommitments(uint256 word) internal pure returns (uint256) {
        return uint24(word >> _OPEN_SHIFT);
    }

    function toProfile(uint256 word) internal pure returns (IEnergyProfile.Profile memory) {
        return IEnergyProfile.Profile({
            collateralWei: uint96(word),
            lockedWei: uint96(word >> _LOCKED_SHIFT),
            openCommitments: uint24(word >> _OPEN_SHIFT),
            location: uint32(word >> _LOCATION_SHIFT),
            energyType: uint8(word >> _ENERGY_TYPE_SHIFT)
        });
    }
}
