// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/**
 * @title IEnergyProfile
 * @notice The energy profile NFT: one ERC-721 token per prosumer, holding its ETH collateral.
 *
 * Units: money in wei, energy in Wh. A profile takes part in the market while it is deposited
 * (escrowed) in the EnergyPool; its depositor then acts for it.
 */
interface IEnergyProfile is IERC721 {
    /**
     * @dev One storage slot per profile.
     * `collateralWei` is all the ETH the profile holds (what settled orders credited it included);
     * `lockedWei` (≤ collateralWei) backs open consumption commitments; `openCommitments` counts commitments not yet settled or expired.
     * `location` (e.g. a grid zone or postcode) and `energyType` (0 solar, 1 wind, 2 hydro,
     * 3 biomass, 4 storage, 5 consumer-only; by convention) are labels the contracts never read.
     */
    struct Profile {
        uint96 collateralWei;
        uint96 lockedWei;
        uint24 openCommitments;
        uint32 location;
        uint8 energyType;
    }

    /// @notice A profile was minted to `owner` (or into the pool for `owner`) with `collateralWei`.
    event UserRegistered(
        address indexed owner, uint256 indexed tokenId, uint32 location, uint8 energyType, uint256 collateralWei
    );
    /// @notice `amountWei` was added by `from`; the profile now holds `collateralWei`.
    event CollateralAdded(uint256 indexed tokenId, address indexed from, uint256 amountWei, uint256 collateralWei);
    /// @notice `amountWei` was sent to `to`; the profile now holds `collateralWei`.
    event CollateralWithdrawn(uint256 indexed tokenId, address indexed to, uint256 amountWei, uint256 collateralWei);
    /// @notice The profile entered the pool's escrow; `depositor` now acts for it.
    event ProfileDeposited(uint256 indexed tokenId, address indexed depositor);
    /// @notice The profile left the pool's escrow and went back to `depositor`.
    event ProfileWithdrawn(uint256 indexed tokenId, address indexed depositor);
    /// @notice The owner wired the market (once).
    event MarketWired(address market);
    /// @notice The market sent `amountWei` of its clearing account to `to`; `clearingWei` is left.
    event ClearingWithdrawn(address indexed to, uint256 amountWei, uint256 clearingWei);

    /// @dev Only the pool (or the wired market) may call this function.
    error EnergyProfileUnauthorizedCaller(address caller);
    /// @dev `caller` is not the profile's controller (its owner, or its depositor while escrowed).
    error EnergyProfileNotController(address caller, uint256 tokenId, address controller);
    /// @dev `account` is not the depositor of `tokenId` (`depositor` is zero when the profile is not in the pool).
    error EnergyProfileNotDepositor(address account, uint256 tokenId, address depositor);
    /// @dev The profile's unlocked collateral `availableWei` is less than `neededWei`.
    error EnergyProfileInsufficientCollateral(uint256 tokenId, uint256 availableWei, uint256 neededWei);
    /// @dev Accepting the payment would make the contract hold `heldWei` > `capWei` (uint96 accounting).
    error EnergyProfileCollateralCapExceeded(uint256 heldWei, uint256 capWei);
    /// @dev The profile already has the maximum number of open commitments.
    error EnergyProfileTooManyOpenCommitments(uint256 tokenId);
    /// @dev A profile with open commitments cannot leave the pool.
    error EnergyProfileHasOpenCommitments(uint256 tokenId, uint256 openCommitments);
    /// @dev A batch of commitment updates would create or destroy value.
    error EnergyProfileUnbalancedUpdate(uint256 spentWei, uint256 creditedWei);
    /// @dev A collateral function was re-entered (from the ETH recipient's code).
    error EnergyProfileReentrantCall();
    /// @dev Sending `amountWei` to `to` failed.
    error EnergyProfileTransferFailed(address to, uint256 amountWei);
    /// @dev Adding or withdrawing zero wei.
    error EnergyProfileZeroAmount();
    /// @dev The market was wired already.
    error EnergyProfileAlreadyWired(address market);
    /// @dev `account` is not a market of this profile contract's pool.
    error EnergyProfileInvalidAddress(address account);

