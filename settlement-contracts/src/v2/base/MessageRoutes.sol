// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IMessenger} from "../../interfaces/IMessenger.sol";
import {IMessageRoutes} from "../interfaces/IMessageRoutes.sol";

/// @title MessageRoutes
/// @notice See IMessageRoutes. The vault and the engine inherit it; each decides which route a message
/// must have come over (`_accept`'s `expectedRoute`) and pays for what it sends out of `_budget`.
abstract contract MessageRoutes is IMessageRoutes, Ownable2Step {
    mapping(bytes32 routeId => Route) public routes;
    mapping(address messenger => bytes32 routeId) public routeOfMessenger;
    mapping(uint256 chainId => address settler) public peers;
    /// @dev keccak256(routeId, payloadHash) of every payload applied.
    mapping(bytes32 key => bool) public consumed;
    /// @dev Payloads this contract sent, keyed by `keccak256(abi.encode(chainId, payloadHash))`, with the
    /// route they went over, so anyone may resend exactly those, and only to the chain they were sent to
    /// (a copy to another peer would credit, or pay out, the same payload twice).
    mapping(bytes32 sentKey => bytes32 routeId) public sentOver;

    /// @dev What the current call may spend on messages (and price updates): the caller's `msg.value`
    /// (whoever triggers a message pays for it), or the contract's own balance for messages that a
    /// delivery triggers. Leftovers stay and fund those.
    uint256 internal transient _budget;

    modifier paidByCaller() {
        _budget = msg.value;
        _;
    }

    /// @notice Pays for messages that deliveries trigger.
    receive() external payable {}

    /// @inheritdoc IMessageRoutes
    function setRoute(string calldata name, Route calldata route) external onlyOwner {
        bytes32 routeId = keccak256(bytes(name));
        Route memory old = routes[routeId];
        _unclaim(address(old.primary), routeId);
        _unclaim(address(old.fallbackMessenger), routeId);
        _claim(address(route.primary), routeId);
        _claim(address(route.fallbackMessenger), routeId);
        routes[routeId] = route;
        emit RouteSet(routeId, route);
    }

    /// @inheritdoc IMessageRoutes
    function revokeMessenger(address messenger) external onlyOwner {
        bytes32 routeId = routeOfMessenger[messenger];
        if (routeId == bytes32(0)) revert NotAMessenger(messenger);
        delete routeOfMessenger[messenger];
        Route storage route = routes[routeId];
        if (address(route.primary) == messenger) route.primary = IMessenger(address(0));
        if (address(route.fallbackMessenger) == messenger) route.fallbackMessenger = IMessenger(address(0));
        emit MessengerRevoked(messenger, routeId);
    }

    /// @inheritdoc IMessageRoutes
    function setPeer(uint256 chainId, address settler) external onlyOwner {
        peers[chainId] = settler;
        emit PeerSet(chainId, settler);
    }

    /// @inheritdoc IMessageRoutes
    function resend(uint256 chainId, bytes calldata payload) external payable paidByCaller {
        bytes32 payloadHash = keccak256(payload);
        bytes32 routeId = sentOver[_sentKey(chainId, payloadHash)];
        if (routeId == bytes32(0)) revert NeverSent(payloadHash);
        IMessenger messenger = routes[routeId].fallbackMessenger;
        if (address(messenger) == address(0)) revert UnknownRoute(routeId);
        _dispatch(messenger, chainId, payload);
        emit Resent(payloadHash, routeId, address(messenger));
    }

    // ---------------------------------------------------------------- for the settlers

    /// @dev Checks a delivery (`msg.sender` is the messenger) and consumes its payload. Reverts, which
    /// consumes nothing, when the sender is not the peer on its chain, the messenger serves no route, or
    /// `expectedRoute` is set and the messenger serves another. Returns `duplicate` for a second copy
    /// over the same route; the caller then does nothing.
    function _accept(uint256 originChainId, address sender, bytes32 expectedRoute, bytes calldata payload)
        internal
        returns (bytes32 routeId, bool duplicate)
    {
        if (sender == address(0) || peers[originChainId] != sender) {
            revert UntrustedPeer(originChainId, sender);
        }
        routeId = routeOfMessenger[msg.sender];
        if (routeId == bytes32(0)) revert UntrustedMessenger(msg.sender);
        if (expectedRoute != bytes32(0) && expectedRoute != routeId) revert WrongRoute(expectedRoute, routeId);
        bytes32 payloadHash = keccak256(payload);
        bytes32 key = keccak256(abi.encode(routeId, payloadHash));
        if (consumed[key]) {
            emit DuplicateIgnored(routeId, payloadHash);
            return (routeId, true);
        }
        consumed[key] = true;
    }

    /// @dev Sends `payload` to the peer on `chainId` over `routeId`'s primary messenger, paid from
    /// `_budget`, and records it for `resend`.
    function _send(bytes32 routeId, uint256 chainId, bytes memory payload) internal {
        sentOver[_sentKey(chainId, keccak256(payload))] = routeId;
        _sendRebuildable(routeId, chainId, payload);
    }

    /// @dev As `_send` without the record (a fresh slot, ≈ 22k gas): for a payload the settler can rebuild
    /// from what it stores anyway, and resend through an entry point of its own.
    function _sendRebuildable(bytes32 routeId, uint256 chainId, bytes memory payload) internal {
        IMessenger messenger = routes[routeId].primary;
        if (address(messenger) == address(0)) revert UnknownRoute(routeId);
        _dispatch(messenger, chainId, payload);
    }

    function _dispatch(IMessenger messenger, uint256 chainId, bytes memory payload) internal {
        // No separate quote: the adapter charges its fee out of the budget, refunds the rest to this
        // contract and reverts InsufficientFee when short (a quote first would cost ~25k gas more).
        uint256 before = address(this).balance;
        messenger.sendMessage{value: _budget}(chainId, peers[chainId], payload);
        _budget -= before - address(this).balance;
    }

    function _sentKey(uint256 chainId, bytes32 payloadHash) internal pure returns (bytes32) {
        return keccak256(abi.encode(chainId, payloadHash));
    }

    function _claim(address messenger, bytes32 routeId) private {
        if (messenger == address(0)) return;
        bytes32 current = routeOfMessenger[messenger];
        if (current != bytes32(0) && current != routeId) revert MessengerInUse(messenger, current);
        routeOfMessenger[messenger] = routeId;
    }

    function _unclaim(address messenger, bytes32 routeId) private {
        if (messenger != address(0) && routeOfMessenger[messenger] == routeId) delete routeOfMessenger[messenger];
    }
}
