// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IEnergyOracle
 * @notice What the clearing markets read about an interval once it is over: the metered energy
 * produced and consumed in the whole market, and each profile's own metered delivery.
 *
 * Units: Wh. An oracle's answers for an interval must be final when a market starts settling
 * it ({deliveriesFinal}; see SimulatedMeter for the reporting window that makes them so); a
 * market reads them more than once during a settlement and relies on getting the same answers.
 */
interface IEnergyOracle {
    /// @notice The metered energy produced and consumed in `interval`, in Wh (each below 2^64).
    function meteredEnergyOf(uint32 interval) external view returns (uint256 producedWh, uint256 consumedWh);

    /// @notice The energy profile `tokenId` delivered in `interval`, in Wh; zero when nothing was reported.
    function deliveredWhOf(uint32 interval, uint256 tokenId) external view returns (uint256);

    /**
     * @notice Whether `interval`'s deliveries can no longer change: the reporter declared them
     * complete, or the reporting window after the interval has closed.
     */
    function deliveriesFinal(uint32 interval) external view returns (bool);

    /// @notice {deliveredWhOf} for several profiles of one interval.
    function deliveredWhOfMany(uint32 interval, uint256[] calldata tokenIds) external view returns (uint256[] memory);
}
