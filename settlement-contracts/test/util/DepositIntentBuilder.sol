// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {FeeSchedule} from "../../src/base/MarginOrderTypes.sol";
import {AttachedTrade, DepositOrder, SolverBid} from "../../src/v2/base/DepositOrderTypes.sol";
import {DepositOrderLib} from "../../src/v2/lib/DepositOrderLib.sol";

/// @notice DepositOrderLib reads orders from calldata (the vault's hot path); tests hold them in
/// memory, so they hash through this contract's external functions.
contract DepositOrderHasher {
    function orderId(GaslessCrossChainOrder calldata order) external pure returns (bytes32) {
        return DepositOrderLib.orderId(order, DepositOrderLib.decode(order.orderData));
    }

    function digest(GaslessCrossChainOrder calldata order) external pure returns (bytes32) {
        DepositOrder memory data = DepositOrderLib.decode(order.orderData);
        return DepositOrderLib.permit2Digest(order, data, DepositOrderLib.orderId(order, data));
    }
}

/// @notice Builds and signs v2 deposit intents and solver bids the way a wallet and a node do, so
/// tests read as "a trader signs X, a solver does Y".
library DepositIntentBuilder {
    struct Terms {
        address vault;
        address engine;
        uint256 originChainId;
        uint256 destinationChainId;
        address trader;
        address account;
        address token;
        uint256 amount;
        uint256 nonce;
        string route;
        uint16 startFeeBps;
        uint16 maxFeeBps;
        uint32 openIn;
        uint32 fillIn;
        uint32 feeRamp;
        AttachedTrade trade;
    }

    /// @notice A 2-token deposit for the trader's own account with a 10× short of 5 ETH attached, a
    /// 2 → 30 bps fee over two minutes.
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
            account: trader,
            token: token,
            amount: 2 ether,
            nonce: nonce,
            route: "hyperlane",
            startFeeBps: 2,
            maxFeeBps: 30,
            openIn: 60,
            fillIn: 300,
            feeRamp: 120,
            trade: AttachedTrade({
                market: "ETH-USD", sizeDelta: -5 ether, limitPrice: 3_100 ether, maxLeverageBps: 100_000
            })
        });
    }

    /// @notice The same terms without an attached trade.
    function withoutTrade(Terms memory t) internal pure returns (Terms memory) {
        t.trade = AttachedTrade({market: "", sizeDelta: 0, limitPrice: 0, maxLeverageBps: 0});
        return t;
    }

    function build(Terms memory t, uint256 nowTimestamp)
        internal
        pure
        returns (GaslessCrossChainOrder memory order, DepositOrder memory data)
    {
        data = DepositOrder({
            token: t.token,
            amount: t.amount,
            destinationChainId: t.destinationChainId,
            engine: t.engine,
            account: t.account,
            route: t.route,
            fee: FeeSchedule({
                startBps: t.startFeeBps,
                maxBps: t.maxFeeBps,
                startTime: uint32(nowTimestamp),
                endTime: uint32(nowTimestamp + t.feeRamp)
            }),
            trade: t.trade
        });
        order = GaslessCrossChainOrder({
            originSettler: t.vault,
            user: t.trader,
            nonce: t.nonce,
            originChainId: t.originChainId,
            openDeadline: uint32(nowTimestamp + t.openIn),
            fillDeadline: uint32(nowTimestamp + t.fillIn),
            orderDataType: DepositOrderLib.DEPOSIT_ORDER_TYPEHASH,
            orderData: abi.encode(data)
        });
    }

    /// @notice The trader's Permit2 witness signature (65 bytes, low-s, v ∈ {27, 28}).
    function sign(Vm vm, DepositOrderHasher hasher, uint256 traderKey, GaslessCrossChainOrder memory order)
        internal
        pure
        returns (bytes memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(traderKey, hasher.digest(order));
        return abi.encodePacked(r, s, v);
    }

    function signBid(Vm vm, uint256 solverKey, SolverBid memory bid) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(solverKey, DepositOrderLib.bidDigest(bid));
        return abi.encodePacked(r, s, v);
    }
}
