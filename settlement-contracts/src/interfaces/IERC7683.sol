// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ERC-7683 cross-chain order types and settler interfaces
/// @notice As specified by https://eips.ethereum.org/EIPS/eip-7683 (the struct and function shapes are
/// the standard's; the NatSpec here says how xmargin fills them).

/// @notice A gasless order: signed by the user off chain, opened by a filler with `openFor`.
struct GaslessCrossChainOrder {
    /// @dev xmargin: the CollateralVault on the origin chain (also the Permit2 spender).
    address originSettler;
    /// @dev The trader.
    address user;
    /// @dev The trader's Permit2 unordered nonce.
    uint256 nonce;
    uint256 originChainId;
    uint32 openDeadline;
    uint32 fillDeadline;
    /// @dev xmargin: always MarginOrderLib.MARGIN_ORDER_TYPEHASH.
    bytes32 orderDataType;
    /// @dev xmargin: abi.encode(MarginOrder).
    bytes orderData;
}

/// @notice An order opened on chain by the user directly.
struct OnchainCrossChainOrder {
    uint32 fillDeadline;
    bytes32 orderDataType;
    bytes orderData;
}

/// @notice The standard's generic view of an order, for fillers that do not know its type.
struct ResolvedCrossChainOrder {
    address user;
    uint256 originChainId;
    uint32 openDeadline;
    uint32 fillDeadline;
    bytes32 orderId;
    Output[] maxSpent;
    Output[] minReceived;
    FillInstruction[] fillInstructions;
}

struct Output {
    bytes32 token;
    uint256 amount;
    bytes32 recipient;
    uint256 chainId;
}

struct FillInstruction {
    uint64 destinationChainId;
    bytes32 destinationSettler;
    bytes originData;
}

/// @title IOriginSettler (ERC-7683)
interface IOriginSettler {
    /// @notice Signals that an order has been opened.
    event Open(bytes32 indexed orderId, ResolvedCrossChainOrder resolvedOrder);

    /// @notice Opens a gasless order on behalf of its user.
    function openFor(GaslessCrossChainOrder calldata order, bytes calldata signature, bytes calldata originFillerData)
        external;

    /// @notice Opens an order sent by its user (xmargin does not support it; intents are gasless).
    function open(OnchainCrossChainOrder calldata order) external;

    /// @notice The generic view of a gasless order.
    function resolveFor(GaslessCrossChainOrder calldata order, bytes calldata originFillerData)
        external
        view
        returns (ResolvedCrossChainOrder memory);

    /// @notice The generic view of an on-chain order.
    function resolve(OnchainCrossChainOrder calldata order) external view returns (ResolvedCrossChainOrder memory);
}

/// @title IDestinationSettler (ERC-7683)
interface IDestinationSettler {
    /// @notice Fills an order on the destination chain.
    function fill(bytes32 orderId, bytes calldata originData, bytes calldata fillerData) external;
}
