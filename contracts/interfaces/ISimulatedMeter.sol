// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {IEnergyOracle} from "./IEnergyOracle.sol";
import {IIntervalClock} from "./IIntervalClock.sol";

/**
 * @title ISimulatedMeter
 * @notice An {IEnergyOracle} whose market-wide readings come from two Chainlink-style feeds
 * (energy produced and consumed) and whose per-profile deliveries one reporter submits.
 */
interface ISimulatedMeter is IEnergyOracle {
    /// @notice The reporter reported `tokenIds`' deliveries in `interval`.
    event DeliveriesReported(uint32 indexed interval, uint256[] tokenIds, uint64[] energyWh);
    /// @notice The reporter declared `interval`'s deliveries complete: they are final from now on.
    event DeliveriesFinalized(uint32 indexed interval);
    /// @notice The owner replaced the reporter.
    event ReporterSet(address indexed previousReporter, address indexed newReporter);

    /// @dev Only the reporter may report deliveries.
    error SimulatedMeterUnauthorizedReporter(address caller);
    /// @dev Interval `interval`'s deliveries are reported during the next interval, `[opensAt, closesAt)`.
    error SimulatedMeterOutsideReportingWindow(uint32 interval, uint256 opensAt, uint256 closesAt);
    /// @dev `tokenIds` and `energyWh` differ in length.
    error SimulatedMeterLengthMismatch(uint256 tokenIds, uint256 energyWh);
    /// @dev Interval `interval`'s deliveries are final and cannot change any more.
    error SimulatedMeterDeliveriesFinal(uint32 interval);
    /// @dev A pool or feed address of zero.
    error SimulatedMeterInvalidAddress(address account);
    /// @dev `tokenId` is not a minted profile (profiles are numbered 1 to `lastTokenId`).
    error SimulatedMeterUnknownProfile(uint256 tokenId, uint256 lastTokenId);

    /**
     * @notice Records what each profile delivered in `interval` (a later report for the same
     * profile replaces the earlier one). Only the reporter, only while the interval after
     * `interval` is open and the deliveries are not final (see {deliveriesFinal}), and only for
     * minted profiles.
     */
    function reportDeliveries(uint32 interval, uint256[] calldata tokenIds, uint64[] calldata energyWh) external;

    /**
     * @notice Declares `interval`'s deliveries complete, so that a market may settle it before the
     * next interval closes. Only the reporter, in the same window as {reportDeliveries}.
     */
    function finalizeDeliveries(uint32 interval) external;

    /// @notice Replaces the reporter. Only the owner.
    function setReporter(address reporter_) external;

    /// @notice Who reports deliveries.
    function reporter() external view returns (address);

    /// @notice The clock whose intervals the meter reports (the pool's).
    function clock() external view returns (IIntervalClock);

    /// @notice The feed of metered energy produced (Wh × 10^decimals).
    function producedFeed() external view returns (AggregatorV3Interface);

    /// @notice The feed of metered energy consumed (Wh × 10^decimals).
    function consumedFeed() external view returns (AggregatorV3Interface);
}
