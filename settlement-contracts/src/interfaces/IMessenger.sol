// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMessenger
/// @notice The one boundary between xmargin's settlers and a cross-chain messaging protocol. An adapter
/// wraps an existing protocol (Hyperlane's Mailbox on the devnet; others behind the same interface).
/// Guarantees every adapter gives a receiver:
/// - the origin chain and sender handed to `IMessageReceiver.receiveMessage` are authenticated by the
///   protocol's security (the route the trader chose), never taken from the payload;
/// - each (origin chain, sender, destination chain, recipient) channel numbers its messages 1, 2, 3, …;
/// - a message is delivered at most once (replays revert), in whatever order the protocol delivers.
interface IMessenger {
    /// @notice A message was handed to the underlying protocol.
    event MessageSent(
        bytes32 indexed messageId,
        uint256 indexed destinationChainId,
        address indexed recipient,
        address sender,
        uint64 nonce,
        bytes payload
    );

    /// @notice A message was delivered to its recipient.
    event MessageDelivered(
        bytes32 indexed channel, uint64 indexed nonce, uint256 originChainId, address sender, address recipient
    );

    /// @notice The destination chain has no enrolled remote adapter.
    error UnknownChain(uint256 chainId);
    /// @notice Delivery from an adapter that is not the enrolled remote adapter for that chain.
    error UnknownRemote(uint256 originChainId, bytes32 remote);
    /// @notice The caller is not the underlying protocol's delivery contract.
    error NotProtocol(address caller);
    /// @notice This (channel, nonce) was delivered before.
    error AlreadyDelivered(bytes32 channel, uint64 nonce);
    /// @notice The value sent does not cover the protocol fee.
    error InsufficientFee(uint256 sent, uint256 required);

    /// @notice Sends `payload` from `msg.sender` to `recipient` on `destinationChainId`.
    /// @dev Forwards `msg.value` as the protocol fee; see `quoteSend`.
    /// @return messageId The underlying protocol's message id.
    function sendMessage(uint256 destinationChainId, address recipient, bytes calldata payload)
        external
        payable
        returns (bytes32 messageId);

    /// @notice The fee `sendMessage` needs, in the native token.
    function quoteSend(uint256 destinationChainId, address recipient, bytes calldata payload)
        external
        view
        returns (uint256 fee);

    /// @notice The nonce the next message on a channel will carry minus one (0 before the first).
    function outboundNonce(uint256 destinationChainId, address sender, address recipient)
        external
        view
        returns (uint64);

    /// @notice Whether message `nonce` of a channel into this chain has been delivered.
    function delivered(uint256 originChainId, address sender, address recipient, uint64 nonce)
        external
        view
        returns (bool);
}
