// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IMeritOrderMarket} from "./interfaces/IMeritOrderMarket.sol";
import {MarketCore} from "./MarketCore.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";

/**
 * @title MeritOrderMarket
 * @notice The family of markets that clear an interval from its own book along the merit order: the
 * keeper submits each side's merit order ({rank}), verified and matched as it arrives with two
 * pointers; a member only prices the trades ({_clearingPrice}, {_consumerPaymentWei},
 * {_producerReceiptWei}). The rules: docs/market.md, "Merit order". Each {rank} call works on what
 * it is given plus at most {MATCH_STEPS_PER_RANK} match steps.
 */
abstract contract MeritOrderMarket is MarketCore, IMeritOrderMarket {
    using CommitmentWord for uint256;
    using BitMaps for BitMaps.BitMap;

    /// @notice Match steps (entries loaded) a {rank} call may take beyond the entries it submits.
    uint256 public constant MATCH_STEPS_PER_RANK = 256;

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

    /// @dev Only an interval where nothing can trade (an empty side or nothing metered) clears here; the others by {rank}.
    function _clear(uint32, Round memory round, uint256, Reads memory) internal pure override returns (uint256, bool) {
        return (0, round.producerCount == 0 || round.consumerCount == 0 || round.producedWh == 0 || round.consumedWh == 0);
    }

    /// @dev The side's marginal entry: limit (96 bits), position (32) and traded energy (64).
    function _payoutContext(uint32 interval, Round memory, BookSide side) internal view override returns (uint256) {
        Ranking storage ranking = _rankings[interval];
        SideRanking storage s = side == BookSide.Producers ? ranking.producers : ranking.consumers;
        return uint256(s.marginalLimit) | (uint256(s.marginalPosition) << 96) | (uint256(s.marginalWh) << 128);
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
        bool consumer = side == BookSide.Consumers;
        if (position == marginalPosition) {
            tradedWh = uint64(marginal >> 128);
        } else if (_isAfter(!consumer, marginalLimit, marginalPosition, limit, position)) {
            // Before the side's marginal key in merit order: it traded all it counts for.
            tradedWh = countedWh;
        }
        // Traded energy ≤ E < 2^64 per side.
        if (consumer) {
            amountWei = _consumerPaymentWei(round, limit, round.cumConsumerWh, tradedWh);
            round.cumConsumerWh += uint96(tradedWh);
        } else {
            amountWei = _producerReceiptWei(round, limit, round.cumProducerWh, tradedWh);
            round.cumProducerWh += uint96(tradedWh);
        }
    }

    /// @inheritdoc IMeritOrderMarket
    function rank(uint32 interval, uint256[] calldata producerPositions, uint256[] calldata consumerPositions)
        external
        returns (bool ranked)
    {
        Round memory round = _loadRound(interval);
        if (round.phase != Phase.Clearing) revert EnergyMarketWrongPhase(interval, round.phase);
        Ranking memory r = _loadRanking(interval);
        _claim(interval, r);
        RankBatch memory producers = _rankSide(interval, round.producerCount, r, BookSide.Producers, producerPositions);
        RankBatch memory consumers = _rankSide(interval, round.consumerCount, r, BookSide.Consumers, consumerPositions);
        if (!r.matched) {
            uint256 steps = producerPositions.length + consumerPositions.length + MATCH_STEPS_PER_RANK;
            _match(interval, round, r, producers, consumers, steps);
        }
        // Only the match reads the ranked queue again: once it is done, nothing needs queueing.
        if (!r.matched) {
            _queueUnmatched(interval, r.producers, BookSide.Producers, producers);
            _queueUnmatched(interval, r.consumers, BookSide.Consumers, consumers);
        }
        ranked = r.matched && r.producers.ranked == round.producerCount && r.consumers.ranked == round.consumerCount;
        _storeRanking(interval, r);
        if (ranked) {
            round.tradedWh = r.tradedWh;
            // A price lies between two limits, which are uint96.
            round.price = r.tradedWh == 0 ? 0 : uint96(_clearingPrice(r.producers.marginalLimit, r.consumers.marginalLimit));
            _completeClearing(interval, round);
        }
        _storeRound(interval, round);
    }

    /**
     * @dev Takes or renews the ranking's claim for the sender: refused while another account's
     * claim is live (less than one interval since its last call), so an honest ranker's calls
     * cannot be interleaved with a stranger's skips; a stalled one is taken over after that.
     */
    function _claim(uint32 interval, Ranking memory r) private view {
        address sender = _msgSender();
        if (r.ranker != sender && r.ranker != address(0)) {
            uint256 claimedUntil = uint256(r.rankedAt) + intervalSeconds();
            if (block.timestamp < claimedUntil) revert MeritOrderMarketRankingClaimed(interval, r.ranker, claimedUntil);
        }
        // Timestamps fit 64 bits for billions of years.
        (r.ranker, r.rankedAt) = (sender, uint64(block.timestamp));
    }

    /**
     * @dev Verifies and marks the next `positions` of `side`'s merit order (a book of `count`
     * entries); returns them with their commitment words (and producers' counted energy, when the
     * match may need it).
     */
    function _rankSide(
        uint32 interval,
        uint256 count,
        Ranking memory r,
        BookSide side,
        uint256[] calldata positions
    ) private returns (RankBatch memory batch) {
        SideRanking memory s = _sideOf(r, side);
        bool producers = side == BookSide.Producers;
        batch.fromIndex = s.ranked;
        batch.positions = positions;
        uint256 n = positions.length;
        if (n == 0) return batch;
        batch.words = _wordsAt(interval, side, count, positions);
        uint256 markBase = _markBase(interval, side, s.generation);
        for (uint256 k = 0; k < n; ++k) {
            uint256 position = positions[k];
            uint256 limit = batch.words[k].limitPriceWeiPerKWh();
            if (s.ranked != 0 && !_isAfter(producers, limit, position, s.lastLimit, s.lastPosition)) {
                revert MeritOrderMarketRankOutOfOrder(interval, side, position);
            }
            _rankedMarks.set(markBase | position);
            // ranked < count < 2^31: strictly increasing keys are distinct positions; limits are uint96.
            (s.ranked, s.lastLimit, s.lastPosition) = (s.ranked + 1, uint96(limit), uint32(position));
        }
        if (producers && !r.matched) batch.countedWh = _countedWhOf(interval, side, batch.words);
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
    function _queueUnmatched(uint32 interval, SideRanking memory s, BookSide side, RankBatch memory batch) private {
        uint256 n = batch.positions.length;
        if (n == 0) return;
        uint256 needed = uint256(s.matchIndex) + (s.loaded ? 1 : 0);
        uint256 from = batch.fromIndex > needed ? batch.fromIndex : needed;
        uint256 end = batch.fromIndex + n;
        if (from >= end) return;
        uint256 markBase = _markBase(interval, side, s.generation);
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
        (SideRanking memory p, SideRanking memory c) = (r.producers, r.consumers);
        while (r.tradedWh < capWh) {
            if (!p.loaded || !c.loaded) {
                (SideRanking memory s, BookSide side, uint256 count) = p.loaded
                    ? (c, BookSide.Consumers, uint256(round.consumerCount))
                    : (p, BookSide.Producers, uint256(round.producerCount));
                if (s.matchIndex == s.ranked) {
                    r.matched = s.ranked == count;
                    return;
                }
                if (steps == 0) return;
                --steps;
                _loadMatchEntry(interval, s, side, side == BookSide.Producers ? producers : consumers);
                continue;
            }
            if (p.curLimit > c.curLimit) break;
            // q ≤ each remaining amount and ≤ cap − traded, all below 2^64.
            uint64 q = uint64(_min(_min(p.curLeftWh, c.curLeftWh), capWh - r.tradedWh));
            if (q > 0) {
                // An entry's first trade admits its counted energy (all still left) to the matched supply or demand.
                if (p.curTradedWh == 0) round.supplyWh += p.curLeftWh;
                if (c.curTradedWh == 0) round.demandWh += c.curLeftWh;
                _trade(p, q);
                _trade(c, q);
                r.tradedWh += q;
            }
            _moveOn(p);
            _moveOn(c);
        }
        r.matched = true;
    }

    /// @dev The side's current entry trades `q` more and becomes its marginal entry.
    function _trade(SideRanking memory s, uint64 q) private pure {
        s.curLeftWh -= q;
        s.curTradedWh += q;
        (s.marginalLimit, s.marginalPosition, s.marginalWh) = (s.curLimit, s.curPosition, s.curTradedWh);
    }

    /// @dev Leaves the side's current entry once it has nothing left.
    function _moveOn(SideRanking memory s) private pure {
        if (s.curLeftWh != 0) return;
        s.loaded = false;
        ++s.matchIndex;
    }

    /**
     * @dev Loads the side's next ranked entry as the match's current one: from this call's `batch`
     * when it was submitted now, else from the ranked queue.
     */
    function _loadMatchEntry(uint32 interval, SideRanking memory s, BookSide side, RankBatch memory batch)
        private
        view
    {
        bool producers = side == BookSide.Producers;
        uint256 index = s.matchIndex;
        uint256 position;
        uint256 word;
        uint256 countedWh;
        if (index >= batch.fromIndex) {
            uint256 k = index - batch.fromIndex;
            (position, word) = (batch.positions[k], batch.words[k]);
            countedWh = producers ? batch.countedWh[k] : word.energyWh();
        } else {
            position = uint32(_rankedQueue[(_markBase(interval, side, s.generation) | index) >> 3] >> ((index & 7) << 5));
            word = _wordAt(interval, side, position);
            countedWh = producers ? _countedProductionWh(interval, word) : word.energyWh();
        }
        // Limits are uint96, energies uint64, positions below 2^31.
        (s.curLimit, s.curPosition) = (uint96(word.limitPriceWeiPerKWh()), uint32(position));
        (s.curLeftWh, s.curTradedWh, s.loaded) = (uint64(countedWh), 0, true);
    }

    /// @inheritdoc IMeritOrderMarket
    function resetRanking(uint32 interval, BookSide side, uint256 position) external {
        Round memory round = _loadRound(interval);
        if (round.phase != Phase.Clearing) revert EnergyMarketWrongPhase(interval, round.phase);
        Ranking memory r = _loadRanking(interval);
        uint256 count = side == BookSide.Producers ? round.producerCount : round.consumerCount;
        if (position >= count) revert MeritOrderMarketPositionOutOfRange(interval, side, position, count);
        if (!_isSkipped(interval, _sideOf(r, side), side, position)) {
            revert MeritOrderMarketNoSkip(interval, side, position);
        }
        // The match streamed along both sides and the ranked queue keeps only what it had not
        // reached, so both sides start again, each under a new generation. Generations count
        // resets, each a transaction: far fewer than 2^32.
        (round.supplyWh, round.demandWh) = (0, 0);
        _storeRound(interval, round);
        Ranking memory restarted;
        restarted.producers.generation = r.producers.generation + 1;
        restarted.consumers.generation = r.consumers.generation + 1;
        (restarted.ranker, restarted.rankedAt) = (_msgSender(), uint64(block.timestamp));
        _storeRanking(interval, restarted);
        emit RankingReset(interval, side, position, _sideOf(restarted, side).generation);
    }

    /**
     * @dev Whether the side's ranking skipped `position`: it is not ranked, and its key is before
     * the last ranked one, so no later submission (each strictly after the last) can rank it.
     */
    function _isSkipped(uint32 interval, SideRanking memory s, BookSide side, uint256 position)
        private
        view
        returns (bool)
    {
        if (s.ranked == 0) return false;
        if (_rankedMarks.get(_markBase(interval, side, s.generation) | position)) return false;
        uint256 limit = _wordAt(interval, side, position).limitPriceWeiPerKWh();
        return _isAfter(side == BookSide.Producers, s.lastLimit, s.lastPosition, limit, position);
    }

    /**
     * @dev Whether key (`limit`, `position`) comes strictly after (`lastLimit`, `lastPosition`)
     * in a side's merit order.
     */
    function _isAfter(bool producers, uint256 limit, uint256 position, uint256 lastLimit, uint256 lastPosition)
        private
        pure
        returns (bool)
    {
        if (limit == lastLimit) return position > lastPosition;
        return producers ? limit > lastLimit : limit < lastLimit;
    }

    /// @inheritdoc IMeritOrderMarket
    function rankingOf(uint32 interval) external view returns (Ranking memory) {
        return _loadRanking(interval);
    }

    /// @inheritdoc IMeritOrderMarket
    function isRanked(uint32 interval, BookSide side, uint256 position) external view returns (bool) {
        Ranking storage r = _rankings[interval];
        uint256 generation = side == BookSide.Producers ? r.producers.generation : r.consumers.generation;
        return _rankedMarks.get(_markBase(interval, side, generation) | position);
    }

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

    /// @dev The ranking of `side` (a reference into `r`).
    function _sideOf(Ranking memory r, BookSide side) private pure returns (SideRanking memory) {
        return side == BookSide.Producers ? r.producers : r.consumers;
    }
}
