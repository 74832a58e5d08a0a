// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIntervalClock
 * @notice The market's clock: time from `startTime` in intervals of `intervalSeconds`.
 * `intervalOf(t) = (t - startTime) / intervalSeconds`; interval `i` is open during
 * `[intervalStartOf(i), intervalEndOf(i))` and closed from `intervalEndOf(i)` on.
 */
interface IIntervalClock {
    /// @dev `timestamp` is before the clock's start.
    error IntervalClockBeforeStart(uint256 timestamp, uint256 startTime);
    /// @dev The clock cannot start in the future or tick every zero seconds.
    error IntervalClockInvalidConfiguration(uint256 startTime, uint256 intervalSeconds);

    /// @notice When interval 0 opens (unix seconds).
    function startTime() external view returns (uint256);

    /// @notice The length of every interval in seconds.
    function intervalSeconds() external view returns (uint256);

    /// @notice The interval `timestamp` falls in.
    function intervalOf(uint256 timestamp) external view returns (uint32);

    /// @notice The interval the current block falls in.
    function currentInterval() external view returns (uint32);

    /// @notice When `interval` opens.
    function intervalStartOf(uint32 interval) external view returns (uint256);

    /// @notice When `interval` closes (the next interval's start).
    function intervalEndOf(uint32 interval) external view returns (uint256);
}
