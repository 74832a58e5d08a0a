// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyMarket} from "./IEnergyMarket.sol";

/**
 * @title IMeritOrderMarket
 * @notice A market that clears an interval from its own book along the merit order: while an
 * interval is `Clearing`, the keeper submits each side's merit order ({rank}), which the market
 * verifies and matches as it arrives; {resetRanking} restarts a ranking that skipped an entry.
 */
interface IMeritOrderMarket is IEnergyMarket {
    /**
     * @dev An interval's ranking. Keys order each side's book: producers by (limit ascending,
     * position ascending), consumers by (limit descending, position ascending). `*Ranked` entries
     * of each side were submitted, the last with key (`last*Limit`, `last*Position`), under
     * ranking generation `*Generation`. The match walks the ranked entries with two pointers
     * (`*MatchIndex`: how many of a side's ranked entries it has finished, `cur*`: the entry it
     * stands on when `*Loaded`), trading up to `min(producedWh, consumedWh)`; `marginal*` is the
     * last entry of each side that traded, with what it traded; `supplyWh`/`demandWh` the counted
     * energy of the entries that traded. `ranker` holds the ranking's claim: only it may rank until
     * one interval has passed since its last call (`rankedAt`); proving a skip ({resetRanking})
     * hands the claim to the prover.
     */
    struct Ranking {
        uint32 producerGeneration;
        uint32 consumerGeneration;
        uint32 producersRanked;
        uint32 consumersRanked;
        uint96 lastProducerLimit;
        uint32 lastProducerPosition;
        uint96 lastConsumerLimit;
        uint32 lastConsumerPosition;
        uint32 producerMatchIndex;
        uint32 consumerMatchIndex;
        bool matched;
        bool producerLoaded;
        bool consumerLoaded;
        uint64 tradedWh;
        uint96 curProducerLimit;
        uint32 curProducerPosition;
        uint64 curProducerLeftWh;
        uint64 curProducerTradedWh;
        uint96 curConsumerLimit;
        uint32 curConsumerPosition;
        uint64 curConsumerLeftWh;
        uint64 curConsumerTradedWh;
        uint96 marginalProducerLimit;
        uint32 marginalProducerPosition;
        uint64 marginalProducerWh;
        uint96 marginalConsumerLimit;
        uint32 marginalConsumerPosition;
        uint64 marginalConsumerWh;
        uint96 supplyWh;
        uint96 demandWh;
        address ranker;
        uint64 rankedAt;
    }

    /// @notice `side`'s ranking of `interval` skipped `position`; both sides start again (`generation`: the side's new one).
    event RankingReset(uint32 indexed interval, BookSide side, uint256 position, uint256 generation);

    /// @dev `position` is not below the side's book length `count`.
    error MeritOrderMarketPositionOutOfRange(uint32 interval, BookSide side, uint256 position, uint256 count);
    /// @dev `position`'s key is not strictly after the side's last ranked key.
    error MeritOrderMarketRankOutOfOrder(uint32 interval, BookSide side, uint256 position);
    /// @dev `position` was ranked, or its key is not before the side's last ranked key: no skip to prove.
    error MeritOrderMarketNoSkip(uint32 interval, BookSide side, uint256 position);
    /// @dev `ranker` holds the ranking of `interval` until `claimedUntil`.
    error MeritOrderMarketRankingClaimed(uint32 interval, address ranker, uint256 claimedUntil);

    /**
     * @notice Submits the next entries of each side's merit order (book positions), verifies
     * them, and matches as far as the ranked entries allow (up to the submitted count plus
     * `MATCH_STEPS_PER_RANK` match steps; call with empty arrays to only match). Anyone.
     * @return ranked Whether ranking and matching are complete (the interval moved to `Paying`).
     */
    function rank(uint32 interval, uint256[] calldata producerPositions, uint256[] calldata consumerPositions)
        external
        returns (bool ranked);

    /**
     * @notice Proves that `side`'s ranking skipped `position` (it is not ranked and its key is
     * before the last ranked key, so it can never be ranked) and restarts the ranking of both
     * sides and the match (the match streamed along both), claimed by the prover. Anyone.
     */
    function resetRanking(uint32 interval, BookSide side, uint256 position) external;

    /// @notice The ranking of `interval`.
    function rankingOf(uint32 interval) external view returns (Ranking memory);

    /// @notice Whether `position` of `side` is ranked in the side's current generation.
    function isRanked(uint32 interval, BookSide side, uint256 position) external view returns (bool);
}
