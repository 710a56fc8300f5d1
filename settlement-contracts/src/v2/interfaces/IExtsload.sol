// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IExtsload
/// @notice Reads raw storage words, for a lens contract that knows the layout.
interface IExtsload {
    /// @notice The words at `slots`, in order.
    function extsload(bytes32[] calldata slots) external view returns (bytes32[] memory values);
}
