// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/**
 * @title FeedReading
 * @notice Reads an interval's answer from a Chainlink-style feed with the rules EnergyMarket
 * applies: a round reported at time `t` carries the reading of the interval that closed last
 * before `t`, so interval `i`'s reading is the latest round with `end(i) ≤ updatedAt < end(i+1)`.
 * Refused: a latest round older than `end(i)` (stale), no round inside `i+1` within
 * {MAX_ROUND_LOOKBACK} rounds, more than {MAX_FEED_DECIMALS} decimals, and for energy a
 * negative answer or one of 2^64 Wh or more.
 */
library FeedReading {
    /// @dev How many rounds back a feed is searched for the round that reports an interval.
    uint256 internal constant MAX_ROUND_LOOKBACK = 64;
    /// @dev Feeds may use at most this many decimals.
    uint8 internal constant MAX_FEED_DECIMALS = 18;

    /// @dev The feed's latest round (`updatedAt`) is older than the interval's end.
    error FeedReadingStaleFeed(address feed, uint256 updatedAt, uint256 intervalEnd);
    /// @dev No round of the feed was reported during the interval after `interval`.
    error FeedReadingRoundNotFound(address feed, uint32 interval);
    /// @dev An energy reading below zero.
    error FeedReadingInvalidEnergyReading(address feed, int256 answer);
    /// @dev An answer too large for the contracts' fields (energy ≥ 2^64 Wh).
    error FeedReadingAnswerOutOfRange(address feed, int256 answer);
    /// @dev The feed uses more than {MAX_FEED_DECIMALS} decimals.
    error FeedReadingUnsupportedDecimals(address feed, uint8 decimals);

    /**
     * @dev The feed's answer for `interval`, which ends at `end`; later rounds report later
     * intervals and are stepped over.
     */
    function answerOf(AggregatorV3Interface feed, uint32 interval, uint256 end, uint256 intervalSeconds)
        internal
        view
        returns (int256 answer, uint8 decimals)
    {
        decimals = feed.decimals();
        if (decimals > MAX_FEED_DECIMALS) revert FeedReadingUnsupportedDecimals(address(feed), decimals);
        (uint80 roundId, int256 latestAnswer,, uint256 updatedAt,) = feed.latestRoundData();
        if (updatedAt < end) revert FeedReadingStaleFeed(address(feed), updatedAt, end);
        answer = latestAnswer;
        uint256 nextEnd = end + intervalSeconds;
        for (uint256 steps = 0; updatedAt >= nextEnd; ++steps) {
            if (steps == MAX_ROUND_LOOKBACK || roundId == 0) revert FeedReadingRoundNotFound(address(feed), interval);
            unchecked {
                // roundId > 0 was just checked.
                --roundId;
            }
            (, answer,, updatedAt,) = feed.getRoundData(roundId);
            if (updatedAt < end) revert FeedReadingRoundNotFound(address(feed), interval);
        }
    }

    /// @dev A metered-energy reading for `interval` in Wh: the answer divided by 10^decimals.
    function energyWhOf(AggregatorV3Interface feed, uint32 interval, uint256 end, uint256 intervalSeconds)
        internal
        view
        returns (uint256 energyWh)
    {
        (int256 answer, uint8 decimals) = answerOf(feed, interval, end, intervalSeconds);
        if (answer < 0) revert FeedReadingInvalidEnergyReading(address(feed), answer);
        energyWh = uint256(answer) / 10 ** decimals;
        if (energyWh > type(uint64).max) revert FeedReadingAnswerOutOfRange(address(feed), answer);
    }
}
