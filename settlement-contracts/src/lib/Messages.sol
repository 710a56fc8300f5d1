// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Messages
/// @notice Payloads between the CollateralVault (origin) and the MarginEngine (destination): one kind
/// byte, then the ABI-encoded fields. Every payload carries a unique key (the orderId, plus a sequence
/// number for releases and seizures), so a copy delivered over both the primary and the fallback route
/// takes effect once.
library Messages {
    /// vault → engine: collateral is in escrow for `orderId`.
    uint8 internal constant LOCKED = 1;
    /// engine → vault: `orderId` was filled by `filler`, who may charge `feeBps`.
    uint8 internal constant FILLED = 2;
    /// engine → vault: `orderId` can never be filled; refund the trader, slash the opener.
    uint8 internal constant EXPIRED = 3;
    /// engine → vault: pay `amount` of the escrow to `to` (the trader withdrawing).
    uint8 internal constant RELEASE = 4;
    /// engine → vault: pay `amount` of the escrow to `to` (a liquidation covering a loss).
    uint8 internal constant SEIZE = 5;

    error UnknownKind(uint8 kind);

    function locked(bytes32 orderId, address trader, address token, uint256 amount, address opener)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(LOCKED, abi.encode(orderId, trader, token, amount, opener));
    }

    function filled(bytes32 orderId, address filler, uint16 feeBps) internal pure returns (bytes memory) {
        return abi.encodePacked(FILLED, abi.encode(orderId, filler, feeBps));
    }

    function expired(bytes32 orderId) internal pure returns (bytes memory) {
        return abi.encodePacked(EXPIRED, abi.encode(orderId));
    }

    /// @param kind RELEASE or SEIZE.
    function payout(uint8 kind, bytes32 orderId, uint64 sequence, uint256 amount, address to)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(kind, abi.encode(orderId, sequence, amount, to));
    }

    /// @notice The kind byte and the orderId, which every payload starts with.
    function header(bytes calldata payload) internal pure returns (uint8 kind, bytes32 orderId) {
        kind = uint8(payload[0]);
        orderId = bytes32(payload[1:33]);
    }
}
