// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {MarketCore} from "./MarketCore.sol";
import {MeritOrderMarket} from "./MeritOrderMarket.sol";

/**
 * @title PayAsBidMarket
 * @notice `pay-as-bid`: each consumer pays its bid, `ceil(traded × bid / 1000)`, each producer
 * receives its offer, `floor(traded × offer / 1000)`; the spread stays in the clearing account as
 * the market's surplus, which the owner withdraws with {withdrawSurplus} (docs/market.md).
 */
contract PayAsBidMarket is MeritOrderMarket {
    /// @dev See {MarketCore-constructor}.
    constructor(
        address initialOwner,
        IEnergyPool pool_,
        IEnergyOracle oracle_,
        uint256 gracePeriodSeconds_,
        uint256 minEnergyWh_
    ) MarketCore(initialOwner, pool_, oracle_, gracePeriodSeconds_, minEnergyWh_) {}

    /// @dev No uniform price.
    function _clearingPrice(uint256, uint256) internal pure override returns (uint256) {
        return 0;
    }

    /// @dev limit < 2^96 and traded < 2^64: no overflow.
    function _consumerPaymentWei(Round memory, uint256 limit, uint256, uint256 tradedWh)
        internal
        pure
        override
        returns (uint256)
    {
        return (tradedWh * limit + 999) / 1000;
    }

    function _producerReceiptWei(Round memory, uint256 limit, uint256, uint256 tradedWh)
        internal
        pure
        override
        returns (uint256)
    {
        return tradedWh * limit / 1000;
    }
}
