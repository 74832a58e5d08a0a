// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyOracle} from "./IEnergyOracle.sol";
import {IEnergyPool} from "./IEnergyPool.sol";
import {IEnergyProfile} from "./IEnergyProfile.sol";
import {IIntervalClock} from "./IIntervalClock.sol";

/**
 * @title IEnergyMarketBase
 * @notice A market that discovers each interval's trades from its own book (merit order), in
 * bounded, resumable keeper calls: {processBuffer} files commitments into per-side books,
 * {settle} starts a settlement and pays out, {rank} submits and verifies the merit order,
 * {resetRanking} restarts a side whose ranking skipped an entry, {expireInterval} releases an
 * interval that did not settle in time. Implemented by PayAsClearMarket and PayAsBidMarket.
 *
 * Units: energy in Wh, limit prices in wei per kWh, money in wei.
 */
interface IEnergyMarketBase is IIntervalClock {
    /**
     * @dev An interval's state. `Open`: taking filings. `Filing`: settlement started, the buffer
     * is drained up to `barrier`. `Ranking`: the books are complete; {rank} takes the merit order
     * and matches as it arrives. `Paying`: consumers pay into the clearing account, then
     * producers are paid out of it. `Settled`: done. `Expiring`/`Expired`: its filed commitments
     * are being / were released (from `Open`, `Filing` or `Ranking` after end + grace period).
     */
    enum Phase {
        Open,
        Filing,
        Ranking,
        Paying,
        Settled,
        Expiring,
        Expired
    }

    /// @dev The two books of an interval.
    enum BookSide {
        Producers,
        Consumers
    }

    /// @dev As IEnergyMarket's: `Filed` until its interval is settled or expired as a whole.
    enum CommitmentStatus {
        None,
        Pending,
        Filed,
        Settled,
        Expired
    }

    /**
     * @dev An interval's record. Keys order each side's book: producers by (limit ascending,
     * position ascending), consumers by (limit descending, position ascending). `*Ranked`
     * entries of each side were submitted, the last with key (`last*Limit`, `last*Position`),
     * under ranking generation `*Generation`. The match walks the ranked entries with two
     * pointers (`*MatchIndex`: how many of a side's ranked entries it has finished, `cur*`: the
     * entry it stands on when `*Loaded`), trading up to `capWh = min(producedWh, consumedWh)`;
     * `marginal*` is the last entry of each side that traded, with what it traded. While
     * `Paying` (and `Expiring`), `*Cursor` is the book position each side's pass reached,
     * `cum*Wh` the traded energy of the entries before it. `paidWei`/`receivedWei` are what
     * consumers paid and producers received so far.
     */
    struct Round {
        Phase phase;
        uint32 barrier;
        uint32 producerCount;
        uint32 consumerCount;
        uint64 producedWh;
        uint64 consumedWh;
        uint64 tradedWh;
        uint96 priceWeiPerKWh;
        uint32 producerGeneration;
        uint32 consumerGeneration;
        uint32 producersRanked;
        uint32 consumersRanked;
        uint96 lastProducerLimit;
        uint32 lastProducerPosition;
        bool matched;
        uint32 producerMatchIndex;
        uint96 lastConsumerLimit;
        uint32 lastConsumerPosition;
        uint32 consumerMatchIndex;
        bool producerLoaded;
        bool consumerLoaded;
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
        uint32 producerCursor;
        uint32 consumerCursor;
        uint64 cumProducerWh;
        uint64 cumConsumerWh;
        uint128 paidWei;
        uint128 receivedWei;
    }

    /// @notice The commitment left the buffer and was filed into its interval's book of its side.
    event CommitmentProcessed(uint256 indexed commitmentId, uint32 interval);
    /// @notice The commitment ended without trading (expired, or below the minimum size); `releasedWei` was unlocked.
    event CommitmentExpired(uint256 indexed commitmentId, uint256 indexed tokenId, uint256 releasedWei);
    /// @notice The commitment traded `energyWh` and paid (consumer) or received (producer) `amountWei`.
    event CommitmentSettled(uint256 indexed commitmentId, uint256 energyWh, uint256 amountWei);
    /// @notice Settlement of `interval` started with these metered readings.
    event SettlementStarted(uint32 indexed interval, uint256 producedWh, uint256 consumedWh);
    /// @notice The merit order of `interval` is verified and matched: `tradedWh` trade at `priceWeiPerKWh` (0: no uniform price).
    event IntervalRanked(uint32 indexed interval, uint256 tradedWh, uint256 priceWeiPerKWh);
    /// @notice `side`'s ranking of `interval` skipped `position`; both sides start again (`generation`: the side's new one).
    event RankingReset(uint32 indexed interval, BookSide side, uint256 position, uint256 generation);
    /// @notice `interval` is settled: totals, and the spread kept by the market (`surplusWei`).
    event IntervalSettled(
        uint32 indexed interval,
        uint256 priceWeiPerKWh,
        uint256 tradedWh,
        uint256 paidWei,
        uint256 receivedWei,
        uint256 surplusWei
    );
    /// @notice `interval`'s filed commitments were all released.
    event IntervalExpired(uint32 indexed interval);
    /// @notice The owner sent `amountWei` of the market's surplus to `to`.
    event SurplusWithdrawn(address indexed to, uint256 amountWei);
    /// @notice The owner set the grace period.
    event GracePeriodSet(uint256 gracePeriodSeconds);

