// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IEnergyMarketBase} from "./interfaces/IEnergyMarketBase.sol";
import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {IEnergyProfile} from "./interfaces/IEnergyProfile.sol";
import {IntervalClock} from "./IntervalClock.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";
import {ProfileUpdate} from "./libraries/ProfileUpdate.sol";

/**
 * @title EnergyMarketBase
 * @notice The common machinery of the markets that clear an interval from its own book: the
 * buffer, per-side books, the verified merit order with the match streamed along it, payouts
 * through the profile contract's clearing account, expiry. A mechanism only prices the trades
 * ({_clearingPrice}, {_consumerPaymentWei}, {_producerReceiptWei}).
 *
 * Settlement of interval `i` (see IEnergyMarketBase for the calls):
 * - **Start** once the oracle's readings of `i` are final (its `deliveriesFinal`: finalized by
 *   its reporter, or interval `i + 1` has closed) and before end + grace period: the metered production `P` and consumption `C` are read,
 *   `cap = min(P, C)`, and the buffer is drained up to the barrier (all of `i`'s commitments).
 * - **Rank**: keys order each side — producers (limit ascending, position ascending),
 *   consumers (limit descending, position ascending), a strict total order. The keeper submits
 *   book positions; each must be below the side's count with a key strictly after the side's
 *   last ranked key. `n` such positions are distinct, so when both sides reach their counts the
 *   submitted sequences are the unique merit orders. A side whose ranking skipped an entry can
 *   never complete; {resetRanking} proves the skip and restarts it.
 * - **Match** along the ranked entries with two pointers: while the producer's limit ≤ the
 *   consumer's limit and `traded < cap`, trade `q = min(producer's remaining, consumer's
 *   remaining, cap − traded)`. A producer's energy counts as `min(committed, delivered)`, its
 *   own metered delivery: it is paid for what it delivered, and one that delivered nothing
 *   trades nothing. The result is `E` (traded Wh) and each side's marginal entry (the last that
 *   traded) with its amount. With an empty side or `cap = 0` nothing is ranked and `E = 0`.
 * - **Pay**, per side in book order, consumers first: an entry before its side's marginal key
 *   traded all its (effective) energy, the marginal entry its amount, later ones nothing.
 *   Consumers pay into the clearing account (token id 0 of the profile contract) and get the
 *   rest of their lock back; then producers are paid out of it. Value therefore stays in the
 *   profile contract between every two transactions, and the clearing account never goes
 *   negative. What the mechanism leaves in it is the market's surplus, which the owner may
 *   withdraw once the interval is settled.
 * - **Expire**: an interval that has not reached `Paying` by end + grace period is released
 *   (no money moves before payouts start), so every closed interval reaches `Settled` or
 *   `Expired`.
 * Every call's work is bounded: `maxItems` counts each entry scanned; {rank} works on what it is
 * given plus at most {MATCH_STEPS_PER_RANK} match steps. Commitments below {minEnergyWh} never
 * enter the books (released at filing), so spam costs at least that much committed energy (and,
 * for a consumer, its lock) per book entry. A profile files at most one production commitment
 * per interval (later ones are released at filing): its one delivery reading must not count
 * twice, and each producer entry of the book costs a profile.
 *
 * @dev Invariants (NEVER violate):
 * - Each commitment leaves the buffer exactly once; each filed one is settled or expired once.
 * - Every call's profile updates have Σ spent == Σ credited (the profile contract checks it);
 *   within a settlement the clearing account receives all consumers' payments before it pays
 *   any producer.
 * - `E ≤ min(S, D, P, C)`; Σ paid ≥ Σ received per interval, the difference added to the surplus.
 */
