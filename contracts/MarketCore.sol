// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IEnergyMarket} from "./interfaces/IEnergyMarket.sol";
import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {IEnergyProfile} from "./interfaces/IEnergyProfile.sol";
import {IntervalClock} from "./IntervalClock.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";
import {ProfileUpdate} from "./libraries/ProfileUpdate.sol";

/**
 * @title MarketCore
 * @notice What every market shares, whatever its clearing mechanism: the buffer, per-side books
 * (of filed commitments and of signed orders the pool filed, whose words a keeper supplies, see
 * {withOrders}), the spam rules, phases, payouts through the profile contract's clearing account,
 * expiry and views. A mechanism answers, through bounded-step hooks, how an interval clears ({_clear}, or
 * calls of its own that end in {_completeClearing}) and what each commitment trades and pays or
 * receives ({_tradeOf}). The rules: docs/market.md.
 *
 * @dev Invariants (NEVER violate):
 * - Each commitment leaves the buffer exactly once; each filed one is settled or expired once.
 * - Every call's profile updates have Σ spent == Σ credited (the profile contract checks it);
 *   within a settlement the clearing account receives all consumers' payments before it pays any
 *   producer, so a mechanism whose producers receive more than consumers paid cannot settle.
 * - No money moves before `Paying`; every call's work is bounded by its `maxItems`.
 */
