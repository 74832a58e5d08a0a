// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {MarketCore} from "./MarketCore.sol";
import {ProRataMarket} from "./ProRataMarket.sol";

/**
 * @title SupplyDemandRatioMarket
 * @notice `sdr`: supply–demand-ratio pricing (Liu et al., IEEE Trans. Power Systems 32(5), 2017),
 * neither a merit order nor a feed price: the interval's price sits between the feed-in tariff `λs`
 * and the grid price `λb`, set by `SDR = P / C` — `floor(λb × λs × C / ((λb − λs) × P + λs × C))`
 * while supply falls short of demand, `λs` once it covers it — and the in-the-money commitments share
 * `min(S, D, P, C)` pro rata at it (docs/market.md).
 */
contract SupplyDemandRatioMarket is ProRataMarket {
    uint256 private immutable _feedInTariffWeiPerKWh;
    uint256 private immutable _gridPriceWeiPerKWh;

    /// @dev The tariffs must satisfy 0 < feed-in tariff ≤ grid price < 2^96.
    error SupplyDemandRatioMarketInvalidTariffs(uint256 feedInTariffWeiPerKWh, uint256 gridPriceWeiPerKWh);

    /**
     * @param feedInTariffWeiPerKWh_ `λs`: what feeding a kWh into the grid earns, the lowest internal price.
     * @param gridPriceWeiPerKWh_ `λb`: what a kWh from the grid costs, the highest internal price.
     * @dev The other parameters: see {MarketCore-constructor}.
     */
    constructor(
        address initialOwner,
        IEnergyPool pool_,
        IEnergyOracle oracle_,
        uint256 feedInTariffWeiPerKWh_,
        uint256 gridPriceWeiPerKWh_,
        uint256 gracePeriodSeconds_,
        uint256 minEnergyWh_
    ) MarketCore(initialOwner, pool_, oracle_, gracePeriodSeconds_, minEnergyWh_) {
        if (
            feedInTariffWeiPerKWh_ == 0 || feedInTariffWeiPerKWh_ > gridPriceWeiPerKWh_
                || gridPriceWeiPerKWh_ > type(uint96).max
        ) revert SupplyDemandRatioMarketInvalidTariffs(feedInTariffWeiPerKWh_, gridPriceWeiPerKWh_);
        _feedInTariffWeiPerKWh = feedInTariffWeiPerKWh_;
        _gridPriceWeiPerKWh = gridPriceWeiPerKWh_;
    }

    /// @notice The feed-in tariff `λs` and the grid price `λb`, wei per kWh.
    function tariffs() external view returns (uint256 feedInTariffWeiPerKWh, uint256 gridPriceWeiPerKWh) {
        return (_feedInTariffWeiPerKWh, _gridPriceWeiPerKWh);
    }

    function _uniformPrice(uint32, Round memory round) internal view override returns (uint256, uint8) {
        uint256 sell = _feedInTariffWeiPerKWh;
        uint256 buy = _gridPriceWeiPerKWh;
        uint256 supplyWh = round.producedWh;
        uint256 demandWh = round.consumedWh;
        if (supplyWh >= demandWh) return (sell, 0);
        // Tariffs below 2^96 and readings below 2^64: every product stays below 2^256, and the
        // denominator is at least λs × C > 0.
        return (buy * sell * demandWh / ((buy - sell) * supplyWh + sell * demandWh), 0);
    }
}
