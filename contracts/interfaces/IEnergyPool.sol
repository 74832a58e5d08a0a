// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IEnergyProfile} from "./IEnergyProfile.sol";
import {IIntervalClock} from "./IIntervalClock.sol";
import {ISignedOrders} from "./ISignedOrders.sol";

/**
 * @title IEnergyPool
 * @notice Escrow of deposited energy profiles, the ledger of their commitments, batched signed
 * orders (ISignedOrders), and the per-interval energy aggregates.
 *
 * Units: energy in Wh, limit prices in wei per kWh, money in wei. Interval `i` covers
 * `[startTime + i * intervalSeconds, startTime + (i + 1) * intervalSeconds)`.
 */
interface IEnergyPool is IERC721Receiver, IIntervalClock, ISignedOrders {
    /// @dev Which way the energy goes.
    enum Side {
        Production,
        Consumption
    }

    /**
     * @dev A commitment as stored (one 256-bit word; see CommitmentWord).
     * A producer sells only at a clearing price ≥ its limit, a consumer buys only at ≤ its limit.
     * `lockedWei` is the collateral a consumer locked: ceil(energyWh × limit / 1000); zero for producers.
     */
    struct Commitment {
        uint256 tokenId;
        uint32 interval;
        Side side;
        uint64 energyWh;
        uint96 limitPriceWeiPerKWh;
        uint256 lockedWei;
    }

    /// @dev Per-interval aggregates, in Wh: committed (commitments filed by the market, orders
    /// filed by the pool), metered (the feeds' readings at settlement) and traded (E = min(in-the-money
    /// supply and demand, metered)).
    struct IntervalTotals {
        uint128 committedProductionWh;
        uint128 committedConsumptionWh;
        uint64 producedWh;
        uint64 consumedWh;
        uint64 tradedWh;
    }

    /// @dev Committed energy filed into an interval's books during one market batch.
    struct CommittedDelta {
        uint32 interval;
        uint128 productionWh;
        uint128 consumptionWh;
    }

    /// @notice The depositor of `tokenId` committed; the commitment waits in the market buffer.
    event CommitmentCreated(
        uint256 indexed commitmentId,
        uint256 indexed tokenId,
        uint32 indexed interval,
        Side side,
        uint64 energyWh,
        uint96 limitPriceWeiPerKWh,
        uint256 lockedWei
    );
    /// @notice The profile contract's owner wired the market (once).
    event MarketWired(address market);

    /// @dev Only the wired market (or, for {wire}, the profile contract) may call this function.
    error EnergyPoolUnauthorizedCaller(address caller);
    /// @dev The pool only escrows tokens of its EnergyProfile contract.
    error EnergyPoolUnexpectedToken(address token);
    /// @dev `caller` is not the depositor of `tokenId` (`depositor` is zero when it is not in the pool).
    error EnergyPoolNotDepositor(address caller, uint256 tokenId, address depositor);
    /// @dev Commitments name the current interval or a later one.
    error EnergyPoolIntervalClosed(uint32 interval, uint32 currentInterval);
    /// @dev A commitment of zero energy.
    error EnergyPoolZeroEnergy();
    /// @dev A consumption commitment with a limit price of zero (it would lock no collateral).
    error EnergyPoolZeroConsumerLimit();
    /// @dev The ledger holds at most 2^31 commitments (ids 0 to 2^31 - 1), and 2^31 orders (ids 2^31 to 2^32 - 1).
    error EnergyPoolLedgerFull(uint256 commitmentId);
    /// @dev No commitment has this id.
    error EnergyPoolUnknownCommitment(uint256 commitmentId);
    /// @dev The market was wired already.
    error EnergyPoolAlreadyWired(address market);
    /// @dev `account` is not a market of this pool.
    error EnergyPoolInvalidAddress(address account);

    /**
     * @notice Escrows a profile the caller owns (after `approve(pool, tokenId)` on the profile contract).
     * `profile.safeTransferFrom(caller, pool, tokenId)` (or `transferFrom`) does the same in one transaction.
     */
    function deposit(uint256 tokenId) external;

    /// @notice Returns an escrowed profile to its depositor; it must have no open commitments.
    function withdraw(uint256 tokenId) external;

    /**
     * @notice Commits a deposited profile to produce or consume `energyWh` in `interval`.
     * Only the profile's depositor. A consumer locks ceil(energyWh × limitPriceWeiPerKWh / 1000)
     * of the profile's collateral until the commitment is settled or expires, so its limit must be
     * positive: every consumer entry locks at least one wei.
     * @param interval The current interval or a later one.
     * @param limitPriceWeiPerKWh A producer's lowest, or a consumer's highest, acceptable price in
     * wei per kWh (not scaled by the price feed's decimals).
     * @return commitmentId The commitment's id (ids start at 0, in buffer order).
     */
    function commit(uint256 tokenId, uint32 interval, uint64 energyWh, Side side, uint96 limitPriceWeiPerKWh)
        external
        returns (uint256 commitmentId);

    /// @notice The commitment `commitmentId` as created.
    function commitmentOf(uint256 commitmentId) external view returns (Commitment memory);

    /// @notice How many commitments were ever created (the next id).
    function commitmentCount() external view returns (uint256);

    /// @notice Packed words (see CommitmentWord) of up to `maxCount` commitments from `fromId` on.
    function commitmentWordsFrom(uint256 fromId, uint256 maxCount) external view returns (uint256[] memory words);

    /// @notice Packed words (see CommitmentWord) of the commitments `ids`.
    function commitmentWordsOf(uint256[] calldata ids) external view returns (uint256[] memory words);

    /// @notice The aggregates of `interval`.
    function intervalTotalsOf(uint32 interval) external view returns (IntervalTotals memory);

    /// @notice Adds committed energy filed into intervals' books. Only the market.
    function recordCommitted(CommittedDelta[] calldata deltas) external;

    /// @notice Records an interval's metered and traded energy. Only the market.
    function recordMetered(uint32 interval, uint64 producedWh, uint64 consumedWh, uint64 tradedWh) external;

    /// @notice The EnergyProfile contract whose tokens the pool escrows.
    function profile() external view returns (IEnergyProfile);

    /// @notice The wired market (zero before wiring).
    function market() external view returns (address);

    /// @notice Wires the market, once. Only the profile contract (from its owner's `wire`).
    function wire(address market_) external;
}
