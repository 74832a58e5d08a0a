// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketCore} from "./MarketCore.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";

/**
 * @title ProRataMarket
 * @notice The family of markets that clear an interval at one uniform price fixed when its
 * settlement starts ({_uniformPrice}) and share the traded energy `min(S, D, P, C)` pro rata among
 * the commitments in the money at it, by cumulative floors in book order, so that both sides move
 * exactly `floor(p × E / U)` wei (docs/market.md, "Pro rata at a uniform price"). Clearing is one
 * tally pass over both books, producers then consumers, bounded per call.
 */
abstract contract ProRataMarket is MarketCore {
    using CommitmentWord for uint256;

    /**
     * @dev The interval's uniform price, wei per kWh scaled by 10^decimals (decimals ≤ 18), from
     * what the mechanism reads; `round` has the metered readings.
     */
    function _uniformPrice(uint32 interval, Round memory round)
        internal
        view
        virtual
        returns (uint256 price, uint8 decimals);

    function _onSettlementStarted(uint32 interval, Round memory round) internal view override {
        (uint256 price, uint8 decimals) = _uniformPrice(interval, round);
        // _uniformPrice keeps the price within 128 bits.
        round.price = uint128(price);
        round.priceDecimals = decimals;
    }

    /// @dev Tallies the in-the-money counted energy, producers then consumers; fixes `E` at the end.
    function _clear(uint32 interval, Round memory round, uint256 budget, Reads memory reads)
        internal
        view
        override
        returns (uint256 used, bool cleared)
    {
        uint256 scale = 10 ** round.priceDecimals;
        cleared = true;
        for (uint256 side = 0; side < 2; ++side) {
            bool consumers = BookSide(side) == BookSide.Consumers;
            uint256 cursor = consumers ? round.consumerCursor : round.producerCursor;
            uint256 left = (consumers ? round.consumerCount : round.producerCount) - cursor;
            uint256 n = _min(budget - used, left);
            cleared = cleared && n == left;
            if (n == 0) continue;
            Entries memory entries = _readEntries(reads, interval, BookSide(side), cursor, n, !consumers);
            uint256 countedWh;
            for (uint256 k = 0; k < n; ++k) {
                uint256 word = entries.words[k];
                if (!_inTheMoney(round, consumers, word, scale)) continue;
                countedWh += consumers ? word.energyWh() : entries.countedWh[k];
            }
            // Counts below 2^31, counted energy below 2^64 each: the sums fit 96 bits.
            if (consumers) (round.demandWh, round.consumerCursor) = (round.demandWh + uint96(countedWh), uint32(cursor + n));
            else (round.supplyWh, round.producerCursor) = (round.supplyWh + uint96(countedWh), uint32(cursor + n));
            used += n;
        }
        if (!cleared) return (used, false);
        // E ≤ the metered readings, which fit 64 bits.
        uint256 supplyOrDemand = _min(round.supplyWh, round.demandWh);
        round.tradedWh = uint64(_min(supplyOrDemand, _min(round.producedWh, round.consumedWh)));
    }

    /// @dev The price scale 10^decimals.
    function _payoutContext(uint32, Round memory round, BookSide) internal pure override returns (uint256) {
        return 10 ** round.priceDecimals;
    }

    function _tradeOf(Round memory round, BookSide side, uint256, uint256 word, uint256 countedWh, uint256 scale)
        internal
        pure
        override
        returns (uint256 tradedWh, uint256 amountWei)
    {
        bool consumer = side == BookSide.Consumers;
        if (countedWh == 0 || !_inTheMoney(round, consumer, word, scale)) return (0, 0);
        uint256 cumBeforeWh = consumer ? round.cumConsumerWh : round.cumProducerWh;
        unchecked {
            // cum ≤ total, the side's counted energy, below 2^96.
            uint256 cumWh = cumBeforeWh + countedWh;
            if (consumer) round.cumConsumerWh = uint96(cumWh);
            else round.cumProducerWh = uint96(cumWh);
        }
        (uint256 tradedBeforeWh, uint256 tradedAfterWh) = _shares(round, consumer, cumBeforeWh);
        unchecked {
            // Shares ≤ E < 2^64 and p < 2^128: p × share < 2^192; the later share is the larger.
            tradedWh = tradedAfterWh - tradedBeforeWh;
            uint256 unit = 1000 * scale;
            amountWei = round.price * tradedAfterWh / unit - round.price * tradedBeforeWh / unit;
        }
    }

    /**
     * @dev floor(E × cum / total) before and after the commitment just placed on its side: the
     * energy the side's commitments up to it have traded.
     */
    function _shares(Round memory round, bool consumer, uint256 cumBeforeWh)
        private
        pure
        returns (uint256 beforeWh, uint256 afterWh)
    {
        (uint256 cumWh, uint256 totalWh) =
            consumer ? (round.cumConsumerWh, round.demandWh) : (round.cumProducerWh, round.supplyWh);
        unchecked {
            // cum ≤ total < 2^96 and E < 2^64: E × cum < 2^160; total > 0 since the commitment counts in it.
            beforeWh = round.tradedWh * cumBeforeWh / totalWh;
            afterWh = round.tradedWh * cumWh / totalWh;
        }
    }

    /// @dev Whether a commitment is in the money at the round's price (`scale` = 10^priceDecimals).
    function _inTheMoney(Round memory round, bool consumer, uint256 word, uint256 scale) private pure returns (bool) {
        uint256 limitScaled;
        unchecked {
            // limit < 2^96 and scale ≤ 10^18 < 2^60.
            limitScaled = word.limitPriceWeiPerKWh() * scale;
        }
        return consumer ? limitScaled >= round.price : limitScaled <= round.price;
    }
}
