// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IEnergyProfile} from "./interfaces/IEnergyProfile.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {EnergyPool} from "./EnergyPool.sol";
import {IEnergyMarket} from "./interfaces/IEnergyMarket.sol";
import {CreditLanes} from "./libraries/CreditLanes.sol";
import {ProfileUpdate} from "./libraries/ProfileUpdate.sol";
import {ProfileWord} from "./libraries/ProfileWord.sol";

/**
 * @title EnergyProfile
 * @notice The energy profile NFT. Each token holds its owner's ETH collateral; collateral
 * locked by open consumption commitments cannot leave, and moves for settlement only when
 * the market applies settled commitments. A consumer order's lock moves into the clearing
 * account when the pool files the order ({escrowOrders}); its settlement pays the rest back.
 *
 * @dev Invariants (NEVER violate):
 * - `address(this).balance == Σ collateralWei` over all profiles (their order credits included) and the clearing account
 *   (token id 0, never minted; see {clearingWei}) (ETH forced in by
 *   SELFDESTRUCT or as a block reward aside, which no contract can refuse). ETH enters only
 *   with {registerUser}/{registerUserInPool}/{addCollateral}, leaves only with
 *   {withdrawCollateral} (and, from the clearing account, {withdrawClearing}),
 *   {applyCommitmentUpdates} moves collateral between profiles with Σ spent == Σ credited in
 *   every call, and {escrowOrders} moves exactly what it takes from profiles into the clearing
 *   account. A filed consumer order's lock is in the clearing account until the market settles
 *   or releases the order; orders never count as open commitments.
 * - `lockedWei ≤ collateralWei` for every profile.
 * - A profile is owned by the pool exactly when it has a depositor on record, and a profile
 *   with open commitments never leaves the pool. All transfers pass {_update}, which keeps both.
 */
