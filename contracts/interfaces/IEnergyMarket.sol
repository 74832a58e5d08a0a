// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {IEnergyOracle} from "./IEnergyOracle.sol";
import {IEnergyPool} from "./IEnergyPool.sol";
import {IEnergyProfile} from "./IEnergyProfile.sol";
import {IIntervalClock} from "./IIntervalClock.sol";

/**
 * @title IEnergyMarket
 * @notice The market buffer (`market_buffer` of the seed design), the intervals' books, and
 * settlement against the price, energy-produced and energy-consumed feeds.
 *
 * The buffer is the range `[bufferCursor(), pool.commitmentCount())` of the pool's commitment
 * ledger: {processBuffer} moves its cursor forward, filing each commitment into its interval's
 * books or expiring it (also one below {minEnergyWh}, or a profile's second production
 * commitment of an interval). {settle} settles one closed interval in bounded, resumable calls.
 */
interface IEnergyMarket is IIntervalClock {
    /**
     * @dev An interval's settlement state. `Open`: taking filings. `Filing`: settlement started,
     * the buffer is being drained up to `barrier`. `Tallying`: in-the-money totals are summed.
     * `Paying`: consumers pay producers. `Settled`: done. `Expiring`/`Expired`: never settled in
     * time; its filed commitments are being / were released.
     */
    enum Phase {
        Open,
        Filing,
        Tallying,
        Paying,
        Settled,
        Expiring,
        Expired
    }

    /**
     * @dev Where a commitment is. `Pending`: in the buffer. `Filed`: in its interval's book
     * (also while its interval is being settled or expired across several calls). `Settled`,
     * `Expired`: final. `None`: no such commitment.
     */
    enum CommitmentStatus {
        None,
        Pending,
        Filed,
        Settled,
        Expired
    }

    /**
     * @dev An interval's settlement record. `price` is the price feed's answer: wei per kWh
     * scaled by 10^priceDecimals. The interval's book lists its filed commitments, both sides
     * mixed, `producerCount + consumerCount` long. While `Tallying` (and `Expiring`),
     * `producerCursor` is the book position reached. While `Paying`, `producerCursor` and
     * `consumerCursor` are the book positions each side continues from, `*Settled` how many of
     * each side are settled, `cum*Wh` the in-the-money energy settled before them and `paidWei`
     * the wei moved so far from consumers to producers (the same on both sides after every
     * call). The payout fields are zero again once the interval is settled. Metered and traded
     * energy per interval are limited to 2^64 - 1 Wh.
     */
    struct Settlement {
        Phase phase;
        uint8 priceDecimals;
        uint32 producerCount;
        uint32 consumerCount;
        uint32 barrier;
        uint32 producerCursor;
        uint32 consumerCursor;
        uint64 tradedWh;
        uint128 price;
        uint64 producedWh;
        uint64 consumedWh;
        uint96 supplyWh;
        uint96 demandWh;
        uint96 cumSupplyWh;
        uint96 cumDemandWh;
        uint32 producersSettled;
        uint32 consumersSettled;
        uint96 paidWei;
    }

    /// @notice The commitment left the buffer and was filed into its interval's book.
    event CommitmentProcessed(uint256 indexed commitmentId, uint32 interval);
    /// @notice The commitment expired unsettled; `releasedWei` of locked collateral was unlocked.
    event CommitmentExpired(uint256 indexed commitmentId, uint256 indexed tokenId, uint256 releasedWei);
    /**
     * @notice The commitment was settled: it traded `energyWh` and paid (consumer) or received
     * (producer) `amountWei`. Zero for out-of-the-money or unmatched commitments.
     */
    event CommitmentSettled(uint256 indexed commitmentId, uint256 energyWh, uint256 amountWei);
    /// @notice Settlement of `interval` started with these feed readings.
    event SettlementStarted(
        uint32 indexed interval, uint256 price, uint8 priceDecimals, uint256 producedWh, uint256 consumedWh
    );
    /**
     * @notice `interval` is settled. `supplyWh`, `demandWh`: in-the-money totals, each producer
     * counted for at most its own metered delivery;
     * `tradedWh` = min(supply, demand, produced, consumed); `tradedValueWei` = Σ paid = Σ received.
     */
    event IntervalSettled(
        uint32 indexed interval,
        uint256 price,
        uint256 supplyWh,
        uint256 demandWh,
        uint256 producedWh,
        uint256 consumedWh,
        uint256 tradedWh,
        uint256 tradedValueWei
    );
    /// @notice `interval` was never settled in time and all its filed commitments were released.
    event IntervalExpired(uint32 indexed interval);
    /// @notice The owner set the feeds and the meter.
    event FeedsSet(address priceFeed, address producedFeed, address consumedFeed, address meter);
    /// @notice The owner set the settlement grace period.
    event GracePeriodSet(uint256 gracePeriodSeconds);

