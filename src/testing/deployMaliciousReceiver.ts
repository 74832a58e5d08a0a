import type { Abi } from 'abitype'
import { compileContracts } from '../compile/compileContracts.js'
import type { ContractArtifact } from '../compile/ContractArtifact.js'
import type { AddressHex } from '../chain/types.js'
import type { DemSimulator } from '../market/DemSimulator.js'

/**
 * A contract account one hostile EOA controls. It forwards any call (so it can own, deposit
 * and drain its own profiles), and when it receives ETH it re-enters whatever call it was told
 * to — typically `withdrawCollateral` again — either swallowing the failure or bubbling it up,
 * or refuses the payment. Test-only: never part of the market.
 */
export const MALICIOUS_RECEIVER_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract MaliciousReceiver {
    address private immutable _controller;
    address private _reentryTarget;
    bytes private _reentryData;
    bool private _bubble;
    bool private _reject;
    bool private _inReentry;

    /// How many times receive() re-entered, and how many of those calls succeeded.
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

    /// Calls target with data and value from this contract's balance, bubbling up any revert unchanged.
    function execute(address target, bytes calldata data, uint256 value) external payable onlyController returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    /// On receiving ETH: call target with data (nothing if empty); on failure revert with its error if bubble, else carry on. Or refuse every payment.
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

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}
`

/** A deployed malicious receiver. */
export type MaliciousReceiver = {
  address: AddressHex
  abi: Abi
}

let compiled: Promise<ContractArtifact> | undefined

/**
 * Compiles (once per process, cached on disk) and deploys a {@link MALICIOUS_RECEIVER_SOURCE}
 * contract controlled by `controller`, and registers its ABI with the chain.
 *
 * @example
 * import { deployMaliciousReceiver } from 'dem-sim/testing'
 * const receiver = await deployMaliciousReceiver(sim, hostileAddress)
 */
export async function deployMaliciousReceiver(sim: DemSimulator, controller: AddressHex): Promise<MaliciousReceiver> {
  compiled ??= compileContracts({ sources: { 'MaliciousReceiver.sol': MALICIOUS_RECEIVER_SOURCE } }).then(
    (artifacts) => {
      const artifact = artifacts.MaliciousReceiver
      if (artifact === undefined) throw new Error('MaliciousReceiver did not compile')
      return artifact
    },
  )
  const artifact = await compiled
  const { address } = await sim.chain.deploy({ artifact, args: [controller], from: controller })
  return { address, abi: artifact.abi }
}
