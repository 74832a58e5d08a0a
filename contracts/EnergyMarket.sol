// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IEnergyMarket} from "./interfaces/IEnergyMarket.sol";
import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {IEnergyProfile} from "./interfaces/IEnergyProfile.sol";
import {IntervalClock} from "./IntervalClock.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";
import {ProfileUpdate} from "./libraries/ProfileUpdate.sol";

/**
 * @title EnergyMarket
 * @notice Processes the market buffer into per-interval books and settles closed intervals
 * against the price and metered-energy feeds, in bounded, resumable calls.
 *
 * Settlement of interval `i` at clearing price `p` (the price feed's answer: wei per kWh ×
 * 10^d) with metered production `P` and consumption `C` (Wh), once the meter's per-profile
 * deliveries for `i` are final:
 * - in the money: producers with `limit × 10^d ≤ p`, consumers with `limit × 10^d ≥ p`;
 *   a consumer counts for its committed energy, a producer for `min(committed, delivered)`,
 *   its own metered delivery (so one that delivered nothing trades nothing and dilutes no one);
 *   `S`, `D` = the counted totals; traded energy `E = min(S, D, P, C)`;
 * - the k-th in-the-money consumer, in book order, with `cum_k` = counted Wh of in-the-money
 *   consumers up to and including it, has bought `T_k = floor(E × cum_k / D)` Wh cumulatively
 *   and buys `T_k - T_{k-1}`; it pays `floor(p × T_k / U) - floor(p × T_{k-1} / U)` wei where
 *   `U = 1000 × 10^d`. Producers likewise with `S`. Both sides therefore sum to exactly `E` Wh
 *   and exactly `V = floor(p × E / U)` wei: Σ paid == Σ received to the wei. Each energy share
 *   is within 1 Wh of the exact pro-rata share, and each payment within 1 wei of its own energy
 *   share × p (not of the exact pro-rata value); the fractions go to whichever commitment
 *   crosses the next integer in book order, and the sub-wei fraction of `p × E / U` is not
 *   charged (the consumers keep it).
 * - each side's in-the-money commitments tile the "money line" [0, V) in book order. A call
 *   that does not finish the interval merges the two sides along that line, moving wei up to
 *   the nearer of the current consumer's and producer's ends, and stops at a point of it: it
 *   moves exactly as much out of consumers as into producers. A call that finishes both sides
 *   moves the rest, V minus what was moved before, on each side. Value is thus conserved
 *   between every two transactions, not only at the end.
 *
 * Spam: a commitment below {minEnergyWh}, or a profile's second production commitment of an
 * interval, is released at filing instead of entering the book, so every entry carries at least
 * that much (and a consumer's lock for it), every producer entry a profile of its own, and no
 * delivery reading counts twice.
 *
 * @dev Invariants (NEVER violate):
 * - Each commitment leaves the buffer exactly once (filed or expired; `_bufferCursor` only
 *   grows) and each filed one is settled or expired exactly once (book cursors only grow).
 * - Every call's profile updates have Σ spent == Σ credited (the profile contract checks it).
 * - `E ≤ min(S, D, P, C)`, and Σ paid == Σ received == `V` per interval.
 * - All commitments of interval `i` were created before `i` closed, hence before its
 *   settlement started, hence have ids below its `barrier`: tallying starts only when the
 *   buffer cursor has passed the barrier, so the book is complete when tallied.
 */
