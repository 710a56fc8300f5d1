// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {GaslessCrossChainOrder} from "./interfaces/IERC7683.sol";
import {IIntentVerifier} from "./interfaces/IIntentVerifier.sol";
import {MarginOrder} from "./base/MarginOrderTypes.sol";
import {MarginOrderLib} from "./lib/MarginOrderLib.sol";

/// @title IntentVerifier
/// @notice See IIntentVerifier.
contract IntentVerifier is IIntentVerifier {
    /// @inheritdoc IIntentVerifier
    function identify(GaslessCrossChainOrder calldata order) external pure returns (bytes32, MarginOrder memory data) {
        data = MarginOrderLib.decode(order.orderData);
        return (MarginOrderLib.orderId(order, data), data);
    }

    /// @inheritdoc IIntentVerifier
    function verify(bytes32 orderId, GaslessCrossChainOrder calldata order, bytes calldata signature)
        external
        pure
        returns (MarginOrder memory data)
    {
        if (order.orderDataType != MarginOrderLib.MARGIN_ORDER_TYPEHASH) revert WrongOrderDataType(order.orderDataType);
        data = MarginOrderLib.decode(order.orderData);
        if (!MarginOrderLib.isValidSchedule(data.fee, order.fillDeadline)) {
            revert BadFeeSchedule(data.fee.startBps, data.fee.maxBps, data.fee.startTime, data.fee.endTime);
        }
        bytes32 computed = MarginOrderLib.orderId(order, data);
        if (computed != orderId) revert WrongOrderId(orderId, computed);
        // The trader's one signature: the Permit2 digest, recomputed for the origin chain.
        (address signer,,) = ECDSA.tryRecover(MarginOrderLib.permit2Digest(order, data, orderId), signature);
        if (signer != order.user || signer == address(0)) revert BadSignature(signer, order.user);
    }
}
