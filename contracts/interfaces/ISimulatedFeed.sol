// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/**
 * @title ISimulatedFeed
 * @notice A Chainlink-compatible feed whose answers one reporter account submits.
 * Consumers read it only through `AggregatorV3Interface`; this adds the reporting side.
 */
interface ISimulatedFeed is AggregatorV3Interface {
    /// @notice Chainlink's `AggregatorInterface` event: round `roundId` answered `current` at `updatedAt`.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    /// @notice Chainlink's `AggregatorInterface` event: `startedBy` opened round `roundId` at `startedAt`.
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    /// @notice The owner replaced the reporter.
    event ReporterSet(address indexed previousReporter, address indexed newReporter);

    /// @dev Only the reporter may update the answer.
    error SimulatedFeedUnauthorizedReporter(address caller);
    /// @dev Answers are stored as int192, like Chainlink's OCR aggregators.
    error SimulatedFeedAnswerOutOfRange(int256 answer);

    /**
     * @notice Reports `answer` as a new round, timestamped with the current block. Only the reporter.
     * @return roundId The new round's id (rounds are numbered 1, 2, ...).
     */
    function updateAnswer(int256 answer) external returns (uint80 roundId);

    /// @notice Replaces the reporter (zero disables reporting). Only the owner.
    function setReporter(address reporter_) external;

    /// @notice The account allowed to report.
    function reporter() external view returns (address);

    /// @notice The latest round's id (zero before the first report).
    function latestRound() external view returns (uint256);
}
