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
     * @dev One side's ranking and the match's walk along it. Keys order each side's book:
     * producers by (limit ascending, position ascending), consumers by (limit descending, position
     * ascending). `ranked` entries were submitted under ranking generation `generation`, the last
     * with key (`lastLimit`, `lastPosition`). The match has finished `matchIndex` of them and stands
     * on entry `cur*` while `loaded`; `marginal*` is the last entry that traded, with what it
     * traded. (The counted energy of the entries that traded, the interval's matched supply and
     * demand, is kept in its record as the match goes.)
     */
    struct SideRanking {
        uint32 generation;
        uint32 ranked;
        uint32 lastPosition;
        uint32 matchIndex;
        uint32 curPosition;
        uint32 marginalPosition;
        bool loaded;
        uint96 lastLimit;
        uint96 curLimit;
        uint64 curLeftWh;
        uint64 curTradedWh;
        uint96 marginalLimit;
        uint64 marginalWh;
    }

    /**
     * @dev An interval's ranking: each side's, the energy matched so far (up to
     * `min(producedWh, consumedWh)`), whether the match is done, and the ranking's claim: only
     * `ranker` may rank until one interval has passed since its last call (`rankedAt`); proving a
     * skip ({resetRanking}) hands the claim to the prover.
     */
    struct Ranking {
        SideRanking producers;
        SideRanking consumers;
        uint64 tradedWh;
        bool matched;
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