contract EnergyProfile is ERC721, Ownable, IEnergyProfile {
    using ProfileWord for uint256;

    /// @dev Collateral is accounted in uint96; the contract never holds more than this in total.
    uint256 private constant _COLLATERAL_CAP_WEI = type(uint96).max;
    /// @dev Token id 0 is never minted (ids start at 1): the market's clearing account.
    uint256 private constant _CLEARING_ACCOUNT = 0;


    /// @dev The pool is created by this contract's constructor, so the hot paths (deposit,
    /// commit) compare against an immutable instead of reading storage.
    IEnergyPool private immutable _pool;

    /// @dev Shares the slot of Ownable's owner, which is never empty: numbering costs no fresh slot.
    uint48 private _lastTokenId;
    address private _market;

    /// @dev Packed {Profile}s (see ProfileWord): one SLOAD and one SSTORE per change.
    mapping(uint256 tokenId => uint256 word) private _profiles;
    mapping(uint256 tokenId => address) private _depositors;
    /// @dev Settled orders' credits not yet in their profiles' words (see CreditLanes); part of each profile's collateral.
    mapping(uint256 key => uint256 lanes) private _orderCredits;

    /// @dev Reentrancy guard in transient storage (EIP-1153): cleared when the guarded call returns.
    bool private transient _entered;

    /// @dev Rejects a call made while a guarded function of this contract is running.
    modifier nonReentrant() {
        if (_entered) revert EnergyProfileReentrantCall();
        _entered = true;
        _;
        _entered = false;
    }

    /**
     * @notice Deploys the profile contract and its EnergyPool (see {pool}).
     * @param initialOwner The account that wires the market.
     * @param startTime_ When interval 0 opens (unix seconds); zero means now.
     * @param intervalSeconds_ The interval length; zero means 3600.
     */
    constructor(address initialOwner, uint256 startTime_, uint256 intervalSeconds_)
        ERC721("DEM Energy Profile", "DEMP")
        Ownable(initialOwner)
    {
        _pool = new EnergyPool(this, startTime_, intervalSeconds_);
    }

    /// @inheritdoc IEnergyProfile
    function registerUser(uint32 location, uint8 energyType) external payable returns (uint256 tokenId) {
        tokenId = _register(_msgSender(), location, energyType);
    }

    /// @inheritdoc IEnergyProfile
    function registerUserInPool(uint32 location, uint8 energyType) external payable returns (uint256 tokenId) {
        // Minting to the pool passes {_update}, which records the caller as the depositor.
        tokenId = _register(address(_pool), location, energyType);
    }

    /// @inheritdoc IEnergyProfile
    function addCollateral(uint256 tokenId) external payable nonReentrant {
        _checkController(tokenId);
        if (msg.value == 0) revert EnergyProfileZeroAmount();
        _checkCollateralCap();
        uint256 word = _profiles[tokenId];
        // The total held, which includes this profile's collateral, is below the uint96 cap.
        uint256 collateralWei = word.collateralWei() + msg.value;
        _profiles[tokenId] = word.withBalances(collateralWei, word.lockedWei(), word.openCommitments());
        emit CollateralAdded(tokenId, _msgSender(), msg.value, collateralWei);
    }

    /// @inheritdoc IEnergyProfile
    function withdrawCollateral(uint256 tokenId, uint256 amountWei) external nonReentrant {
        address to = _checkController(tokenId);
        if (amountWei == 0) revert EnergyProfileZeroAmount();
        uint256 word = _profiles[tokenId];
        if (amountWei > word.collateralWei() - word.lockedWei()) word = _foldCredits(tokenId, word);
        uint256 collateralWei = word.collateralWei();
        uint256 availableWei = collateralWei - word.lockedWei();
        if (amountWei > availableWei) revert EnergyProfileInsufficientCollateral(tokenId, availableWei, amountWei);
        // Checks, effects, interactions: the collateral is debited before the ETH leaves.
        unchecked {
            // amountWei ≤ availableWei ≤ collateralWei.
            collateralWei -= amountWei;
        }
        _profiles[tokenId] = word.withBalances(collateralWei, word.lockedWei(), word.openCommitments());
        emit CollateralWithdrawn(tokenId, to, amountWei, collateralWei);
        (bool sent,) = to.call{value: amountWei}("");
        if (!sent) revert EnergyProfileTransferFailed(to, amountWei);
    }

    /// @inheritdoc IEnergyProfile
    function openCommitment(uint256 tokenId, address account, uint256 lockWei) external {
        if (_msgSender() != address(_pool)) revert EnergyProfileUnauthorizedCaller(_msgSender());
        address depositor = _depositors[tokenId];
        if (depositor != account || depositor == address(0)) revert EnergyProfileNotDepositor(account, tokenId, depositor);
        uint256 word = _profiles[tokenId];
        uint256 collateralWei = word.collateralWei();
        uint256 lockedWei = word.lockedWei();
        uint256 openCommitments = word.openCommitments();
        if (lockWei > collateralWei - lockedWei) {
            // Short of free collateral: the profile's order credits count too.
            word = _foldCredits(tokenId, word);
            collateralWei = word.collateralWei();
            uint256 availableWei = collateralWei - lockedWei;
            if (lockWei > availableWei) revert EnergyProfileInsufficientCollateral(tokenId, availableWei, lockWei);
        }
        if (openCommitments == type(uint24).max) revert EnergyProfileTooManyOpenCommitments(tokenId);
        unchecked {
            // lockWei ≤ availableWei, so lockedWei stays ≤ collateralWei < 2^96; the count was checked above.
            _profiles[tokenId] = word.withBalances(collateralWei, lockedWei + lockWei, openCommitments + 1);
        }
    }

    /// @inheritdoc IEnergyProfile
    function escrowOrders(uint256[] calldata requests) external returns (bool[] memory short) {
        if (_msgSender() != address(_pool)) revert EnergyProfileUnauthorizedCaller(_msgSender());
        uint256 n = requests.length;
        short = new bool[](n);
        uint256 escrowedWei;
        for (uint256 k = 0; k < n; ++k) {
            uint256 request = requests[k];
            uint256 tokenId = uint48(request);
            uint256 lockWei = request >> 48;
            if (lockWei == 0) continue;
            uint256 word = _profiles[tokenId];
            uint256 collateralWei = word.collateralWei();
            uint256 lockedWei = word.lockedWei();
            if (lockWei > collateralWei - lockedWei) {
                // Short of free collateral: the profile's order credits count too.
                word = _foldCredits(tokenId, word);
                collateralWei = word.collateralWei();
                if (lockWei > collateralWei - lockedWei) {
                    short[k] = true;
                    continue;
                }
            }
            unchecked {
                // lockWei ≤ the free collateral; the sum stays below the uint96 cap on all collateral.
                _profiles[tokenId] = word.withBalances(collateralWei - lockWei, lockedWei, word.openCommitments());
                escrowedWei += lockWei;
            }
        }
        if (escrowedWei == 0) return short;
        // The clearing account's balance is all locked: only the market moves it.
        uint256 clearing = _profiles[_CLEARING_ACCOUNT];
        uint256 heldWei = clearing.collateralWei() + escrowedWei;
        _profiles[_CLEARING_ACCOUNT] = clearing.withBalances(heldWei, heldWei, 0);
    }

    /// @inheritdoc IEnergyProfile
    function applyCommitmentUpdates(uint256[] calldata updates) external {
        if (_msgSender() != _market) revert EnergyProfileUnauthorizedCaller(_msgSender());
        uint256 totalSpentWei;
        uint256 totalCreditedWei;
        // What orders' settlements take out of the clearing account, where their locks wait.
        uint256 fromClearingWei;
        uint256 n = updates.length;
        for (uint256 i = 0; i < n;) {
            uint256 update = updates[i];
            unchecked {
                ++i; // i ≤ n
            }
            if (update == 0) continue; // unused trailing slot of the market's batch
            if (ProfileUpdate.isOrder(update)) {
                (uint256 orderSpentWei, uint256 orderCreditedWei) = _applyOrderUpdate(update);
                totalSpentWei += orderSpentWei;
                totalCreditedWei += orderCreditedWei;
                if (!ProfileUpdate.isCredit(update)) fromClearingWei += orderSpentWei + ProfileUpdate.amountWei(update);
                continue;
            }
            uint256 tokenId = ProfileUpdate.tokenId(update);
            uint256 word = _profiles[tokenId];
            uint256 collateralWei = word.collateralWei();
            uint256 lockedWei = word.lockedWei();
            uint256 openCommitments = word.openCommitments();
            uint256 spentWei = ProfileUpdate.spentWei(update);
            uint256 amountWei = ProfileUpdate.amountWei(update);
            // Checked arithmetic: spending or releasing more than is locked, or closing more
            // commitments than are open, reverts.
            collateralWei -= spentWei;
            lockedWei -= spentWei;
            if (ProfileUpdate.isCredit(update)) {
                collateralWei += amountWei;
                // The clearing account's balance is all locked: only the market moves it.
                if (tokenId == _CLEARING_ACCOUNT) lockedWei += amountWei;
                unchecked {
                    // As for totalSpentWei.
                    totalCreditedWei += amountWei;
                }
            } else {
                lockedWei -= amountWei;
            }
            if (ProfileUpdate.closes(update)) openCommitments -= 1;
            unchecked {
                // Each amount is below 2^96 and there are fewer than 2^32 of them.
                totalSpentWei += spentWei;
            }
            _profiles[tokenId] = word.withBalances(collateralWei, lockedWei, openCommitments);
        }
        if (totalSpentWei != totalCreditedWei) revert EnergyProfileUnbalancedUpdate(totalSpentWei, totalCreditedWei);
        if (fromClearingWei > 0) {
            uint256 clearing = _profiles[_CLEARING_ACCOUNT];
            // Checked: the clearing account holds every filed consumer order's lock until it is settled or released.
            uint256 heldWei = clearing.collateralWei() - fromClearingWei;
            _profiles[_CLEARING_ACCOUNT] = clearing.withBalances(heldWei, heldWei, 0);
        }
    }

    /**
     * @dev One settled or released order's update (see ProfileUpdate's ORDER flag): a producer is
     * credited its receipt; a consumer's lock is in the clearing account, which pays its `spentWei`
     * from it and gives back the rest. The profile's lane takes the credit (its word, if the lane is
     * full). Returns what counts as spent and credited in the batch.
     */
    function _applyOrderUpdate(uint256 update) private returns (uint256 spentWei, uint256 creditedWei) {
        uint256 amountWei = ProfileUpdate.amountWei(update);
        if (ProfileUpdate.isCredit(update)) creditedWei = amountWei;
        else spentWei = ProfileUpdate.spentWei(update);
        if (amountWei == 0) return (spentWei, creditedWei);
        uint256 tokenId = ProfileUpdate.tokenId(update);
        if (CreditLanes.credit(_orderCredits, tokenId, amountWei)) return (spentWei, creditedWei);
        uint256 word = _profiles[tokenId];
        // Below the uint96 cap on all collateral.
        _profiles[tokenId] = word.withBalances(word.collateralWei() + amountWei, word.lockedWei(), word.openCommitments());
    }

    /// @dev Moves the profile's order credits into its word (`word`, as stored); returns the word now stored.
    function _foldCredits(uint256 tokenId, uint256 word) private returns (uint256) {
        uint256 creditWei = CreditLanes.take(_orderCredits, tokenId);
        if (creditWei == 0) return word;
        // Below the uint96 cap on all collateral.
        word = word.withBalances(word.collateralWei() + creditWei, word.lockedWei(), word.openCommitments());
        _profiles[tokenId] = word;
        return word;
    }

    /// @inheritdoc IEnergyProfile
    function withdrawClearing(address to, uint256 amountWei) external nonReentrant {
        if (_msgSender() != _market) revert EnergyProfileUnauthorizedCaller(_msgSender());
        if (amountWei == 0) revert EnergyProfileZeroAmount();
        uint256 word = _profiles[_CLEARING_ACCOUNT];
        uint256 clearing = word.collateralWei();
        if (amountWei > clearing) revert EnergyProfileInsufficientCollateral(_CLEARING_ACCOUNT, clearing, amountWei);
        unchecked {
            // amountWei ≤ clearing, and the clearing account's locked part equals its collateral.
            clearing -= amountWei;
        }
        _profiles[_CLEARING_ACCOUNT] = word.withBalances(clearing, clearing, 0);
        emit ClearingWithdrawn(to, amountWei, clearing);
        (bool sent,) = to.call{value: amountWei}("");
        if (!sent) revert EnergyProfileTransferFailed(to, amountWei);
    }

    /// @inheritdoc IEnergyProfile
    function wire(address market_) external onlyOwner {
        if (_market != address(0)) revert EnergyProfileAlreadyWired(_market);
        if (market_ == address(0) || address(IEnergyMarket(market_).pool()) != address(_pool)) {
            revert EnergyProfileInvalidAddress(market_);
        }
        _market = market_;
        emit MarketWired(market_);
        _pool.wire(market_);
    }

    /// @inheritdoc IEnergyProfile
    function profileOf(uint256 tokenId) external view returns (Profile memory profile) {
        _requireOwned(tokenId);
        profile = _profiles[tokenId].toProfile();
        // The total held is below the uint96 cap.
        profile.collateralWei += uint96(CreditLanes.balanceOf(_orderCredits, tokenId));
    }

    /// @inheritdoc IEnergyProfile
    function availableCollateralOf(uint256 tokenId) external view returns (uint256) {
        _requireOwned(tokenId);
        uint256 word = _profiles[tokenId];
        return word.collateralWei() + CreditLanes.balanceOf(_orderCredits, tokenId) - word.lockedWei();
    }

    /// @inheritdoc IEnergyProfile
    function clearingWei() external view returns (uint256) {
        return _profiles[_CLEARING_ACCOUNT].collateralWei();
    }

    /// @inheritdoc IEnergyProfile
    function depositorOf(uint256 tokenId) external view returns (address) {
        return _depositors[tokenId];
    }

    /// @inheritdoc IEnergyProfile
    function depositorsOf(uint256[] calldata tokenIds) external view returns (address[] memory depositors) {
        uint256 n = tokenIds.length;
        depositors = new address[](n);
        for (uint256 k = 0; k < n; ++k) {
            // Zero stands for no profile: it has no depositor, and reading it would cost a cold slot.
            if (tokenIds[k] != 0) depositors[k] = _depositors[tokenIds[k]];
        }
    }

    /// @inheritdoc IEnergyProfile
    function controllerOf(uint256 tokenId) public view returns (address) {
        address owner = _requireOwned(tokenId);
        return owner == address(_pool) ? _depositors[tokenId] : owner;
    }

    /// @inheritdoc IEnergyProfile
    function lastTokenId() external view returns (uint256) {
        return _lastTokenId;
    }

    /// @inheritdoc IEnergyProfile
    function pool() external view returns (address) {
        return address(_pool);
    }

    /// @inheritdoc IEnergyProfile
    function market() external view returns (address) {
        return _market;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165) returns (bool) {
        return interfaceId == type(IEnergyProfile).interfaceId || super.supportsInterface(interfaceId);
    }

    /**
     * @notice Like ERC-721's `safeTransferFrom`, except that a transfer to the pool skips the
     * receiver callback: the pool is this contract's own escrow and accepts every profile.
     */
    function safeTransferFrom(address from, address to, uint256 tokenId, bytes memory data)
        public
        override(ERC721, IERC721)
    {
        if (to == address(_pool)) {
            transferFrom(from, to, tokenId);
        } else {
            super.safeTransferFrom(from, to, tokenId, data);
        }
    }

    /**
     * @dev Every mint and transfer passes here. A token arriving at the pool (by `deposit`,
     * `safeTransferFrom`, `transferFrom` or {registerUserInPool}) gets its depositor recorded:
     * the previous owner, or the registering caller for a mint. A token leaving the pool must
     * have no open commitments, and its record is cleared.
     */
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        address pool_ = address(_pool);
        if (to == pool_) {
            address depositor = from == address(0) ? _msgSender() : from;
            _depositors[tokenId] = depositor;
            emit ProfileDeposited(tokenId, depositor);
        } else if (from == pool_) {
            uint256 openCommitments = _profiles[tokenId].openCommitments();
            if (openCommitments != 0) revert EnergyProfileHasOpenCommitments(tokenId, openCommitments);
            address depositor = _depositors[tokenId];
            delete _depositors[tokenId];
            emit ProfileWithdrawn(tokenId, depositor);
        }
    }

    function _register(address to, uint32 location, uint8 energyType) private returns (uint256 tokenId) {
        _checkCollateralCap();
        tokenId = ++_lastTokenId;
        // msg.value ≤ the balance just checked against the uint96 cap.
        _profiles[tokenId] = ProfileWord.encode(msg.value, location, energyType);
        _mint(to, tokenId);
        emit UserRegistered(_msgSender(), tokenId, location, energyType, msg.value);
    }

    /// @dev Reverts unless the caller controls the profile; returns the controller.
    function _checkController(uint256 tokenId) private view returns (address controller) {
        controller = controllerOf(tokenId);
        if (controller != _msgSender()) revert EnergyProfileNotController(_msgSender(), tokenId, controller);
    }

    /// @dev The balance already includes msg.value.
    function _checkCollateralCap() private view {
        if (address(this).balance > _COLLATERAL_CAP_WEI) {
            revert EnergyProfileCollateralCapExceeded(address(this).balance, _COLLATERAL_CAP_WEI);
        }
    }
}
