// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnergyMarketBase} from "./EnergyMarketBase.sol";
import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";

/**
 * @title PayAsClearMarket
 * @notice Uniform-price double auction: every trade of an interval happens at one price
 * discovered from its book. With `a` the marginal producer's limit (its offer) and `b` the
 * marginal consumer's limit (its bid) — the last pair the merit-order match traded — the price
 * is `p = floor((a + b) / 2)` wei per kWh. As `a ≤ b`, `a ≤ p ≤ b`: no traded producer gets less
 * than its offer and no traded consumer pays more than its bid (limits tie: `p = a = b`). The
 * floor gives the odd half wei per kWh to the consumers.
 *
 * Payments (the cumulative scheme of EnergyMarket): in book order, the k-th consumer, with
 * `T_k` the Wh traded by the consumers up to and including it, pays
 * `floor(p × T_k / 1000) − floor(p × T_{k−1} / 1000)`; producers receive likewise over their
 * own book. Both sides trade `E` in total, so Σ paid == Σ received == `floor(p × E / 1000)` to
 * the wei and the clearing account is back to where it was once the interval is settled. Each
 * payment is within 1 wei of its trade × p; the fraction goes to whoever crosses the next wei.
 * With `E = 0` the price is 0 and nobody pays.
 */
contract PayAsClearMarket is EnergyMarketBase {
    /// @dev See {EnergyMarketBase-constructor}.
    constructor(
        address initialOwner,
        IEnergyPool pool_,
        IEnergyOracle oracle_,
        uint256 gracePeriodSeconds_,
        uint256 minEnergyWh_
    ) EnergyMarketBase(initialOwner, pool_, oracle_, gracePeriodSeconds_, minEnergyWh_) {}

    function _clearingPrice(Round memory round) internal pure override returns (uint256) {
        if (round.tradedWh == 0) return 0;
        return (uint256(round.marginalProducerLimit) + round.marginalConsumerLimit) / 2;
    }

    function _consumerPaymentWei(Round memory round, uint256, uint256 cumBeforeWh, uint256 tradedWh)
        internal
        pure
        override
        returns (uint256)
    {
        return _cumulativeShareWei(round.priceWeiPerKWh, cumBeforeWh, tradedWh);
    }

    function _producerReceiptWei(Round memory round, uint256, uint256 cumBeforeWh, uint256 tradedWh)
        internal
        pure
        override
        returns (uint256)
    {
        return _cumulativeShareWei(round.priceWeiPerKWh, cumBeforeWh, tradedWh);
    }

    /// @dev floor(p × (before + traded) / 1000) − floor(p × before / 1000); p < 2^96, Wh < 2^64.
    function _cumulativeShareWei(uint256 price, uint256 cumBeforeWh, uint256 tradedWh) private pure returns (uint256) {
        if (tradedWh == 0) return 0;
        return price * (cumBeforeWh + tradedWh) / 1000 - price * cumBeforeWh / 1000;
    }
}