    /// @dev `maxItems` must be at least 1.
    error EnergyMarketZeroBatch();
    /// @dev `interval` closes at `closesAt`; it cannot be settled before.
    error EnergyMarketIntervalNotClosed(uint32 interval, uint256 closesAt);
    /// @dev Settlement of `interval` had to start before `deadline`; its commitments expire instead.
    error EnergyMarketSettlementWindowClosed(uint32 interval, uint256 deadline);
    /// @dev `interval` is in `phase`, which does not allow this call.
    error EnergyMarketWrongPhase(uint32 interval, Phase phase);
    /// @dev `interval` can only be expired from `expiresAt` on.
    error EnergyMarketIntervalNotExpired(uint32 interval, uint256 expiresAt);
    /// @dev The feeds are not set.
    error EnergyMarketFeedsNotSet();
    /// @dev The meter's per-profile deliveries for `interval` are not final yet.
    error EnergyMarketReadingsNotFinal(uint32 interval);
    /// @dev The feed's last update (`updatedAt`) is older than the interval's end.
    error EnergyMarketStaleFeed(address feed, uint256 updatedAt, uint256 intervalEnd);
    /// @dev The feed has no round reported during the interval after `interval` (within the lookback).
    error EnergyMarketFeedRoundNotFound(address feed, uint32 interval);
    /// @dev The price feed answered a price that is not positive.
    error EnergyMarketInvalidPrice(address feed, int256 answer);
    /// @dev An energy feed answered a negative reading.
    error EnergyMarketInvalidEnergyReading(address feed, int256 answer);
    /// @dev The feed's answer does not fit the market's accounting (prices 128 bits, energy readings 64 bits of Wh).
    error EnergyMarketFeedAnswerOutOfRange(address feed, int256 answer);
    /// @dev The feed's decimals are above 18.
    error EnergyMarketUnsupportedDecimals(address feed, uint8 decimals);
    /// @dev The grace period must be at least one second and fit 64 bits.
    error EnergyMarketInvalidGracePeriod(uint256 gracePeriodSeconds);
    /// @dev A feed address is zero.
    error EnergyMarketInvalidAddress(address account);
    /// @dev Unreachable by construction (payments and receipts always match); reverts if it ever happens.
    error EnergyMarketSettlementMismatch(uint32 interval);

    /**
     * @notice Processes up to `maxItems` commitments from the front of the buffer, in creation
     * order: each one whose interval closed at least the grace period ago without its settlement
     * having started is expired (its collateral unlocked, {CommitmentExpired}); each other one is
     * filed into its interval's book ({CommitmentProcessed}) and its energy added to the pool's
     * committed aggregates. Anyone may call.
     * @return processed How many commitments left the buffer.
     */
    function processBuffer(uint256 maxItems) external returns (uint256 processed);

    /**
     * @notice Settles closed `interval` in calls of bounded work; call again until it returns
     * true. `maxItems` bounds the commitments handled per call, each counting once when filed
     * from the buffer (up to the interval's barrier), once when tallied and once when paid (a
     * payout step may settle one more). The first call reads the feeds and must come before the
     * interval's end + grace period. When the budget left in a call covers every remaining
     * payment, the call finishes the interval in one go: `maxItems` ≥ 2 × the interval's
     * commitments (+ any still buffered) settles it in a single, cheapest call. Anyone may call.
     * @return settled Whether the interval is now fully settled.
     */
    function settle(uint32 interval, uint256 maxItems) external returns (bool settled);

    /**
     * @notice Releases up to `maxItems` filed commitments of `interval`, whose settlement never
     * started before its end + grace period. Call again until it returns true. Anyone may call.
     * @return expired Whether all its filed commitments are now released.
     */
    function expireInterval(uint32 interval, uint256 maxItems) external returns (bool expired);

    /// @notice Sets the feeds and the meter of per-profile deliveries the market settles with. Only the owner.
    function setFeeds(
        AggregatorV3Interface priceFeed_,
        AggregatorV3Interface producedFeed_,
        AggregatorV3Interface consumedFeed_,
        IEnergyOracle meter_
    ) external;

    /// @notice Sets how long after its end an interval can still start settling. Only the owner.
    function setGracePeriod(uint256 gracePeriodSeconds_) external;

    /// @notice The first commitment id still in the buffer.
    function bufferCursor() external view returns (uint256);

    /// @notice How many commitments wait in the buffer.
    function bufferLength() external view returns (uint256);

    /// @notice The settlement record of `interval`.
    function settlementOf(uint32 interval) external view returns (Settlement memory);

    /// @notice Where commitment `commitmentId` is.
    function commitmentStatusOf(uint256 commitmentId) external view returns (CommitmentStatus);

    /// @notice Commitment ids in `interval`'s book (both sides, filing order), positions `from` to `from + count` (clipped).
    function bookOf(uint32 interval, uint256 from, uint256 count) external view returns (uint256[] memory commitmentIds);

    /// @notice The settlement grace period in seconds.
    function gracePeriodSeconds() external view returns (uint256);

    /// @notice The price feed (wei per kWh, scaled by its decimals).
    function priceFeed() external view returns (AggregatorV3Interface);

    /// @notice The metered energy-produced feed (Wh, scaled by its decimals).
    function producedFeed() external view returns (AggregatorV3Interface);

    /// @notice The metered energy-consumed feed (Wh, scaled by its decimals).
    function consumedFeed() external view returns (AggregatorV3Interface);

    /// @notice The oracle of each profile's own metered delivery.
    function meter() external view returns (IEnergyOracle);

    /// @notice The smallest commitment filed into the books, in Wh.
    function minEnergyWh() external view returns (uint256);

    /// @notice The pool whose ledger the buffer reads.
    function pool() external view returns (IEnergyPool);

    /// @notice The profile contract holding the collateral.
    function profile() external view returns (IEnergyProfile);
}
