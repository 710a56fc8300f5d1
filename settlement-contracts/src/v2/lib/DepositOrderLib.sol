// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GaslessCrossChainOrder} from "../../interfaces/IERC7683.sol";
import {FeeSchedule} from "../../base/MarginOrderTypes.sol";
import {MarginOrderLib} from "../../lib/MarginOrderLib.sol";
import {AttachedTrade, DepositOrder, SolverBid} from "../base/DepositOrderTypes.sol";

/// @title DepositOrderLib
/// @notice EIP-712 encoding of protocol v2's deposit intent and of the solver bid, identical to the
/// TypeScript of intents/src/v2 (pinned by test/v2/lib/DepositOrderLib.t.sol). The
/// trader signs a Permit2 `PermitWitnessTransferFrom` (spender: the origin `AccountVault`) whose witness
/// is the `GaslessCrossChainOrder` with its `orderData` as a typed `DepositOrder`; the witness struct
/// hash is the orderId on both chains.
library DepositOrderLib {
    address internal constant PERMIT2 = MarginOrderLib.PERMIT2;
    uint256 internal constant BPS = MarginOrderLib.BPS;

    bytes internal constant ATTACHED_TRADE_TYPE =
        "AttachedTrade(string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps)";
    bytes internal constant DEPOSIT_ORDER_TYPE =
        "DepositOrder(address token,uint256 amount,uint256 destinationChainId,address engine,address account,string route,FeeSchedule fee,AttachedTrade trade)";
    bytes internal constant FEE_SCHEDULE_TYPE = MarginOrderLib.FEE_SCHEDULE_TYPE;
    bytes internal constant GASLESS_CROSS_CHAIN_ORDER_TYPE =
        "GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,uint256 originChainId,uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,DepositOrder orderData)";
    bytes internal constant TOKEN_PERMISSIONS_TYPE = MarginOrderLib.TOKEN_PERMISSIONS_TYPE;
    bytes internal constant SOLVER_BID_TYPE = "SolverBid(bytes32 orderId,address solver,uint16 feeBps,uint32 expiry)";

    /// @notice What Permit2's `permitWitnessTransferFrom` takes as `witnessTypeString`: the witness
    /// field, then every struct the permit references, in alphabetical order.
    string internal constant PERMIT2_WITNESS_TYPE_STRING = string(
        abi.encodePacked(
            "GaslessCrossChainOrder witness)",
            ATTACHED_TRADE_TYPE,
            DEPOSIT_ORDER_TYPE,
            FEE_SCHEDULE_TYPE,
            GASLESS_CROSS_CHAIN_ORDER_TYPE,
            TOKEN_PERMISSIONS_TYPE
        )
    );

    bytes32 internal constant ATTACHED_TRADE_TYPEHASH = keccak256(ATTACHED_TRADE_TYPE);
    bytes32 internal constant FEE_SCHEDULE_TYPEHASH = MarginOrderLib.FEE_SCHEDULE_TYPEHASH;
    /// @notice The ERC-7683 `orderDataType` of every v2 deposit intent.
    bytes32 internal constant DEPOSIT_ORDER_TYPEHASH =
        keccak256(abi.encodePacked(DEPOSIT_ORDER_TYPE, ATTACHED_TRADE_TYPE, FEE_SCHEDULE_TYPE));
    bytes32 internal constant GASLESS_CROSS_CHAIN_ORDER_TYPEHASH = keccak256(
        abi.encodePacked(GASLESS_CROSS_CHAIN_ORDER_TYPE, ATTACHED_TRADE_TYPE, DEPOSIT_ORDER_TYPE, FEE_SCHEDULE_TYPE)
    );
    bytes32 internal constant TOKEN_PERMISSIONS_TYPEHASH = MarginOrderLib.TOKEN_PERMISSIONS_TYPEHASH;
    bytes32 internal constant PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH = keccak256(
        abi.encodePacked(
            "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,",
            PERMIT2_WITNESS_TYPE_STRING
        )
    );
    bytes32 internal constant SOLVER_BID_TYPEHASH = keccak256(SOLVER_BID_TYPE);
    /// @dev Bids bind a solver to the network, not to a contract: the domain is a name and a version.
    bytes32 internal constant SOLVER_BID_DOMAIN_SEPARATOR = keccak256(
        abi.encode(
            keccak256("EIP712Domain(string name,string version)"), keccak256("xmargin SolverBid"), keccak256("1")
        )
    );

    /// @notice Decodes `GaslessCrossChainOrder.orderData`.
    function decode(bytes calldata orderData) internal pure returns (DepositOrder memory) {
        return abi.decode(orderData, (DepositOrder));
    }

    function hash(FeeSchedule memory fee) internal pure returns (bytes32) {
        return MarginOrderLib.hash(fee);
    }

    function hash(AttachedTrade memory trade) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                ATTACHED_TRADE_TYPEHASH,
                keccak256(bytes(trade.market)),
                trade.sizeDelta,
                trade.limitPrice,
                trade.maxLeverageBps
            )
        );
    }

    function hash(DepositOrder memory order) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                DEPOSIT_ORDER_TYPEHASH,
                order.token,
                order.amount,
                order.destinationChainId,
                order.engine,
                order.account,
                keccak256(bytes(order.route)),
                hash(order.fee),
                hash(order.trade)
            )
        );
    }

    /// @notice The orderId: EIP-712 struct hash of the witness, with `orderData` hashed as its struct.
    function orderId(GaslessCrossChainOrder calldata order, DepositOrder memory data) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
                order.originSettler,
                order.user,
                order.nonce,
                order.originChainId,
                order.openDeadline,
                order.fillDeadline,
                DEPOSIT_ORDER_TYPEHASH,
                hash(data)
            )
        );
    }

    /// @notice The digest the trader signed: Permit2's witness transfer (spender `originSettler`) under
    /// Permit2's domain on the origin chain, with the orderId as witness. The vault checks the signature
    /// rule over it before Permit2 does; the engine recomputes it to check a frontable deposit.
    function permit2Digest(GaslessCrossChainOrder calldata order, DepositOrder memory data, bytes32 witness)
        internal
        pure
        returns (bytes32)
    {
        bytes32 permitted = keccak256(abi.encode(TOKEN_PERMISSIONS_TYPEHASH, data.token, data.amount));
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
        return
            keccak256(
                abi.encodePacked("\x19\x01", MarginOrderLib.permit2DomainSeparator(order.originChainId), structHash)
            );
    }

    /// @notice The bid's EIP-712 struct hash (its id on the bids topic).
    function hash(SolverBid memory bid) internal pure returns (bytes32) {
        return keccak256(abi.encode(SOLVER_BID_TYPEHASH, bid.orderId, bid.solver, bid.feeBps, bid.expiry));
    }

    /// @notice The digest a solver signs for `bid`.
    function bidDigest(SolverBid memory bid) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", SOLVER_BID_DOMAIN_SEPARATOR, hash(bid)));
    }

    /// @notice Whether the attached trade has one of its two forms: none (`sizeDelta` 0, `market` "",
    /// `limitPrice` and `maxLeverageBps` 0) or a whole one (a market, a limit and a leverage cap).
    function isConsistent(AttachedTrade memory trade) internal pure returns (bool) {
        if (trade.sizeDelta == 0) {
            return bytes(trade.market).length == 0 && trade.limitPrice == 0 && trade.maxLeverageBps == 0;
        }
        return bytes(trade.market).length != 0 && trade.limitPrice != 0 && trade.maxLeverageBps != 0;
    }

    /// @notice As v1: a fee that never falls, at most 100%, reaching its maximum by the fill deadline.
    function isValidSchedule(FeeSchedule memory fee, uint32 fillDeadline) internal pure returns (bool) {
        return MarginOrderLib.isValidSchedule(fee, fillDeadline);
    }

    /// @notice As v1: the highest fee (bps) a solver may charge at `timestamp`, rounded down.
    function feeAt(FeeSchedule memory fee, uint256 timestamp) internal pure returns (uint256) {
        return MarginOrderLib.feeAt(fee, timestamp);
    }
}
