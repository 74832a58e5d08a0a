// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {MarketCore} from "./MarketCore.sol";
import {ProRataMarket} from "./ProRataMarket.sol";
import {FeedReading} from "./libraries/FeedReading.sol";

/**
 * @title OraclePriceMarket
 * @notice `oracle-price`: the uniform price of an interval is a Chainlink-style price feed's answer
 * for it (read with {FeedReading}'s rules), and the in-the-money commitments share `min(S, D, P, C)`
 * pro rata at it (docs/market.md).
 */
contract OraclePriceMarket is ProRataMarket {
    AggregatorV3Interface private immutable _priceFeed;

    /**
     * @param priceFeed_ The feed of the interval's price (an AggregatorV3Interface: a real feed's address works unchanged).
     * @dev The other parameters: see {MarketCore-constructor}.
     */
    constructor(
        address initialOwner,
        IEnergyPool pool_,
        IEnergyOracle oracle_,
        AggregatorV3Interface priceFeed_,
        uint256 gracePeriodSeconds_,
        uint256 minEnergyWh_
    ) MarketCore(initialOwner, pool_, oracle_, gracePeriodSeconds_, minEnergyWh_) {
        if (address(priceFeed_) == address(0)) revert EnergyMarketInvalidAddress(address(priceFeed_));
        _priceFeed = priceFeed_;
    }

    /// @notice The feed of each interval's price.
    function priceFeed() external view returns (AggregatorV3Interface) {
        return _priceFeed;
    }

    /// @dev The feed's answer for the interval; a price that is not positive or needs more than 128 bits is refused.
    function _uniformPrice(uint32 interval, Round memory) internal view override returns (uint256, uint8) {
        (int256 answer, uint8 decimals) =
            FeedReading.answerOf(_priceFeed, interval, intervalEndOf(interval), intervalSeconds());
        if (answer <= 0 || uint256(answer) > type(uint128).max) {
            revert EnergyMarketInvalidPrice(address(_priceFeed), answer);
        }
        return (uint256(answer), decimals);
    }
}
