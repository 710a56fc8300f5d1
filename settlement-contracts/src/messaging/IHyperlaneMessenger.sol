// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMailbox} from "@hyperlane-xyz/core/contracts/interfaces/IMailbox.sol";
import {IMessageRecipient} from "@hyperlane-xyz/core/contracts/interfaces/IMessageRecipient.sol";
import {ISpecifiesInterchainSecurityModule} from
    "@hyperlane-xyz/core/contracts/interfaces/IInterchainSecurityModule.sol";

import {IMessenger} from "../interfaces/IMessenger.sol";

/// @title IHyperlaneMessenger
/// @notice The `IMessenger` adapter over Hyperlane: it dispatches through a Mailbox and is itself the
/// Hyperlane recipient, naming its own ISM. Two instances on one Mailbox with different ISMs are two
/// independent routes (the primary and the fallback of DESIGN.md's escape hatch).
/// @dev Hyperlane domain ids are the EIP-155 chain ids.
interface IHyperlaneMessenger is IMessenger, IMessageRecipient, ISpecifiesInterchainSecurityModule {
    /// @notice The adapter trusted on `chainId` changed (zero `remote`: the chain was disabled).
    event RemoteEnrolled(uint256 indexed chainId, address remote);

    /// @notice The Mailbox's domain is not this chain's EIP-155 id.
    error DomainNotChainId(uint32 domain, uint256 chainId);
    /// @notice Hyperlane delivered native value, which this adapter would only strand.
    error UnexpectedValue(uint256 value);
    /// @notice Paying back the part of `msg.value` above the fee failed.
    error RefundFailed(address to, uint256 amount);

    /// @notice The Hyperlane Mailbox this adapter dispatches through and accepts deliveries from.
    function mailbox() external view returns (IMailbox);

    /// @notice The Hyperlane domain of this chain (equal to its chain id).
    function localDomain() external view returns (uint32);

    /// @notice The adapter enrolled for `chainId`, as a Hyperlane bytes32 address (zero if none).
    function remotes(uint256 chainId) external view returns (bytes32);

    /// @notice Trusts `remote` as the only adapter on `chainId`: messages to `chainId` are dispatched to it
    /// and deliveries from `chainId` are accepted only from it. Owner only.
    /// @dev Enroll the peer on both chains before use. `remote == address(0)` disables the chain: sends to it
    /// revert `UnknownChain`, deliveries from it revert `UnknownRemote`. Reverts `UnknownChain` when `chainId`
    /// does not fit a Hyperlane domain (uint32).
    /// @param chainId The remote chain's EIP-155 id (its Hyperlane domain).
    /// @param remote The `HyperlaneMessenger` deployed on that chain for this route.
    function enrollRemote(uint256 chainId, address remote) external;
}
