// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMessenger} from "./IMessenger.sol";

/// @title ICollateralVault
/// @notice The origin settler. It holds each trader's collateral in escrow, per order, and lets it
/// leave only on a message from the MarginEngine: the solver's fee on `Filled`, the trader's refund on
/// `Expired` (which also slashes the solver that opened and never filled), a withdrawal on `Release`
/// and a liquidation's cover on `Seize`. Never on a timer: the origin cannot see positions.
interface ICollateralVault {
    /// @notice Lifecycle of an escrow.
    enum Status {
        None,
        Open,
        Filled,
        Refunded
    }

    /// @notice A messaging route a trader may choose: a primary adapter and an independent fallback,
    /// so a stalled route delays messages but never strands collateral.
    struct Route {
        IMessenger primary;
        IMessenger fallbackMessenger;
    }

    /// @notice One order's escrow, in three storage slots (`openFor` writes them all; payouts one).
    /// Amounts are capped at 2^96 − 1 base units (79 billion tokens of 18 decimals).
    struct Escrow {
        address trader;
        Status status;
        uint8 routeIndex;
        uint16 maxFeeBps;
        uint32 fillDeadline;
        /// @dev Chain ids are at most 32 bits wide here, as in every messaging protocol we wrap.
        uint32 destinationChainId;
        // ---
        address token;
        /// @dev Collateral moved into escrow by `openFor`; never changes.
        uint96 amount;
        // ---
        address opener;
        /// @dev Collateral that has left since: fee, releases, seizures, refund.
        uint96 paidOut;
    }

    event RouteSet(bytes32 indexed routeId, address primary, address fallbackMessenger);
    event PeerSet(uint256 indexed chainId, address engine);
    event FeePaid(bytes32 indexed orderId, address indexed filler, uint256 feeBps, uint256 amount);
    event Refunded(bytes32 indexed orderId, address indexed trader, uint256 amount, address opener, uint256 slashed);
    event Released(bytes32 indexed orderId, uint64 indexed sequence, address to, uint256 amount);
    event Seized(bytes32 indexed orderId, uint64 indexed sequence, address to, uint256 amount);
    event DuplicateIgnored(bytes32 indexed orderId, uint8 kind, bytes32 payloadHash);

    error WrongSettler(address expected, address actual);
    error WrongChain(uint256 expected, uint256 actual);
    error WrongOrderDataType(bytes32 actual);
    error OpenDeadlinePassed(uint256 openDeadline, uint256 nowTimestamp);
    error DeadlineOrder(uint256 openDeadline, uint256 fillDeadline);
    error UnknownRoute(bytes32 routeId);
    error UnknownEngine(uint256 chainId, address engine);
    error SolverNotBonded(address solver);
    error AlreadyOpened(bytes32 orderId);
    error AmountTooLarge(uint256 amount);
    error ChainIdTooLarge(uint256 chainId);
    error OnchainOrdersUnsupported();
    error UntrustedPeer(uint256 originChainId, address sender);
    error UntrustedMessenger(bytes32 orderId, address messenger);
    error NotReady(bytes32 orderId, Status status, uint8 kind);
    error FeeAboveSigned(uint256 feeBps, uint256 maxFeeBps);
    error InsufficientEscrow(bytes32 orderId, uint256 held, uint256 requested);
    error TooManyRoutes();
    error BadFeeSchedule(uint16 startBps, uint16 maxBps, uint32 startTime, uint32 endTime);

    /// @notice Owner: trust `engine` as the MarginEngine on `chainId`.
    function setPeer(uint256 chainId, address engine) external;

    /// @notice Owner: add or replace a route a trader may name in an intent.
    function setRoute(bytes32 routeId, IMessenger primary, IMessenger fallbackMessenger) external;

    /// @notice The escrow of an order.
    function escrowOf(bytes32 orderId) external view returns (Escrow memory);

    /// @notice The route id for a route name as signed in an intent (`keccak256(bytes(name))`).
    function routeIdOf(string calldata name) external pure returns (bytes32);

    /// @notice Resends a `Locked` message over the order's fallback route (anyone may pay for it),
    /// for when the primary route has stalled. The engine takes whichever copy arrives first.
    function resendLocked(bytes32 orderId) external payable;
}