contract EnergyMarket is Ownable, IntervalClock, IEnergyMarket {
    using BitMaps for BitMaps.BitMap;
    using CommitmentWord for uint256;

    /// @notice How many rounds back a feed is searched for the round that reports an interval.
    uint256 public constant MAX_ROUND_LOOKBACK = 64;
    /// @notice The grace period, in intervals, used when the constructor is given zero.
    uint256 public constant DEFAULT_GRACE_INTERVALS = 24;
    /// @notice The smallest commitment filed, in Wh, when the constructor is given zero.
    uint256 public constant DEFAULT_MIN_ENERGY_WH = 100;
    /// @notice Feeds may use at most this many decimals.
    uint8 public constant MAX_FEED_DECIMALS = 18;

    /// @dev A book entry is a uint32: the commitment id, with this bit set for consumption.
    uint256 private constant _CONSUMPTION_BIT = 1 << 31;
    uint256 private constant _ID_MASK = _CONSUMPTION_BIT - 1;
    /// @dev How many commitments of one side the payout merge fetches from the pool at a time.
    uint256 private constant _PAY_CHUNK = 16;

    /// @dev An interval's filings during one processBuffer batch, written back once per batch.
    struct Filing {
        uint32 interval;
        bool expired;
        uint256 lengthBefore;
        uint256 producerCount;
        uint256 consumerCount;
        /// @dev The book slot being filled (eight entries), written when full or at the end of the batch.
        uint256 slot;
        uint256 productionWh;
        uint256 consumptionWh;
    }

    /**
     * @dev One side of the payout. Its in-the-money commitments tile the money line in book
     * order; `cum*` describe the tiling up to the commitments placed so far, the other fields the
     * commitment loaded at the cursor (merge only) and a chunk of this side's book entries.
     */
    struct Leg {
        bool production;
        /// @dev Book position from which the side's next commitment is searched.
        uint256 next;
        uint256 settled;
        uint256 count;
        uint256 totalWh;
        /// @dev In-the-money committed Wh placed so far, its traded share, and where its stretch ends.
        uint256 cumWh;
        uint256 cumTradedWh;
        uint256 cumEndWei;
        bool loaded;
        /// @dev `cumWh` before the loaded commitment was placed (what is saved if it stays open).
        uint256 cumWhBefore;
        uint256 commitmentId;
        uint256 tokenId;
        uint256 lockedWei;
        uint256 tradedWh;
        /// @dev The loaded commitment's stretch [startWei, endWei) of the money line (empty when out of the money).
        uint256 startWei;
        uint256 endWei;
        /// @dev Wei moved for it during this call.
        uint256 movedWei;
        /// @dev This side's commitments fetched from the pool, and their book positions.
        uint256 chunkIndex;
        Chunk chunk;
        uint256[] positions;
    }

    /// @dev Book entries read together: commitment ids, their words, and what each counts for (see {_readChunk}).
    struct Chunk {
        uint256[] ids;
        uint256[] words;
        uint256[] countedWh;
    }

    /// @dev Shared state of one payout call.
    struct Payout {
        uint32 interval;
        uint256 bookLength;
        uint256 price;
        uint256 scale;
        uint256 unit;
        uint256 tradedWh;
        uint256 paidWei;
        uint256 budget;
        uint256 used;
        uint256[] updates;
        uint256 updateCount;
    }

    IEnergyPool private immutable _pool;
    IEnergyProfile private immutable _profile;
    uint256 private immutable _minEnergyWh;

    // Both share the slot of Ownable's owner: processBuffer reads them with one SLOAD.
    uint32 private _bufferCursor;
    uint64 private _gracePeriodSeconds;

    AggregatorV3Interface private _priceFeed;
    AggregatorV3Interface private _producedFeed;
    AggregatorV3Interface private _consumedFeed;
    IEnergyOracle private _meter;

    mapping(uint32 interval => Settlement) private _settlements;
    /// @dev (interval << 32 | position / 8) => eight packed uint32 book entries.
    mapping(uint256 key => uint256 entries) private _books;
    /// @dev Bitmap of commitments expired while still in the buffer: id >> 8 => bits.
    mapping(uint256 index => uint256 bits) private _expiredInBuffer;
    /// @dev (interval << 48 | tokenId): the profile has a production commitment in the interval's book.
    BitMaps.BitMap private _producing;

    /**
     * @param initialOwner The account that sets the feeds and the grace period.
     * @param pool_ The pool whose commitment ledger the buffer reads; its clock is the market's.
     * @param gracePeriodSeconds_ How long after its end an interval may still start settling;
     * zero means {DEFAULT_GRACE_INTERVALS} intervals.
     * @param minEnergyWh_ The smallest commitment filed into the books; zero means {DEFAULT_MIN_ENERGY_WH}.
     */
    constructor(address initialOwner, IEnergyPool pool_, uint256 gracePeriodSeconds_, uint256 minEnergyWh_)
        Ownable(initialOwner)
        IntervalClock(pool_.startTime(), pool_.intervalSeconds())
    {
        _pool = pool_;
        _profile = pool_.profile();
        _minEnergyWh = minEnergyWh_ == 0 ? DEFAULT_MIN_ENERGY_WH : minEnergyWh_;
        _setGracePeriod(gracePeriodSeconds_ == 0 ? DEFAULT_GRACE_INTERVALS * pool_.intervalSeconds() : gracePeriodSeconds_);
    }

    // ------------------------------------------------------------------------------------------
    // Buffer
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarket
    function processBuffer(uint256 maxItems) external returns (uint256 processed) {
        if (maxItems == 0) revert EnergyMarketZeroBatch();
        processed = _processBuffer(type(uint256).max, maxItems);
    }

    /**
     * @dev Moves up to `maxItems` commitments with ids below `limitId` out of the buffer.
     * Books and aggregates are accumulated in memory and written once per interval and slot.
     */
    function _processBuffer(uint256 limitId, uint256 maxItems) private returns (uint256 processed) {
        uint256 from = _bufferCursor;
        if (from >= limitId) return 0;
        uint256[] memory words = _pool.commitmentWordsFrom(from, _min(maxItems, limitId - from));
        processed = words.length;
        if (processed == 0) return 0;

        Filing[] memory filings = new Filing[](processed);
        uint256 filingCount;
        Filing memory filing;
        uint256[] memory updates = new uint256[](processed);
        uint256 updateCount;
        uint256 gracePeriod = _gracePeriodSeconds;
        uint256 minEnergy = _minEnergyWh;

        for (uint256 i = 0; i < processed; ++i) {
            uint256 word = words[i];
            uint32 interval = word.interval();
            if (filingCount == 0 || filing.interval != interval) {
                (filing, filingCount) = _filingFor(filings, filingCount, interval, gracePeriod);
            }
            uint256 commitmentId = from + i;
            if (filing.expired || word.energyWh() < minEnergy || (!word.isConsumption() && !_claimProduction(word))) {
                uint256 releasedWei = word.lockedWei();
                updates[updateCount++] = ProfileUpdate.release(word.tokenId(), releasedWei);
                _expiredInBuffer[commitmentId >> 8] |= 1 << (commitmentId & 0xff);
                emit CommitmentExpired(commitmentId, word.tokenId(), releasedWei);
                continue;
            }
            uint256 position = filing.producerCount + filing.consumerCount;
            uint256 entry = commitmentId;
            if (word.isConsumption()) {
                entry |= _CONSUMPTION_BIT;
                ++filing.consumerCount;
                filing.consumptionWh += word.energyWh();
            } else {
                ++filing.producerCount;
                filing.productionWh += word.energyWh();
            }
            filing.slot |= entry << ((position & 7) << 5);
            if (position & 7 == 7) {
                _books[_bookKey(interval, position)] = filing.slot;
                filing.slot = 0;
            }
            emit CommitmentProcessed(commitmentId, interval);
        }
        // from + processed ≤ the pool's commitment count, below 2^31.
        _bufferCursor = uint32(from + processed);

        _flushFilings(filings, filingCount);
        if (updateCount > 0) _profile.applyCommitmentUpdates(updates);
    }

    /// @dev Marks the word's profile as producing in its interval; false if it already was.
    function _claimProduction(uint256 word) private returns (bool) {
        // Token ids are below 2^48 (the profile contract numbers them with a uint48).
        uint256 index = (uint256(word.interval()) << 48) | word.tokenId();
        if (_producing.get(index)) return false;
        _producing.set(index);
        return true;
    }

    /// @dev The batch's filing for `interval`, loaded (and appended) on first use.
    function _filingFor(Filing[] memory filings, uint256 filingCount, uint32 interval, uint256 gracePeriod)
        private
        view
        returns (Filing memory filing, uint256 newCount)
    {
        for (uint256 k = 0; k < filingCount; ++k) {
            if (filings[k].interval == interval) return (filings[k], filingCount);
        }
        filing = _loadFiling(interval, gracePeriod);
        filings[filingCount] = filing;
        newCount = filingCount + 1;
    }

    /**
     * @dev An interval's commitments expire in the buffer when its end + grace period has passed
     * and its settlement never started (or it is being / was expired). A started settlement
     * (`Filing`) still takes them. Later phases cannot meet a buffered commitment (see the barrier).
     * A partly filled book slot is loaded so that appends complete it.
     */
    function _loadFiling(uint32 interval, uint256 gracePeriod) private view returns (Filing memory filing) {
        Settlement storage settlement = _settlements[interval];
        Phase phase = settlement.phase;
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
        filing.producerCount = settlement.producerCount;
        filing.consumerCount = settlement.consumerCount;
        uint256 length = filing.producerCount + filing.consumerCount;
        filing.lengthBefore = length;
        if (length & 7 != 0) filing.slot = _books[_bookKey(interval, length)];
    }

    /// @dev Writes the batch's partly filled book slots and book counts, and sends its committed energy to the pool.
    function _flushFilings(Filing[] memory filings, uint256 filingCount) private {
        uint256 filed;
        for (uint256 k = 0; k < filingCount; ++k) {
            if (!filings[k].expired) ++filed;
        }
        if (filed == 0) return;
        IEnergyPool.CommittedDelta[] memory deltas = new IEnergyPool.CommittedDelta[](filed);
        uint256 d;
        for (uint256 k = 0; k < filingCount; ++k) {
            Filing memory filing = filings[k];
            if (filing.expired) continue;
            uint32 interval = filing.interval;
            uint256 length = filing.producerCount + filing.consumerCount;
            if (length & 7 != 0 && length != filing.lengthBefore) _books[_bookKey(interval, length)] = filing.slot;
            Settlement storage settlement = _settlements[interval];
            // Commitment ids are below 2^31, so no book holds more than 2^31 entries.
            settlement.producerCount = uint32(filing.producerCount);
            settlement.consumerCount = uint32(filing.consumerCount);
            // A batch files fewer than 2^31 commitments of at most 2^64 Wh each.
            deltas[d++] = IEnergyPool.CommittedDelta({
                interval: interval,
                productionWh: uint128(filing.productionWh),
                consumptionWh: uint128(filing.consumptionWh)
            });
        }
        _pool.recordCommitted(deltas);
    }

    // ------------------------------------------------------------------------------------------
    // Settlement
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarket
    function settle(uint32 interval, uint256 maxItems) external returns (bool settled) {
        if (maxItems == 0) revert EnergyMarketZeroBatch();
        Settlement storage settlement = _settlements[interval];
        Phase phase = settlement.phase;
        if (phase == Phase.Open) {
            _startSettlement(interval, settlement);
            phase = Phase.Filing;
        } else if (phase != Phase.Filing && phase != Phase.Tallying && phase != Phase.Paying) {
            revert EnergyMarketWrongPhase(interval, phase);
        }

        uint256 budget = maxItems;
        if (phase == Phase.Filing) {
            uint256 barrier = settlement.barrier;
            budget -= _processBuffer(barrier, budget);
            if (_bufferCursor < barrier) return false;
            phase = Phase.Tallying;
            settlement.phase = phase;
        }
        // A book the tally reads whole in this call is handed on to the payout.
        Chunk memory book;
        bool paymentsStarted = phase == Phase.Paying;
        if (!paymentsStarted) {
            bool tallied;
            (budget, tallied, book) = _tally(interval, settlement, budget);
            if (!tallied) return false;
        }
        settled = _pay(interval, settlement, budget, paymentsStarted, book);
    }

    /// @dev Checks the settlement window, reads the feeds, checks the deliveries are final, and fixes the buffer barrier.
    function _startSettlement(uint32 interval, Settlement storage settlement) private {
        uint256 end = intervalEndOf(interval);
        if (block.timestamp < end) revert EnergyMarketIntervalNotClosed(interval, end);
        uint256 deadline = end + _gracePeriodSeconds;
        if (block.timestamp >= deadline) revert EnergyMarketSettlementWindowClosed(interval, deadline);
        AggregatorV3Interface priceFeed_ = _priceFeed;
        if (address(priceFeed_) == address(0)) revert EnergyMarketFeedsNotSet();

        (int256 priceAnswer, uint8 priceDecimals) = _readFeed(priceFeed_, interval, end);
        if (priceAnswer <= 0) revert EnergyMarketInvalidPrice(address(priceFeed_), priceAnswer);
        if (uint256(priceAnswer) > type(uint128).max) revert EnergyMarketFeedAnswerOutOfRange(address(priceFeed_), priceAnswer);
        uint256 producedWh = _readEnergy(_producedFeed, interval, end);
        uint256 consumedWh = _readEnergy(_consumedFeed, interval, end);
        if (!_meter.deliveriesFinal(interval)) revert EnergyMarketReadingsNotFinal(interval);

        settlement.phase = Phase.Filing;
        settlement.priceDecimals = priceDecimals;
        // Every commitment of this interval was created before it closed: its id is below this.
        settlement.barrier = uint32(_pool.commitmentCount());
        settlement.price = uint128(uint256(priceAnswer));
        // _readEnergy checked both fit 64 bits.
        settlement.producedWh = uint64(producedWh);
        settlement.consumedWh = uint64(consumedWh);
        emit SettlementStarted(interval, uint256(priceAnswer), priceDecimals, producedWh, consumedWh);
    }

    /**
     * @dev The feed's reading for `interval`: the latest round reported during the interval that
     * follows it (`end ≤ updatedAt < end + intervalSeconds`). Later rounds report later intervals
     * and are stepped over, at most {MAX_ROUND_LOOKBACK} of them. A latest round older than `end`
     * means the feed is stale.
     */
    function _readFeed(AggregatorV3Interface feed, uint32 interval, uint256 end)
        private
        view
        returns (int256 answer, uint8 decimals)
    {
        decimals = feed.decimals();
        if (decimals > MAX_FEED_DECIMALS) revert EnergyMarketUnsupportedDecimals(address(feed), decimals);
        (uint80 roundId, int256 latestAnswer,, uint256 updatedAt,) = feed.latestRoundData();
        if (updatedAt < end) revert EnergyMarketStaleFeed(address(feed), updatedAt, end);
        answer = latestAnswer;
        uint256 nextEnd = end + intervalSeconds();
        for (uint256 steps = 0; updatedAt >= nextEnd; ++steps) {
            if (steps == MAX_ROUND_LOOKBACK || roundId == 0) revert EnergyMarketFeedRoundNotFound(address(feed), interval);
            unchecked {
                // roundId > 0 was just checked.
                --roundId;
            }
            (, answer,, updatedAt,) = feed.getRoundData(roundId);
            if (updatedAt < end) revert EnergyMarketFeedRoundNotFound(address(feed), interval);
        }
    }

    /// @dev A metered-energy reading for `interval` in Wh: the answer divided by 10^decimals.
    function _readEnergy(AggregatorV3Interface feed, uint32 interval, uint256 end) private view returns (uint256 energyWh) {
        if (address(feed) == address(0)) revert EnergyMarketFeedsNotSet();
        (int256 answer, uint8 decimals) = _readFeed(feed, interval, end);
        if (answer < 0) revert EnergyMarketInvalidEnergyReading(address(feed), answer);
        energyWh = uint256(answer) / 10 ** decimals;
        if (energyWh > type(uint64).max) revert EnergyMarketFeedAnswerOutOfRange(address(feed), answer);
    }

    /**
     * @dev Pass 1: sums the in-the-money counted energy of the book, at most `budget` entries,
     * from `producerCursor` (the tally position). When the book is done, fixes `E`, records the
     * interval's aggregates in the pool and moves to `Paying`. Returns the unused budget, whether
     * the tally is complete, and the book's entries if it was read whole in this call.
     */
    function _tally(uint32 interval, Settlement storage settlement, uint256 budget)
        private
        returns (uint256 budgetLeft, bool tallied, Chunk memory book)
    {
        uint256 length = uint256(settlement.producerCount) + settlement.consumerCount;
        uint256 cursor = settlement.producerCursor;
        uint256 n = _min(length - cursor, budget);
        budgetLeft = budget - n;
        if (n > 0) {
            uint256 supplyWh;
            uint256 demandWh;
            (book, supplyWh, demandWh) =
                _readChunk(interval, _readBookIds(interval, cursor, n), settlement.price, 10 ** settlement.priceDecimals);
            // Both sums fit 96 bits, as do the running totals.
            if (supplyWh != 0) settlement.supplyWh += uint96(supplyWh);
            if (demandWh != 0) settlement.demandWh += uint96(demandWh);
            cursor += n;
            settlement.producerCursor = uint32(cursor);
        }
        if (cursor < length) return (budgetLeft, false, book);
        if (n != length) book = Chunk(new uint256[](0), new uint256[](0), new uint256[](0));

        uint256 producedWh = settlement.producedWh;
        uint256 consumedWh = settlement.consumedWh;
        // E ≤ the metered readings, which fit 64 bits.
        uint64 tradedWh = uint64(_min(_min(settlement.supplyWh, settlement.demandWh), _min(producedWh, consumedWh)));
        settlement.tradedWh = tradedWh;
        settlement.producerCursor = 0;
        settlement.phase = Phase.Paying;
        _pool.recordMetered(interval, uint64(producedWh), uint64(consumedWh), tradedWh);
        tallied = true;
    }

    /**
     * @dev The commitments `ids` of `interval`: their words and what each counts for in the
     * pro-rata shares at `price` (scaled by `scale`): nothing out of the money, a consumer its
     * committed energy, a producer at most its own metered delivery (one meter call for all).
     * Also returns the chunk's counted supply and demand.
     */
    function _readChunk(uint32 interval, uint256[] memory ids, uint256 price, uint256 scale)
        private
        view
        returns (Chunk memory chunk, uint256 supplyWh, uint256 demandWh)
    {
        uint256 n = ids.length;
        uint256[] memory words = _pool.commitmentWordsOf(ids);
        uint256[] memory countedWh = new uint256[](n);
        uint256[] memory producerTokens = new uint256[](n);
        uint256[] memory producerIndex = new uint256[](n);
        uint256 producers;
        unchecked {
            // limit < 2^96 and scale ≤ 10^18 < 2^60; producers < n; fewer than 2^31 energies below 2^64 are summed.
            for (uint256 i = 0; i < n; ++i) {
                uint256 word = words[i];
                uint256 limitScaled = word.limitPriceWeiPerKWh() * scale;
                if (word.isConsumption()) {
                    if (limitScaled >= price) {
                        uint256 energyWh = word.energyWh();
                        countedWh[i] = energyWh;
                        demandWh += energyWh;
                    }
                } else if (limitScaled <= price) {
                    producerTokens[producers] = word.tokenId();
                    producerIndex[producers] = i;
                    ++producers;
                }
            }
        }
        chunk = Chunk(ids, words, countedWh);
        if (producers == 0) return (chunk, 0, demandWh);
        uint256[] memory deliveredWh = _meter.deliveredWhOfMany(interval, _prefix(producerTokens, producers));
        unchecked {
            // k < producers ≤ n; the sum as above.
            for (uint256 k = 0; k < producers; ++k) {
                uint256 i = producerIndex[k];
                uint256 energyWh = words[i].energyWh();
                uint256 delivered = deliveredWh[k];
                uint256 counted = delivered < energyWh ? delivered : energyWh;
                countedWh[i] = counted;
                supplyWh += counted;
            }
        }
    }

    /**
     * @dev Pass 2: consumers pay producers, settling at most about `budget` commitments. Every
     * commitment of the book is settled exactly once, in book order per side, and every call's
     * transfers balance. Returns whether the interval is settled.
     */
    function _pay(
        uint32 interval,
        Settlement storage settlement,
        uint256 budget,
        bool resumed,
        Chunk memory book
    ) private returns (bool settled) {
        (Leg memory producers, Leg memory consumers, uint256 paidWei) = _loadLegs(settlement, resumed);
        uint256 remaining = (producers.count - producers.settled) + (consumers.count - consumers.settled);
        if (remaining > 0) {
            if (budget == 0) return false;
            Payout memory payout = _newPayout(interval, settlement, budget, _min(budget, remaining), paidWei);
            _startLeg(payout, producers, settlement.supplyWh);
            _startLeg(payout, consumers, settlement.demandWh);
            // Every book position this call reads counts against the budget, whichever side it
            // belongs to, so finishing in one call needs the whole unsettled span within it.
            if (payout.bookLength - _min(producers.next, consumers.next) <= budget) {
                // This call finishes both sides: together they move exactly V - paidWei out of
                // consumers and into producers, so the sides need no pairing.
                if (book.ids.length != remaining) book = _remaining(payout, producers, consumers, remaining);
                _settleAll(payout, producers, consumers, book);
                _profile.applyCommitmentUpdates(payout.updates);
                paidWei = consumers.cumEndWei;
            } else {
                _merge(payout, producers, consumers);
                _profile.applyCommitmentUpdates(payout.updates);
                _saveLegs(settlement, payout, producers, consumers);
                return false;
            }
        }

        _finish(interval, settlement, resumed, paidWei);
        settled = true;
    }

    /// @dev Marks the interval settled, clears the payout's progress and reports the totals.
    function _finish(uint32 interval, Settlement storage settlement, bool resumed, uint256 paidWei) private {
        settlement.phase = Phase.Settled;
        if (resumed) {
            // The payout's progress is not needed any more; clearing it refunds gas.
            settlement.producerCursor = 0;
            settlement.consumerCursor = 0;
            delete settlement.cumSupplyWh;
            delete settlement.cumDemandWh;
            delete settlement.producersSettled;
            delete settlement.consumersSettled;
            delete settlement.paidWei;
        }
        emit IntervalSettled(
            interval,
            settlement.price,
            settlement.supplyWh,
            settlement.demandWh,
            settlement.producedWh,
            settlement.consumedWh,
            settlement.tradedWh,
            paidWei
        );
    }

    /// @dev Stores the progress of a payout call that did not finish the interval.
    function _saveLegs(Settlement storage settlement, Payout memory payout, Leg memory producers, Leg memory consumers)
        private
    {
        // Positions and counts are below 2^31; cumulative energy ≤ the 96-bit totals; wei moved
        // ≤ the uint96 collateral cap.
        settlement.producerCursor = uint32(producers.next);
        settlement.consumerCursor = uint32(consumers.next);
        settlement.cumSupplyWh = uint96(producers.loaded ? producers.cumWhBefore : producers.cumWh);
        settlement.cumDemandWh = uint96(consumers.loaded ? consumers.cumWhBefore : consumers.cumWh);
        settlement.producersSettled = uint32(producers.settled);
        settlement.consumersSettled = uint32(consumers.settled);
        settlement.paidWei = uint96(payout.paidWei);
    }

    /// @dev The two sides' counts and, when the payout resumes, the progress of earlier calls.
    function _loadLegs(Settlement storage settlement, bool resumed)
        private
        view
        returns (Leg memory producers, Leg memory consumers, uint256 paidWei)
    {
        producers.production = true;
        producers.count = settlement.producerCount;
        consumers.count = settlement.consumerCount;
        if (resumed) {
            // All zero when the payout starts in this call: no need to read them then.
            paidWei = settlement.paidWei;
            producers.next = settlement.producerCursor;
            consumers.next = settlement.consumerCursor;
            producers.settled = settlement.producersSettled;
            consumers.settled = settlement.consumersSettled;
            producers.cumWh = settlement.cumSupplyWh;
            consumers.cumWh = settlement.cumDemandWh;
        }
    }

    /// @dev `budget` bounds the call's work (positions read), `maxSettled` how many commitments it can settle.
    function _newPayout(uint32 interval, Settlement storage settlement, uint256 budget, uint256 maxSettled, uint256 paidWei)
        private
        view
        returns (Payout memory payout)
    {
        uint256 scale = 10 ** settlement.priceDecimals;
        payout = Payout({
            interval: interval,
            bookLength: uint256(settlement.producerCount) + settlement.consumerCount,
            price: settlement.price,
            scale: scale,
            unit: 1000 * scale,
            tradedWh: settlement.tradedWh,
            paidWei: paidWei,
            budget: budget,
            used: 0,
            // One update per settled commitment, plus one per side for a partial payment;
            // unused trailing words stay zero and the profile contract skips them.
            updates: new uint256[](maxSettled + 2),
            updateCount: 0
        });
    }

    /// @dev Sets up a side's tiling of the money line at its cursor.
    function _startLeg(Payout memory payout, Leg memory leg, uint256 totalWh) private pure {
        leg.totalWh = totalWh;
        uint256 cumWh = leg.cumWh;
        if (totalWh != 0) {
            // cumWh ≤ totalWh and E ≤ totalWh: the products stay far below 2^256.
            leg.cumTradedWh = payout.tradedWh * cumWh / totalWh;
            leg.cumEndWei = payout.price * leg.cumTradedWh / payout.unit;
        }
    }

    /**
     * @dev Places a commitment that counts for `countedWh` after the side's commitments placed so
     * far: an in-the-money commitment with `cum` Wh counted before it owns the stretch
     * [floor(p × floor(E × cum / total) / U), floor(p × floor(E × (cum + counted) / total) / U))
     * and trades the difference of the two floors in Wh. One that counts for nothing (out of the
     * money, or a producer that delivered nothing) gets an empty stretch at zero.
     */
    function _place(Payout memory payout, Leg memory leg, uint256 countedWh)
        private
        pure
        returns (uint256 tradedWh, uint256 startWei, uint256 endWei)
    {
        if (payout.tradedWh == 0 || countedWh == 0) return (0, 0, 0);
        uint256 cumWh;
        uint256 cumTradedWh;
        unchecked {
            // cumWh ≤ total < 2^96 (counted energy of the book), E < 2^64, so E × cumWh < 2^160;
            // the cumulative share is ≤ E, p < 2^128, so p × share < 2^192; total > 0 since this
            // commitment is in it; cumulative shares and stretches never decrease.
            cumWh = leg.cumWh + countedWh;
            cumTradedWh = payout.tradedWh * cumWh / leg.totalWh;
            startWei = leg.cumEndWei;
            endWei = payout.price * cumTradedWh / payout.unit;
            tradedWh = cumTradedWh - leg.cumTradedWh;
        }
        leg.cumWh = cumWh;
        leg.cumTradedWh = cumTradedWh;
        leg.cumEndWei = endWei;
    }

    /**
     * @dev Settles the commitments of `book`: every remaining commitment of the book, in book
     * order. Only when this call finishes both sides; a commitment partly paid in earlier calls
     * moves only the rest of its stretch beyond `payout.paidWei`.
     */
    function _settleAll(Payout memory payout, Leg memory producers, Leg memory consumers, Chunk memory book) private {
        uint256[] memory words = book.words;
        uint256 n = words.length;
        uint256[] memory updates = payout.updates;
        uint256 updateCount = payout.updateCount;
        uint256 paidBefore = payout.paidWei;
        for (uint256 i = 0; i < n;) {
            uint256 word = words[i];
            bool consumption = word.isConsumption();
            (uint256 tradedWh, uint256 startWei, uint256 endWei) =
                _place(payout, consumption ? consumers : producers, book.countedWh[i]);
            uint256 movedWei = endWei > paidBefore ? endWei - (startWei > paidBefore ? startWei : paidBefore) : 0;
            updates[updateCount] = consumption
                // The lock covers any payment at p ≤ limit (see the contract notes).
                ? ProfileUpdate.consumer(word.tokenId(), movedWei, word.lockedWei() - (endWei - startWei), true)
                : ProfileUpdate.producer(word.tokenId(), movedWei, true);
            emit CommitmentSettled(book.ids[i], tradedWh, endWei - startWei);
            unchecked {
                // Both below n + the updates already made, which the array was sized for.
                ++i;
                ++updateCount;
            }
        }
        payout.updateCount = updateCount;
    }

    /**
     * @dev The `remaining` unsettled commitments of the book, in book order: scans from the
     * lower of the two sides' positions, skipping each side's entries before its position.
     */
    function _remaining(Payout memory payout, Leg memory producers, Leg memory consumers, uint256 remaining)
        private
        view
        returns (Chunk memory book)
    {
        uint256[] memory ids = new uint256[](remaining);
        uint256 base = uint256(payout.interval) << 32;
        uint256 from = _min(producers.next, consumers.next);
        uint256 found;
        uint256 packed;
        unchecked {
            // Positions stay below the book length < 2^31; found < remaining.
            for (uint256 p = from; found < remaining && p < payout.bookLength; ++p) {
                if (p == from || p & 7 == 0) packed = _books[base | (p >> 3)];
                uint256 entry = uint32(packed >> ((p & 7) << 5));
                if (p >= (entry & _CONSUMPTION_BIT == 0 ? producers.next : consumers.next)) {
                    ids[found++] = entry & _ID_MASK;
                }
            }
        }
        // The side counts are exact, so exactly `remaining` entries are found.
        if (found != remaining) revert EnergyMarketSettlementMismatch(payout.interval);
        (book,,) = _readChunk(payout.interval, ids, payout.price, payout.scale);
    }

    /// @dev The two-cursor merge along the money line, for a call that does not finish both sides.
    function _merge(Payout memory payout, Leg memory producers, Leg memory consumers) private {
        while (payout.used < payout.budget) {
            if (!consumers.loaded && consumers.settled < consumers.count && !_loadItem(payout, consumers)) break;
            if (consumers.loaded && consumers.endWei <= payout.paidWei) {
                _closeItem(payout, consumers); // out of the money, or its stretch is paid
                continue;
            }
            if (!producers.loaded && producers.settled < producers.count && !_loadItem(payout, producers)) break;
            if (producers.loaded && producers.endWei <= payout.paidWei) {
                _closeItem(payout, producers);
                continue;
            }
            if (!consumers.loaded || !producers.loaded) {
                // One side is exhausted: the other must be too, since Σ paid == Σ received.
                if (consumers.loaded || producers.loaded) revert EnergyMarketSettlementMismatch(payout.interval);
                break;
            }
            uint256 to = _min(consumers.endWei, producers.endWei);
            unchecked {
                // paidWei < both ends; all amounts stay below the uint96 collateral cap.
                uint256 stepWei = to - payout.paidWei;
                consumers.movedWei += stepWei;
                producers.movedWei += stepWei;
            }
            payout.paidWei = to;
        }
        // What moved this call for commitments still partly paid is applied now.
        if (consumers.loaded && consumers.movedWei > 0) {
            payout.updates[payout.updateCount++] = ProfileUpdate.consumer(consumers.tokenId, consumers.movedWei, 0, false);
        }
        if (producers.loaded && producers.movedWei > 0) {
            payout.updates[payout.updateCount++] = ProfileUpdate.producer(producers.tokenId, producers.movedWei, false);
        }
    }

    /**
     * @dev Loads the side's next commitment (fetching a chunk when needed) and places it.
     * Returns false when the budget ran out while scanning for it.
     */
    function _loadItem(Payout memory payout, Leg memory leg) private view returns (bool loaded) {
        uint256 index = leg.chunkIndex;
        if (index >= leg.chunk.ids.length) {
            if (!_fetch(payout, leg, _min(_min(_PAY_CHUNK, leg.count - leg.settled), payout.budget - payout.used))) {
                return false;
            }
            index = 0;
        }
        uint256 position = leg.positions[index];
        uint256 left = payout.budget - payout.used;
        unchecked {
            // The other side's entries between this side's previous one and this one count as
            // work; position ≥ next, and only what the budget allows is passed over, leaving at
            // least one item for the commitment itself (as the scan in {_fetch} does).
            uint256 gap = position - leg.next;
            if (gap >= left) {
                leg.next += left;
                payout.used = payout.budget;
                return false;
            }
            payout.used += gap;
        }
        // Everything of this side before it is settled: a later call resumes here.
        leg.next = position;
        uint256 word = leg.chunk.words[index];
        leg.commitmentId = leg.chunk.ids[index];
        leg.tokenId = word.tokenId();
        leg.lockedWei = word.lockedWei();
        leg.cumWhBefore = leg.cumWh;
        (leg.tradedWh, leg.startWei, leg.endWei) = _place(payout, leg, leg.chunk.countedWh[index]);
        leg.movedWei = 0;
        leg.loaded = true;
        loaded = true;
    }

    /// @dev Settles the loaded commitment of `leg`: one profile update and one event.
    function _closeItem(Payout memory payout, Leg memory leg) private {
        uint256 amountWei = leg.endWei - leg.startWei;
        payout.updates[payout.updateCount++] = leg.production
            ? ProfileUpdate.producer(leg.tokenId, leg.movedWei, true)
            // amountWei ≤ lockedWei: the lock covers any payment at p ≤ limit (see the contract notes).
            : ProfileUpdate.consumer(leg.tokenId, leg.movedWei, leg.lockedWei - amountWei, true);
        emit CommitmentSettled(leg.commitmentId, leg.tradedWh, amountWei);
        leg.loaded = false;
        leg.next = leg.positions[leg.chunkIndex] + 1;
        unchecked {
            // All stay below the book length, below 2^31.
            ++leg.chunkIndex;
            ++leg.settled;
            ++payout.used;
        }
    }

    /**
     * @dev Fetches up to `n` of the side's next commitments: scans the book from `leg.next` for
     * entries of the side, then reads their words from the pool. At most the unused budget of
     * positions is scanned, so a long run of the other side's entries costs several calls but
     * never more than a call's budget. When none is found, the positions scanned count as work
     * and the scan goes on from there in the next call; otherwise {_loadItem} counts them.
     * Returns false when nothing was found.
     */
    function _fetch(Payout memory payout, Leg memory leg, uint256 n) private view returns (bool fetched) {
        uint256[] memory ids = new uint256[](n);
        uint256[] memory positions = new uint256[](n);
        uint256 wanted = leg.production ? 0 : _CONSUMPTION_BIT;
        uint256 base = uint256(payout.interval) << 32;
        uint256 from = leg.next;
        uint256 end = _min(payout.bookLength, from + (payout.budget - payout.used));
        uint256 found;
        uint256 p = from;
        uint256 packed;
        unchecked {
            // Positions stay below the book length < 2^31; found < n.
            for (; found < n && p < end; ++p) {
                if (p == from || p & 7 == 0) packed = _books[base | (p >> 3)];
                uint256 entry = uint32(packed >> ((p & 7) << 5));
                if (entry & _CONSUMPTION_BIT == wanted) {
                    ids[found] = entry & _ID_MASK;
                    positions[found] = p;
                    ++found;
                }
            }
        }
        if (found == 0) {
            // Only the budget or the book's end stops a scan, and the side has unsettled entries.
            if (p >= payout.bookLength) revert EnergyMarketSettlementMismatch(payout.interval);
            payout.used += p - from;
            leg.next = p;
            return false;
        }
        if (found < n) (ids, positions) = (_prefix(ids, found), _prefix(positions, found));
        _setChunk(payout, leg, ids, positions);
        fetched = true;
    }

    /// @dev Makes the commitments `ids`, at book `positions`, the side's current chunk.
    function _setChunk(Payout memory payout, Leg memory leg, uint256[] memory ids, uint256[] memory positions) private view {
        (leg.chunk,,) = _readChunk(payout.interval, ids, payout.price, payout.scale);
        leg.positions = positions;
        leg.chunkIndex = 0;
    }

    // ------------------------------------------------------------------------------------------
    // Expiry
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarket
    function expireInterval(uint32 interval, uint256 maxItems) external returns (bool expired) {
        if (maxItems == 0) revert EnergyMarketZeroBatch();
        Settlement storage settlement = _settlements[interval];
        Phase phase = settlement.phase;
        if (phase == Phase.Open) {
            uint256 deadline = intervalEndOf(interval) + _gracePeriodSeconds;
            if (block.timestamp < deadline) revert EnergyMarketIntervalNotExpired(interval, deadline);
            settlement.phase = Phase.Expiring;
        } else if (phase != Phase.Expiring) {
            revert EnergyMarketWrongPhase(interval, phase);
        }

        // `producerCursor` is the expiry position in the book.
        uint256 length = uint256(settlement.producerCount) + settlement.consumerCount;
        uint256 cursor = settlement.producerCursor;
        uint256 n = _min(length - cursor, maxItems);
        if (n > 0) {
            uint256[] memory ids = _readBookIds(interval, cursor, n);
            uint256[] memory words = _pool.commitmentWordsOf(ids);
            uint256[] memory updates = new uint256[](n);
            for (uint256 i = 0; i < n; ++i) {
                uint256 releasedWei = words[i].lockedWei();
                updates[i] = ProfileUpdate.release(words[i].tokenId(), releasedWei);
                emit CommitmentExpired(ids[i], words[i].tokenId(), releasedWei);
            }
            _profile.applyCommitmentUpdates(updates);
            cursor += n;
            settlement.producerCursor = uint32(cursor);
        }
        if (cursor < length) return false;
        settlement.phase = Phase.Expired;
        emit IntervalExpired(interval);
        expired = true;
    }

    // ------------------------------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarket
    function setFeeds(
        AggregatorV3Interface priceFeed_,
        AggregatorV3Interface producedFeed_,
        AggregatorV3Interface consumedFeed_,
        IEnergyOracle meter_
    ) external onlyOwner {
        if (address(priceFeed_) == address(0)) revert EnergyMarketInvalidAddress(address(priceFeed_));
        if (address(producedFeed_) == address(0)) revert EnergyMarketInvalidAddress(address(producedFeed_));
        if (address(consumedFeed_) == address(0)) revert EnergyMarketInvalidAddress(address(consumedFeed_));
        if (address(meter_) == address(0)) revert EnergyMarketInvalidAddress(address(meter_));
        _priceFeed = priceFeed_;
        _producedFeed = producedFeed_;
        _consumedFeed = consumedFeed_;
        _meter = meter_;
        emit FeedsSet(address(priceFeed_), address(producedFeed_), address(consumedFeed_), address(meter_));
    }

    /// @inheritdoc IEnergyMarket
    function setGracePeriod(uint256 gracePeriodSeconds_) external onlyOwner {
        _setGracePeriod(gracePeriodSeconds_);
    }

    function _setGracePeriod(uint256 gracePeriodSeconds_) private {
        if (gracePeriodSeconds_ == 0 || gracePeriodSeconds_ > type(uint64).max) {
            revert EnergyMarketInvalidGracePeriod(gracePeriodSeconds_);
        }
        _gracePeriodSeconds = uint64(gracePeriodSeconds_);
        emit GracePeriodSet(gracePeriodSeconds_);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IEnergyMarket
    function bufferCursor() external view returns (uint256) {
        return _bufferCursor;
    }

    /// @inheritdoc IEnergyMarket
    function bufferLength() external view returns (uint256) {
        return _pool.commitmentCount() - _bufferCursor;
    }

    /// @inheritdoc IEnergyMarket
    function settlementOf(uint32 interval) external view returns (Settlement memory) {
        return _settlements[interval];
    }

    /// @inheritdoc IEnergyMarket
    function commitmentStatusOf(uint256 commitmentId) external view returns (CommitmentStatus) {
        if (commitmentId >= _pool.commitmentCount()) return CommitmentStatus.None;
        if (commitmentId >= _bufferCursor) return CommitmentStatus.Pending;
        if (_expiredInBuffer[commitmentId >> 8] & (1 << (commitmentId & 0xff)) != 0) return CommitmentStatus.Expired;
        Phase phase = _settlements[_pool.commitmentOf(commitmentId).interval].phase;
        if (phase == Phase.Settled) return CommitmentStatus.Settled;
        if (phase == Phase.Expired) return CommitmentStatus.Expired;
        return CommitmentStatus.Filed;
    }

    /// @inheritdoc IEnergyMarket
    function bookOf(uint32 interval, uint256 from, uint256 count) external view returns (uint256[] memory commitmentIds) {
        Settlement storage settlement = _settlements[interval];
        uint256 length = uint256(settlement.producerCount) + settlement.consumerCount;
        if (from >= length) return new uint256[](0);
        return _readBookIds(interval, from, _min(count, length - from));
    }

    /// @inheritdoc IEnergyMarket
    function gracePeriodSeconds() external view returns (uint256) {
        return _gracePeriodSeconds;
    }

    /// @inheritdoc IEnergyMarket
    function priceFeed() external view returns (AggregatorV3Interface) {
        return _priceFeed;
    }

    /// @inheritdoc IEnergyMarket
    function producedFeed() external view returns (AggregatorV3Interface) {
        return _producedFeed;
    }

    /// @inheritdoc IEnergyMarket
    function consumedFeed() external view returns (AggregatorV3Interface) {
        return _consumedFeed;
    }

    /// @inheritdoc IEnergyMarket
    function meter() external view returns (IEnergyOracle) {
        return _meter;
    }

    /// @inheritdoc IEnergyMarket
    function minEnergyWh() external view returns (uint256) {
        return _minEnergyWh;
    }

    /// @inheritdoc IEnergyMarket
    function pool() external view returns (IEnergyPool) {
        return _pool;
    }

    /// @inheritdoc IEnergyMarket
    function profile() external view returns (IEnergyProfile) {
        return _profile;
    }

    // ------------------------------------------------------------------------------------------
    // Books and helpers
    // ------------------------------------------------------------------------------------------

    /// @dev The key of the book slot holding `position` of `interval`'s book.
    function _bookKey(uint32 interval, uint256 position) private pure returns (uint256) {
        // position < 2^31, so position >> 3 < 2^32.
        return (uint256(interval) << 32) | (position >> 3);
    }

    /// @dev Reads the commitment ids at `position`..`position + count` of `interval`'s book, one SLOAD per eight.
    function _readBookIds(uint32 interval, uint256 position, uint256 count) private view returns (uint256[] memory ids) {
        ids = new uint256[](count);
        uint256 base = uint256(interval) << 32;
        uint256 packed;
        unchecked {
            // position + count ≤ the book length < 2^31.
            for (uint256 i = 0; i < count; ++i) {
                uint256 p = position + i;
                if (i == 0 || p & 7 == 0) packed = _books[base | (p >> 3)];
                ids[i] = (packed >> ((p & 7) << 5)) & _ID_MASK;
            }
        }
    }

    /// @dev The first `length` elements of `values` (`length` ≤ its length).
    function _prefix(uint256[] memory values, uint256 length) private pure returns (uint256[] memory prefix) {
        prefix = new uint256[](length);
        for (uint256 i = 0; i < length; ++i) {
            prefix[i] = values[i];
        }
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