abstract contract MarketCore is Ownable, IntervalClock, IEnergyMarket {
    using CommitmentWord for uint256;
    using BitMaps for BitMaps.BitMap;

    /// @notice The grace period, in intervals, used when the constructor is given zero.
    uint256 public constant DEFAULT_GRACE_INTERVALS = 24;
    /// @notice The minimum commitment size used when the constructor is given zero.
    uint256 public constant DEFAULT_MIN_ENERGY_WH = 100;

    /// @dev The profile contract's clearing account.
    uint256 private constant _CLEARING_ACCOUNT = 0;
    /// @dev The pool gives signed orders ids from here, above every commitment id.
    uint256 private constant _ORDER_ID_OFFSET = 1 << 31;

    /**
     * @dev A range of one side's book read during a call: commitment ids, their words and, once
     * asked for, what each counts for. A later read of the same range in the same call (the payout
     * after a mechanism's pass over the book) takes it from here instead of reading it again.
     */
    struct Entries {
        uint256 from;
        uint256[] ids;
        uint256[] words;
        uint256[] countedWh;
    }

    /// @dev What one call read of each side.
    struct Reads {
        Entries producers;
        Entries consumers;
    }

    /// @dev An interval's filings during one processBuffer batch, written back once per interval met.
    struct Filing {
        uint32 interval;
        bool expired;
        uint256 producerCount;
        uint256 consumerCount;
        uint256 producersBefore;
        uint256 consumersBefore;
        /// @dev The book slots being filled (eight entries each).
        uint256 producerSlot;
        uint256 consumerSlot;
        uint256 productionWh;
        uint256 consumptionWh;
    }

    IEnergyPool private immutable _pool;
    IEnergyProfile private immutable _profile;
    IEnergyOracle private immutable _oracle;
    uint256 private immutable _minEnergyWh;

    // Both share the slot of Ownable's owner.
    uint32 private _bufferCursor;
    uint64 private _gracePeriodSeconds;
    uint256 private _surplusWei;

    mapping(uint32 interval => Round) private _rounds;
    /// @dev (interval << 33 | side << 32 | position / 8) => eight packed uint32 commitment ids.
    mapping(uint256 key => uint256 entries) private _books;
    /// @dev Commitments released while still in the buffer.
    BitMaps.BitMap private _expiredInBuffer;
    /// @dev Profiles with a production commitment in an interval's book, indexed by interval << 48 | tokenId.
    BitMaps.BitMap private _producing;

    /**
     * @param initialOwner The account that sets the grace period and withdraws the surplus.
     * @param pool_ The pool whose ledger the buffer reads; its clock is the market's.
     * @param oracle_ Metered energy and per-profile deliveries.
     * @param gracePeriodSeconds_ How long after its end an interval may still start settling, more
     * than one interval; zero means {DEFAULT_GRACE_INTERVALS} intervals.
     * @param minEnergyWh_ The smallest commitment filed into the books; zero means {DEFAULT_MIN_ENERGY_WH}.
     */
    constructor(
        address initialOwner,
        IEnergyPool pool_,
        IEnergyOracle oracle_,
        uint256 gracePeriodSeconds_,
        uint256 minEnergyWh_
    ) Ownable(initialOwner) IntervalClock(pool_.startTime(), pool_.intervalSeconds()) {
        if (address(oracle_) == address(0)) revert EnergyMarketInvalidAddress(address(oracle_));
        _pool = pool_;
        _profile = pool_.profile();
        _oracle = oracle_;
        _minEnergyWh = minEnergyWh_ == 0 ? DEFAULT_MIN_ENERGY_WH : minEnergyWh_;
        _setGracePeriod(
            gracePeriodSeconds_ == 0 ? DEFAULT_GRACE_INTERVALS * pool_.intervalSeconds() : gracePeriodSeconds_
        );
    }

    /**
     * @dev Reads what the mechanism needs besides the metered readings, when `interval`'s settlement
     * starts (e.g. a price). A mechanism that needs nothing more keeps this empty default.
     */
    // solhint-disable-next-line no-empty-blocks
    function _onSettlementStarted(uint32 interval, Round memory round) internal virtual {}

    /**
     * @dev One step of clearing a `Clearing` interval whose books are complete, within `budget`
     * entries of work, reading the books through {_readEntries}: returns the work used and whether
     * it is cleared. A cleared interval has
     * its `tradedWh`, `price`, `priceDecimals`, `supplyWh` and `demandWh` set, and its cursors
     * back at zero for the payout.
     */
    function _clear(uint32 interval, Round memory round, uint256 budget, Reads memory reads)
        internal
        virtual
        returns (uint256 used, bool cleared);

    /**
     * @dev What the clearing decided for `side`, in one word of the mechanism's choosing, handed to
     * each {_tradeOf} of a payout batch so that a batch reads it once.
     */
    function _payoutContext(uint32 interval, Round memory round, BookSide side) internal view virtual returns (uint256);

    /**
     * @dev What the commitment `word` at `position` of `side` traded and pays (consumer) or
     * receives (producer), in book order; `countedWh` is what it counts for (a producer at most its
     * metered delivery). Called only when something traded; may advance the side's `cum*Wh`.
     */
    function _tradeOf(
        Round memory round,
        BookSide side,
        uint256 position,
        uint256 word,
        uint256 countedWh,
        uint256 context
    ) internal view virtual returns (uint256 tradedWh, uint256 amountWei);

    /// @inheritdoc IEnergyMarket
    function processBuffer(uint256 maxItems) external returns (uint256 processed) {
        if (maxItems == 0) revert EnergyMarketZeroBatch();
        processed = _processBuffer(type(uint256).max, maxItems);
    }

    /// @dev Moves up to `maxItems` commitments with ids below `limitId` out of the buffer.
    function _processBuffer(uint256 limitId, uint256 maxItems) private returns (uint256 processed) {
        uint256 from = _bufferCursor;
        if (from >= limitId) return 0;
        uint256[] memory words = _pool.commitmentWordsFrom(from, _min(maxItems, limitId - from));
        processed = words.length;
        if (processed == 0) return 0;
        // from + processed ≤ the pool's commitment count, below 2^31.
        _bufferCursor = uint32(from + processed);
        _fileAll(words, from, true);
    }

    /// @inheritdoc IEnergyMarket
    function fileOrders(uint256 firstId, uint256[] calldata words) external returns (bool[] memory taken) {
        if (_msgSender() != address(_pool)) revert EnergyMarketUnauthorizedCaller(_msgSender());
        taken = _fileAll(words, firstId, false);
    }

    /// @inheritdoc IEnergyMarket
    function withOrders(uint256[] calldata orders, bytes calldata call) external returns (bytes32 result) {
        _pool.supplyOrders(orders);
        bool success;
        // As if the caller had sent `call` itself: the same sender, no value.
        (success, result,) = LowLevelCall.delegatecallReturn64Bytes(address(this), call);
        if (!success) LowLevelCall.bubbleRevert();
    }

    /**
     * @dev Files `words` (ids from `firstId`) into their intervals' books. A commitment from the
     * buffer (`buffered`) whose interval can no longer settle, that is too small, or that is its
     * profile's second production commitment of the interval is released instead; an order (the
     * pool checked the rest, and its interval is open) can only be a second production: reported
     * `refused` and not filed.
     */
    function _fileAll(uint256[] memory words, uint256 firstId, bool buffered) private returns (bool[] memory refused) {
        uint256 n = words.length;
        // Only orders report what was refused; the buffer releases it instead.
        refused = new bool[](buffered ? 0 : n);
        uint256[] memory updates = new uint256[](buffered ? n : 0);
        uint256 updateCount;
        IEnergyPool.CommittedDelta[] memory deltas = new IEnergyPool.CommittedDelta[](n);
        uint256 deltaCount;
        Filing memory filing;
        uint256 gracePeriod = _gracePeriodSeconds;
        uint256 minEnergy = _minEnergyWh;

        for (uint256 i = 0; i < n; ++i) {
            uint256 word = words[i];
            uint32 interval = word.interval();
            if (i == 0 || filing.interval != interval) {
                if (i > 0) deltaCount = _flushFiling(filing, deltas, deltaCount);
                filing = _loadFiling(interval, gracePeriod);
            }
            uint256 id = firstId + i;
            if (filing.expired || word.energyWh() < minEnergy || (!word.isConsumption() && !_claimProduction(word))) {
                if (!buffered) {
                    refused[i] = true;
                    continue;
                }
                uint256 releasedWei = word.lockedWei();
                updates[updateCount++] = ProfileUpdate.release(word.tokenId(), releasedWei);
                _expiredInBuffer.set(id);
                emit CommitmentExpired(id, word.tokenId(), releasedWei);
                continue;
            }
            _file(filing, id, word);
            if (buffered) emit CommitmentProcessed(id, interval);
        }
        if (n > 0) deltaCount = _flushFiling(filing, deltas, deltaCount);
        _recordCommitted(deltas, deltaCount);
        if (updateCount > 0) _profile.applyCommitmentUpdates(updates);
    }

    /// @dev Appends commitment or order `id` (its `word`) to its side's book of the interval `filing` holds.
    function _file(Filing memory filing, uint256 id, uint256 word) private {
        uint32 interval = filing.interval;
        if (word.isConsumption()) {
            uint256 position = filing.consumerCount;
            filing.consumerSlot |= id << ((position & 7) << 5);
            if (position & 7 == 7) {
                _books[_bookKey(interval, BookSide.Consumers, position)] = filing.consumerSlot;
                filing.consumerSlot = 0;
            }
            filing.consumerCount = position + 1;
            filing.consumptionWh += word.energyWh();
        } else {
            uint256 position = filing.producerCount;
            filing.producerSlot |= id << ((position & 7) << 5);
            if (position & 7 == 7) {
                _books[_bookKey(interval, BookSide.Producers, position)] = filing.producerSlot;
                filing.producerSlot = 0;
            }
            filing.producerCount = position + 1;
            filing.productionWh += word.energyWh();
        }
    }

    /// @dev Adds what a batch filed to the pool's committed aggregates.
    function _recordCommitted(IEnergyPool.CommittedDelta[] memory deltas, uint256 deltaCount) private {
        if (deltaCount == 0) return;
        IEnergyPool.CommittedDelta[] memory filed = new IEnergyPool.CommittedDelta[](deltaCount);
        for (uint256 k = 0; k < deltaCount; ++k) {
            filed[k] = deltas[k];
        }
        _pool.recordCommitted(filed);
    }

    /**
     * @dev Records that the producer's profile has a production commitment in its interval's
     * book; false if it had one already. A profile's delivery is one reading per interval, so a
     * second production commitment would count it twice: it is released instead of filed.
     */
    function _claimProduction(uint256 word) private returns (bool) {
        // Token ids are below 2^48 (the profile contract numbers them with a uint48).
        uint256 index = (uint256(word.interval()) << 48) | word.tokenId();
        if (_producing.get(index)) return false;
        _producing.set(index);
        return true;
    }

    /**
     * @dev An interval's commitments are released in the buffer when its end + grace period has
     * passed and its settlement never started, or it is being / was expired. A started
     * settlement (`Filing`) still takes them; later phases cannot meet a buffered commitment
     * (all of the interval's commitments are below its barrier).
     */
    function _loadFiling(uint32 interval, uint256 gracePeriod) private view returns (Filing memory filing) {
        Round storage round = _rounds[interval];
        Phase phase = round.phase;
        bool expired;
        if (phase == Phase.Open) {
            expired = block.timestamp >= intervalEndOf(interval) + gracePeriod;
        } else if (phase == Phase.Expiring || phase == Phase.Expired) {
            expired = true;
        } else if (phase != Phase.Filing) {
            revert EnergyMarketWrongPhase(interval, phase);
        }
        filing.interval = interval;
        filing.expired = expired;
        if (expired) return filing;
        uint256 producers = round.producerCount;
        uint256 consumers = round.consumerCount;
        filing.producerCount = producers;
        filing.producersBefore = producers;
        filing.consumerCount = consumers;
        filing.consumersBefore = consumers;
        if (producers & 7 != 0) filing.producerSlot = _books[_bookKey(interval, BookSide.Producers, producers)];
        if (consumers & 7 != 0) filing.consumerSlot = _books[_bookKey(interval, BookSide.Consumers, consumers)];
    }

    /// @dev Writes a filing's partly filled book slots and counts; appends its committed energy to `deltas`.
    function _flushFiling(Filing memory filing, IEnergyPool.CommittedDelta[] memory deltas, uint256 deltaCount)
        private
        returns (uint256)
    {
        if (filing.expired) return deltaCount;
        uint32 interval = filing.interval;
        uint256 producers = filing.producerCount;
        uint256 consumers = filing.consumerCount;
        if (producers == filing.producersBefore && consumers == filing.consumersBefore) return deltaCount;
        if (producers & 7 != 0 && producers != filing.producersBefore) {
            _books[_bookKey(interval, BookSide.Producers, producers)] = filing.producerSlot;
        }
        if (consumers & 7 != 0 && consumers != filing.consumersBefore) {
            _books[_bookKey(interval, BookSide.Consumers, consumers)] = filing.consumerSlot;
        }
        Round storage round = _rounds[interval];
        // Commitment ids are below 2^31, so no book holds more than 2^31 entries.
        round.producerCount = uint32(producers);
        round.consumerCount = uint32(consumers);
        // A batch files fewer than 2^31 commitments of at most 2^64 Wh each.
        deltas[deltaCount] = IEnergyPool.CommittedDelta({
            interval: interval,
            productionWh: uint128(filing.productionWh),
            consumptionWh: uint128(filing.consumptionWh)
        });
        return deltaCount + 1;
    }

    /// @inheritdoc IEnergyMarket
    function settle(uint32 interval, uint256 maxItems) external returns (bool settled) {
        if (maxItems == 0) revert EnergyMarketZeroBatch();
        Round storage stored = _rounds[interval];
        Phase phase = stored.phase;
        if (phase == Phase.Open) {
            _startSettlement(interval);
            phase = Phase.Filing;
        }
        uint256 budget = maxItems;
        if (phase == Phase.Filing) {
            uint256 barrier = stored.barrier;
            budget -= _processBuffer(barrier, budget);
            if (_bufferCursor < barrier) return false;
            stored.phase = phase = Phase.Clearing;
        } else if (phase != Phase.Clearing && phase != Phase.Paying) {
            revert EnergyMarketWrongPhase(interval, phase);
        }
        Round memory round = _loadRound(interval);
        Reads memory reads;
        if (phase == Phase.Clearing) {
            (uint256 used, bool cleared) = _clear(interval, round, budget, reads);
            if (!cleared) {
                _storeRound(interval, round);
                return false;
            }
            budget -= used;
            _completeClearing(interval, round);
        }
        settled = _pay(interval, round, budget, reads);
        _storeRound(interval, round);
    }

    /// @dev Checks the settlement window and the oracle's finality, reads the readings, fixes the barrier.
    function _startSettlement(uint32 interval) private {
        uint256 end = intervalEndOf(interval);
        if (block.timestamp < end) revert EnergyMarketIntervalNotClosed(interval, end);
        uint256 deadline = end + _gracePeriodSeconds;
        if (block.timestamp >= deadline) revert EnergyMarketSettlementWindowClosed(interval, deadline);
        (uint256 producedWh, uint256 consumedWh) = _oracle.meteredEnergyOf(interval);
        // Deliveries are final once the oracle says so, at the latest once the next interval has closed.
        if (!_oracle.deliveriesFinal(interval)) revert EnergyMarketReadingsNotFinal(interval, end + intervalSeconds());
        Round memory round = _loadRound(interval);
        round.phase = Phase.Filing;
        // Every commitment of this interval was created before it closed: its id is below this.
        round.barrier = uint32(_pool.commitmentCount());
        round.producedWh = SafeCast.toUint64(producedWh);
        round.consumedWh = SafeCast.toUint64(consumedWh);
        _onSettlementStarted(interval, round);
        _storeRound(interval, round);
        emit SettlementStarted(interval, producedWh, consumedWh);
    }

    /// @dev Records the interval's aggregates in the pool and moves it to `Paying`.
    function _completeClearing(uint32 interval, Round memory round) internal {
        round.phase = Phase.Paying;
        round.producerCursor = 0;
        round.consumerCursor = 0;
        _pool.recordMetered(interval, round.producedWh, round.consumedWh, round.tradedWh);
        emit IntervalCleared(
            interval, round.price, round.priceDecimals, round.supplyWh, round.demandWh, round.tradedWh
        );
    }

    /**
     * @dev Pays out at most `budget` entries: consumers in book order, then producers. Returns
     * whether the interval is settled.
     */
    function _pay(uint32 interval, Round memory round, uint256 budget, Reads memory reads) private returns (bool) {
        uint256 consumersLeft = uint256(round.consumerCount) - round.consumerCursor;
        uint256 producersLeft = uint256(round.producerCount) - round.producerCursor;
        if (consumersLeft + producersLeft > 0) {
            if (budget == 0) return false;
            uint256 nc = _min(budget, consumersLeft);
            uint256 np = _min(budget - nc, producersLeft);
            // One update per entry plus one per side for the clearing account; unused trailing
            // words stay zero and the profile contract skips them.
            uint256[] memory updates = new uint256[](nc + np + 2);
            uint256 updateCount;
            if (nc > 0) updateCount = _paySide(interval, round, BookSide.Consumers, nc, reads, updates, updateCount);
            if (np > 0) _paySide(interval, round, BookSide.Producers, np, reads, updates, updateCount);
            _profile.applyCommitmentUpdates(updates);
            if (nc + np < consumersLeft + producersLeft) return false;
        }
        _finish(interval, round);
        return true;
    }

    /**
     * @dev Settles the next `n` entries of `side`: consumers pay from their locks into the clearing
     * account, producers are paid out of it.
     */
    function _paySide(
        uint32 interval,
        Round memory round,
        BookSide side,
        uint256 n,
        Reads memory reads,
        uint256[] memory updates,
        uint256 updateCount
    ) private returns (uint256) {
        bool consumers = side == BookSide.Consumers;
        uint256 from = consumers ? round.consumerCursor : round.producerCursor;
        bool traded = round.tradedWh != 0;
        Entries memory entries = _readEntries(reads, interval, side, from, n, traded);
        uint256 context = traded ? _payoutContext(interval, round, side) : 0;
        uint256 totalWei = _settleEntries(round, side, entries, context, updates, updateCount);
        unchecked {
            // The updates array has room for every entry plus one per side.
            updateCount += n;
        }
        // Positions below 2^31; wei below the uint96 collateral cap.
        if (consumers) {
            if (totalWei > 0) updates[updateCount++] = ProfileUpdate.producer(_CLEARING_ACCOUNT, totalWei, false);
            round.consumerCursor = uint32(from + n);
            round.paidWei += uint128(totalWei);
        } else {
            // Consumers paid everything into the clearing account before this pass: it covers this.
            if (totalWei > 0) updates[updateCount++] = ProfileUpdate.consumer(_CLEARING_ACCOUNT, totalWei, 0, false);
            round.producerCursor = uint32(from + n);
            round.receivedWei += uint128(totalWei);
        }
        return updateCount;
    }

    /// @dev Settles `entries` of `side`, writing their profile updates from `offset`; returns the wei moved.
    function _settleEntries(
        Round memory round,
        BookSide side,
        Entries memory entries,
        uint256 context,
        uint256[] memory updates,
        uint256 offset
    ) private returns (uint256 totalWei) {
        uint256 n = entries.ids.length;
        bool traded = round.tradedWh != 0;
        for (uint256 k = 0; k < n;) {
            uint256 word = entries.words[k];
            uint256 tradedWh;
            uint256 amountWei;
            if (traded) (tradedWh, amountWei) = _tradeOf(round, side, entries.from + k, word, entries.countedWh[k], context);
            unchecked {
                // The updates array has room for every entry; amounts stay below the uint96 collateral cap; k < n.
                updates[offset + k] = _settled(side, entries.ids[k], word, tradedWh, amountWei);
                totalWei += amountWei;
                ++k;
            }
        }
    }

    /// @dev Reports one settled commitment and returns its profile update.
    function _settled(BookSide side, uint256 commitmentId, uint256 word, uint256 tradedWh, uint256 amountWei)
        private
        returns (uint256)
    {
        emit CommitmentSettled(commitmentId, tradedWh, amountWei);
        // The lock covers any payment the mechanism charges (the consumer's limit is the most it pays).
        uint256 update = side == BookSide.Consumers
            ? ProfileUpdate.consumer(word.tokenId(), amountWei, word.lockedWei() - amountWei, true)
            : ProfileUpdate.producer(word.tokenId(), amountWei, true);
        return _forEntry(update, commitmentId);
    }

    /// @dev A profile update, marked as an order's when `id` is an order id (see ProfileUpdate).
    function _forEntry(uint256 update, uint256 id) private pure returns (uint256) {
        return id < _ORDER_ID_OFFSET ? update : ProfileUpdate.asOrder(update);
    }

    /// @dev Marks the interval settled, adds what the mechanism kept to the surplus and reports the totals.
    function _finish(uint32 interval, Round memory round) private {
        round.phase = Phase.Settled;
        // The mechanism's running sums are not needed any more; not storing them saves their slot.
        (round.cumProducerWh, round.cumConsumerWh) = (0, 0);
        uint256 surplus = uint256(round.paidWei) - round.receivedWei;
        if (surplus != 0) _surplusWei += surplus;
        emit IntervalSettled(interval, round.paidWei, round.receivedWei, surplus);
    }

    /// @inheritdoc IEnergyMarket
    function expireInterval(uint32 interval, uint256 maxItems) external returns (bool expired) {
        if (maxItems == 0) revert EnergyMarketZeroBatch();
        Round storage round = _rounds[interval];
        Phase phase = round.phase;
        if (phase == Phase.Open || phase == Phase.Filing || phase == Phase.Clearing) {
            uint256 deadline = intervalEndOf(interval) + _gracePeriodSeconds;
            if (block.timestamp < deadline) revert EnergyMarketIntervalNotExpired(interval, deadline);
            round.phase = Phase.Expiring;
            // The cursors become the expiry positions: no payout happened before `Paying`.
            (round.producerCursor, round.consumerCursor) = (0, 0);
        } else if (phase != Phase.Expiring) {
            revert EnergyMarketWrongPhase(interval, phase);
        }
        uint256 producerCursor = round.producerCursor;
        uint256 consumerCursor = round.consumerCursor;
        uint256 np = _min(maxItems, uint256(round.producerCount) - producerCursor);
        uint256 nc = _min(maxItems - np, uint256(round.consumerCount) - consumerCursor);
        if (np + nc > 0) {
            uint256[] memory updates = new uint256[](np + nc);
            _releaseEntries(interval, BookSide.Producers, producerCursor, np, updates, 0);
            _releaseEntries(interval, BookSide.Consumers, consumerCursor, nc, updates, np);
            _profile.applyCommitmentUpdates(updates);
            // Positions below 2^31.
            round.producerCursor = uint32(producerCursor + np);
            round.consumerCursor = uint32(consumerCursor + nc);
        }
        if (producerCursor + np < round.producerCount || consumerCursor + nc < round.consumerCount) return false;
        round.phase = Phase.Expired;
        emit IntervalExpired(interval);
        expired = true;
    }

    function _releaseEntries(
        uint32 interval,
        BookSide side,
        uint256 from,
        uint256 n,
        uint256[] memory updates,
        uint256 offset
    ) private {
        if (n == 0) return;
        uint256[] memory ids = _readBook(interval, side, from, n);
        uint256[] memory words = _pool.commitmentWordsOf(ids);
        for (uint256 k = 0; k < n; ++k) {
            uint256 releasedWei = words[k].lockedWei();
            updates[offset + k] = _forEntry(ProfileUpdate.release(words[k].tokenId(), releasedWei), ids[k]);
            emit CommitmentExpired(ids[k], words[k].tokenId(), releasedWei);
        }
    }

    /// @inheritdoc IEnergyMarket
    function withdrawSurplus(address to, uint256 amountWei) external onlyOwner {
        if (to == address(0)) revert EnergyMarketInvalidAddress(to);
        uint256 surplus = _surplusWei;
        if (amountWei > surplus) revert EnergyMarketInsufficientSurplus(surplus, amountWei);
        unchecked {
            // amountWei ≤ surplus.
            _surplusWei = surplus - amountWei;
        }
        emit SurplusWithdrawn(to, amountWei);
        _profile.withdrawClearing(to, amountWei);
    }

    /// @inheritdoc IEnergyMarket
    function setGracePeriod(uint256 gracePeriodSeconds_) external onlyOwner {
        _setGracePeriod(gracePeriodSeconds_);
    }

    /// @dev Longer than one interval: deliveries may become final only once the next interval has closed.
    function _setGracePeriod(uint256 gracePeriodSeconds_) private {
        if (gracePeriodSeconds_ <= intervalSeconds() || gracePeriodSeconds_ > type(uint64).max) {
            revert EnergyMarketInvalidGracePeriod(gracePeriodSeconds_);
        }
        _gracePeriodSeconds = uint64(gracePeriodSeconds_);
        emit GracePeriodSet(gracePeriodSeconds_);
    }

    /// @inheritdoc IEnergyMarket
    function roundOf(uint32 interval) external view returns (Round memory) {
        return _loadRound(interval);
    }

    /// @inheritdoc IEnergyMarket
    function commitmentStatusOf(uint256 commitmentId) external view returns (CommitmentStatus) {
        if (commitmentId >= _pool.commitmentCount()) return CommitmentStatus.None;
        if (commitmentId >= _bufferCursor) return CommitmentStatus.Pending;
        if (_expiredInBuffer.get(commitmentId)) return CommitmentStatus.Expired;
        uint256[] memory ids = new uint256[](1);
        ids[0] = commitmentId;
        Phase phase = _rounds[_pool.commitmentWordsOf(ids)[0].interval()].phase;
        if (phase == Phase.Settled) return CommitmentStatus.Settled;
        if (phase == Phase.Expired) return CommitmentStatus.Expired;
        return CommitmentStatus.Filed;
    }

    /// @inheritdoc IEnergyMarket
    function bookOf(uint32 interval, BookSide side, uint256 from, uint256 count)
        external
        view
        returns (uint256[] memory commitmentIds)
    {
        Round storage round = _rounds[interval];
        uint256 length = side == BookSide.Producers ? round.producerCount : round.consumerCount;
        if (from >= length) return new uint256[](0);
        return _readBook(interval, side, from, _min(count, length - from));
    }

    /// @inheritdoc IEnergyMarket
    function bufferCursor() external view returns (uint256) {
        return _bufferCursor;
    }

    /// @inheritdoc IEnergyMarket
    function bufferLength() external view returns (uint256) {
        return _pool.commitmentCount() - _bufferCursor;
    }

    /// @inheritdoc IEnergyMarket
    function surplusWei() external view returns (uint256) {
        return _surplusWei;
    }

    /// @inheritdoc IEnergyMarket
    function minEnergyWh() external view returns (uint256) {
        return _minEnergyWh;
    }

    /// @inheritdoc IEnergyMarket
    function gracePeriodSeconds() external view returns (uint256) {
        return _gracePeriodSeconds;
    }

    /// @inheritdoc IEnergyMarket
    function oracle() external view returns (IEnergyOracle) {
        return _oracle;
    }

    /// @inheritdoc IEnergyMarket
    function pool() external view returns (IEnergyPool) {
        return _pool;
    }

    /// @inheritdoc IEnergyMarket
    function profile() external view returns (IEnergyProfile) {
        return _profile;
    }

    /// @dev A copy of `interval`'s record, for calls of a mechanism's own that change several fields.
    function _loadRound(uint32 interval) internal view returns (Round memory) {
        return _rounds[interval];
    }

    /// @dev Stores a record loaded with {_loadRound}.
    function _storeRound(uint32 interval, Round memory round) internal {
        _rounds[interval] = round;
    }

    /**
     * @dev The `n` entries of `side` from `from` with their words, and what each counts for when
     * `counted`; read once per call (see {Entries}).
     */
    function _readEntries(Reads memory reads, uint32 interval, BookSide side, uint256 from, uint256 n, bool counted)
        internal
        view
        returns (Entries memory entries)
    {
        entries = side == BookSide.Producers ? reads.producers : reads.consumers;
        if (entries.from != from || entries.ids.length != n) {
            entries.from = from;
            entries.ids = _readBook(interval, side, from, n);
            entries.words = _pool.commitmentWordsOf(entries.ids);
            entries.countedWh = new uint256[](0);
        }
        if (counted && entries.countedWh.length != n) entries.countedWh = _countedWhOf(interval, side, entries.words);
    }

    /// @dev The pool's commitment words of `ids`.
    function _commitmentWordsOf(uint256[] memory ids) internal view returns (uint256[] memory) {
        return _pool.commitmentWordsOf(ids);
    }

    /// @dev The commitment word at `position` of a book.
    function _wordAt(uint32 interval, BookSide side, uint256 position) internal view returns (uint256) {
        uint256[] memory ids = new uint256[](1);
        ids[0] = _bookEntry(interval, side, position);
        return _pool.commitmentWordsOf(ids)[0];
    }

    /**
     * @dev What each commitment of `words` counts for: a consumer its committed energy, a producer
     * at most its own metered delivery (one oracle call for all).
     */
    function _countedWhOf(uint32 interval, BookSide side, uint256[] memory words)
        internal
        view
        returns (uint256[] memory countedWh)
    {
        uint256 n = words.length;
        if (side == BookSide.Consumers) {
            countedWh = new uint256[](n);
            for (uint256 k = 0; k < n; ++k) {
                countedWh[k] = words[k].energyWh();
            }
            return countedWh;
        }
        uint256[] memory tokenIds = new uint256[](n);
        for (uint256 k = 0; k < n; ++k) {
            tokenIds[k] = words[k].tokenId();
        }
        countedWh = _oracle.deliveredWhOfMany(interval, tokenIds);
        for (uint256 k = 0; k < n; ++k) {
            countedWh[k] = _min(words[k].energyWh(), countedWh[k]);
        }
    }

    /// @dev The oracle's delivery of the commitment `word`'s profile, capped at what it committed.
    function _countedProductionWh(uint32 interval, uint256 word) internal view returns (uint256) {
        return _min(word.energyWh(), _oracle.deliveredWhOf(interval, word.tokenId()));
    }

    /// @dev The commitment id at `position` of `interval`'s `side` book.
    function _bookEntry(uint32 interval, BookSide side, uint256 position) internal view returns (uint256) {
        return uint32(_books[_bookKey(interval, side, position)] >> ((position & 7) << 5));
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @dev The key of the book slot holding `position` of `interval`'s `side` book.
    function _bookKey(uint32 interval, BookSide side, uint256 position) private pure returns (uint256) {
        // position < 2^31, so position >> 3 < 2^28.
        return (uint256(interval) << 33) | (uint256(side) << 32) | (position >> 3);
    }

    /// @dev Reads `count` commitment ids from `position` of a book, one SLOAD per eight.
    function _readBook(uint32 interval, BookSide side, uint256 position, uint256 count)
        private
        view
        returns (uint256[] memory ids)
    {
        ids = new uint256[](count);
        uint256 packed;
        unchecked {
            // position + count ≤ the book length < 2^31.
            for (uint256 i = 0; i < count; ++i) {
                uint256 p = position + i;
                if (i == 0 || p & 7 == 0) packed = _books[_bookKey(interval, side, p)];
                ids[i] = uint32(packed >> ((p & 7) << 5));
            }
        }
    }
}
