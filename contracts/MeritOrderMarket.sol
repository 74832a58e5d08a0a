// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IMeritOrderMarket} from "./interfaces/IMeritOrderMarket.sol";
import {MarketCore} from "./MarketCore.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";

/**
 * @title MeritOrderMarket
 * @notice The family of markets that clear an interval from its own book along the merit order; a
 * member only prices the trades ({_clearingPrice}, {_consumerPaymentWei}, {_producerReceiptWei}).
 * The rules are in docs/market.md.
 *
 * - **Rank**: keys order each side — producers (limit ascending, position ascending), consumers
 *   (limit descending, position ascending), a strict total order. The keeper submits book
 *   positions; each must be below the side's count with a key strictly after the side's last
 *   ranked key. `n` such positions are distinct, so when both sides reach their counts the
 *   submitted sequences are the unique merit orders. A side whose ranking skipped an entry can
 *   never complete; {resetRanking} proves the skip and restarts it.
 * - **Match** along the ranked entries with two pointers: while the producer's limit ≤ the
 *   consumer's limit and `traded < cap = min(P, C)`, trade `q = min(producer's remaining,
 *   consumer's remaining, cap − traded)`, a producer counting for at most its own metered
 *   delivery. The result is `E` and each side's marginal entry (the last that traded) with its
 *   amount. With an empty side or `cap = 0` nothing is ranked and `E = 0`.
 * - **Pay**, per side in book order: an entry before its side's marginal key traded all its
 *   counted energy, the marginal entry its amount, later ones nothing.
 * Each {rank} call works on what it is given plus at most {MATCH_STEPS_PER_RANK} match steps.
 */