abstract contract EnergyMarketBase is Ownable, IntervalClock, IEnergyMarketBase {
    using CommitmentWord for uint256;
    using BitMaps for BitMaps.BitMap;

    /// @notice The grace period, in intervals, used when the constructor is given zero.
    uint256 public constant DEFAULT_GRACE_INTERVALS = 24;
    /// @notice The minimum commitment size used when the constructor is given zero.
    uint256 public constant DEFAULT_MIN_ENERGY_WH = 100;
    /// @notice Match steps (entries loaded) a {rank} call may take beyond the entries it submits.
    uint256 public constant MATCH_STEPS_PER_RANK = 256;

    /// @dev The profile contract's clearing account.
    uint256 private constant _CLEARING_ACCOUNT = 0;

    /// @dev An interval's filings during one processBuffer batch, written back once per batch.
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

    /// @dev A side's ranking progress during one {rank} call.
    struct RankCursor {
        uint256 ranked;
        uint256 lastLimit;
        uint256 lastPosition;
        uint256 markBase;
    }

    /**
     * @dev The entries one {rank} call submitted for a side: their ranked indices start at
     * `fromIndex`; words and (producers, while unmatched) deliveries as read for them.
     */
    struct RankBatch {
        uint256 fromIndex;
        uint256[] positions;
        uint256[] words;
        uint256[] deliveredWh;
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
    /// @dev (markBase | index) / 8 => eight packed uint32 book positions, a side's ranked entries in order.
    mapping(uint256 key => uint256 positions) private _rankedQueue;
    /// @dev Ranked positions, indexed by markBase | position (see {_markBase}).
    BitMaps.BitMap private _rankedMarks;
    /// @dev Commitments released while still in the buffer.
    BitMaps.BitMap private _expiredInBuffer;
    /// @dev Profiles with a production commitment in an interval's book, indexed by interval << 48 | tokenId.
    BitMaps.BitMap private _producing;

    /**
     * @param initialOwner The account that sets the grace period and withdraws the surplus.
     * @param pool_ The pool whose ledger the buffer reads; its clock is the market's.
     * @param oracle_ Metered energy and per-profile deliveries.
     * @param gracePeriodSeconds_ How long after its end an interval may still start settling,
     * more than one interval; zero means {DEFAULT_GRACE_INTERVALS} intervals.
     * @param minEnergyWh_ The smallest commitment filed into the books; zero means {DEFAULT_MIN_ENERGY_WH}.
     */
    constructor(
        address initialOwner,
        IEnergyPool pool_,
        IEnergyOracle oracle_,
        uint256 gracePeriodSeconds_,
        uint256 minEnergyWh_
    ) Ownable(initialOwner) IntervalClock(pool_.startTime(), pool_.intervalSeconds()) {
        if (address(oracle_) == address(0)) revert EnergyMarketBaseInvalidAddress(address(oracle_));
        _pool = pool_;
        _profile = pool_.profile();
        _oracle = oracle_;
        _minEnergyWh = minEnergyWh_ == 0 ? DEFAULT_MIN_ENERGY_WH : minEnergyWh_;
        _setGracePeriod(gracePeriodSeconds_ == 0 ? DEFAULT_GRACE_INTERVALS * pool_.intervalSeconds() : gracePeriodSeconds_);
    }

    // ------------------------------------------------------------------------------------------
    // Pricing hooks
    // ------------------------------------------------------------------------------------------

    /// @dev The uniform price of a ranked round, or 0 for a mechanism without one.
    function _clearingPrice(Round memory round) internal view virtual returns (uint256);

    /// @dev What a consumer with `limit` that traded `tradedWh` pays; `cumBeforeWh`: traded by the consumers before it in book order.
    function _consumerPaymentWei(Round memory round, uint256 limit, uint256 cumBeforeWh, uint256 tradedWh)
        internal
        view
        virtual
        returns (uint256);

    /// @dev What a producer with `limit` that traded `tradedWh` receives; `cumBeforeWh` as for consumers.
    function _producerReceiptWei(Round memory round, uint256 limit, uint256 cumBeforeWh, uint256 tradedWh)
        internal
        view
        virtual
        returns (uint256);

    // ------------------------------------------------------------------------------------------
    // Buffer
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarketBase
    function processBuffer(uint256 maxItems) external returns (uint256 processed) {
        if (maxItems == 0) revert EnergyMarketBaseZeroBatch();
        processed = _processBuffer(type(uint256).max, maxItems);
    }

    /// @dev Moves up to `maxItems` commitments with ids below `limitId` out of the buffer.
    function _processBuffer(uint256 limitId, uint256 maxItems) private returns (uint256 processed) {
        uint256 from = _bufferCursor;
        if (from >= limitId) return 0;
        uint256[] memory words = _pool.commitmentWordsFrom(from, _min(maxItems, limitId - from));
        processed = words.length;
        if (processed == 0) return 0;

        uint256[] memory updates = new uint256[](processed);
        uint256 updateCount;
        IEnergyPool.CommittedDelta[] memory deltas = new IEnergyPool.CommittedDelta[](processed);
        uint256 deltaCount;
        Filing memory filing;
        bool loaded;
        uint256 gracePeriod = _gracePeriodSeconds;
        uint256 minEnergy = _minEnergyWh;

        for (uint256 i = 0; i < processed; ++i) {
            uint256 word = words[i];
            uint32 interval = word.interval();
            if (!loaded || filing.interval != interval) {
                if (loaded) deltaCount = _flushFiling(filing, deltas, deltaCount);
                filing = _loadFiling(interval, gracePeriod);
                loaded = true;
            }
            uint256 commitmentId = from + i;
            if (filing.expired || word.energyWh() < minEnergy || (!word.isConsumption() && !_claimProduction(word))) {
                uint256 releasedWei = word.lockedWei();
                updates[updateCount++] = ProfileUpdate.release(word.tokenId(), releasedWei);
                _expiredInBuffer.set(commitmentId);
                emit CommitmentExpired(commitmentId, word.tokenId(), releasedWei);
                continue;
            }
            if (word.isConsumption()) {
                uint256 position = filing.consumerCount;
                filing.consumerSlot |= commitmentId << ((position & 7) << 5);
                if (position & 7 == 7) {
                    _books[_bookKey(interval, BookSide.Consumers, position)] = filing.consumerSlot;
                    filing.consumerSlot = 0;
                }
                filing.consumerCount = position + 1;
                filing.consumptionWh += word.energyWh();
            } else {
                uint256 position = filing.producerCount;
                filing.producerSlot |= commitmentId << ((position & 7) << 5);
                if (position & 7 == 7) {
                    _books[_bookKey(interval, BookSide.Producers, position)] = filing.producerSlot;
                    filing.producerSlot = 0;
                }
                filing.producerCount = position + 1;
                filing.productionWh += word.energyWh();
            }
            emit CommitmentProcessed(commitmentId, interval);
        }
        deltaCount = _flushFiling(filing, deltas, deltaCount);
        // from + processed ≤ the pool's commitment count, below 2^31.
        _bufferCursor = uint32(from + processed);

        if (deltaCount > 0) {
            IEnergyPool.CommittedDelta[] memory filed = new IEnergyPool.CommittedDelta[](deltaCount);
            for (uint256 k = 0; k < deltaCount; ++k) {
                filed[k] = deltas[k];
            }
            _pool.recordCommitted(filed);
        }
        if (updateCount > 0) _profile.applyCommitmentUpdates(updates);
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
            revert EnergyMarketBaseWrongPhase(interval, phase);
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

    // ------------------------------------------------------------------------------------------
    // Settlement: start, filing, payouts
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarketBase
    function settle(uint32 interval, uint256 maxItems) external returns (bool settled) {
        if (maxItems == 0) revert EnergyMarketBaseZeroBatch();
        Round storage stored = _rounds[interval];
        Phase phase = stored.phase;
        if (phase == Phase.Open) {
            _startSettlement(interval, stored);
            phase = Phase.Filing;
        }
        uint256 budget = maxItems;
        if (phase == Phase.Filing) {
            uint256 barrier = stored.barrier;
            budget -= _processBuffer(barrier, budget);
            if (_bufferCursor < barrier) return false;
            if (stored.producerCount != 0 && stored.consumerCount != 0 && stored.producedWh != 0 && stored.consumedWh != 0) {
                stored.phase = Phase.Ranking;
                return false;
            }
        } else if (phase != Phase.Paying) {
            revert EnergyMarketBaseWrongPhase(interval, phase);
        }
        Round memory round = _load(interval);
        // Nothing can trade (an empty side or nothing metered): no ranking needed.
        if (phase == Phase.Filing) _completeRanking(interval, round);
        settled = _pay(interval, round, budget);
        _store(interval, round);
    }

    /// @dev Checks the settlement window, reads the oracle, and fixes the buffer barrier.
    function _startSettlement(uint32 interval, Round storage round) private {
        uint256 end = intervalEndOf(interval);
        // Readings are final once the oracle says so, at the latest once the next interval has closed.
        uint256 finalAt = end + intervalSeconds();
        if (block.timestamp < end) revert EnergyMarketBaseReadingsNotFinal(interval, finalAt);
        uint256 deadline = end + _gracePeriodSeconds;
        if (block.timestamp >= deadline) revert EnergyMarketBaseSettlementWindowClosed(interval, deadline);
        (uint256 producedWh, uint256 consumedWh) = _oracle.meteredEnergyOf(interval);
        if (!_oracle.deliveriesFinal(interval)) revert EnergyMarketBaseReadingsNotFinal(interval, finalAt);
        round.phase = Phase.Filing;
        // Every commitment of this interval was created before it closed: its id is below this.
        round.barrier = uint32(_pool.commitmentCount());
        round.producedWh = SafeCast.toUint64(producedWh);
        round.consumedWh = SafeCast.toUint64(consumedWh);
        emit SettlementStarted(interval, producedWh, consumedWh);
    }

    /// @dev Fixes the price, records the interval's aggregates in the pool and moves to `Paying`.
    function _completeRanking(uint32 interval, Round memory round) private {
        uint256 price = _clearingPrice(round);
        // A price lies between two limits, which are uint96.
        round.priceWeiPerKWh = uint96(price);
        round.phase = Phase.Paying;
        _pool.recordMetered(interval, round.producedWh, round.consumedWh, round.tradedWh);
        emit IntervalRanked(interval, round.tradedWh, price);
    }

    /**
     * @dev Pays out at most `budget` entries: consumers in book order, then producers. Returns
     * whether the interval is settled.
     */
    function _pay(uint32 interval, Round memory round, uint256 budget) private returns (bool) {
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
            if (nc > 0) updateCount = _payConsumers(interval, round, nc, updates, updateCount);
            if (np > 0) _payProducers(interval, round, np, updates, updateCount);
            _profile.applyCommitmentUpdates(updates);
            if (nc + np < consumersLeft + producersLeft) return false;
        }
        _finish(interval, round);
        return true;
    }

    function _payConsumers(uint32 interval, Round memory round, uint256 n, uint256[] memory updates, uint256 updateCount)
        private
        returns (uint256)
    {
        uint256 from = round.consumerCursor;
        uint256[] memory ids = _readBook(interval, BookSide.Consumers, from, n);
        uint256[] memory words = _pool.commitmentWordsOf(ids);
        uint256 cumWh = round.cumConsumerWh;
        uint256 totalWei;
        for (uint256 k = 0; k < n; ++k) {
            uint256 word = words[k];
            uint256 limit = word.limitPriceWeiPerKWh();
            uint256 tradedWh = _tradedOf(round, BookSide.Consumers, limit, from + k, word.energyWh());
            uint256 payWei = _consumerPaymentWei(round, limit, cumWh, tradedWh);
            // The lock covers any payment at a price ≤ limit (see the mechanisms' notes).
            updates[updateCount++] = ProfileUpdate.consumer(word.tokenId(), payWei, word.lockedWei() - payWei, true);
            emit CommitmentSettled(ids[k], tradedWh, payWei);
            cumWh += tradedWh;
            totalWei += payWei;
        }
        if (totalWei > 0) updates[updateCount++] = ProfileUpdate.producer(_CLEARING_ACCOUNT, totalWei, false);
        // Positions below 2^31, traded energy ≤ E < 2^64, wei below the uint96 collateral cap.
        round.consumerCursor = uint32(from + n);
        round.cumConsumerWh = uint64(cumWh);
        round.paidWei += uint128(totalWei);
        return updateCount;
    }

    function _payProducers(uint32 interval, Round memory round, uint256 n, uint256[] memory updates, uint256 updateCount)
        private
    {
        uint256 from = round.producerCursor;
        uint256[] memory ids = _readBook(interval, BookSide.Producers, from, n);
        uint256[] memory words = _pool.commitmentWordsOf(ids);
        uint256[] memory deliveredWh;
        if (round.tradedWh != 0) {
            uint256[] memory tokenIds = new uint256[](n);
            for (uint256 k = 0; k < n; ++k) {
                tokenIds[k] = words[k].tokenId();
            }
            deliveredWh = _oracle.deliveredWhOfMany(interval, tokenIds);
        }
        uint256 cumWh = round.cumProducerWh;
        uint256 totalWei;
        for (uint256 k = 0; k < n; ++k) {
            uint256 word = words[k];
            uint256 limit = word.limitPriceWeiPerKWh();
            uint256 tradedWh = round.tradedWh == 0
                ? 0
                : _tradedOf(round, BookSide.Producers, limit, from + k, _min(word.energyWh(), deliveredWh[k]));
            uint256 receiveWei = _producerReceiptWei(round, limit, cumWh, tradedWh);
            updates[updateCount++] = ProfileUpdate.producer(word.tokenId(), receiveWei, true);
            emit CommitmentSettled(ids[k], tradedWh, receiveWei);
            cumWh += tradedWh;
            totalWei += receiveWei;
        }
        // Consumers paid everything into the clearing account before this pass: it covers this.
        if (totalWei > 0) updates[updateCount] = ProfileUpdate.consumer(_CLEARING_ACCOUNT, totalWei, 0, false);
        round.producerCursor = uint32(from + n);
        round.cumProducerWh = uint64(cumWh);
        round.receivedWei += uint128(totalWei);
    }

    /**
     * @dev What an entry at `position` with key (`limit`, `position`) traded: all its effective
     * energy before its side's marginal key, the marginal amount at it, nothing after it.
     */
    function _tradedOf(Round memory round, BookSide side, uint256 limit, uint256 position, uint256 effectiveWh)
        private
        pure
        returns (uint256)
    {
        if (round.tradedWh == 0) return 0;
        if (side == BookSide.Producers) {
            if (position == round.marginalProducerPosition) return round.marginalProducerWh;
            uint256 marginal = round.marginalProducerLimit;
            bool before = limit < marginal || (limit == marginal && position < round.marginalProducerPosition);
            return before ? effectiveWh : 0;
        }
        if (position == round.marginalConsumerPosition) return round.marginalConsumerWh;
        uint256 marginalLimit = round.marginalConsumerLimit;
        bool ahead = limit > marginalLimit || (limit == marginalLimit && position < round.marginalConsumerPosition);
        return ahead ? effectiveWh : 0;
    }

    /// @dev Marks the interval settled, adds what the mechanism kept to the surplus and reports the totals.
    function _finish(uint32 interval, Round memory round) private {
        round.phase = Phase.Settled;
        uint256 surplus = uint256(round.paidWei) - round.receivedWei;
        if (surplus != 0) _surplusWei += surplus;
        emit IntervalSettled(interval, round.priceWeiPerKWh, round.tradedWh, round.paidWei, round.receivedWei, surplus);
    }

    // ------------------------------------------------------------------------------------------
    // Ranking and matching
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarketBase
    function rank(uint32 interval, uint256[] calldata producerPositions, uint256[] calldata consumerPositions)
        external
        returns (bool ranked)
    {
        Round memory round = _load(interval);
        if (round.phase != Phase.Ranking) revert EnergyMarketBaseWrongPhase(interval, round.phase);
        RankBatch memory producers = _rankSide(interval, round, BookSide.Producers, producerPositions);
        RankBatch memory consumers = _rankSide(interval, round, BookSide.Consumers, consumerPositions);
        if (!round.matched) {
            _match(interval, round, producers, consumers, producerPositions.length + consumerPositions.length + MATCH_STEPS_PER_RANK);
        }
        // Only the match reads the ranked queue again: once it is done, nothing needs queueing.
        if (!round.matched) {
            _queueUnmatched(interval, round, BookSide.Producers, producers);
            _queueUnmatched(interval, round, BookSide.Consumers, consumers);
        }
        ranked = round.matched && round.producersRanked == round.producerCount
            && round.consumersRanked == round.consumerCount;
        if (ranked) _completeRanking(interval, round);
        _store(interval, round);
    }

    /**
     * @dev Verifies and marks the next `positions` of `side`'s merit order; returns them with
     * their commitment words (and producers' deliveries, when the match may need them).
     */
    function _rankSide(uint32 interval, Round memory round, BookSide side, uint256[] calldata positions)
        private
        returns (RankBatch memory batch)
    {
        bool producers = side == BookSide.Producers;
        batch.fromIndex = producers ? round.producersRanked : round.consumersRanked;
        batch.positions = positions;
        uint256 n = positions.length;
        if (n == 0) return batch;
        batch.words = _wordsAt(interval, side, producers ? round.producerCount : round.consumerCount, positions);
        RankCursor memory cursor = producers
            ? RankCursor(batch.fromIndex, round.lastProducerLimit, round.lastProducerPosition, _markBase(interval, side, round.producerGeneration))
            : RankCursor(batch.fromIndex, round.lastConsumerLimit, round.lastConsumerPosition, _markBase(interval, side, round.consumerGeneration));
        for (uint256 k = 0; k < n; ++k) {
            uint256 position = positions[k];
            uint256 limit = batch.words[k].limitPriceWeiPerKWh();
            if (cursor.ranked != 0 && !_isAfter(producers, limit, position, cursor.lastLimit, cursor.lastPosition)) {
                revert EnergyMarketBaseRankOutOfOrder(interval, side, position);
            }
            _rankedMarks.set(cursor.markBase | position);
            // ranked < count < 2^31: strictly increasing keys are distinct positions.
            (cursor.ranked, cursor.lastLimit, cursor.lastPosition) = (cursor.ranked + 1, limit, position);
        }
        // Limits are uint96, positions and counts below 2^31.
        if (producers) {
            (round.producersRanked, round.lastProducerLimit, round.lastProducerPosition) =
                (uint32(cursor.ranked), uint96(cursor.lastLimit), uint32(cursor.lastPosition));
            if (!round.matched) {
                uint256[] memory tokenIds = new uint256[](n);
                for (uint256 k = 0; k < n; ++k) {
                    tokenIds[k] = batch.words[k].tokenId();
                }
                batch.deliveredWh = _oracle.deliveredWhOfMany(interval, tokenIds);
            }
        } else {
            (round.consumersRanked, round.lastConsumerLimit, round.lastConsumerPosition) =
                (uint32(cursor.ranked), uint96(cursor.lastLimit), uint32(cursor.lastPosition));
        }
    }

    /// @dev The commitment words at `positions` of a side's book of `count` entries (each checked to be below it).
    function _wordsAt(uint32 interval, BookSide side, uint256 count, uint256[] calldata positions)
        private
        view
        returns (uint256[] memory)
    {
        uint256 n = positions.length;
        uint256[] memory ids = new uint256[](n);
        for (uint256 k = 0; k < n; ++k) {
            uint256 position = positions[k];
            if (position >= count) revert EnergyMarketBasePositionOutOfRange(interval, side, position, count);
            ids[k] = _bookEntry(interval, side, position);
        }
        return _pool.commitmentWordsOf(ids);
    }

    /**
     * @dev Stores the positions of this call's ranked entries that the match has not reached,
     * for later calls (the entry it stands on is kept in the record itself).
     */
    function _queueUnmatched(uint32 interval, Round memory round, BookSide side, RankBatch memory batch) private {
        uint256 n = batch.positions.length;
        if (n == 0) return;
        bool producers = side == BookSide.Producers;
        uint256 needed = producers
            ? uint256(round.producerMatchIndex) + (round.producerLoaded ? 1 : 0)
            : uint256(round.consumerMatchIndex) + (round.consumerLoaded ? 1 : 0);
        uint256 from = batch.fromIndex > needed ? batch.fromIndex : needed;
        uint256 end = batch.fromIndex + n;
        if (from >= end) return;
        uint256 markBase = _markBase(interval, side, producers ? round.producerGeneration : round.consumerGeneration);
        // The first slot may hold entries queued by an earlier call; later ones are fresh.
        uint256 queued = _rankedQueue[(markBase | from) >> 3];
        for (uint256 i = from; i < end; ++i) {
            queued |= batch.positions[i - batch.fromIndex] << ((i & 7) << 5);
            if (i & 7 == 7 || i + 1 == end) {
                _rankedQueue[(markBase | i) >> 3] = queued;
                queued = 0;
            }
        }
    }

    /**
     * @dev Walks the ranked entries with two pointers, loading at most `steps` entries. Stops
     * (`matched`) at the cap, where the limits no longer cross, or when a fully ranked side is
     * used up; pauses when it needs an entry not ranked yet.
     */
    function _match(uint32 interval, Round memory round, RankBatch memory producers, RankBatch memory consumers, uint256 steps)
        private
        view
    {
        uint256 capWh = _min(round.producedWh, round.consumedWh);
        while (true) {
            if (round.tradedWh == capWh) {
                round.matched = true;
                return;
            }
            if (!round.producerLoaded || !round.consumerLoaded) {
                BookSide side = round.producerLoaded ? BookSide.Consumers : BookSide.Producers;
                (uint256 index, uint256 ranked, uint256 count) = side == BookSide.Producers
                    ? (uint256(round.producerMatchIndex), uint256(round.producersRanked), uint256(round.producerCount))
                    : (uint256(round.consumerMatchIndex), uint256(round.consumersRanked), uint256(round.consumerCount));
                if (index == ranked) {
                    if (ranked == count) round.matched = true;
                    return;
                }
                if (steps == 0) return;
                --steps;
                _loadMatchEntry(interval, round, side, index, side == BookSide.Producers ? producers : consumers);
                continue;
            }
            if (round.curProducerLimit > round.curConsumerLimit) {
                round.matched = true;
                return;
            }
            uint256 q = _min(_min(round.curProducerLeftWh, round.curConsumerLeftWh), capWh - round.tradedWh);
            if (q > 0) {
                // q ≤ each remaining amount and ≤ cap − traded, all below 2^64.
                round.curProducerLeftWh -= uint64(q);
                round.curConsumerLeftWh -= uint64(q);
                round.curProducerTradedWh += uint64(q);
                round.curConsumerTradedWh += uint64(q);
                round.tradedWh += uint64(q);
                round.marginalProducerLimit = round.curProducerLimit;
                round.marginalProducerPosition = round.curProducerPosition;
                round.marginalProducerWh = round.curProducerTradedWh;
                round.marginalConsumerLimit = round.curConsumerLimit;
                round.marginalConsumerPosition = round.curConsumerPosition;
                round.marginalConsumerWh = round.curConsumerTradedWh;
            }
            if (round.curProducerLeftWh == 0) {
                round.producerLoaded = false;
                ++round.producerMatchIndex;
            }
            if (round.curConsumerLeftWh == 0) {
                round.consumerLoaded = false;
                ++round.consumerMatchIndex;
            }
        }
    }

    /**
     * @dev Loads the `index`-th ranked entry of `side` as the match's current entry on that side:
     * from this call's `batch` when it was submitted now, else from the ranked queue.
     */
    function _loadMatchEntry(uint32 interval, Round memory round, BookSide side, uint256 index, RankBatch memory batch)
        private
        view
    {
        bool producers = side == BookSide.Producers;
        uint256 position;
        uint256 word;
        uint256 deliveredWh;
        if (index >= batch.fromIndex) {
            uint256 k = index - batch.fromIndex;
            (position, word) = (batch.positions[k], batch.words[k]);
            if (producers) deliveredWh = batch.deliveredWh[k];
        } else {
            uint256 markBase = _markBase(interval, side, producers ? round.producerGeneration : round.consumerGeneration);
            position = uint32(_rankedQueue[(markBase | index) >> 3] >> ((index & 7) << 5));
            uint256[] memory ids = new uint256[](1);
            ids[0] = _bookEntry(interval, side, position);
            word = _pool.commitmentWordsOf(ids)[0];
            if (producers) deliveredWh = _oracle.deliveredWhOf(interval, word.tokenId());
        }
        // Limits are uint96, energies uint64, positions below 2^31.
        uint96 limit = uint96(word.limitPriceWeiPerKWh());
        if (producers) {
            round.curProducerLimit = limit;
            round.curProducerPosition = uint32(position);
            round.curProducerLeftWh = uint64(_min(word.energyWh(), deliveredWh));
            round.curProducerTradedWh = 0;
            round.producerLoaded = true;
        } else {
            round.curConsumerLimit = limit;
            round.curConsumerPosition = uint32(position);
            round.curConsumerLeftWh = uint64(word.energyWh());
            round.curConsumerTradedWh = 0;
            round.consumerLoaded = true;
        }
    }

    /// @inheritdoc IEnergyMarketBase
    function resetRanking(uint32 interval, BookSide side, uint256 position) external {
        Round memory round = _load(interval);
        if (round.phase != Phase.Ranking) revert EnergyMarketBaseWrongPhase(interval, round.phase);
        bool producers = side == BookSide.Producers;
        uint256 count = producers ? round.producerCount : round.consumerCount;
        if (position >= count) revert EnergyMarketBasePositionOutOfRange(interval, side, position, count);
        if (!_isSkipped(interval, round, side, position)) revert EnergyMarketBaseNoSkip(interval, side, position);
        // The match streamed along both sides and the ranked queue keeps only what it had not
        // reached, so both sides start again, each under a new generation. Generations count
        // resets, each a transaction: far fewer than 2^32.
        round.producerGeneration += 1;
        round.consumerGeneration += 1;
        (round.producersRanked, round.lastProducerLimit, round.lastProducerPosition) = (0, 0, 0);
        (round.consumersRanked, round.lastConsumerLimit, round.lastConsumerPosition) = (0, 0, 0);
        _restartMatch(round);
        _store(interval, round);
        emit RankingReset(interval, side, position, producers ? round.producerGeneration : round.consumerGeneration);
    }

    /**
     * @dev Whether `side`'s ranking skipped `position`: it is not ranked, and its key is before
     * the last ranked one, so no later submission (each strictly after the last) can rank it.
     */
    function _isSkipped(uint32 interval, Round memory round, BookSide side, uint256 position) private view returns (bool) {
        bool producers = side == BookSide.Producers;
        uint256 ranked = producers ? round.producersRanked : round.consumersRanked;
        if (ranked == 0) return false;
        uint256 generation = producers ? round.producerGeneration : round.consumerGeneration;
        if (_rankedMarks.get(_markBase(interval, side, generation) | position)) return false;
        uint256[] memory ids = new uint256[](1);
        ids[0] = _bookEntry(interval, side, position);
        uint256 limit = _pool.commitmentWordsOf(ids)[0].limitPriceWeiPerKWh();
        return producers
            ? _isAfter(true, round.lastProducerLimit, round.lastProducerPosition, limit, position)
            : _isAfter(false, round.lastConsumerLimit, round.lastConsumerPosition, limit, position);
    }

    /// @dev The match walked an abandoned ranking: it starts again over both sides' ranked entries.
    function _restartMatch(Round memory round) private pure {
        round.matched = false;
        round.tradedWh = 0;
        (round.producerMatchIndex, round.consumerMatchIndex, round.producerLoaded, round.consumerLoaded) = (0, 0, false, false);
        (round.curProducerLimit, round.curProducerPosition, round.curProducerLeftWh, round.curProducerTradedWh) = (0, 0, 0, 0);
        (round.curConsumerLimit, round.curConsumerPosition, round.curConsumerLeftWh, round.curConsumerTradedWh) = (0, 0, 0, 0);
        (round.marginalProducerLimit, round.marginalProducerPosition, round.marginalProducerWh) = (0, 0, 0);
        (round.marginalConsumerLimit, round.marginalConsumerPosition, round.marginalConsumerWh) = (0, 0, 0);
    }

    /**
     * @dev Whether key (`limit`, `position`) comes strictly after (`lastLimit`, `lastPosition`)
     * in the side's merit order.
     */
    function _isAfter(bool producers, uint256 limit, uint256 position, uint256 lastLimit, uint256 lastPosition)
        private
        pure
        returns (bool)
    {
        if (limit == lastLimit) return position > lastPosition;
        return producers ? limit > lastLimit : limit < lastLimit;
    }

    // ------------------------------------------------------------------------------------------
    // Expiry
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarketBase
    function expireInterval(uint32 interval, uint256 maxItems) external returns (bool expired) {
        if (maxItems == 0) revert EnergyMarketBaseZeroBatch();
        Round storage round = _rounds[interval];
        Phase phase = round.phase;
        if (phase == Phase.Open || phase == Phase.Filing || phase == Phase.Ranking) {
            uint256 deadline = intervalEndOf(interval) + _gracePeriodSeconds;
            if (block.timestamp < deadline) revert EnergyMarketBaseIntervalNotExpired(interval, deadline);
            round.phase = Phase.Expiring;
        } else if (phase != Phase.Expiring) {
            revert EnergyMarketBaseWrongPhase(interval, phase);
        }
        // The payout cursors are the expiry positions: no payout happened before `Paying`.
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
            updates[offset + k] = ProfileUpdate.release(words[k].tokenId(), releasedWei);
            emit CommitmentExpired(ids[k], words[k].tokenId(), releasedWei);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarketBase
    function withdrawSurplus(address to, uint256 amountWei) external onlyOwner {
        if (to == address(0)) revert EnergyMarketBaseInvalidAddress(to);
        uint256 surplus = _surplusWei;
        if (amountWei > surplus) revert EnergyMarketBaseInsufficientSurplus(surplus, amountWei);
        unchecked {
            // amountWei ≤ surplus.
            _surplusWei = surplus - amountWei;
        }
        emit SurplusWithdrawn(to, amountWei);
        _profile.withdrawClearing(to, amountWei);
    }

    /// @inheritdoc IEnergyMarketBase
    function setGracePeriod(uint256 gracePeriodSeconds_) external onlyOwner {
        _setGracePeriod(gracePeriodSeconds_);
    }

    function _setGracePeriod(uint256 gracePeriodSeconds_) private {
        if (gracePeriodSeconds_ <= intervalSeconds() || gracePeriodSeconds_ > type(uint64).max) {
            revert EnergyMarketBaseInvalidGracePeriod(gracePeriodSeconds_);
        }
        _gracePeriodSeconds = uint64(gracePeriodSeconds_);
        emit GracePeriodSet(gracePeriodSeconds_);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarketBase
    function roundOf(uint32 interval) external view returns (Round memory) {
        return _load(interval);
    }

    /// @inheritdoc IEnergyMarketBase
    function commitmentStatusOf(uint256 commitmentId) external view returns (CommitmentStatus) {
        if (commitmentId >= _pool.commitmentCount()) return CommitmentStatus.None;
        if (commitmentId >= _bufferCursor) return CommitmentStatus.Pending;
        if (_expiredInBuffer.get(commitmentId)) return CommitmentStatus.Expired;
        Phase phase = _rounds[_pool.commitmentOf(commitmentId).interval].phase;
        if (phase == Phase.Settled) return CommitmentStatus.Settled;
        if (phase == Phase.Expired) return CommitmentStatus.Expired;
        return CommitmentStatus.Filed;
    }

    /// @inheritdoc IEnergyMarketBase
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

    /// @inheritdoc IEnergyMarketBase
    function isRanked(uint32 interval, BookSide side, uint256 position) external view returns (bool) {
        Round storage round = _rounds[interval];
        uint256 generation = side == BookSide.Producers ? round.producerGeneration : round.consumerGeneration;
        return _rankedMarks.get(_markBase(interval, side, generation) | position);
    }

    /// @inheritdoc IEnergyMarketBase
    function bufferCursor() external view returns (uint256) {
        return _bufferCursor;
    }

    /// @inheritdoc IEnergyMarketBase
    function bufferLength() external view returns (uint256) {
        return _pool.commitmentCount() - _bufferCursor;
    }

    /// @inheritdoc IEnergyMarketBase
    function surplusWei() external view returns (uint256) {
        return _surplusWei;
    }

    /// @inheritdoc IEnergyMarketBase
    function minEnergyWh() external view returns (uint256) {
        return _minEnergyWh;
    }

    /// @inheritdoc IEnergyMarketBase
    function gracePeriodSeconds() external view returns (uint256) {
        return _gracePeriodSeconds;
    }

    /// @inheritdoc IEnergyMarketBase
    function oracle() external view returns (IEnergyOracle) {
        return _oracle;
    }

    /// @inheritdoc IEnergyMarketBase
    function pool() external view returns (IEnergyPool) {
        return _pool;
    }

    /// @inheritdoc IEnergyMarketBase
    function profile() external view returns (IEnergyProfile) {
        return _profile;
    }

    // ------------------------------------------------------------------------------------------
    // Books and helpers
    // ------------------------------------------------------------------------------------------

    /// @dev One copy of the record into memory: the calls that change many fields work on it and store it once.
    function _load(uint32 interval) private view returns (Round memory) {
        return _rounds[interval];
    }

    function _store(uint32 interval, Round memory round) private {
        _rounds[interval] = round;
    }

    /// @dev The key of the book slot holding `position` of `interval`'s `side` book.
    function _bookKey(uint32 interval, BookSide side, uint256 position) private pure returns (uint256) {
        // position < 2^31, so position >> 3 < 2^28.
        return (uint256(interval) << 33) | (uint256(side) << 32) | (position >> 3);
    }

    /// @dev The commitment id at `position` of `interval`'s `side` book.
    function _bookEntry(uint32 interval, BookSide side, uint256 position) private view returns (uint256) {
        return uint32(_books[_bookKey(interval, side, position)] >> ((position & 7) << 5));
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

    /**
     * @dev The base index of one ranking generation of one side: the position (below 2^32) is
     * or-ed into the low bits for the ranked marks, and the queue index for the ranked queue.
     */
    function _markBase(uint32 interval, BookSide side, uint256 generation) private pure returns (uint256) {
        return (uint256(interval) << 96) | (uint256(side) << 95) | (generation << 32);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
