// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {IEnergyProfile} from "./interfaces/IEnergyProfile.sol";
import {IEnergyMarket} from "./interfaces/IEnergyMarket.sol";
import {ISignedOrders} from "./interfaces/ISignedOrders.sol";
import {IntervalClock} from "./IntervalClock.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";
import {OrderSegment} from "./libraries/OrderSegment.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";

/**
 * @title EnergyPool
 * @notice Escrows deposited energy profiles, takes their depositors' commitments into a ledger
 * (whose unprocessed tail is the market buffer), takes signed orders in batches from anyone
 * (ISignedOrders), and keeps per-interval energy aggregates.
 *
 * @dev Invariants (NEVER violate):
 * - Commitment ids are dense, 0..commitmentCount-1, and a stored commitment never changes.
 * - Only a profile's depositor commits for it, and every commitment locked its consumer's
 *   collateral in the profile contract in the same transaction.
 * - An order is filed only with its profile's depositor's signature, before its deadline and its
 *   interval's close, at most once per (profile, nonce), and a consumer's with its lock moved into
 *   the clearing account in the same transaction; a skipped order changes nothing.
 * - Order ids are given out once, from 2^31; a segment's hash never changes once stored, and an
 *   order's word is read only from a segment checked against it, in the same transaction.
 * - Interval aggregates change only through the market.
 */
