// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {IEnergyProfile} from "./interfaces/IEnergyProfile.sol";
import {IEnergyMarket} from "./interfaces/IEnergyMarket.sol";
import {IntervalClock} from "./IntervalClock.sol";
import {CommitmentWord} from "./libraries/CommitmentWord.sol";

/**
 * @title EnergyPool
 * @notice Escrows deposited energy profiles, takes their depositors' commitments into a ledger
 * (whose unprocessed tail is the market buffer), and keeps per-interval energy aggregates.
 *
 * @dev Invariants (NEVER violate):
 * - Commitment ids are dense, 0..commitmentCount-1, and a stored commitment never changes.
 * - Only a profile's depositor commits for it, and every commitment locked its consumer's
 *   collateral in the profile contract in the same transaction.
 * - Interval aggregates change only through the market.
 */
contract EnergyPool is IntervalClock, IEnergyPool {
    using CommitmentWord for uint256;

    /// @dev The market's books keep ids in 31 bits.
    uint256 private constant _MAX_COMMITMENT_ID = (1 << 31) - 1;

    IEnergyProfile private immutable _profile;

    // `_market` and `_commitmentCount` share a slot.
    address private _market;
    uint32 private _commitmentCount;

    mapping(uint256 commitmentId => uint256 word) private _commitments;
    mapping(uint32 interval => IntervalTotals) private _totals;

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
            words[i] = _commitments[ids[i]];
            unchecked {
                ++i; // i < n
            }
        }
    }

    /// @inheritdoc IEnergyPool
    function intervalTotalsOf(uint32 interval) external view returns (IntervalTotals memory) {
        return _totals[interval];
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
