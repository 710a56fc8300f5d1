// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMessenger} from "../../interfaces/IMessenger.sol";

/// @title IMessageRoutes
/// @notice What the v2 vault and engine share about cross-chain messages (docs/protocol-v2.md): named
/// routes of two messengers each (a primary and an independent fallback), the peer settler on each
/// chain, and which deliveries to believe. A messenger serves at most one route and can be revoked; a
/// payload is consumed per (route, payload) and only once every check passed, so a copy over another
/// route never burns the genuine one.
interface IMessageRoutes {
    struct Route {
        IMessenger primary;
        IMessenger fallbackMessenger;
        /// @dev T_message: how long the route takes to deliver, in seconds (the latency buffer's term).
        uint32 messageSeconds;
    }

    event RouteSet(bytes32 indexed routeId, Route route);
    event MessengerRevoked(address indexed messenger, bytes32 indexed routeId);
    event PeerSet(uint256 indexed chainId, address settler);
    event DuplicateIgnored(bytes32 indexed routeId, bytes32 indexed payloadHash);
    event Resent(bytes32 indexed payloadHash, bytes32 indexed routeId, address messenger);

    error UnknownRoute(bytes32 routeId);
    error MessengerInUse(address messenger, bytes32 routeId);
    error NotAMessenger(address messenger);
    error UntrustedPeer(uint256 originChainId, address sender);
    error UntrustedMessenger(address messenger);
    error WrongRoute(bytes32 expected, bytes32 actual);
    error NeverSent(bytes32 payloadHash);

    /// @notice Owner: adds or replaces route `name` (`routeId = keccak256(bytes(name))`). Messengers the
    /// route no longer names stop being trusted; a messenger another route uses is refused.
    function setRoute(string calldata name, Route calldata route) external;

    /// @notice Owner: stops trusting `messenger` at once (it is removed from its route).
    function revokeMessenger(address messenger) external;

    /// @notice Owner: trusts `settler` as the peer contract on `chainId`.
    function setPeer(uint256 chainId, address settler) external;

    /// @notice Sends again, over the route's fallback messenger, a payload this contract sent (anyone
    /// may pay for it), for when the primary stalled or was revoked with messages in flight.
    function resend(uint256 chainId, bytes calldata payload) external payable;

    function routes(bytes32 routeId)
        external
        view
        returns (IMessenger primary, IMessenger fallbackMessenger, uint32 messageSeconds);

    /// @notice The route a messenger serves (0: none, or revoked).
    function routeOfMessenger(address messenger) external view returns (bytes32);

    function peers(uint256 chainId) external view returns (address);
}