abstract contract MeritOrderMarket is MarketCore, IMeritOrderMarket {
    using CommitmentWord for uint256;
    using BitMaps for BitMaps.BitMap;

    /// @notice Match steps (entries loaded) a {rank} call may take beyond the entries it submits.
    uint256 public constant MATCH_STEPS_PER_RANK = 256;

    /// @dev A side's ranking progress during one {rank} call.
    struct RankCursor {
        uint256 ranked;
        uint256 lastLimit;
        uint256 lastPosition;
        uint256 markBase;
    }

    /**
     * @dev The entries one {rank} call submitted for a side: their ranked indices start at
     * `fromIndex`; words and (producers, while unmatched) counted energy as read for them.
     */
    struct RankBatch {
        uint256 fromIndex;
        uint256[] positions;
        uint256[] words;
        uint256[] countedWh;
    }

    mapping(uint32 interval => Ranking) private _rankings;
    /// @dev (markBase | index) / 8 => eight packed uint32 book positions, a side's ranked entries in order.
    mapping(uint256 key => uint256 positions) private _rankedQueue;
    /// @dev Ranked positions, indexed by markBase | position (see {_markBase}).
    BitMaps.BitMap private _rankedMarks;

    // ------------------------------------------------------------------------------------------
    // Pricing hooks
    // ------------------------------------------------------------------------------------------

    /// @dev The uniform price of a matched round from its marginal limits, or 0 for a mechanism without one.
    function _clearingPrice(uint256 marginalProducerLimit, uint256 marginalConsumerLimit)
        internal
        view
        virtual
        returns (uint256);

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
    // Core hooks
    // ------------------------------------------------------------------------------------------

    /// @dev Only an interval where nothing can trade (an empty side or nothing metered) clears here; the others by {rank}.
    function _clear(uint32, Round memory round, uint256, Reads memory) internal pure override returns (uint256, bool) {
        return (0, round.producerCount == 0 || round.consumerCount == 0 || round.producedWh == 0 || round.consumedWh == 0);
    }

    /// @dev The side's marginal entry: limit (96 bits), position (32) and traded energy (64).
    function _payoutContext(uint32 interval, Round memory, BookSide side) internal view override returns (uint256) {
        Ranking storage ranking = _rankings[interval];
        return side == BookSide.Producers
            ? _packMarginal(ranking.marginalProducerLimit, ranking.marginalProducerPosition, ranking.marginalProducerWh)
            : _packMarginal(ranking.marginalConsumerLimit, ranking.marginalConsumerPosition, ranking.marginalConsumerWh);
    }

    function _tradeOf(
        Round memory round,
        BookSide side,
        uint256 position,
        uint256 word,
        uint256 countedWh,
        uint256 marginal
    ) internal view override returns (uint256 tradedWh, uint256 amountWei) {
        uint256 limit = word.limitPriceWeiPerKWh();
        uint256 marginalLimit = uint96(marginal);
        uint256 marginalPosition = uint32(marginal >> 96);
        if (position == marginalPosition) {
            tradedWh = uint64(marginal >> 128);
        } else {
            bool before = side == BookSide.Producers ? limit < marginalLimit : limit > marginalLimit;
            if (before || (limit == marginalLimit && position < marginalPosition)) tradedWh = countedWh;
        }
        // Traded energy ≤ E < 2^64 per side.
        if (side == BookSide.Consumers) {
            amountWei = _consumerPaymentWei(round, limit, round.cumConsumerWh, tradedWh);
            round.cumConsumerWh += uint96(tradedWh);
        } else {
            amountWei = _producerReceiptWei(round, limit, round.cumProducerWh, tradedWh);
            round.cumProducerWh += uint96(tradedWh);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Ranking and matching
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IMeritOrderMarket
    function rank(uint32 interval, uint256[] calldata producerPositions, uint256[] calldata consumerPositions)
        external
        returns (bool ranked)
    {
        Round memory round = _loadRound(interval);
        if (round.phase != Phase.Clearing) revert EnergyMarketWrongPhase(interval, round.phase);
        Ranking memory ranking = _loadRanking(interval);
        _claim(interval, ranking);
        RankBatch memory producers = _rankSide(interval, round, ranking, BookSide.Producers, producerPositions);
        RankBatch memory consumers = _rankSide(interval, round, ranking, BookSide.Consumers, consumerPositions);
        if (!ranking.matched) {
            uint256 steps = producerPositions.length + consumerPositions.length + MATCH_STEPS_PER_RANK;
            _match(interval, round, ranking, producers, consumers, steps);
        }
        // Only the match reads the ranked queue again: once it is done, nothing needs queueing.
        if (!ranking.matched) {
            _queueUnmatched(interval, ranking, BookSide.Producers, producers);
            _queueUnmatched(interval, ranking, BookSide.Consumers, consumers);
        }
        ranked = ranking.matched && ranking.producersRanked == round.producerCount
            && ranking.consumersRanked == round.consumerCount;
        _storeRanking(interval, ranking);
        if (!ranked) return false;
        round.tradedWh = ranking.tradedWh;
        // A price lies between two limits, which are uint96.
        round.price = uint96(
            ranking.tradedWh == 0 ? 0 : _clearingPrice(ranking.marginalProducerLimit, ranking.marginalConsumerLimit)
        );
        (round.supplyWh, round.demandWh) = (ranking.supplyWh, ranking.demandWh);
        _completeClearing(interval, round);
        _storeRound(interval, round);
    }

    /**
     * @dev Takes or renews the ranking's claim for the sender: refused while another account's
     * claim is live (less than one interval since its last call), so an honest ranker's calls
     * cannot be interleaved with a stranger's skips; a stalled one is taken over after that.
     */
    function _claim(uint32 interval, Ranking memory ranking) private view {
        address sender = _msgSender();
        if (ranking.ranker != sender && ranking.ranker != address(0)) {
            uint256 claimedUntil = uint256(ranking.rankedAt) + intervalSeconds();
            if (block.timestamp < claimedUntil) {
                revert MeritOrderMarketRankingClaimed(interval, ranking.ranker, claimedUntil);
            }
        }
        // Timestamps fit 64 bits for billions of years.
        (ranking.ranker, ranking.rankedAt) = (sender, uint64(block.timestamp));
    }

    /**
     * @dev Verifies and marks the next `positions` of `side`'s merit order; returns them with
     * their commitment words (and producers' counted energy, when the match may need them).
     */
    function _rankSide(
        uint32 interval,
        Round memory round,
        Ranking memory ranking,
        BookSide side,
        uint256[] calldata positions
    ) private returns (RankBatch memory batch) {
        bool producers = side == BookSide.Producers;
        batch.fromIndex = producers ? ranking.producersRanked : ranking.consumersRanked;
        batch.positions = positions;
        uint256 n = positions.length;
        if (n == 0) return batch;
        batch.words = _wordsAt(interval, side, producers ? round.producerCount : round.consumerCount, positions);
        RankCursor memory cursor = producers
            ? RankCursor(
                batch.fromIndex,
                ranking.lastProducerLimit,
                ranking.lastProducerPosition,
                _markBase(interval, side, ranking.producerGeneration)
            )
            : RankCursor(
                batch.fromIndex,
                ranking.lastConsumerLimit,
                ranking.lastConsumerPosition,
                _markBase(interval, side, ranking.consumerGeneration)
            );
        for (uint256 k = 0; k < n; ++k) {
            uint256 position = positions[k];
            uint256 limit = batch.words[k].limitPriceWeiPerKWh();
            if (cursor.ranked != 0 && !_isAfter(producers, limit, position, cursor.lastLimit, cursor.lastPosition)) {
                revert MeritOrderMarketRankOutOfOrder(interval, side, position);
            }
            _rankedMarks.set(cursor.markBase | position);
            // ranked < count < 2^31: strictly increasing keys are distinct positions.
            (cursor.ranked, cursor.lastLimit, cursor.lastPosition) = (cursor.ranked + 1, limit, position);
        }
        // Limits are uint96, positions and counts below 2^31.
        if (producers) {
            (ranking.producersRanked, ranking.lastProducerLimit, ranking.lastProducerPosition) =
                (uint32(cursor.ranked), uint96(cursor.lastLimit), uint32(cursor.lastPosition));
            if (!ranking.matched) batch.countedWh = _countedWhOf(interval, side, batch.words);
        } else {
            (ranking.consumersRanked, ranking.lastConsumerLimit, ranking.lastConsumerPosition) =
                (uint32(cursor.ranked), uint96(cursor.lastLimit), uint32(cursor.lastPosition));
        }
    }

    /// @dev The commitment words at `positions` of a side's book of `count` entries (each checked to be below it).
    function _wordsAt(uint32 interval, BookSide side, uint256 count, uint256[] calldata positions)
        private
        view
        returns (uint256[] memory words)
    {
        uint256 n = positions.length;
        words = new uint256[](n);
        for (uint256 k = 0; k < n; ++k) {
            uint256 position = positions[k];
            if (position >= count) revert MeritOrderMarketPositionOutOfRange(interval, side, position, count);
            words[k] = _bookEntry(interval, side, position);
        }
        words = _commitmentWordsOf(words);
    }

    /**
     * @dev Stores the positions of this call's ranked entries that the match has not reached,
     * for later calls (the entry it stands on is kept in the ranking itself).
     */
    function _queueUnmatched(uint32 interval, Ranking memory ranking, BookSide side, RankBatch memory batch) private {
        uint256 n = batch.positions.length;
        if (n == 0) return;
        bool producers = side == BookSide.Producers;
        uint256 needed = producers
            ? uint256(ranking.producerMatchIndex) + (ranking.producerLoaded ? 1 : 0)
            : uint256(ranking.consumerMatchIndex) + (ranking.consumerLoaded ? 1 : 0);
        uint256 from = batch.fromIndex > needed ? batch.fromIndex : needed;
        uint256 end = batch.fromIndex + n;
        if (from >= end) return;
        uint256 markBase =
            _markBase(interval, side, producers ? ranking.producerGeneration : ranking.consumerGeneration);
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
    function _match(
        uint32 interval,
        Round memory round,
        Ranking memory r,
        RankBatch memory producers,
        RankBatch memory consumers,
        uint256 steps
    ) private view {
        uint256 capWh = _min(round.producedWh, round.consumedWh);
        while (true) {
            if (r.tradedWh == capWh) {
                r.matched = true;
                return;
            }
            if (!r.producerLoaded || !r.consumerLoaded) {
                BookSide side = r.producerLoaded ? BookSide.Consumers : BookSide.Producers;
                (uint256 index, uint256 ranked, uint256 count) = side == BookSide.Producers
                    ? (uint256(r.producerMatchIndex), uint256(r.producersRanked), uint256(round.producerCount))
                    : (uint256(r.consumerMatchIndex), uint256(r.consumersRanked), uint256(round.consumerCount));
                if (index == ranked) {
                    if (ranked == count) r.matched = true;
                    return;
                }
                if (steps == 0) return;
                --steps;
                _loadMatchEntry(interval, r, side, index, side == BookSide.Producers ? producers : consumers);
                continue;
            }
            if (r.curProducerLimit > r.curConsumerLimit) {
                r.matched = true;
                return;
            }
            _matchStep(r, capWh);
        }
    }

    /// @dev Trades what the two loaded entries can, and moves past an entry that is used up.
    function _matchStep(Ranking memory r, uint256 capWh) private pure {
        uint256 q = _min(_min(r.curProducerLeftWh, r.curConsumerLeftWh), capWh - r.tradedWh);
        if (q > 0) {
            // An entry's first trade admits its counted energy (all still left) to the matched totals.
            if (r.curProducerTradedWh == 0) r.supplyWh += r.curProducerLeftWh;
            if (r.curConsumerTradedWh == 0) r.demandWh += r.curConsumerLeftWh;
            // q ≤ each remaining amount and ≤ cap − traded, all below 2^64.
            r.curProducerLeftWh -= uint64(q);
            r.curConsumerLeftWh -= uint64(q);
            r.curProducerTradedWh += uint64(q);
            r.curConsumerTradedWh += uint64(q);
            r.tradedWh += uint64(q);
            (r.marginalProducerLimit, r.marginalProducerPosition, r.marginalProducerWh) =
                (r.curProducerLimit, r.curProducerPosition, r.curProducerTradedWh);
            (r.marginalConsumerLimit, r.marginalConsumerPosition, r.marginalConsumerWh) =
                (r.curConsumerLimit, r.curConsumerPosition, r.curConsumerTradedWh);
        }
        if (r.curProducerLeftWh == 0) {
            r.producerLoaded = false;
            ++r.producerMatchIndex;
        }
        if (r.curConsumerLeftWh == 0) {
            r.consumerLoaded = false;
            ++r.consumerMatchIndex;
        }
    }

    /**
     * @dev Loads the `index`-th ranked entry of `side` as the match's current entry on that side:
     * from this call's `batch` when it was submitted now, else from the ranked queue.
     */
    function _loadMatchEntry(
        uint32 interval,
        Ranking memory r,
        BookSide side,
        uint256 index,
        RankBatch memory batch
    ) private view {
        bool producers = side == BookSide.Producers;
        uint256 position;
        uint256 word;
        uint256 countedWh;
        if (index >= batch.fromIndex) {
            uint256 k = index - batch.fromIndex;
            (position, word) = (batch.positions[k], batch.words[k]);
            countedWh = producers ? batch.countedWh[k] : word.energyWh();
        } else {
            uint256 markBase = _markBase(interval, side, producers ? r.producerGeneration : r.consumerGeneration);
            position = uint32(_rankedQueue[(markBase | index) >> 3] >> ((index & 7) << 5));
            word = _wordAt(interval, side, position);
            countedWh = producers ? _countedProductionWh(interval, word) : word.energyWh();
        }
        // Limits are uint96, energies uint64, positions below 2^31.
        uint96 limit = uint96(word.limitPriceWeiPerKWh());
        if (producers) {
            (r.curProducerLimit, r.curProducerPosition) = (limit, uint32(position));
            (r.curProducerLeftWh, r.curProducerTradedWh, r.producerLoaded) = (uint64(countedWh), 0, true);
        } else {
            (r.curConsumerLimit, r.curConsumerPosition) = (limit, uint32(position));
            (r.curConsumerLeftWh, r.curConsumerTradedWh, r.consumerLoaded) = (uint64(countedWh), 0, true);
        }
    }

    /// @inheritdoc IMeritOrderMarket
    function resetRanking(uint32 interval, BookSide side, uint256 position) external {
        Round memory round = _loadRound(interval);
        if (round.phase != Phase.Clearing) revert EnergyMarketWrongPhase(interval, round.phase);
        Ranking memory r = _loadRanking(interval);
        bool producers = side == BookSide.Producers;
        uint256 count = producers ? round.producerCount : round.consumerCount;
        if (position >= count) revert MeritOrderMarketPositionOutOfRange(interval, side, position, count);
        if (!_isSkipped(interval, r, side, position)) revert MeritOrderMarketNoSkip(interval, side, position);
        // The match streamed along both sides and the ranked queue keeps only what it had not
        // reached, so both sides start again, each under a new generation. Generations count
        // resets, each a transaction: far fewer than 2^32.
        Ranking memory restarted;
        restarted.producerGeneration = r.producerGeneration + 1;
        restarted.consumerGeneration = r.consumerGeneration + 1;
        (restarted.ranker, restarted.rankedAt) = (_msgSender(), uint64(block.timestamp));
        _storeRanking(interval, restarted);
        emit RankingReset(
            interval, side, position, producers ? restarted.producerGeneration : restarted.consumerGeneration
        );
    }

    /**
     * @dev Whether `side`'s ranking skipped `position`: it is not ranked, and its key is before
     * the last ranked one, so no later submission (each strictly after the last) can rank it.
     */
    function _isSkipped(uint32 interval, Ranking memory r, BookSide side, uint256 position)
        private
        view
        returns (bool)
    {
        bool producers = side == BookSide.Producers;
        uint256 ranked = producers ? r.producersRanked : r.consumersRanked;
        if (ranked == 0) return false;
        uint256 generation = producers ? r.producerGeneration : r.consumerGeneration;
        if (_rankedMarks.get(_markBase(interval, side, generation) | position)) return false;
        uint256 limit = _wordAt(interval, side, position).limitPriceWeiPerKWh();
        return producers
            ? _isAfter(true, r.lastProducerLimit, r.lastProducerPosition, limit, position)
            : _isAfter(false, r.lastConsumerLimit, r.lastConsumerPosition, limit, position);
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
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IMeritOrderMarket
    function rankingOf(uint32 interval) external view returns (Ranking memory) {
        return _loadRanking(interval);
    }

    /// @inheritdoc IMeritOrderMarket
    function isRanked(uint32 interval, BookSide side, uint256 position) external view returns (bool) {
        Ranking storage r = _rankings[interval];
        uint256 generation = side == BookSide.Producers ? r.producerGeneration : r.consumerGeneration;
        return _rankedMarks.get(_markBase(interval, side, generation) | position);
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    /**
     * @dev The base index of one ranking generation of one side: the position (below 2^32) is
     * or-ed into the low bits for the ranked marks, and the queue index for the ranked queue.
     */
    function _markBase(uint32 interval, BookSide side, uint256 generation) private pure returns (uint256) {
        return (uint256(interval) << 96) | (uint256(side) << 95) | (generation << 32);
    }

    function _loadRanking(uint32 interval) private view returns (Ranking memory) {
        return _rankings[interval];
    }

    function _storeRanking(uint32 interval, Ranking memory ranking) private {
        _rankings[interval] = ranking;
    }

    function _packMarginal(uint256 limit, uint256 position, uint256 tradedWh) private pure returns (uint256) {
        return limit | (position << 96) | (tradedWh << 128);
    }
}
