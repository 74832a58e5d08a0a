// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketCore} from "./MarketCore.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";

/**
 * @title ProRataMarket
 * @notice The family of markets that clear an interval at one uniform price fixed when its
 * settlement starts ({_uniformPrice}) and share the traded energy pro rata among the commitments
 * in the money at it (the rule, rounding included, is in docs/market.md):
 * - in the money: producers with `limit × 10^d ≤ p`, consumers with `limit × 10^d ≥ p`; a consumer
 *   counts for its committed energy, a producer for at most its own metered delivery; `S`, `D` are
 *   the counted totals and `E = min(S, D, P, C)`;
 * - in book order, the k-th in-the-money consumer with `cum_k` counted Wh up to and including it
 *   has bought `T_k = floor(E × cum_k / D)` and pays `floor(p × T_k / U) − floor(p × T_{k−1} / U)`
 *   with `U = 1000 × 10^d`; producers likewise with `S`. Both sides trade exactly `E` and move
 *   exactly `floor(p × E / U)` wei, so the clearing account is back where it was once the interval
 *   is settled.
 * Clearing is one tally pass over both books (producers, then consumers), bounded per call.
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
        uint256 producersLeft = uint256(round.producerCount) - round.producerCursor;
        uint256 np = _min(budget, producersLeft);
        if (np > 0) {
            Entries memory producers = _readEntries(reads, interval, BookSide.Producers, round.producerCursor, np, true);
            uint256 supplyWh;
            for (uint256 k = 0; k < np; ++k) {
                if (_inTheMoney(round, false, producers.words[k], scale)) supplyWh += producers.countedWh[k];
            }
            // Counts below 2^31, counted energy below 2^64 each: the sums fit 96 bits.
            round.supplyWh += uint96(supplyWh);
            round.producerCursor += uint32(np);
        }
        uint256 consumersLeft = uint256(round.consumerCount) - round.consumerCursor;
        uint256 nc = _min(budget - np, consumersLeft);
        if (nc > 0) {
            Entries memory consumers = _readEntries(reads, interval, BookSide.Consumers, round.consumerCursor, nc, false);
            uint256 demandWh;
            for (uint256 k = 0; k < nc; ++k) {
                uint256 word = consumers.words[k];
                if (_inTheMoney(round, true, word, scale)) demandWh += word.energyWh();
            }
            round.demandWh += uint96(demandWh);
            round.consumerCursor += uint32(nc);
        }
        used = np + nc;
        if (np < producersLeft || nc < consumersLeft) return (used, false);
        uint256 supplyOrDemand = _min(round.supplyWh, round.demandWh);
        // E ≤ the metered readings, which fit 64 bits.
        round.tradedWh = uint64(_min(supplyOrDemand, _min(round.producedWh, round.consumedWh)));
        cleared = true;
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
