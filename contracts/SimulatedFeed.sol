// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {ISimulatedFeed} from "./interfaces/ISimulatedFeed.sol";

/**
 * @title SimulatedFeed
 * @notice A Chainlink `AggregatorV3Interface` feed with real rounds and timestamps, updated by a
 * single reporter that the owner sets (unlike Chainlink's MockV3Aggregator, which anyone may
 * update). The DEM market uses three: the price (wei per kWh), and the metered energy
 * produced and consumed (Wh), each scaled by its `decimals()`.
 *
 * Semantics the market relies on: a round reported at time `t` carries the reading of the
 * interval that closed last before `t` — report an interval's readings after it closes and
 * before the next one closes.
 *
 * @dev Invariant: round ids are 1, 2, ... and each round's `updatedAt` is the block timestamp of
 * its report, so `updatedAt` never decreases with the round id. Unknown rounds read as zeros.
 */
contract SimulatedFeed is Ownable, ISimulatedFeed {
    uint256 private constant _VERSION = 1;

    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    uint8 private immutable _decimals;
    string private _description;
    address private _reporter;
    uint80 private _latestRoundId;
    mapping(uint80 roundId => Round) private _rounds;

    /**
     * @param initialOwner The account that sets the reporter.
     * @param reporter_ The account that reports answers.
     * @param decimals_ How many decimals answers carry.
     * @param description_ What the feed reports, e.g. "DEM price (wei/kWh)".
     */
    constructor(address initialOwner, address reporter_, uint8 decimals_, string memory description_)
        Ownable(initialOwner)
    {
        _decimals = decimals_;
        _description = description_;
        _reporter = reporter_;
        emit ReporterSet(address(0), reporter_);
    }

    /// @inheritdoc ISimulatedFeed
    function updateAnswer(int256 answer) external returns (uint80 roundId) {
        if (_msgSender() != _reporter) revert SimulatedFeedUnauthorizedReporter(_msgSender());
        if (answer > type(int192).max || answer < type(int192).min) revert SimulatedFeedAnswerOutOfRange(answer);
        roundId = _latestRoundId + 1;
        _latestRoundId = roundId;
        _rounds[roundId] = Round({answer: int192(answer), updatedAt: uint64(block.timestamp)});
        emit NewRound(roundId, _msgSender(), block.timestamp);
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }

    /// @inheritdoc ISimulatedFeed
    function setReporter(address reporter_) external onlyOwner {
        address previous = _reporter;
        _reporter = reporter_;
        emit ReporterSet(previous, reporter_);
    }

    /// @inheritdoc ISimulatedFeed
    function reporter() external view returns (address) {
        return _reporter;
    }

    /// @inheritdoc ISimulatedFeed
    function latestRound() external view returns (uint256) {
        return _latestRoundId;
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return _VERSION;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId_)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _roundData(roundId_);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _roundData(_latestRoundId);
    }

    /// @dev Rounds start and are answered in the same report, so startedAt == updatedAt.
    function _roundData(uint80 roundId_) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round storage round = _rounds[roundId_];
        return (roundId_, round.answer, round.updatedAt, round.updatedAt, roundId_);
    }
}