contract EnergyPool is IntervalClock, EIP712, IEnergyPool {
    using CommitmentWord for uint256;
    using BitMaps for BitMaps.BitMap;

    /// @dev The market's books keep ids in 31 bits.
    uint256 private constant _MAX_COMMITMENT_ID = (1 << 31) - 1;
    /// @dev Order ids follow the commitments' (below 2^31) and fit the market's 32-bit book entries.
    uint256 private constant _ORDER_ID_OFFSET = 1 << 31;
    uint256 private constant _MAX_ORDER_ID = (1 << 32) - 1;
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant _ORDER_TYPEHASH = keccak256(
        "Order(uint256 tokenId,uint32 interval,uint8 side,uint64 energyWh,uint96 limitPriceWeiPerKWh,uint64 nonce,uint64 deadline)"
    );
    /// @dev The bits of an order's `terms` outside its fields.
    uint256 private constant _TERMS_SPARE_BITS = ~uint256(0) << 128;

    IEnergyProfile private immutable _profile;

    // `_market`, `_commitmentCount` and `_orderCount` share a slot.
    address private _market;
    uint32 private _commitmentCount;
    uint32 private _orderCount;

    mapping(uint256 commitmentId => uint256 word) private _commitments;
    mapping(uint32 interval => IntervalTotals) private _totals;
    /// @dev A batch's first order id => the hash of its segment (see OrderSegment).
    mapping(uint256 firstId => bytes32 segmentHash) private _orderSegments;
    /**
     * @dev Filed (profile, nonce) pairs, indexed by nonce << 48 | tokenId: neighbouring profiles'
     * orders with the same nonce share a storage word, so a batch of a community's orders of one
     * round writes a few words, not one per order.
     */
    BitMaps.BitMap private _usedNonces;

    modifier onlyMarket() {
        if (msg.sender != _market) revert EnergyPoolUnauthorizedCaller(msg.sender);
        _;
    }

    /**
     * @dev Deployed by the EnergyProfile contract's constructor, which passes itself.
     * @param profile_ The EnergyProfile contract whose tokens this pool escrows.
     * @param startTime_ When interval 0 opens; zero means now.
     * @param intervalSeconds_ The interval length; zero means 3600.
     */
    constructor(IEnergyProfile profile_, uint256 startTime_, uint256 intervalSeconds_)
        IntervalClock(startTime_, intervalSeconds_)
        EIP712("DEM Energy Pool", "1")
    {
        _profile = profile_;
    }

    /// @inheritdoc IEnergyPool
    function deposit(uint256 tokenId) external {
        // The profile contract checks that the caller owns the token and approved the pool, and
        // records the caller as the depositor.
        _profile.transferFrom(msg.sender, address(this), tokenId);
    }

    /// @inheritdoc IEnergyPool
    function withdraw(uint256 tokenId) external {
        address depositor = _profile.depositorOf(tokenId);
        if (depositor != msg.sender) revert EnergyPoolNotDepositor(msg.sender, tokenId, depositor);
        // A plain transfer back to whoever deposited it (no receiver callback). The profile
        // contract refuses it while the profile has open commitments, and clears the record.
        _profile.transferFrom(address(this), depositor, tokenId);
    }

    /**
     * @notice Accepts profiles sent with `safeTransferFrom`; the profile contract has already
     * recorded the depositor. Rejects any other token.
     */
    function onERC721Received(address, address, uint256, bytes calldata) external view returns (bytes4) {
        if (msg.sender != address(_profile)) revert EnergyPoolUnexpectedToken(msg.sender);
        return IERC721Receiver.onERC721Received.selector;
    }

    /// @inheritdoc IEnergyPool
    function commit(uint256 tokenId, uint32 interval, uint64 energyWh, Side side, uint96 limitPriceWeiPerKWh)
        external
        returns (uint256 commitmentId)
    {
        if (energyWh == 0) revert EnergyPoolZeroEnergy();
        // A consumer entry must lock something: at limit 0 it would lock nothing and cost a spammer only gas.
        if (side == Side.Consumption && limitPriceWeiPerKWh == 0) revert EnergyPoolZeroConsumerLimit();
        uint32 current = currentInterval();
        if (interval < current) revert EnergyPoolIntervalClosed(interval, current);
        uint256 lockedWei = side == Side.Consumption ? CommitmentWord.lockFor(energyWh, limitPriceWeiPerKWh) : 0;
        // Checks the caller is the depositor and locks the collateral (reverts otherwise).
        _profile.openCommitment(tokenId, msg.sender, lockedWei);
        commitmentId = _commitmentCount++;
        if (commitmentId > _MAX_COMMITMENT_ID) revert EnergyPoolLedgerFull(commitmentId);
        _commitments[commitmentId] = CommitmentWord.encode(tokenId, interval, energyWh, side, limitPriceWeiPerKWh);
        emit CommitmentCreated(commitmentId, tokenId, interval, side, energyWh, limitPriceWeiPerKWh, lockedWei);
    }

    /// @inheritdoc ISignedOrders
    function submitOrders(SignedOrder[] calldata orders) external returns (uint256 filed) {
        address market_ = _market;
        if (market_ == address(0)) revert EnergyPoolMarketNotWired();
        uint256 n = orders.length;
        // First what needs no state: form, deadline, interval, size and the signer (`signers[k]`,
        // zero: skipped), and for those the profiles' depositors, read in one call.
        uint256[] memory tokenIds = new uint256[](n);
        address[] memory signers = new address[](n);
        {
            uint256 minEnergyWh = IEnergyMarket(market_).minEnergyWh();
            uint32 current = currentInterval();
            for (uint256 k = 0; k < n; ++k) {
                signers[k] = _checkOrder(k, orders[k], current, minEnergyWh);
                if (signers[k] != address(0)) tokenIds[k] = orders[k].word.tokenId();
            }
        }
        address[] memory depositors = _profile.depositorsOf(tokenIds);
        // Only an order its profile's depositor signed may mark a nonce: a forged order with a
        // genuine one's nonce cannot knock it out of the batch. Each marked order keeps its word in
        // `words` (zero: skipped) and asks for its lock to be escrowed (tokenId | lockWei << 48).
        uint256[] memory words = new uint256[](n);
        uint256[] memory requests = new uint256[](n);
        for (uint256 k = 0; k < n; ++k) {
            if (signers[k] == address(0)) continue;
            uint256 word = orders[k].word;
            uint256 terms = orders[k].terms;
            if (signers[k] != depositors[k]) {
                _skip(k, word, terms, OrderSkipReason.NotController);
                continue;
            }
            uint256 nonceIndex = _nonceIndex(word.tokenId(), uint64(terms));
            if (_usedNonces.get(nonceIndex)) {
                _skip(k, word, terms, OrderSkipReason.NonceUsed);
                continue;
            }
            _usedNonces.set(nonceIndex);
            words[k] = word;
            requests[k] = word.tokenId() | (word.lockedWei() << 48);
        }
        bool[] memory short = _profile.escrowOrders(requests);
        for (uint256 k = 0; k < n; ++k) {
            if (short[k]) _refuse(k, orders[k], words, OrderSkipReason.InsufficientCollateral);
        }
        filed = _fileOrders(IEnergyMarket(market_), orders, words);
    }

    /**
     * @dev The checks of the order at `index` of a batch that need no state: its form, deadline,
     * interval, size and signature. Returns its signer, or zero when it failed (reported skipped).
     */
    function _checkOrder(uint256 index, SignedOrder calldata order, uint32 current, uint256 minEnergyWh)
        private
        returns (address signer)
    {
        uint256 word = order.word;
        uint256 terms = order.terms;
        if (
            word.hasSpareBits() || terms & _TERMS_SPARE_BITS != 0 || word.sideByte() > 1 || word.tokenId() == 0
                || word.energyWh() == 0 || (word.isConsumption() && word.limitPriceWeiPerKWh() == 0)
        ) return _skip(index, word, terms, OrderSkipReason.Malformed);
        if (block.timestamp > uint64(terms >> 64)) return _skip(index, word, terms, OrderSkipReason.Expired);
        if (word.interval() < current) return _skip(index, word, terms, OrderSkipReason.IntervalClosed);
        if (word.energyWh() < minEnergyWh) return _skip(index, word, terms, OrderSkipReason.BelowMinimum);
        ECDSA.RecoverError recoverError;
        (signer, recoverError,) = ECDSA.tryRecover(_orderDigest(word, terms), order.r, order.vs);
        if (recoverError != ECDSA.RecoverError.NoError) return _skip(index, word, terms, OrderSkipReason.BadSignature);
    }

    /// @dev Reports the order at `index` skipped; returns no signer.
    function _skip(uint256 index, uint256 word, uint256 terms, OrderSkipReason reason) private returns (address) {
        emit OrderSkipped(index, uint48(word), uint64(terms), reason);
        return address(0);
    }

    /// @dev Skips an order that passed the pool's checks: its nonce is free again and it is not filed.
    function _refuse(uint256 index, SignedOrder calldata order, uint256[] memory words, OrderSkipReason reason)
        private
    {
        uint256 word = order.word;
        _usedNonces.unset(_nonceIndex(word.tokenId(), uint64(order.terms)));
        words[index] = 0;
        _skip(index, word, order.terms, reason);
    }

    /**
     * @dev Gives the orders left in `words` (zero: skipped) the next order ids and has the market
     * file them into its books (it refuses a second production of a profile in an interval); keeps
     * what it filed as one segment. Returns how many were filed.
     */
    function _fileOrders(IEnergyMarket market_, SignedOrder[] calldata orders, uint256[] memory words)
        private
        returns (uint256 filed)
    {
        uint256 n = words.length;
        uint256 m;
        for (uint256 k = 0; k < n; ++k) {
            if (words[k] != 0) ++m;
        }
        if (m == 0) return 0;
        // The segment: its header, then the words in order; `batchIndex` maps each back to the batch.
        uint256[] memory segment = new uint256[](m + 1);
        uint256[] memory batchIndex = new uint256[](m);
        uint256[] memory candidates = new uint256[](m);
        uint256 j;
        for (uint256 k = 0; k < n; ++k) {
            if (words[k] == 0) continue;
            (candidates[j], batchIndex[j]) = (words[k], k);
            ++j;
        }
        uint256 firstId = _ORDER_ID_OFFSET + _orderCount;
        if (firstId + m - 1 > _MAX_ORDER_ID) revert EnergyPoolLedgerFull(firstId + m - 1);
        bool[] memory taken = market_.fileOrders(firstId, candidates);
        for (j = 0; j < m; ++j) {
            if (taken[j]) {
                _refuse(batchIndex[j], orders[batchIndex[j]], words, OrderSkipReason.SecondProduction);
            } else {
                segment[j + 1] = candidates[j];
                ++filed;
            }
        }
        if (filed == 0) return 0;
        segment[0] = OrderSegment.header(firstId, m);
        _orderSegments[firstId] = keccak256(abi.encodePacked(segment));
        // Below 2^31 order ids, checked above.
        _orderCount = uint32(firstId + m - _ORDER_ID_OFFSET);
        emit OrdersFiled(segment);
    }

    /// @dev Token ids are below 2^48, so (nonce, tokenId) pairs are distinct indices.
    function _nonceIndex(uint256 tokenId, uint64 nonce) private pure returns (uint256) {
        return (uint256(nonce) << 48) | tokenId;
    }

    /// @dev The EIP-712 digest of an order (see ISignedOrders for the type).
    function _orderDigest(uint256 word, uint256 terms) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _ORDER_TYPEHASH,
                    word.tokenId(),
                    word.interval(),
                    word.sideByte(),
                    word.energyWh(),
                    word.limitPriceWeiPerKWh(),
                    uint64(terms),
                    uint64(terms >> 64)
                )
            )
        );
    }

    /// @inheritdoc ISignedOrders
    function supplyOrders(uint256[] calldata segments) external {
        uint256 length = segments.length;
        for (uint256 offset = 0; offset < length;) {
            uint256 h = segments[offset];
            (uint256 firstId, uint256 count) = (OrderSegment.firstId(h), OrderSegment.count(h));
            uint256 end = offset + 1 + count;
            if (end > length) revert EnergyPoolOrdersMismatch(offset);
            bytes32 stored = _orderSegments[firstId];
            if (stored == 0 || keccak256(abi.encodePacked(segments[offset:end])) != stored) {
                revert EnergyPoolOrdersMismatch(offset);
            }
            for (uint256 k = 0; k < count; ++k) {
                uint256 word = segments[offset + 1 + k];
                // Order ids are at least 2^31, far above the slots Solidity gives transient variables.
                if (word != 0) TransientSlot.tstore(TransientSlot.asUint256(bytes32(firstId + k)), word);
            }
            offset = end;
        }
    }

    /// @inheritdoc IEnergyPool
    function recordCommitted(CommittedDelta[] calldata deltas) external onlyMarket {
        for (uint256 i = 0; i < deltas.length; ++i) {
            CommittedDelta calldata delta = deltas[i];
            IntervalTotals storage totals = _totals[delta.interval];
            totals.committedProductionWh += delta.productionWh;
            totals.committedConsumptionWh += delta.consumptionWh;
        }
    }

    /// @inheritdoc IEnergyPool
    function recordMetered(uint32 interval, uint64 producedWh, uint64 consumedWh, uint64 tradedWh) external onlyMarket {
        IntervalTotals storage totals = _totals[interval];
        totals.producedWh = producedWh;
        totals.consumedWh = consumedWh;
        totals.tradedWh = tradedWh;
    }

    /// @inheritdoc IEnergyPool
    function wire(address market_) external {
        if (msg.sender != address(_profile)) revert EnergyPoolUnauthorizedCaller(msg.sender);
        if (_market != address(0)) revert EnergyPoolAlreadyWired(_market);
        if (market_ == address(0) || address(IEnergyMarket(market_).pool()) != address(this)) {
            revert EnergyPoolInvalidAddress(market_);
        }
        _market = market_;
        emit MarketWired(market_);
    }

    /// @inheritdoc IEnergyPool
    function commitmentOf(uint256 commitmentId) external view returns (Commitment memory) {
        if (commitmentId >= _commitmentCount) revert EnergyPoolUnknownCommitment(commitmentId);
        return _commitments[commitmentId].toCommitment();
    }

    /// @inheritdoc IEnergyPool
    function commitmentCount() external view returns (uint256) {
        return _commitmentCount;
    }

    /// @inheritdoc IEnergyPool
    function commitmentWordsFrom(uint256 fromId, uint256 maxCount) external view returns (uint256[] memory words) {
        uint256 count = _commitmentCount;
        uint256 n = fromId < count ? count - fromId : 0;
        if (n > maxCount) n = maxCount;
        words = new uint256[](n);
        unchecked {
            // fromId + i < count, a uint32.
            for (uint256 i = 0; i < n; ++i) {
                words[i] = _commitments[fromId + i];
            }
        }
    }

    /// @inheritdoc IEnergyPool
    function commitmentWordsOf(uint256[] calldata ids) external view returns (uint256[] memory words) {
        uint256 n = ids.length;
        words = new uint256[](n);
        for (uint256 i = 0; i < n;) {
            uint256 id = ids[i];
            if (id < _ORDER_ID_OFFSET) {
                words[i] = _commitments[id];
            } else {
                // A filed order: its word was supplied in this transaction, or is missing (never zero: its token id is not).
                uint256 word = TransientSlot.tload(TransientSlot.asUint256(bytes32(id)));
                if (word == 0) revert EnergyPoolOrdersMissing(id);
                words[i] = word;
            }
            unchecked {
                ++i; // i < n
            }
        }
    }

    /// @inheritdoc IEnergyPool
    function intervalTotalsOf(uint32 interval) external view returns (IntervalTotals memory) {
        return _totals[interval];
    }

    /// @inheritdoc ISignedOrders
    function orderSegmentOf(uint256 firstId) external view returns (bytes32) {
        return _orderSegments[firstId];
    }

    /// @inheritdoc ISignedOrders
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc ISignedOrders
    function isNonceUsed(uint256 tokenId, uint64 nonce) external view returns (bool) {
        return tokenId < (1 << 48) && _usedNonces.get(_nonceIndex(tokenId, nonce));
    }

    /// @inheritdoc ISignedOrders
    function orderDigest(uint256 word, uint256 terms) external view returns (bytes32) {
        return _orderDigest(word, terms);
    }

    /// @inheritdoc IEnergyPool
    function profile() external view returns (IEnergyProfile) {
        return _profile;
    }

    /// @inheritdoc IEnergyPool
    function market() external view returns (address) {
        return _market;
    }
}
