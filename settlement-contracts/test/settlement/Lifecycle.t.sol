// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {ICollateralVault} from "../../src/interfaces/ICollateralVault.sol";
import {IMarginEngine} from "../../src/interfaces/IMarginEngine.sol";
import {IntentBuilder} from "../util/IntentBuilder.sol";
import {XmarginHarness} from "../util/XmarginHarness.sol";

/// The path of DESIGN.md's "Fill, settle, refund", end to end over real Hyperlane messaging.
contract LifecycleTest is XmarginHarness {
    function test_openFillSettle_feePaidFrontRepaidPositionBacked() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        _open(solver, order, signature);
        assertEq(weth.balanceOf(address(vault)), 2 ether, "collateral in escrow");

        uint256 solverUsd = usd.balanceOf(solver);
        skip(40); // the schedule reaches 10 bps at 35 s (2 → 30 bps over 120 s)
        _fill(solver, orderId, order, signature, 10);
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertEq(uint8(p.status), uint8(IMarginEngine.Status.Open));
        assertGt(p.front, 0, "solver fronted the margin");
        assertEq(usd.balanceOf(solver), solverUsd - p.front);

        relayAll(); // Locked → engine, Filled → vault
        assertEq(weth.balanceOf(solver), 2 ether * 10 / 10_000, "fee paid in collateral");
        assertEq(usd.balanceOf(solver), solverUsd, "front repaid");
        p = engine.positionOf(orderId);
        assertTrue(p.remoteBacked);
        assertEq(p.collateral, 2 ether - 2 ether * 10 / 10_000);
        assertEq(uint8(vault.escrowOf(orderId).status), uint8(ICollateralVault.Status.Filled));
    }

    function test_expire_refundsTraderAndSlashesOpener() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        _open(solver, order, signature);
        uint256 traderWeth = weth.balanceOf(trader);
        skip(301);
        onDestination();
        engine.expire(abi.encode(order));
        relayAll();
        assertEq(weth.balanceOf(trader), traderWeth + 2 ether, "refunded");
        assertEq(registry.slashable(solver), MIN_BOND - SLASH, "opener slashed");
        assertEq(bondToken.balanceOf(trader), SLASH / 2, "trader compensated");
        assertEq(uint8(vault.escrowOf(orderId).status), uint8(ICollateralVault.Status.Refunded));
    }

    function test_close_profitPaidByPoolAndCollateralReleased() public {
        bytes32 orderId = _openFilledAndBacked();
        skip(1);
        _setEthPrice(3_300);
        onDestination();
        uint256 before = usd.balanceOf(trader);
        vm.prank(trader);
        engine.close(orderId, new bytes[](0));
        assertGt(usd.balanceOf(trader), before, "profit paid on the destination");
        uint256 traderWeth = weth.balanceOf(trader);
        relayAll(); // Release → vault
        assertEq(weth.balanceOf(trader), traderWeth + engineCollateralAtFill(orderId), "collateral released");
    }

    function test_liquidate_afterCrash_keeperPaysAndSeizesOnOrigin() public {
        bytes32 orderId = _openFilledAndBacked(25 ether); // 75,000 USD on ~5,700 USD: 13×
        skip(1);
        _setEthPrice(2_800);
        onDestination();
        (int256 equity, uint256 requirement) = engine.health(orderId);
        assertLt(equity, int256(requirement), "unhealthy after the crash");
        vm.startPrank(keeper);
        engine.liquidate(orderId, new bytes[](0));
        uint256 poolBefore = usd.balanceOf(address(pool));
        engine.settleDebt(orderId, keeper, new bytes[](0));
        vm.stopPrank();
        assertGt(usd.balanceOf(address(pool)), poolBefore, "the pool is paid its loss");
        relayAll(); // Seize → keeper, Release → trader
        assertGt(weth.balanceOf(keeper), 0, "keeper took collateral on the origin");
        assertEq(weth.balanceOf(address(vault)), 0, "nothing left stranded in escrow");
    }

    function test_liquidate_partialWhenHalfSuffices() public {
        bytes32 orderId = _openFilledAndBacked(25 ether);
        skip(1);
        _setEthPrice(2_816); // just below maintenance: closing half restores the rest
        onDestination();
        vm.startPrank(keeper);
        engine.liquidate(orderId, new bytes[](0));
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertEq(uint8(p.status), uint8(IMarginEngine.Status.Open), "still open");
        assertEq(p.size, 12.5 ether, "half closed");
        assertGt(p.debt, 0);
        engine.settleDebt(orderId, keeper, new bytes[](0));
        vm.stopPrank();
        (int256 equity, uint256 requirement) = engine.health(orderId);
        assertGe(equity, int256(requirement), "healthy again");
        relayAll();
        assertGt(weth.balanceOf(keeper), 0, "keeper paid in collateral on the origin");
        assertGt(weth.balanceOf(address(vault)), 1 ether, "the rest still backs the position");
    }

    function test_withdraw_releasesFreeCollateralOnly() public {
        bytes32 orderId = _openFilledAndBacked(10 ether); // 30,000 USD on ~5,700 USD: 5.3×
        onDestination();
        vm.prank(trader);
        try engine.withdraw(orderId, 1.5 ether, new bytes[](0)) {
            revert("withdrawing most of the margin of a 5x position must be refused");
        } catch (bytes memory err) {
            assertEq(bytes4(err), IMarginEngine.InsufficientFreeMargin.selector);
        }
        vm.prank(trader);
        engine.withdraw(orderId, 0.1 ether, new bytes[](0));
        uint256 before = weth.balanceOf(trader);
        relayAll();
        assertEq(weth.balanceOf(trader), before + 0.1 ether);
    }

    // ---------------------------------------------------------------- helpers

    function _openFilledAndBacked() internal returns (bytes32) {
        return _openFilledAndBacked(3 ether); // 9,000 USD on ~5,700 USD of collateral value: 1.6×
    }

    function _openFilledAndBacked(uint256 size) internal returns (bytes32 orderId) {
        IntentBuilder.Terms memory terms = _terms();
        terms.size = size;
        terms.maxLeverageBps = 200_000;
        GaslessCrossChainOrder memory order;
        bytes memory signature;
        (order, signature, orderId) = _sign(terms);
        _open(solver, order, signature);
        _fill(solver, orderId, order, signature, 2);
        relayAll();
    }

    function engineCollateralAtFill(bytes32) internal pure returns (uint256) {
        return 2 ether - 2 ether * 2 / 10_000;
    }
}
