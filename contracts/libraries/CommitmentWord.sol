// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyPool} from "../interfaces/IEnergyPool.sol";

/**
 * @title CommitmentWord
 * @notice A commitment packed into one 256-bit word, so that storing one costs one slot and
 * the market reads a whole batch with one call.
 *
 * Layout (low bit first): tokenId 48 | interval 32 | energyWh 64 | limitPriceWeiPerKWh 96 | side 8 | 8 spare.
 */
library CommitmentWord {
    uint256 private constant _INTERVAL_SHIFT = 48;
    uint256 private constant _ENERGY_SHIFT = 80;
    uint256 private constant _LIMIT_SHIFT = 144;
    uint256 private constant _SIDE_SHIFT = 240;

    /// @dev Packs a commitment. `tokenId` must fit 48 bits (the profile contract numbers tokens from 1).
    function encode(
        uint256 tokenId_,
        uint32 interval_,
        uint64 energyWh_,
        IEnergyPool.Side side_,
        uint96 limitPriceWeiPerKWh_
    ) internal pure returns (uint256) {
        return uint256(uint48(tokenId_)) | (uint256(interval_) << _INTERVAL_SHIFT) | (uint256(energyWh_) << _ENERGY_SHIFT)
            | (uint256(limitPriceWeiPerKWh_) << _LIMIT_SHIFT) | (uint256(side_) << _SIDE_SHIFT);
    }

    function tokenId(uint256 word) internal pure returns (uint256) {
        return uint48(word);
    }

    function interval(uint256 word) internal pure returns (uint32) {
        return uint32(word >> _INTERVAL_SHIFT);
    }

    function energyWh(uint256 word) internal pure returns (uint256) {
        return uint64(word >> _ENERGY_SHIFT);
    }

    function limitPriceWeiPerKWh(uint256 word) internal pure returns (uint256) {
        return uint96(word >> _LIMIT_SHIFT);
    }

    /// @dev The side byte as packed: 0 production, 1 consumption (a signed order may carry anything).
    function sideByte(uint256 word) internal pure returns (uint256) {
        return uint8(word >> _SIDE_SHIFT);
    }

    /// @dev Whether bits above the side byte are set (never in a word this library packed).
    function hasSpareBits(uint256 word) internal pure returns (bool) {
        return word >> (_SIDE_SHIFT + 8) != 0;
    }

    function isConsumption(uint256 word) internal pure returns (bool) {
        return uint8(word >> _SIDE_SHIFT) == uint8(IEnergyPool.Side.Consumption);
    }

    /**
     * @dev The collateral a consumption commitment locks: ceil(energyWh × limit / 1000), rounded
     * up so that it covers any payment at a clearing price ≤ limit. Zero for production.
     */
    function lockedWei(uint256 word) internal pure returns (uint256) {
        if (!isConsumption(word)) return 0;
        return lockFor(energyWh(word), limitPriceWeiPerKWh(word));
    }

    /// @dev ceil(energyWh × limitPriceWeiPerKWh / 1000); below 2^160, no overflow.
    function lockFor(uint256 energyWh_, uint256 limitPriceWeiPerKWh_) internal pure returns (uint256) {
        return (energyWh_ * limitPriceWeiPerKWh_ + 999) / 1000;
    }

    /// @dev The word as the pool's external view struct.
    function toCommitment(uint256 word) internal pure returns (IEnergyPool.Commitment memory) {
        return IEnergyPool.Commitment({
            tokenId: tokenId(word),
            interval: interval(word),
            side: isConsumption(word) ? IEnergyPool.Side.Consumption : IEnergyPool.Side.Production,
            energyWh: uint64(energyWh(word)),
            limitPriceWeiPerKWh: uint96(limitPriceWeiPerKWh(word)),
            lockedWei: lockedWei(word)
        });
    }
}
