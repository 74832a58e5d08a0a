// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {MarketCore} from "./MarketCore.sol";
import {MeritOrderMarket} from "./MeritOrderMarket.sol";

/**
 * @title PayAsClearMarket
 * @notice `pay-as-clear`: every matched Wh at `p = floor((a + b) / 2)`, the midpoint of the
 * marginal offer `a` and bid `b`, shared by cumulative floors so that Σ paid == Σ received
 * (docs/market.md).
 */
contract PayAsClearMarket is MeritOrderMarket {
    /// @dev See {MarketCore-constructor}.
    constructor(
        address initialOwner,
        IEnergyPool pool_,
        IEnergyOracle oracle_,
        uint256 gracePeriodSeconds_,
        uint256 minEnergyWh_
    ) MarketCore(initialOwner, pool_, oracle_, gracePeriodSeconds_, minEnergyWh_) {}

    function _clearingPrice(uint256 marginalProducerLimit, uint256 marginalConsumerLimit)
        internal
        pure
        override
        returns (uint256)
    {
        return (marginalProducerLimit + marginalConsumerLimit) / 2;
    }

    function _consumerPaymentWei(Round memory round, uint256, uint256 cumBeforeWh, uint256 tradedWh)
        internal
        pure
        override
        returns (uint256)
    {
        return _cumulativeShareWei(round.price, cumBeforeWh, tradedWh);
    }

    function _producerReceiptWei(Round memory round, uint256, uint256 cumBeforeWh, uint256 tradedWh)
        internal
        pure
        override
        returns (uint256)
    {
        return _cumulativeShareWei(round.price, cumBeforeWh, tradedWh);
    }

    /// @dev floor(p × (before + traded) / 1000) − floor(p × before / 1000); p < 2^96, Wh < 2^64.
    function _cumulativeShareWei(uint256 price, uint256 cumBeforeWh, uint256 tradedWh) private pure returns (uint256) {
        if (tradedWh == 0) return 0;
        return price * (cumBeforeWh + tradedWh) / 1000 - price * cumBeforeWh / 1000;
    }
}
