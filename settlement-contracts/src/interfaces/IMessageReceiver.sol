// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMessageReceiver
/// @notice Implemented by contracts that receive messages through an `IMessenger` adapter.
interface IMessageReceiver {
    /// @notice Delivers a message. Called only by a messenger adapter, exactly once per (channel, nonce).
    /// @dev The receiver must itself check that `msg.sender` is a messenger it trusts and that
    /// (`originChainId`, `sender`) is the peer it expects: the adapter authenticates, the receiver
    /// decides whom to believe.
    /// @param originChainId The chain the message was sent from, authenticated by the protocol.
    /// @param sender The contract that sent it on the origin chain, authenticated by the protocol.
    /// @param nonce The message's number on its channel (1, 2, 3, …).
    /// @param payload The application payload.
    function receiveMessage(uint256 originChainId, address sender, uint64 nonce, bytes calldata payload) external;
}
