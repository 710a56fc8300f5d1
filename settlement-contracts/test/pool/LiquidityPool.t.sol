// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {LiquidityPool} from "../../src/pool/LiquidityPool.sol";
import {TestToken} from "../util/TestToken.sol";

/// The LP pool: an ERC-4626 vault of the settlement token that only the engine pays out of.
contract LiquidityPoolTest is Test {
    TestToken internal usd = new TestToken("USD", 6);
    address internal engine = makeAddr("engine");
    address internal lp = makeAddr("lp");
    address internal attacker = makeAddr("attacker");
    address internal trader = makeAddr("trader");
    LiquidityPool internal pool;

    function setUp() public {
        pool = new LiquidityPool(usd, engine);
        for (uint256 i; i < 2; i++) {
            address who = [lp, attacker][i];
            usd.mint(who, 1_000_000e6);
            vm.prank(who);
            usd.approve(address(pool), type(uint256).max);
        }
    }

    function _deposit(address who, uint256 assets) internal returns (uint256 shares) {
        vm.prank(who);
        shares = pool.deposit(assets, who);
    }

    function test_constructor_setsAssetEngineAndMetadata() public view {
        assertEq(pool.asset(), address(usd));
        assertEq(pool.ENGINE(), engine);
        assertEq(pool.name(), "xmargin LP");
        assertEq(pool.symbol(), "xmLP");
        assertEq(pool.decimals(), 12, "six decimals of offset on top of the asset's six");
    }

    function test_deposit_mintsVirtualOffsetShares() public {
        assertEq(_deposit(lp, 1_000e6), 1_000e6 * 1e6);
        assertEq(pool.totalAssets(), 1_000e6);
    }

    function test_redeem_returnsDeposit() public {
        uint256 shares = _deposit(lp, 1_000e6);
        vm.prank(lp);
        assertEq(pool.redeem(shares, lp, lp), 1_000e6);
        assertEq(usd.balanceOf(lp), 1_000_000e6);
    }

    function test_pay_engineMovesAssetsOut() public {
        _deposit(lp, 1_000e6);
        vm.prank(engine);
        pool.pay(trader, 100e6);
        assertEq(usd.balanceOf(trader), 100e6);
        assertEq(pool.totalAssets(), 900e6);
    }

    function test_pay_revertWhenNotEngine() public {
        _deposit(lp, 1_000e6);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(LiquidityPool.NotEngine.selector, attacker));
        pool.pay(attacker, 1);
    }

    function test_pay_revertWhenMoreThanHeld() public {
        _deposit(lp, 1_000e6);
        vm.prank(engine);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(pool), 1_000e6, 1_000e6 + 1)
        );
        pool.pay(trader, 1_000e6 + 1);
    }

    /// LPs earn what traders lose (paid in by the engine) and lose what they win (paid out).
    function test_convertToAssets_followsTradersPnl() public {
        uint256 shares = _deposit(lp, 1_000e6);
        usd.mint(address(pool), 100e6); // a trader's loss
        assertApproxEqAbs(pool.convertToAssets(shares), 1_100e6, 1);
        vm.prank(engine);
        pool.pay(trader, 300e6); // a trader's profit
        assertApproxEqAbs(pool.convertToAssets(shares), 800e6, 1);
    }

    /// First-depositor inflation: deposit 1 unit, donate, hope the victim's deposit rounds to 0 shares.
    /// The virtual offset makes the donation the attacker's loss.
    function test_deposit_inflationAttackUnprofitable() public {
        _deposit(attacker, 1);
        vm.prank(attacker);
        usd.transfer(address(pool), 100_000e6);
        uint256 victimShares = _deposit(lp, 10_000e6);
        assertGt(victimShares, 0);

        vm.startPrank(attacker);
        pool.redeem(pool.balanceOf(attacker), attacker, attacker);
        vm.stopPrank();
        uint256 attackerLoss = 1_000_000e6 - usd.balanceOf(attacker);
        vm.prank(lp);
        uint256 victimLoss = 10_000e6 - pool.redeem(victimShares, lp, lp);
        // Rounding costs the victim at most donation / 10^offset; the attacker's single share is matched by
        // 10^6 virtual ones, which keep about half of what it donated.
        assertLe(victimLoss, 100_000e6 / 1e6, "the victim loses at most rounding dust");
        assertGt(attackerLoss, 49_000e6, "the attacker loses about half its donation");
    }

    function test_fuzz_redeem_neverReturnsMoreThanDeposited(uint256 first, uint256 second) public {
        first = bound(first, 1, 500_000e6);
        second = bound(second, 1, 500_000e6);
        _deposit(attacker, first);
        uint256 shares = _deposit(lp, second);
        vm.prank(lp);
        assertLe(pool.redeem(shares, lp, lp), second);
    }
}
