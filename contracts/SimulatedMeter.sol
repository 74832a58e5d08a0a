// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IEnergyOracle} from "./interfaces/IEnergyOracle.sol";
import {IIntervalClock} from "./interfaces/IIntervalClock.sol";
import {ISimulatedMeter} from "./interfaces/ISimulatedMeter.sol";
import {FeedReading} from "./libraries/FeedReading.sol";

/**
 * @title SimulatedMeter
 * @notice The clearing markets' oracle in simulation: market-wide metered energy from the
 * produced and consumed feeds (read with {FeedReading}'s rules), per-profile deliveries from
 * one reporter that the owner sets.
 *
 * @dev Invariant: interval `i`'s deliveries change only while interval `i + 1` is open, so
 * they are final once `i + 1` has closed, which is when the clearing markets may start settling
 * `i`. Unreported deliveries read as zero.
 */
contract SimulatedMeter is Ownable, ISimulatedMeter {
    IIntervalClock private immutable _clock;
    AggregatorV3Interface private immutable _producedFeed;
    AggregatorV3Interface private immutable _consumedFeed;
    address private _reporter;

    /// @dev (interval << 48 | tokenId) => delivered Wh.
    mapping(uint256 key => uint256 energyWh) private _delivered;

    /**
     * @param initialOwner The account that sets the reporter.
     * @param reporter_ The account that reports deliveries.
     * @param clock_ The clock of the intervals reported (the pool's).
     * @param producedFeed_ Metered energy produced in the market (Wh × 10^decimals).
     * @param consumedFeed_ Metered energy consumed in the market (Wh × 10^decimals).
     */
    constructor(
        address initialOwner,
        address reporter_,
        IIntervalClock clock_,
        AggregatorV3Interface producedFeed_,
        AggregatorV3Interface consumedFeed_
    ) Ownable(initialOwner) {
        if (address(clock_) == address(0)) revert SimulatedMeterInvalidAddress(address(clock_));
        if (address(producedFeed_) == address(0)) revert SimulatedMeterInvalidAddress(address(producedFeed_));
        if (address(consumedFeed_) == address(0)) revert SimulatedMeterInvalidAddress(address(consumedFeed_));
        _clock = clock_;
        _producedFeed = producedFeed_;
        _consumedFeed = consumedFeed_;
        _reporter = reporter_;
        emit ReporterSet(address(0), reporter_);
    }

    /// @inheritdoc ISimulatedMeter
    function reportDeliveries(uint32 interval, uint256[] calldata tokenIds, uint64[] calldata energyWh) external {
        if (_msgSender() != _reporter) revert SimulatedMeterUnauthorizedReporter(_msgSender());
        if (tokenIds.length != energyWh.length) revert SimulatedMeterLengthMismatch(tokenIds.length, energyWh.length);
        uint256 opensAt = _clock.intervalEndOf(interval);
        uint256 closesAt = opensAt + _clock.intervalSeconds();
        if (block.timestamp < opensAt || block.timestamp >= closesAt) {
            revert SimulatedMeterOutsideReportingWindow(interval, opensAt, closesAt);
        }
        uint256 base = uint256(interval) << 48;
        for (uint256 i = 0; i < tokenIds.length; ++i) {
            // Token ids are below 2^48 (the profile contract numbers them with a uint48).
            _delivered[base | uint48(tokenIds[i])] = energyWh[i];
        }
        emit DeliveriesReported(interval, tokenIds, energyWh);
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
    function deliveredWhOf(uint32 interval, uint256 tokenId) external view returns (uint256) {
        return _delivered[(uint256(interval) << 48) | uint48(tokenId)];
    }

    /// @inheritdoc IEnergyOracle
    function deliveredWhOfMany(uint32 interval, uint256[] calldata tokenIds) external view returns (uint256[] memory energyWh) {
        uint256 n = tokenIds.length;
        energyWh = new uint256[](n);
        uint256 base = uint256(interval) << 48;
        for (uint256 i = 0; i < n;) {
            energyWh[i] = _delivered[base | uint48(tokenIds[i])];
            unchecked {
                ++i; // i < n
            }
        }
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
