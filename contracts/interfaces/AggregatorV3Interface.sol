// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AggregatorV3Interface
 * @notice The read side of a Chainlink data feed, with the same function signatures and return
 * values as Chainlink's own interface, so the address of a real feed works unchanged wherever
 * the DEM contracts take one. Kept here so the contracts do not depend on Chainlink's package.
 */
// Chainlink's name, so that code written against Chainlink's feeds reads the same.
// solhint-disable-next-line interface-starts-with-i
interface AggregatorV3Interface {
    /// @notice How many decimals the answers carry.
    function decimals() external view returns (uint8);

    /// @notice What the feed reports.
    function description() external view returns (string memory);

    /// @notice The feed implementation's version.
    function version() external view returns (uint256);

    /// @notice The round `_roundId`: its answer and when it started and was last updated.
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The latest round.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