    /// @dev `maxItems` of zero.
    error EnergyMarketBaseZeroBatch();
    /// @dev The interval's readings are final (and settlement may start) at `finalAt`: when the next interval closes.
    error EnergyMarketBaseReadingsNotFinal(uint32 interval, uint256 finalAt);
    /// @dev Settlement must start before `deadline` (end + grace period).
    error EnergyMarketBaseSettlementWindowClosed(uint32 interval, uint256 deadline);
    /// @dev The interval is in a phase that does not allow this call.
    error EnergyMarketBaseWrongPhase(uint32 interval, Phase phase);
    /// @dev Expiry is possible from `expiresAt` (end + grace period).
    error EnergyMarketBaseIntervalNotExpired(uint32 interval, uint256 expiresAt);
    /// @dev `position` is not below the side's book length `count`.
    error EnergyMarketBasePositionOutOfRange(uint32 interval, BookSide side, uint256 position, uint256 count);
    /// @dev `position`'s key is not strictly after the side's last ranked key.
    error EnergyMarketBaseRankOutOfOrder(uint32 interval, BookSide side, uint256 position);
    /// @dev `position` was ranked, or its key is not before the side's last ranked key: no skip to prove.
    error EnergyMarketBaseNoSkip(uint32 interval, BookSide side, uint256 position);
    /// @dev The grace period must be longer than one interval (readings are final one interval after the end).
    error EnergyMarketBaseInvalidGracePeriod(uint256 gracePeriodSeconds);
    /// @dev Withdrawing more than the surplus of settled intervals.
    error EnergyMarketBaseInsufficientSurplus(uint256 surplusWei, uint256 amountWei);
    /// @dev An address of zero, or an oracle/recipient that cannot be used.
    error EnergyMarketBaseInvalidAddress(address account);

    /**
     * @notice Moves up to `maxItems` commitments out of the buffer: each is filed into its
     * interval's producers' or consumers' book, or released (`CommitmentExpired`) when its
     * interval can no longer settle, it is smaller than {minEnergyWh}, or it is a second
     * production commitment of the same profile in that interval. Anyone.
     * @return processed How many left the buffer.
     */
    function processBuffer(uint256 maxItems) external returns (uint256 processed);

    /**
     * @notice Advances `interval`'s settlement by at most `maxItems` entries of work: starts it
     * (reads the oracle, once its readings are final), files the buffer up to the barrier,
     * then pays out — consumers first, then producers — once {rank} has completed. Anyone.
     * @return settled Whether the interval is settled.
     */
    function settle(uint32 interval, uint256 maxItems) external returns (bool settled);

    /**
     * @notice Submits the next entries of each side's merit order (book positions), verifies
     * them, and matches as far as the ranked entries allow (up to the submitted count plus
     * {MATCH_STEPS_PER_RANK} match steps; call with empty arrays to only match). Anyone.
     * @return ranked Whether ranking and matching are complete (the interval moved to `Paying`).
     */
    function rank(uint32 interval, uint256[] calldata producerPositions, uint256[] calldata consumerPositions)
        external
        returns (bool ranked);

    /**
     * @notice Proves that `side`'s ranking skipped `position` (it is not ranked and its key is
     * before the last ranked key, so it can never be ranked) and restarts the ranking of both
     * sides and the match (the match streamed along both). Anyone.
     */
    function resetRanking(uint32 interval, BookSide side, uint256 position) external;

    /**
     * @notice Releases up to `maxItems` filed commitments of an interval whose settlement did
     * not reach payouts by end + grace period. Anyone.
     * @return expired Whether the interval is expired.
     */
    function expireInterval(uint32 interval, uint256 maxItems) external returns (bool expired);

    /// @notice Sends `amountWei` of the surplus of settled intervals to `to`. Only the owner.
    function withdrawSurplus(address to, uint256 amountWei) external;

    /// @notice Sets how long after its end an interval may still start settling. Only the owner.
    function setGracePeriod(uint256 gracePeriodSeconds_) external;

    /// @notice The record of `interval`.
    function roundOf(uint32 interval) external view returns (Round memory);

    /// @notice Where commitment `commitmentId` is.
    function commitmentStatusOf(uint256 commitmentId) external view returns (CommitmentStatus);

    /// @notice Commitment ids at positions `from`.. of `interval`'s `side` book (at most `count`).
    function bookOf(uint32 interval, BookSide side, uint256 from, uint256 count)
        external
        view
        returns (uint256[] memory commitmentIds);

    /// @notice Whether `position` of `side` is ranked in the side's current generation.
    function isRanked(uint32 interval, BookSide side, uint256 position) external view returns (bool);

    /// @notice The first commitment id still in the buffer.
    function bufferCursor() external view returns (uint256);

    /// @notice How many commitments wait in the buffer.
    function bufferLength() external view returns (uint256);

    /// @notice The surplus of settled intervals not yet withdrawn (held in the clearing account).
    function surplusWei() external view returns (uint256);

    /// @notice Commitments smaller than this are released at filing instead of entering the books.
    function minEnergyWh() external view returns (uint256);

    /// @notice How long after its end an interval may still start settling.
    function gracePeriodSeconds() external view returns (uint256);

    /// @notice The oracle of metered energy and deliveries.
    function oracle() external view returns (IEnergyOracle);

    /// @notice The pool whose ledger the buffer reads.
    function pool() external view returns (IEnergyPool);

    /// @notice The pool's profile contract, which holds the collateral and the clearing account.
    function profile() external view returns (IEnergyProfile);
}