    /**
     * @notice Mints a profile to the caller with `msg.value` as its collateral.
     * @param location A location label (grid zone, postcode...).
     * @param energyType An energy-type label (see {Profile}).
     * @return tokenId The new profile's id (ids start at 1).
     */
    function registerUser(uint32 location, uint8 energyType) external payable returns (uint256 tokenId);

    /**
     * @notice Mints a profile straight into the pool's escrow, the caller as its depositor:
     * the same state as {registerUser} followed by a deposit, in one transaction.
     */
    function registerUserInPool(uint32 location, uint8 energyType) external payable returns (uint256 tokenId);

    /// @notice Adds `msg.value` to the profile's collateral. Only the profile's controller.
    function addCollateral(uint256 tokenId) external payable;

    /// @notice Sends `amountWei` of unlocked collateral to the caller. Only the profile's controller.
    function withdrawCollateral(uint256 tokenId, uint256 amountWei) external;

    /// @notice The profile's collateral, locked collateral, open commitments and labels.
    function profileOf(uint256 tokenId) external view returns (Profile memory);

    /// @notice Collateral not locked by open commitments: what {withdrawCollateral} can take.
    function availableCollateralOf(uint256 tokenId) external view returns (uint256);

    /**
     * @notice The market's clearing account: token id 0, which is never minted. Consumers pay
     * into it and producers are paid out of it (through {applyCommitmentUpdates}); consumer
     * orders' locks wait in it until their settlement ({escrowOrders}); what a mechanism keeps (a
     * pay-as-bid spread) stays in it until the market withdraws it. All of it is locked: only the
     * market moves it.
     */
    function clearingWei() external view returns (uint256);

    /// @notice Who deposited the profile into the pool; zero when it is not in the pool.
    function depositorOf(uint256 tokenId) external view returns (address);

    /// @notice The depositors of profiles `tokenIds` (zero address: not in the pool; for id 0, always).
    function depositorsOf(uint256[] calldata tokenIds) external view returns (address[] memory);

    /// @notice Who acts for the profile: its depositor while it is in the pool, else its owner.
    function controllerOf(uint256 tokenId) external view returns (address);

    /// @notice The id the last registered profile got (profiles are numbered 1, 2, ...).
    function lastTokenId() external view returns (uint256);

    /// @notice The EnergyPool this contract created in its constructor.
    function pool() external view returns (address);

    /// @notice The wired market (zero before wiring).
    function market() external view returns (address);

    /// @notice Wires the market into this contract and the pool, once. Only the owner.
    function wire(address market_) external;

    /**
     * @notice Locks `lockWei` of the profile's collateral and counts one more open commitment.
     * Only the pool, on behalf of `account`, who must be the profile's depositor.
     */
    function openCommitment(uint256 tokenId, address account, uint256 lockWei) external;

    /**
     * @notice For signed orders the pool files (their signers checked against {depositorsOf}):
     * moves each consumer's `lockWei` of `requests[k]` (tokenId | lockWei << 48; zero: no request)
     * out of its profile's free collateral into the clearing account. Only the pool.
     * @return short Per request, whether its lock exceeded the free collateral (then nothing changed for it).
     */
    function escrowOrders(uint256[] calldata requests) external returns (bool[] memory short);

    /**
     * @notice Applies settled or expired commitments to their profiles. Only the market.
     * @dev Each word is a {ProfileUpdate} word: token id, wei spent out of locked collateral,
     * wei credited or released, and whether the commitment is finished. Σ spent must equal
     * Σ credited within the call, so value is conserved between every two transactions.
     * Zero words are skipped. A credit to token id 0, the clearing account (see {clearingWei}),
     * raises its collateral and its locked part alike.
     */
    function applyCommitmentUpdates(uint256[] calldata updates) external;

    /**
     * @notice Sends `amountWei` of the clearing account to `to`. Only the market (which checks
     * that it is surplus of settled intervals, not money in flight).
     */
    function withdrawClearing(address to, uint256 amountWei) external;
}
