// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IExtsload} from "../interfaces/IExtsload.sol";

/// @title Extsload
/// @notice Raw storage reads for a lens (as Uniswap v4's `extsload`): the contract keeps one small
/// entry point instead of a getter per field, and stays under EIP-170 with room for its logic.
abstract contract Extsload is IExtsload {
    /// @inheritdoc IExtsload
    function extsload(bytes32[] calldata slots) external view returns (bytes32[] memory values) {
        values = new bytes32[](slots.length);
        for (uint256 i; i < slots.length; ++i) {
            bytes32 slot = slots[i];
            bytes32 value;
            assembly ("memory-safe") {
                value := sload(slot)
            }
            values[i] = value;
        }
    }
}
