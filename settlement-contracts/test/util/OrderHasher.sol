// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {MarginOrder} from "../../src/base/MarginOrderTypes.sol";
import {MarginOrderLib} from "../../src/lib/MarginOrderLib.sol";

/// @notice MarginOrderLib reads orders from calldata (the settlers' hot path); tests hold them in
/// memory, so they hash through this contract's external functions.
contract OrderHasher {
    function orderId(GaslessCrossChainOrder calldata order) external pure returns (bytes32) {
        return MarginOrderLib.orderId(order, MarginOrderLib.decode(order.orderData));
    }

    function digest(GaslessCrossChainOrder calldata order) external pure returns (bytes32) {
        MarginOrder memory data = MarginOrderLib.decode(order.orderData);
        return MarginOrderLib.permit2Digest(order, data, MarginOrderLib.orderId(order, data));
    }
}
