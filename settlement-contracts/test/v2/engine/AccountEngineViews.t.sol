// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {IMessageRoutes} from "../../../src/v2/interfaces/IMessageRoutes.sol";
import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {AccountView, CollateralConfig, Trade} from "../../../src/v2/base/AccountTypes.sol";
import {DepositTrade} from "../../../src/v2/lib/AccountMessages.sol";
import {SignatureRule} from "../../../src/v2/lib/SignatureRule.sol";
import {EngineHarness} from "./EngineHarness.sol";

/// The views (account, health, latency buffer) against the DESIGN formulas, the configuration rules,
/// and fuzzed signatures and fees.
contract AccountEngineViewsTest is EngineHarness {
    function setUp() public override {
        super.setUp();
        _deposit(trader, 2 ether);
    }

    function _noTrade() internal pure returns (DepositTrade memory none) {}

    /// ETH at σ = 80 bps/√h over a 12 s route: ⌈3 · 80 · √(2 + 2 + 12 + 0) / 60⌉ = 16 bps.
    function test_latencyBufferBps_overTheSlowestOrigin() public {
        assertEq(lens.latencyBufferBps(trader, ETH_USD), 16);
        engine.setPeer(10, vault);
        engine.setRoute(
            "slow", IMessageRoutes.Route(IMessenger(makeAddr("slowPrimary")), IMessenger(address(0)), 1_200)
        );
        engine.setOriginRoute(10, "slow");
        engine.setCollateral(10, weth, CollateralConfig(ETH_FEED, 18, 500));
        vm.prank(address(primaryRoute.destinationMessenger));
        engine.receiveMessage(10, vault, 1, _depositPayload(trader, 1 ether, _noTrade(), false));
        // √(2 + 2 + 1,200) rounds up to 35: ⌈3 · 80 · 35 / 60⌉ = 140.
        assertEq(lens.latencyBufferBps(trader, ETH_USD), 140);
        assertEq(lens.latencyBufferBps(makeAddr("nobody"), ETH_USD), 8, "no collateral: no route term");
    }

    function test_health_followsTheFormulas() public {
        vm.prank(trader);
        engine.trade("ETH-USD", 5 ether, 3_100 ether, 30_000, _noUpdate());
        uint256 entry = _fillPrice(3_000 ether, 0, 5 ether);
        uint256 low = 2_998.5 ether;
        int256 collateral = 2 * 2_998.5 ether * 95 / 100;
        int256 pnl = 5 * (int256(low) - int256(entry));
        uint256 notional = 5 * low;
        (int256 equity, uint256 maintenance, uint256 initial) = engine.health(trader);
        assertEq(equity, collateral - int256(_fee(5 ether, entry)) + pnl);
        assertEq(maintenance, notional * (50 + 50 + 16) / 10_000);
        assertEq(initial, notional / 20 + notional * 16 / 10_000);
    }

    function test_accountOf_listsCollateralCashAndPositions() public {
        vm.startPrank(trader);
        engine.trade("ETH-USD", 1 ether, 3_100 ether, 30_000, _noUpdate());
        vm.stopPrank();
        AccountView memory v = lens.accountOf(trader);
        assertEq(v.collateral.length, 1);
        assertEq(v.collateral[0].chainId, ORIGIN_CHAIN_ID);
        assertEq(v.collateral[0].token, weth);
        assertEq(v.collateral[0].amount, 2 ether);
        assertEq(v.cash, lens.cashOf(trader));
        assertEq(v.positions.length, 1);
        assertEq(v.positions[0].marketId, ETH_USD);
        assertEq(v.positions[0].size, 1 ether);
    }

    // ---------------------------------------------------------------- configuration

    function test_setCollateral_revertWhenOriginHasNoRoute() public {
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NoOriginRoute.selector, 10));
        engine.setCollateral(10, weth, CollateralConfig(ETH_FEED, 18, 500));
    }

    function test_setOriginRoute_revertWhenUnknownRoute() public {
        vm.expectRevert(abi.encodeWithSelector(IMessageRoutes.UnknownRoute.selector, keccak256("nope")));
        engine.setOriginRoute(10, "nope");
    }

    function test_setMarket_keepsTheIndexOnUpdate() public {
        uint8 index = lens.market(ETH_USD).index;
        engine.setMarket("ETH-USD", _ethMarket());
        assertEq(lens.market(ETH_USD).index, index);
        engine.setMarket("BTC-USD", _ethMarket());
        assertEq(lens.market(keccak256("BTC-USD")).index, index + 1);
    }

    function test_setters_revertWhenNotOwner() public {
        address stranger = makeAddr("stranger");
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setMarket("X", _ethMarket());
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setCollateral(ORIGIN_CHAIN_ID, weth, CollateralConfig(ETH_FEED, 18, 0));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setOriginRoute(ORIGIN_CHAIN_ID, "hyperlane");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setPool(stranger);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- fuzz

    /// Any key but the account's is refused, and the nonce stays unspent.
    function test_fuzz_tradeFor_otherSignerRefused(uint256 key) public {
        key = bound(key, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        vm.assume(key != TRADER_KEY);
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        bytes memory signature = _sign(key, _digest(t));
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(SignatureRule.SignerMismatch.selector, vm.addr(key), trader));
        engine.tradeFor(t, signature, 0, _noUpdate());
        assertFalse(lens.nonceUsed(trader, t.nonce));
    }

    /// Any fee above the signed maximum is refused; any fee up to it is paid exactly.
    function test_fuzz_tradeFor_relayerFeeCapped(uint256 maxFee, uint256 fee) public {
        maxFee = bound(maxFee, 0, 100e6);
        fee = bound(fee, 0, 200e6);
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        t.maxRelayerFee = maxFee;
        bytes memory signature = _sign(t);
        if (fee > maxFee) {
            vm.expectRevert(abi.encodeWithSelector(IAccountEngine.RelayerFeeAboveMax.selector, fee, maxFee));
        }
        vm.prank(relayer);
        engine.tradeFor(t, signature, fee, _noUpdate());
        assertEq(lens.cashOf(relayer), fee > maxFee ? int256(0) : int256(fee * SCALE));
    }
}
