// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyOracle} from "./IEnergyOracle.sol";
import {IEnergyPool} from "./IEnergyPool.sol";
import {IEnergyProfile} from "./IEnergyProfile.sol";
import {IIntervalClock} from "./IIntervalClock.sol";

/**
 * @title IEnergyMarket
 * @notice What every energy market answers to, whatever its clearing mechanism: the market
 * buffer (`market_buffer` of the seed design), per-side books per interval, and settlement of
 * each closed interval in bounded, resumable keeper calls. The rules are in docs/market.md.
 *
 * The buffer is the range `[bufferCursor(), pool.commitmentCount())` of the pool's commitment
 * ledger. {processBuffer} files each commitment into its interval's producers' or consumers'
 * book (or releases it). {settle} starts an interval's settlement once its oracle readings are
 * final, files what is still buffered of it, lets the mechanism clear it, then pays out:
 * consumers pay into the profile contract's clearing account, producers are paid out of it.
 * {expireInterval} releases an interval that did not reach its payouts in time.
 *
 * Units: energy in Wh, limit prices in wei per kWh, money in wei.
 */
interface IEnergyMarket is IIntervalClock {
    /**
     * @dev An interval's state. `Open`: taking filings. `Filing`: settlement started, the buffer
     * is drained up to `barrier`. `Clearing`: the books are complete and the mechanism decides
     * what trades (by {settle} itself, or by its own calls). `Paying`: consumers pay, then
     * producers are paid. `Settled`: done. `Expiring`/`Expired`: its filed commitments are being /
     * were released (from `Open`, `Filing` or `Clearing`, after end + grace period).
     */
    enum Phase {
        Open,
        Filing,
        Clearing,
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

    /**
     * @dev Where a commitment is. `Pending`: in the buffer. `Filed`: in its interval's book (also
     * while the interval is being settled or expired across several calls). `Settled`, `Expired`:
     * final. `None`: no such commitment.
     */
    enum CommitmentStatus {
        None,
        Pending,
        Filed,
        Settled,
        Expired
    }

    /**
     * @dev An interval's record. `producedWh`/`consumedWh`: the oracle's metered readings, read
     * when the settlement started. Once `Paying`: `tradedWh` traded at `price` (wei per kWh ×
     * 10^priceDecimals; zero for a mechanism without a uniform price), `supplyWh`/`demandWh` the
     * counted energy of the commitments the clearing admitted (each producer counted for at most
     * its own metered delivery). `*Cursor`: the book position each side's pass reached (the
     * mechanism's, while `Clearing`); `cum*Wh`: what the mechanism accumulates per side along the
     * payout; `paidWei`/`receivedWei`: what consumers paid and producers received so far.
     */
    struct Round {
        Phase phase;
        uint32 barrier;
        uint32 producerCount;
        uint32 consumerCount;
        uint64 producedWh;
        uint64 consumedWh;
        uint64 tradedWh;
        uint128 price;
        uint8 priceDecimals;
        uint32 producerCursor;
        uint32 consumerCursor;
        uint96 supplyWh;
        uint96 demandWh;
        uint96 cumProducerWh;
        uint96 cumConsumerWh;
        uint128 paidWei;
        uint128 receivedWei;
    }

    /// @notice The commitment left the buffer and was filed into its interval's book of its side.
    event CommitmentProcessed(uint256 indexed commitmentId, uint32 interval);
    /// @notice The commitment ended without trading (expired, or refused at filing); `releasedWei` was unlocked.
    event CommitmentExpired(uint256 indexed commitmentId, uint256 indexed tokenId, uint256 releasedWei);
    /// @notice The commitment traded `energyWh` and paid (consumer) or received (producer) `amountWei`.
    event CommitmentSettled(uint256 indexed commitmentId, uint256 energyWh, uint256 amountWei);
    /// @notice Settlement of `interval` started with these metered readings.
    event SettlementStarted(uint32 indexed interval, uint256 producedWh, uint256 consumedWh);
    /// @notice `interval` is cleared: `tradedWh` trade, at `price` (wei/kWh × 10^priceDecimals; 0: no uniform price).
    event IntervalCleared(
        uint32 indexed interval,
        uint256 price,
        uint8 priceDecimals,
        uint256 supplyWh,
        uint256 demandWh,
        uint256 tradedWh
    );
    /// @notice `interval` is settled: Σ paid by consumers, Σ received by producers, and what the market kept.
    event IntervalSettled(uint32 indexed interval, uint256 paidWei, uint256 receivedWei, uint256 surplusWei);
    /// @notice `interval`'s filed commitments were all released.
    event IntervalExpired(uint32 indexed interval);
    /// @notice The owner sent `amountWei` of the market's surplus to `to`.
    event SurplusWithdrawn(address indexed to, uint256 amountWei);
    /// @notice The owner set the grace period.
    event GracePeriodSet(uint256 gracePeriodSeconds);

