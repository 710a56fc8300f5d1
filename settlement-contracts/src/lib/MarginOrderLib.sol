// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GaslessCrossChainOrder} from "../interfaces/IERC7683.sol";
import {FeeSchedule, MarginOrder} from "../base/MarginOrderTypes.sol";

/// @title MarginOrderLib
/// @notice EIP-712 encoding of xmargin intents, identical to `@xmargin/intents` (pinned by
/// test/lib/MarginOrderLib.t.sol against intents/vectors/). The trader signs a Permit2
/// `PermitWitnessTransferFrom` whose witness is the `GaslessCrossChainOrder` with its `orderData`
/// as a typed `MarginOrder`; the witness struct hash is the orderId on both chains.
library MarginOrderLib {
    address internal constant PERMIT2 = 0x000000000022D473030F116dDEE9F6B43aC78BA3;
    uint256 internal constant BPS = 10_000;

    bytes internal constant FEE_SCHEDULE_TYPE =
        "FeeSchedule(uint16 startBps,uint16 maxBps,uint32 startTime,uint32 endTime)";
    bytes internal constant MARGIN_ORDER_TYPE =
        "MarginOrder(address collateralToken,uint256 collateralAmount,uint256 destinationChainId,address destinationSettler,address recipient,string market,bool isLong,uint256 size,uint256 limitPrice,uint32 maxLeverageBps,FeeSchedule fee,string route)";
    bytes internal constant GASLESS_CROSS_CHAIN_ORDER_TYPE =
        "GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,uint256 originChainId,uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,MarginOrder orderData)";
    bytes internal constant TOKEN_PERMISSIONS_TYPE = "TokenPermissions(address token,uint256 amount)";

    /// @notice What Permit2's `permitWitnessTransferFrom` takes as `witnessTypeString`: the witness
    /// field, then every referenced struct in alphabetical order.
    string internal constant PERMIT2_WITNESS_TYPE_STRING = string(
        abi.encodePacked(
            "GaslessCrossChainOrder witness)",
            FEE_SCHEDULE_TYPE,
            GASLESS_CROSS_CHAIN_ORDER_TYPE,
            MARGIN_ORDER_TYPE,
            TOKEN_PERMISSIONS_TYPE
        )
    );

    bytes32 internal constant FEE_SCHEDULE_TYPEHASH = keccak256(FEE_SCHEDULE_TYPE);
    bytes32 internal constant MARGIN_ORDER_TYPEHASH = keccak256(abi.encodePacked(MARGIN_ORDER_TYPE, FEE_SCHEDULE_TYPE));
    bytes32 internal constant GASLESS_CROSS_CHAIN_ORDER_TYPEHASH =
        keccak256(abi.encodePacked(GASLESS_CROSS_CHAIN_ORDER_TYPE, FEE_SCHEDULE_TYPE, MARGIN_ORDER_TYPE));
    bytes32 internal constant TOKEN_PERMISSIONS_TYPEHASH = keccak256(TOKEN_PERMISSIONS_TYPE);
    bytes32 internal constant PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH = keccak256(
        abi.encodePacked(
            "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,",
            PERMIT2_WITNESS_TYPE_STRING
        )
    );
    bytes32 internal constant PERMIT2_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");

    /// @notice Decodes `GaslessCrossChainOrder.orderData`.
    function decode(bytes calldata orderData) internal pure returns (MarginOrder memory) {
        return abi.decode(orderData, (MarginOrder));
    }

    function hash(FeeSchedule memory fee) internal pure returns (bytes32) {
        return keccak256(abi.encode(FEE_SCHEDULE_TYPEHASH, fee.startBps, fee.maxBps, fee.startTime, fee.endTime));
    }

    function hash(MarginOrder memory order) internal pure returns (bytes32) {
        // Two halves: one abi.encode of all thirteen words would not fit the legacy pipeline's stack.
        bytes memory head = abi.encode(
            MARGIN_ORDER_TYPEHASH,
            order.collateralToken,
            order.collateralAmount,
            order.destinationChainId,
            order.destinationSettler,
            order.recipient,
            keccak256(bytes(order.market))
        );
        bytes memory tail = abi.encode(
            order.isLong,
            order.size,
            order.limitPrice,
            order.maxLeverageBps,
            hash(order.fee),
            keccak256(bytes(order.route))
        );
        return keccak256(bytes.concat(head, tail));
    }

    /// @notice The orderId: EIP-712 struct hash of the witness, with `orderData` hashed as its struct.
    function orderId(GaslessCrossChainOrder calldata order, MarginOrder memory data) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
                order.originSettler,
                order.user,
                order.nonce,
                order.originChainId,
                order.openDeadline,
                order.fillDeadline,
                MARGIN_ORDER_TYPEHASH,
                hash(data)
            )
        );
    }

    /// @notice The digest the trader signed: Permit2's witness transfer under Permit2's domain on the
    /// origin chain. The destination engine recomputes it to check the signature without the origin.
    function permit2Digest(GaslessCrossChainOrder calldata order, MarginOrder memory data, bytes32 witness)
        internal
        pure
        returns (bytes32)
    {
        bytes32 permitted =
            keccak256(abi.encode(TOKEN_PERMISSIONS_TYPEHASH, data.collateralToken, data.collateralAmount));
        bytes32 structHash = keccak256(
            abi.encode(
                PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
                permitted,
                order.originSettler,
                order.nonce,
                uint256(order.openDeadline),
                witness
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", permit2DomainSeparator(order.originChainId), structHash));
    }

    function permit2DomainSeparator(uint256 chainId) internal pure returns (bytes32) {
        return keccak256(abi.encode(PERMIT2_DOMAIN_TYPEHASH, keccak256("Permit2"), chainId, PERMIT2));
    }

    /// @notice Whether a fee schedule has the shape `@xmargin/intents` accepts: a fee that never falls,
    /// at most 100%, rising over a non-empty span (or flat), and reaching its maximum by the fill
    /// deadline. A solver could not fill an order with any other; an opener would be slashed for it.
    function isValidSchedule(FeeSchedule memory fee, uint32 fillDeadline) internal pure returns (bool) {
        if (fee.startBps > fee.maxBps || fee.maxBps > BPS) return false;
        if (fee.startTime > fee.endTime || fee.endTime > fillDeadline) return false;
        return fee.startTime != fee.endTime || fee.startBps == fee.maxBps;
    }

    /// @notice The highest fee (bps) a solver may charge at `timestamp`; rounds down, exactly like the
    /// TypeScript `feeAt` of the intents package.
    function feeAt(FeeSchedule memory fee, uint256 timestamp) internal pure returns (uint256) {
        if (timestamp <= fee.startTime) return fee.startBps;
        if (timestamp >= fee.endTime) return fee.maxBps;
        return fee.startBps
            + (uint256(fee.maxBps - fee.startBps) * (timestamp - fee.startTime)) / (fee.endTime - fee.startTime);
    }
}
