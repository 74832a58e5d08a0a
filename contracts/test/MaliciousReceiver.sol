// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title MaliciousReceiver
 * @notice Test helper, never deployed by the library: a contract account controlled by one
 * hostile EOA. It forwards any call (so it can own, deposit and drain its own profiles), and
 * when it receives ETH it re-enters whatever call it was told to — typically
 * `withdrawCollateral` again — either swallowing the failure or bubbling it up, or it refuses
 * the payment outright.
 */
contract MaliciousReceiver {
    address private immutable _controller;

    address private _reentryTarget;
    bytes private _reentryData;
    bool private _bubble;
    bool private _reject;
    bool private _inReentry;

    /// @notice How many times `receive` tried to re-enter, and how many of those calls succeeded.
    uint256 public reentryAttempts;
    uint256 public reentrySuccesses;

    error MaliciousReceiverNotController(address caller);
    error MaliciousReceiverRefused();

    constructor(address controller_) {
        _controller = controller_;
    }

    modifier onlyController() {
        if (msg.sender != _controller) revert MaliciousReceiverNotController(msg.sender);
        _;
    }

    /// @notice Calls `target` with `data` and `value`, bubbling up any revert unchanged.
    function execute(address target, bytes calldata data, uint256 value) external payable onlyController returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    /**
     * @notice What to do on receiving ETH: call `target` with `data` (nothing if empty), and if
     * that fails either revert with its error (`bubble`) or carry on; or refuse every payment (`reject`).
     */
    function setBehaviour(address target, bytes calldata data, bool bubble, bool reject) external onlyController {
        _reentryTarget = target;
        _reentryData = data;
        _bubble = bubble;
        _reject = reject;
    }

    receive() external payable {
        if (_reject) revert MaliciousReceiverRefused();
        if (_reentryData.length == 0 || _inReentry) return;
        _inReentry = true;
        ++reentryAttempts;
        (bool ok, bytes memory result) = _reentryTarget.call(_reentryData);
        _inReentry = false;
        if (ok) {
            ++reentrySuccesses;
        } else if (_bubble) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @notice Accepts any ERC-721 token sent with `safeTransferFrom`.
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}
