// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "./interfaces/IEnergyPool.sol";
import {IEnergyProfile} from "./interfaces/IEnergyProfile.sol";
import {IIntervalClock} from "./interfaces/IIntervalClock.sol";
import {ISimulatedMeter} from "./interfaces/ISimulatedMeter.sol";
import {FeedReading} from "./libraries/FeedReading.sol";

/**
 * @title SimulatedMeter
 * @notice The clearing markets' oracle in simulation: market-wide metered energy from the
 * produced and consumed feeds (read with {FeedReading}'s rules), per-profile deliveries from
 * one reporter that the owner sets, for profiles the pool's profile contract has minted.
 *
 * @dev Invariant: interval `i`'s deliveries change only while interval `i + 1` is open and the
 * reporter has not finalized them, so they are final once either happened, and the markets start
 * settling `i` only then. Unreported deliveries read as zero.
 */
contract SimulatedMeter is Ownable, ISimulatedMeter {
    using BitMaps for BitMaps.BitMap;

    IIntervalClock private immutable _clock;
    /// @dev Numbers the profiles (from 1): a report names only minted ones.
    IEnergyProfile private immutable _profile;
    AggregatorV3Interface private immutable _producedFeed;
    AggregatorV3Interface private immutable _consumedFeed;
    address private _reporter;

    /**
     * @dev (interval << 48 | tokenId >> 2) => four neighbouring profiles' deliveries in Wh, 64 bits
     * each at bit 64 × (tokenId & 3): a market reading producers with nearby ids pays one cold
     * storage read for up to four of them.
     */
    mapping(uint256 key => uint256 packed) private _delivered;
    /// @dev Intervals whose deliveries the reporter finalized.
    BitMaps.BitMap private _finalized;

    /**
     * @param initialOwner The account that sets the reporter.
     * @param reporter_ The account that reports deliveries.
     * @param pool_ The pool whose clock the meter reports and whose profile contract numbers the profiles.
     * @param producedFeed_ Metered energy produced in the market (Wh × 10^decimals).
     * @param consumedFeed_ Metered energy consumed in the market (Wh × 10^decimals).
     */
    constructor(
        address initialOwner,
        address reporter_,
        IEnergyPool pool_,
        AggregatorV3Interface producedFeed_,
        AggregatorV3Interface consumedFeed_
    ) Ownable(initialOwner) {
        if (address(pool_) == address(0)) revert SimulatedMeterInvalidAddress(address(pool_));
        if (address(producedFeed_) == address(0)) revert SimulatedMeterInvalidAddress(address(producedFeed_));
        if (address(consumedFeed_) == address(0)) revert SimulatedMeterInvalidAddress(address(consumedFeed_));
        _clock = pool_;
        _profile = pool_.profile();
        _producedFeed = producedFeed_;
        _consumedFeed = consumedFeed_;
        _reporter = reporter_;
        emit ReporterSet(address(0), reporter_);
    }

    /// @inheritdoc ISimulatedMeter
    function reportDeliveries(uint32 interval, uint256[] calldata tokenIds, uint64[] calldata energyWh) external {
        _checkReport(interval);
        if (tokenIds.length != energyWh.length) revert SimulatedMeterLengthMismatch(tokenIds.length, energyWh.length);
        // Profiles are numbered 1 to lastTokenId, below 2^48: any other id would alias a profile's slot.
        uint256 lastTokenId = _profile.lastTokenId();
        for (uint256 i = 0; i < tokenIds.length; ++i) {
            uint256 tokenId = tokenIds[i];
            if (tokenId == 0 || tokenId > lastTokenId) revert SimulatedMeterUnknownProfile(tokenId, lastTokenId);
            (uint256 key, uint256 shift) = _slotOf(interval, tokenId);
            uint256 packed = _delivered[key];
            _delivered[key] = (packed & ~(uint256(type(uint64).max) << shift)) | (uint256(energyWh[i]) << shift);
        }
        emit DeliveriesReported(interval, tokenIds, energyWh);
    }

    /// @inheritdoc ISimulatedMeter
    function finalizeDeliveries(uint32 interval) external {
        _checkReport(interval);
        _finalized.set(interval);
        emit DeliveriesFinalized(interval);
    }

    /// @dev The reporter, inside `interval`'s reporting window, before its deliveries are final.
    function _checkReport(uint32 interval) private view {
        if (_msgSender() != _reporter) revert SimulatedMeterUnauthorizedReporter(_msgSender());
        uint256 opensAt = _clock.intervalEndOf(interval);
        uint256 closesAt = opensAt + _clock.intervalSeconds();
        if (block.timestamp < opensAt || block.timestamp >= closesAt) {
            revert SimulatedMeterOutsideReportingWindow(interval, opensAt, closesAt);
        }
        if (_finalized.get(interval)) revert SimulatedMeterDeliveriesFinal(interval);
    }

    /// @inheritdoc ISimulatedMeter
    function setReporter(address reporter_) external onlyOwner {
        address previous = _reporter;
        _reporter = reporter_;
        emit ReporterSet(previous, reporter_);
    }

    /// @inheritdoc IEnergyOracle
    function meteredEnergyOf(uint32 interval) external view returns (uint256 producedWh, uint256 consumedWh) {
        uint256 end = _clock.intervalEndOf(interval);
        uint256 length = _clock.intervalSeconds();
        producedWh = FeedReading.energyWhOf(_producedFeed, interval, end, length);
        consumedWh = FeedReading.energyWhOf(_consumedFeed, interval, end, length);
    }

    /// @inheritdoc IEnergyOracle
    function deliveriesFinal(uint32 interval) external view returns (bool) {
        return _finalized.get(interval) || block.timestamp >= _clock.intervalEndOf(interval) + _clock.intervalSeconds();
    }

    /// @inheritdoc IEnergyOracle
    function deliveredWhOf(uint32 interval, uint256 tokenId) external view returns (uint256) {
        return _deliveredWhOf(interval, tokenId);
    }

    /// @inheritdoc IEnergyOracle
    function deliveredWhOfMany(uint32 interval, uint256[] calldata tokenIds) external view returns (uint256[] memory energyWh) {
        uint256 n = tokenIds.length;
        energyWh = new uint256[](n);
        for (uint256 i = 0; i < n;) {
            energyWh[i] = _deliveredWhOf(interval, tokenIds[i]);
            unchecked {
                ++i; // i < n
            }
        }
    }

    function _deliveredWhOf(uint32 interval, uint256 tokenId) private view returns (uint256) {
        (uint256 key, uint256 shift) = _slotOf(interval, tokenId);
        return uint64(_delivered[key] >> shift);
    }

    /// @dev Where profile `tokenId`'s delivery in `interval` is kept: its storage key and bit offset.
    function _slotOf(uint32 interval, uint256 tokenId) private pure returns (uint256 key, uint256 shift) {
        // Token ids are below 2^48 (the profile contract numbers them with a uint48).
        uint256 id = uint48(tokenId);
        key = (uint256(interval) << 48) | (id >> 2);
        shift = (id & 3) << 6;
    }

    /// @inheritdoc ISimulatedMeter
    function reporter() external view returns (address) {
        return _reporter;
    }

    /// @inheritdoc ISimulatedMeter
    function clock() external view returns (IIntervalClock) {
        return _clock;
    }

    /// @inheritdoc ISimulatedMeter
    function producedFeed() external view returns (AggregatorV3Interface) {
        return _producedFeed;
    }

    /// @inheritdoc ISimulatedMeter
    function consumedFeed() external view returns (AggregatorV3Interface) {
        return _consumedFeed;
    }
}
