// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {FeeSchedule, MarginOrder} from "../../src/base/MarginOrderTypes.sol";
import {MarginOrderLib} from "../../src/lib/MarginOrderLib.sol";
import {OrderHasher} from "./OrderHasher.sol";

/// @notice Builds and signs intents the way a trader's wallet does (the same Permit2 witness digest
/// the golden vectors pin), so tests read as "a trader signs X, a solver does Y".
library IntentBuilder {
    struct Terms {
        address vault;
        address engine;
        uint256 originChainId;
        uint256 destinationChainId;
        address trader;
        address token;
        uint256 amount;
        uint256 nonce;
        string market;
        bool isLong;
        uint256 size;
        uint256 limitPrice;
        uint32 maxLeverageBps;
        uint16 startFeeBps;
        uint16 maxFeeBps;
        string route;
        uint32 openIn;
        uint32 fillIn;
        uint32 feeRamp;
    }

    /// @notice A 2-token, 10× long on ETH-USD with a 2 → 30 bps fee over two minutes.
    function defaults(address vault, address engine, address trader, address token, uint256 nonce)
        internal
        pure
        returns (Terms memory)
    {
        return Terms({
            vault: vault,
            engine: engine,
            originChainId: 31337,
            destinationChainId: 31338,
            trader: trader,
            token: token,
            amount: 2 ether,
            nonce: nonce,
            market: "ETH-USD",
            isLong: true,
            size: 5 ether,
            limitPrice: 3_100 ether,
            maxLeverageBps: 100_000,
            startFeeBps: 2,
            maxFeeBps: 30,
            route: "hyperlane",
            openIn: 60,
            fillIn: 300,
            feeRamp: 120
        });
    }

    function build(Terms memory t, uint256 nowTimestamp)
        internal
        pure
        returns (GaslessCrossChainOrder memory order, MarginOrder memory data)
    {
        data = MarginOrder({
            collateralToken: t.token,
            collateralAmount: t.amount,
            destinationChainId: t.destinationChainId,
            destinationSettler: t.engine,
            recipient: t.trader,
            market: t.market,
            isLong: t.isLong,
            size: t.size,
            limitPrice: t.limitPrice,
            maxLeverageBps: t.maxLeverageBps,
            fee: FeeSchedule({
                startBps: t.startFeeBps,
                maxBps: t.maxFeeBps,
                startTime: uint32(nowTimestamp),
                endTime: uint32(nowTimestamp + t.feeRamp)
            }),
            route: t.route
        });
        order = GaslessCrossChainOrder({
            originSettler: t.vault,
            user: t.trader,
            nonce: t.nonce,
            originChainId: t.originChainId,
            openDeadline: uint32(nowTimestamp + t.openIn),
            fillDeadline: uint32(nowTimestamp + t.fillIn),
            orderDataType: MarginOrderLib.MARGIN_ORDER_TYPEHASH,
            orderData: abi.encode(data)
        });
    }

    /// @notice The trader's Permit2 witness signature (65 bytes, v ∈ {27, 28}).
    function sign(Vm vm, OrderHasher hasher, uint256 traderKey, GaslessCrossChainOrder memory order)
        internal
        view
        returns (bytes memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(traderKey, hasher.digest(order));
        return abi.encodePacked(r, s, v);
    }
}