    /// @dev `maxItems` of zero.
    error EnergyMarketZeroBatch();
    /// @dev `interval` closes at `closesAt`; it cannot be settled before.
    error EnergyMarketIntervalNotClosed(uint32 interval, uint256 closesAt);
    /// @dev The oracle's deliveries for `interval` are not final yet; they are at `finalAt` at the latest.
    error EnergyMarketReadingsNotFinal(uint32 interval, uint256 finalAt);
    /// @dev Settlement of `interval` had to start before `deadline` (end + grace period).
    error EnergyMarketSettlementWindowClosed(uint32 interval, uint256 deadline);
    /// @dev `interval` is in `phase`, which does not allow this call.
    error EnergyMarketWrongPhase(uint32 interval, Phase phase);
    /// @dev `interval` can only be expired from `expiresAt` (end + grace period) on.
    error EnergyMarketIntervalNotExpired(uint32 interval, uint256 expiresAt);
    /// @dev The grace period must be longer than one interval and fit 64 bits.
    error EnergyMarketInvalidGracePeriod(uint256 gracePeriodSeconds);
    /// @dev Withdrawing more than the surplus of settled intervals.
    error EnergyMarketInsufficientSurplus(uint256 surplusWei, uint256 amountWei);
    /// @dev An address of zero where a contract or recipient is needed.
    error EnergyMarketInvalidAddress(address account);
    /// @dev A price feed answered a price that is not positive or does not fit 128 bits.
    error EnergyMarketInvalidPrice(address feed, int256 answer);
    /// @dev Only the pool may call this function.
    error EnergyMarketUnauthorizedCaller(address caller);

    /**
     * @notice Moves up to `maxItems` commitments out of the buffer: each is filed into its
     * interval's book of its side, or released (`CommitmentExpired`) when its interval can no
     * longer settle, it is smaller than {minEnergyWh}, or it is a second production commitment of
     * the same profile in that interval. Anyone.
     * @return processed How many left the buffer.
     */
    function processBuffer(uint256 maxItems) external returns (uint256 processed);

    /**
     * @notice Advances `interval`'s settlement by at most `maxItems` entries of work: starts it
     * (reads the oracle, once its readings are final), files the buffer up to the barrier, lets
     * the mechanism clear it, then pays out — consumers first, then producers. Anyone.
     * @return settled Whether the interval is settled.
     */
    function settle(uint32 interval, uint256 maxItems) external returns (bool settled);

    /**
     * @notice Releases up to `maxItems` filed commitments of an interval whose settlement did not
     * reach its payouts by end + grace period. Anyone.
     * @return expired Whether the interval is expired.
     */
    function expireInterval(uint32 interval, uint256 maxItems) external returns (bool expired);

    /**
     * @notice Makes filed signed orders' words readable for the rest of the transaction (the
     * pool's `supplyOrders`: segments as published in `OrdersFiled`, one after another, each
     * checked against its hash), then runs `call` (an encoded call of this market's, e.g. `settle`)
     * as if the caller had sent it. A book holds orders by id, their words unstored: any call that
     * reads an order (settling, expiring or ranking its interval) needs its segment. Anyone.
     * @return result The first word `call` returned (whether it settled, expired or ranked).
     */
    function withOrders(uint256[] calldata orders, bytes calldata call) external returns (bytes32 result);

    /**
     * @notice Files the signed orders the pool accepted, ids `firstId`, `firstId + 1`, ... for
     * `words`, into their intervals' books like buffered commitments (each interval is open: an
     * order names the current interval or a later one), except a second production of a profile in
     * an interval, reported `taken` and not filed. Only the pool.
     */
    function fileOrders(uint256 firstId, uint256[] calldata words) external returns (bool[] memory taken);

    /// @notice Sends `amountWei` of the surplus of settled intervals to `to`. Only the owner.
    function withdrawSurplus(address to, uint256 amountWei) external;

    /// @notice Sets how long after its end an interval may still start settling. Only the owner.
    function setGracePeriod(uint256 gracePeriodSeconds_) external;

    /// @notice The record of `interval`.
    function roundOf(uint32 interval) external view returns (Round memory);

    /// @notice Where commitment `commitmentId` is.
    function commitmentStatusOf(uint256 commitmentId) external view returns (CommitmentStatus);

    /// @notice Commitment and order ids at positions `from`.. of `interval`'s `side` book (at most `count`).
    function bookOf(uint32 interval, BookSide side, uint256 from, uint256 count)
        external
        view
        returns (uint256[] memory commitmentIds);

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

    /// @notice The oracle of metered energy and per-profile deliveries.
    function oracle() external view returns (IEnergyOracle);

    /// @notice The pool whose ledger the buffer reads.
    function pool() external view returns (IEnergyPool);

    /// @notice The pool's profile contract, which holds the collateral and the clearing account.
    function profile() external view returns (IEnergyProfile);
}
