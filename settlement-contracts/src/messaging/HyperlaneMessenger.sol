// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IMailbox} from "@hyperlane-xyz/core/contracts/interfaces/IMailbox.sol";
import {IInterchainSecurityModule} from "@hyperlane-xyz/core/contracts/interfaces/IInterchainSecurityModule.sol";

import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IHyperlaneMessenger} from "./IHyperlaneMessenger.sol";

/// @title HyperlaneMessenger
/// @notice `IMessenger` over a Hyperlane Mailbox. The Hyperlane message body carries
/// `abi.encode(sender, recipient, nonce, payload)`; the Mailbox and this adapter's ISM authenticate the
/// origin domain and the origin adapter, and the adapter vouches for `sender` because only it writes bodies.
/// @dev Delivery is all-or-nothing: a reverting receiver reverts `Mailbox.process`, so the Mailbox does not
/// mark the message delivered and a relayer may retry later. Nothing is half-delivered, and because
/// messages are independent (no in-order requirement) a stuck message blocks only itself.
contract HyperlaneMessenger is IHyperlaneMessenger, Ownable2Step {
    /// @inheritdoc IHyperlaneMessenger
    IMailbox public immutable mailbox;
    /// @inheritdoc IHyperlaneMessenger
    uint32 public immutable localDomain;
    /// @notice The ISM the Mailbox uses to verify every message to this adapter: this route's validator set.
    IInterchainSecurityModule public immutable interchainSecurityModule;

    /// @inheritdoc IHyperlaneMessenger
    mapping(uint256 chainId => bytes32 remote) public remotes;

    mapping(bytes32 channel => uint64 nonce) internal _outboundNonces;
    /// @dev One bit per (channel, nonce): 256 nonces share a storage slot.
    mapping(bytes32 channel => mapping(uint256 word => uint256 bits)) internal _deliveredBits;

    /// @param mailbox_ This chain's Hyperlane Mailbox; its domain must equal `block.chainid`.
    /// @param ism The ISM that verifies messages into this adapter (the route's security).
    /// @param owner_ The account that enrolls remotes.
    constructor(IMailbox mailbox_, IInterchainSecurityModule ism, address owner_) Ownable(owner_) {
        uint32 domain = mailbox_.localDomain();
        // Receivers compare origin chain ids with their peers' chain ids, so domain and chain id must agree.
        if (domain != block.chainid) revert DomainNotChainId(domain, block.chainid);
        mailbox = mailbox_;
        localDomain = domain;
        interchainSecurityModule = ism;
    }

    /// @inheritdoc IHyperlaneMessenger
    function enrollRemote(uint256 chainId, address remote) external onlyOwner {
        if (chainId > type(uint32).max) revert UnknownChain(chainId);
        remotes[chainId] = bytes32(uint256(uint160(remote)));
        emit RemoteEnrolled(chainId, remote);
    }

    /// @inheritdoc IMessenger
    /// @dev Forwards exactly the quoted fee and pays any excess back to `msg.sender` (as Hyperlane's gas
    /// paymaster would), so no value is stranded here. A caller that pays the quote exactly needs no
    /// `receive` function.
    function sendMessage(uint256 destinationChainId, address recipient, bytes calldata payload)
        external
        payable
        returns (bytes32 messageId)
    {
        (uint32 domain, bytes32 remote) = _remoteOf(destinationChainId);
        bytes32 channel = _channel(localDomain, msg.sender, destinationChainId, recipient);
        uint64 nonce = ++_outboundNonces[channel];
        bytes memory body = abi.encode(msg.sender, recipient, nonce, payload);

        uint256 fee = mailbox.quoteDispatch(domain, remote, body);
        if (msg.value < fee) revert InsufficientFee(msg.value, fee);
        messageId = mailbox.dispatch{value: fee}(domain, remote, body);
        emit MessageSent(messageId, destinationChainId, recipient, msg.sender, nonce, payload);

        _refund(msg.value - fee);
    }

    /// @inheritdoc IMessenger
    /// @dev Quotes the body `sendMessage` would build if called now by `msg.sender`; call it from the
    /// contract that will send.
    function quoteSend(uint256 destinationChainId, address recipient, bytes calldata payload)
        external
        view
        returns (uint256 fee)
    {
        (uint32 domain, bytes32 remote) = _remoteOf(destinationChainId);
        uint64 nonce = _outboundNonces[_channel(localDomain, msg.sender, destinationChainId, recipient)] + 1;
        bytes memory body = abi.encode(msg.sender, recipient, nonce, payload);
        return mailbox.quoteDispatch(domain, remote, body);
    }

    /// @inheritdoc IMessenger
    function outboundNonce(uint256 destinationChainId, address sender, address recipient)
        external
        view
        returns (uint64)
    {
        return _outboundNonces[_channel(localDomain, sender, destinationChainId, recipient)];
    }

    /// @inheritdoc IMessenger
    function delivered(uint256 originChainId, address sender, address recipient, uint64 nonce)
        external
        view
        returns (bool)
    {
        (uint256 word, uint256 mask) = _bitOf(nonce);
        return _deliveredBits[_channel(originChainId, sender, localDomain, recipient)][word] & mask != 0;
    }

    /// @notice Hyperlane's delivery callback: authenticates the origin adapter, records the (channel, nonce)
    /// and hands the payload to its recipient. Called by the Mailbox after this adapter's ISM verified the
    /// message.
    /// @dev Reverts `NotProtocol` unless called by the Mailbox, `UnknownRemote` unless `sender` is the adapter
    /// enrolled for `origin`, `AlreadyDelivered` on a repeated (channel, nonce), and with the receiver's
    /// error when the receiver reverts (the whole delivery is undone and can be retried).
    /// @param origin The origin domain (chain id), authenticated by the Mailbox and the ISM.
    /// @param sender The origin adapter, as a Hyperlane bytes32 address.
    /// @param body `abi.encode(address sender, address recipient, uint64 nonce, bytes payload)`.
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        if (msg.sender != address(mailbox)) revert NotProtocol(msg.sender);
        if (msg.value != 0) revert UnexpectedValue(msg.value);
        bytes32 remote = remotes[origin];
        if (remote == bytes32(0) || remote != sender) revert UnknownRemote(origin, sender);

        (address from, address recipient, uint64 nonce, bytes memory payload) =
            abi.decode(body, (address, address, uint64, bytes));
        bytes32 channel = _channel(origin, from, localDomain, recipient);
        _markDelivered(channel, nonce);

        IMessageReceiver(recipient).receiveMessage(origin, from, nonce, payload);
        emit MessageDelivered(channel, nonce, origin, from, recipient);
    }

    /// @dev The Hyperlane domain and enrolled adapter of `chainId`; reverts `UnknownChain` when there is none.
    function _remoteOf(uint256 chainId) internal view returns (uint32 domain, bytes32 remote) {
        remote = remotes[chainId];
        if (remote == bytes32(0)) revert UnknownChain(chainId);
        // forge-lint: disable-next-line(unsafe-typecast) enrollRemote admits only chain ids that fit uint32
        domain = uint32(chainId);
    }

    /// @dev Sets the delivered bit of (channel, nonce), reverting `AlreadyDelivered` if it was set. The
    /// Mailbox already refuses a second `process` of one message id; this guard is per channel and nonce, so
    /// it also holds if the same body ever arrived under another id.
    function _markDelivered(bytes32 channel, uint64 nonce) internal {
        (uint256 word, uint256 mask) = _bitOf(nonce);
        uint256 bits = _deliveredBits[channel][word];
        if (bits & mask != 0) revert AlreadyDelivered(channel, nonce);
        _deliveredBits[channel][word] = bits | mask;
    }

    /// @dev Where `nonce` lives in a channel's delivered bitmap.
    function _bitOf(uint64 nonce) internal pure returns (uint256 word, uint256 mask) {
        word = nonce >> 8;
        // forge-lint: disable-next-line(incorrect-shift) a one-bit mask: the literal is meant to be shifted
        mask = 1 << (nonce & 0xff);
    }

    /// @dev Pays back what exceeded the fee. Only after the dispatch, so a reentrant caller sees final state.
    function _refund(uint256 amount) internal {
        if (amount == 0) return;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert RefundFailed(msg.sender, amount);
    }

    /// @dev The channel id of IMessenger: one nonce sequence per (origin chain, sender, destination chain,
    /// recipient).
    function _channel(uint256 originChainId, address sender, uint256 destinationChainId, address recipient)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(originChainId, sender, destinationChainId, recipient));
    }
}
