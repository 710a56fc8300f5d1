// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GaslessCrossChainOrder} from "./IERC7683.sol";
import {MarginOrder} from "../base/MarginOrderTypes.sol";

/// @title IIntentVerifier
/// @notice The stateless checks of a signed intent on the destination chain: its type, its fee
/// schedule, its orderId and the trader's Permit2 witness signature, recomputed for the origin chain.
/// A contract of its own so the MarginEngine stays within the EIP-170 code size limit.
interface IIntentVerifier {
    error WrongOrderDataType(bytes32 actual);
    error BadFeeSchedule(uint16 startBps, uint16 maxBps, uint32 startTime, uint32 endTime);
    error WrongOrderId(bytes32 given, bytes32 computed);
    error BadSignature(address recovered, address expected);

    /// @notice The orderId and the decoded `MarginOrder` of an order.
    function identify(GaslessCrossChainOrder calldata order) external pure returns (bytes32 orderId, MarginOrder memory);

    /// @notice Checks the order's type, fee schedule and orderId, and that `signature` is the trader's
    /// (`order.user`) over the Permit2 witness digest; returns the decoded order.
    function verify(bytes32 orderId, GaslessCrossChainOrder calldata order, bytes calldata signature)
        external
        pure
        returns (MarginOrder memory);
}
