// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IIntervalClock} from "./interfaces/IIntervalClock.sol";

/**
 * @title IntervalClock
 * @notice Divides time from `startTime` into intervals of `intervalSeconds`, read from
 * `block.timestamp`: `intervalOf(t) = (t - startTime) / intervalSeconds`.
 */
abstract contract IntervalClock is IIntervalClock {
    /// @notice The interval length used when the constructor is given zero.
    uint256 public constant DEFAULT_INTERVAL_SECONDS = 3600;

    uint256 private immutable _startTime;
    uint256 private immutable _intervalSeconds;

    /**
     * @param startTime_ When interval 0 opens; zero means the deployment block's timestamp.
     * It cannot be in the future.
     * @param intervalSeconds_ The interval length; zero means {DEFAULT_INTERVAL_SECONDS}.
     */
    constructor(uint256 startTime_, uint256 intervalSeconds_) {
        uint256 start = startTime_ == 0 ? block.timestamp : startTime_;
        uint256 length = intervalSeconds_ == 0 ? DEFAULT_INTERVAL_SECONDS : intervalSeconds_;
        if (start > block.timestamp || length > type(uint64).max) {
            revert IntervalClockInvalidConfiguration(startTime_, intervalSeconds_);
        }
        _startTime = start;
        _intervalSeconds = length;
    }

    /// @inheritdoc IIntervalClock
    function startTime() public view returns (uint256) {
        return _startTime;
    }

    /// @inheritdoc IIntervalClock
    function intervalSeconds() public view returns (uint256) {
        return _intervalSeconds;
    }

    /// @inheritdoc IIntervalClock
    function intervalOf(uint256 timestamp) public view returns (uint32) {
        if (timestamp < _startTime) revert IntervalClockBeforeStart(timestamp, _startTime);
        return SafeCast.toUint32((timestamp - _startTime) / _intervalSeconds);
    }

    /// @inheritdoc IIntervalClock
    function currentInterval() public view returns (uint32) {
        return intervalOf(block.timestamp);
    }

    /// @inheritdoc IIntervalClock
    function intervalStartOf(uint32 interval) public view returns (uint256) {
        return _startTime + uint256(interval) * _intervalSeconds;
    }

    /// @inheritdoc IIntervalClock
    function intervalEndOf(uint32 interval) public view returns (uint256) {
        return _startTime + (uint256(interval) + 1) * _intervalSeconds;
    }
}
