// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {CollateralConfig, RiskParams} from "../../../src/v2/base/AccountTypes.sol";
import {AccountMessages, DepositTrade} from "../../../src/v2/lib/AccountMessages.sol";
import {EngineHarness} from "./EngineHarness.sol";

/// Liquidation and debt: an account below maintenance at fresh prices loses a position to any keeper,
/// half first when half suffices, at the conservative mark, with the liquidation fee split between the
/// keeper and the insurance fund; its loss is debt, which a keeper settles by paying it to the pool and
/// seizing the collateral it chooses (plus the bonus); what nothing backs falls on the insurance fund,
/// then the pool.
contract AccountEngineLiquidationTest is EngineHarness {
    address internal keeper = makeAddr("keeper");
    address internal usdc = makeAddr("usdc");

    function setUp() public override {
        super.setUp();
        _deposit(trader, 2 ether);
        // 30 ETH long on 2 ETH of collateral: 15.8× at 3,000.
        vm.prank(trader);
        engine.trade("ETH-USD", 30 ether, type(uint256).max, 200_000, _noUpdate());
        usd.mint(keeper, 1_000_000e6);
        vm.prank(keeper);
        usd.approve(address(engine), type(uint256).max);
        vm.deal(keeper, 10 ether);
    }

    function _liquidate() internal {
        vm.prank(keeper);
        engine.liquidate(trader, ETH_USD, _noUpdate());
    }

    function _settle(address token) internal {
        vm.prank(keeper);
        engine.settleDebt{value: 1 ether}(trader, ORIGIN_CHAIN_ID, token, keeper, _noUpdate());
    }

    function _belowMaintenance() internal view returns (bool) {
        (int256 equity, uint256 maintenance,) = engine.health(trader);
        return equity < int256(maintenance);
    }

    function test_liquidate_healthyAccountReverts() public {
        (int256 equity, uint256 maintenance,) = engine.health(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.AccountHealthy.selector, trader, equity, maintenance));
        _liquidate();
    }

    function test_liquidate_needsAFreshPrice() public {
        _movePrice(2_850);
        skip(6);
        VMX.expectPartialRevert(IAccountEngine.PriceNotFresh.selector);
        _liquidate();
    }

    function test_liquidate_noPositionInThatMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NoPosition.selector, keeper, ETH_USD));
        vm.prank(trader);
        engine.liquidate(keeper, ETH_USD, _noUpdate());
    }

    function test_liquidate_halfWhenHalfSuffices() public {
        _movePrice(2_850);
        assertTrue(_belowMaintenance(), "5% down at 15.8x: below maintenance");
        int256 cashBefore = lens.cashOf(trader);
        uint256 mark = 2_850 ether - 2_850 ether / 2_000; // a long at the low side

        _liquidate();

        assertEq(lens.positionOf(trader, ETH_USD).size, 15 ether, "half the position closed");
        assertFalse(_belowMaintenance(), "and the account is healthy again");
        uint256 fee = (15 ether * mark / 1e18 * 50 + 9_999) / 10_000;
        assertEq(lens.cashOf(keeper), int256(fee / 2), "half the fee to the keeper");
        assertEq(lens.insurance(), fee - fee / 2, "the rest to the insurance fund");
        int256 realised =
            int256(15 ether) * (int256(mark) - int256(uint256(lens.positionOf(trader, ETH_USD).entryPrice))) / 1e18;
        assertEq(lens.cashOf(trader), cashBefore + realised - int256(fee), "the loss and the fee are the account's");
        assertEq(lens.marketState(ETH_USD).skew, 15 ether);
    }

    function test_liquidate_allWhenHalfIsNotEnough() public {
        _movePrice(2_800);
        (int256 equity,,) = engine.health(trader);
        assertLt(equity, 0, "underwater");
        _liquidate();
        assertEq(lens.positionOf(trader, ETH_USD).size, 0, "the whole position closed");
        assertEq(lens.accountOf(trader).positions.length, 0);
        assertLt(lens.cashOf(trader), -5_000 ether, "the loss is the account's debt");
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether, "its collateral still backs it");
    }

    /// A liquidated account left solvent (its collateral, less haircut, covers the debt): the keeper
    /// settles at the fresh low price and earns no bonus (adversarial review: a bonus there would tax
    /// every loss).
    function test_settleDebt_solventAccountPaysNoBonus() public {
        // Half at 2,850, the rest at 2,830: a debt the WETH covers.
        _movePrice(2_850);
        _liquidate();
        _movePrice(2_830);
        _liquidate();
        assertEq(lens.accountOf(trader).positions.length, 0);
        (int256 equity,,) = engine.health(trader);
        assertGe(equity, 0, "solvent");
        uint256 debt = uint256(-lens.cashOf(trader));
        uint256 low = 2_830 ether - 2_830 ether / 2_000;
        uint256 seized = (debt * 1e18 + low - 1) / low;
        uint256 paid = (debt + SCALE - 1) / SCALE;
        bytes32 seizeId = keccak256(abi.encode(block.chainid, address(engine), uint256(1)));
        int256 claimBefore = engine.poolClaim(false);
        uint256 poolBefore = usd.balanceOf(address(pool));

        vm.expectCall(
            address(primaryRoute.destinationMessenger),
            abi.encodeCall(
                IMessenger.sendMessage,
                (ORIGIN_CHAIN_ID, vault, AccountMessages.seize(seizeId, trader, weth, seized, keeper))
            )
        );
        vm.expectEmit(true, true, true, true, address(engine));
        emit IAccountEngine.DebtSettled(trader, keeper, seizeId, ORIGIN_CHAIN_ID, weth, seized, paid);
        _settle(weth);

        assertEq(usd.balanceOf(address(pool)), poolBefore + paid, "the keeper paid the debt to the pool");
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether - seized, "the debt's worth seized");
        assertGe(lens.cashOf(trader), 0, "no debt left");
        assertLt(lens.cashOf(trader), int256(SCALE), "and no more than rounding paid beyond it");
        assertEq(
            int256(usd.balanceOf(address(pool))) * int256(SCALE) + engine.poolClaim(false),
            int256(poolBefore) * int256(SCALE) + claimBefore,
            "the pool's value does not move when a counted debt is paid"
        );
    }

    /// Below maintenance (an account without positions: equity below zero), the keeper earns the bonus.
    function test_settleDebt_insolventAccountPaysDebtPlusBonus() public {
        _movePrice(2_850);
        _liquidate();
        _movePrice(2_830);
        _liquidate();
        _movePrice(2_780);
        (int256 equity,,) = engine.health(trader);
        assertLt(equity, 0, "the collateral less its haircut no longer covers the debt");
        uint256 debt = uint256(-lens.cashOf(trader));
        uint256 low = 2_780 ether - 2_780 ether / 2_000;
        assertGe(2 ether * low / 1e18, debt, "but its value does");
        _settle(weth);
        uint256 wanted = (debt * 10_500 / 10_000 * 1e18 + low - 1) / low;
        uint256 seized = wanted < 2 ether ? wanted : 2 ether;
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether - seized, "debt + up to 5% seized");
        assertGe(lens.cashOf(trader), 0, "and the whole debt paid: the bonus never comes ahead of it");
    }

    function test_settleDebt_healthyAccountWithPositionsKeepsItsDebtAsMargin() public {
        _movePrice(2_850);
        _liquidate();
        assertLt(lens.cashOf(trader), 0, "a debt");
        (int256 equity, uint256 maintenance,) = engine.health(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.AccountHealthy.selector, trader, equity, maintenance));
        _settle(weth);
    }

    function test_settleDebt_noDebt() public {
        address saver = makeAddr("saver");
        _deposit(saver, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NoDebt.selector, saver));
        vm.prank(keeper);
        engine.settleDebt{value: 1 ether}(saver, ORIGIN_CHAIN_ID, weth, keeper, _noUpdate());
    }

    function test_settleDebt_theKeeperChoosesTheCollateral() public {
        engine.setCollateral(ORIGIN_CHAIN_ID, usdc, CollateralConfig(USDC_FEED, 6, 100));
        _setPrice(USDC_FEED, 1);
        DepositTrade memory none;
        _deliver(_depositPayload(trader, usdc, 1_000e6, none, false));
        _movePrice(2_800);
        _setPrice(USDC_FEED, 1);
        _liquidate();
        uint256 debt = uint256(-lens.cashOf(trader));
        uint256 low = 1 ether - 1 ether / 2_000;
        uint256 wanted = (debt * 10_500 / 10_000 * 1e6 + low - 1) / low;
        assertGt(wanted, 1_000e6, "more debt than USDC");
        uint256 paid = (debt * 1_000e6 / wanted + SCALE - 1) / SCALE;

        _settle(usdc);

        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, usdc), 0, "all the USDC seized");
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether, "the WETH untouched");
        assertEq(lens.cashOf(trader), -int256(debt) + int256(paid * SCALE), "the keeper paid what the USDC covers");
        assertFalse(lens.cashOf(trader) == 0, "the rest is still owed, backed by the WETH: no write-off");

        _settle(weth);
        assertGe(lens.cashOf(trader), 0, "a second keeper call settles it from the WETH");
    }

    function test_settleDebt_shortCollateralIsBadDebtForInsuranceThenPool() public {
        vm.prank(keeper);
        engine.fundInsurance(1_000e6);
        assertEq(lens.insurance(), 1_000 ether);
        _movePrice(2_400);
        _liquidate();
        uint256 debt = uint256(-lens.cashOf(trader));
        uint256 low = 2_400 ether - 2_400 ether / 2_000;
        uint256 wanted = (debt * 10_500 / 10_000 * 1e18 + low - 1) / low;
        assertGt(wanted, 2 ether, "more debt than collateral");
        uint256 covered = debt * 2 ether / wanted;
        uint256 paid = (covered + SCALE - 1) / SCALE;
        uint256 left = debt - paid * SCALE;
        int256 valueBefore = int256(usd.balanceOf(address(pool))) * int256(SCALE) + engine.poolClaim(false);
        uint256 insuranceBefore = lens.insurance();

        vm.expectEmit(true, false, false, true, address(engine));
        emit IAccountEngine.BadDebtCovered(trader, insuranceBefore, left - insuranceBefore);
        _settle(weth);

        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 0, "all the collateral seized");
        assertEq(lens.cashOf(trader), 0, "the rest written off");
        assertEq(lens.insurance(), 0, "the fund first");
        int256 valueAfter = int256(usd.balanceOf(address(pool))) * int256(SCALE) + engine.poolClaim(false);
        assertEq(valueAfter, valueBefore - int256(left - insuranceBefore), "then the LPs, by what the fund lacked");
    }

    function test_coverBadDebt_onlyWhenNothingBacksIt() public {
        _movePrice(2_800);
        _liquidate();
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NotBadDebt.selector, trader));
        engine.coverBadDebt(trader);
    }

    function test_fundInsurance_leavesThePoolValue() public {
        int256 valueBefore = int256(usd.balanceOf(address(pool))) * int256(SCALE) + engine.poolClaim(false);
        vm.prank(keeper);
        engine.fundInsurance(500e6);
        int256 valueAfter = int256(usd.balanceOf(address(pool))) * int256(SCALE) + engine.poolClaim(false);
        assertEq(valueAfter, valueBefore, "the fund's tokens are not the LPs'");
        vm.expectRevert(IAccountEngine.ZeroAmount.selector);
        engine.fundInsurance(0);
    }

    function test_setRisk_boundsTheBonusAndShare() public {
        RiskParams memory r = lens.risk();
        assertEq(r.keeperBonusBps, 500);
        assertEq(r.liquidatorShareBps, 5_000);
        r.keeperBonusBps = 2_001;
        vm.expectRevert(IAccountEngine.InvalidRisk.selector);
        engine.setRisk(r);
        r.keeperBonusBps = 2_000;
        r.liquidatorShareBps = 10_001;
        vm.expectRevert(IAccountEngine.InvalidRisk.selector);
        engine.setRisk(r);
    }

    /// The pool's claim is the engine's whole history: once a trade moved it, no new pool inherits it.
    function test_setPool_refusedOnceTheClaimMoved() public {
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.PoolInUse.selector, address(pool)));
        engine.setPool(makeAddr("newPool"));
    }

    bytes32 internal constant USDC_FEED = keccak256("USDC/USD");
}
