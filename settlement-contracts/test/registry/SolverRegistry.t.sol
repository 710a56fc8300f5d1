// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ISolverRegistry} from "../../src/interfaces/ISolverRegistry.sol";
import {SolverRegistry} from "../../src/SolverRegistry.sol";
import {TestToken} from "../util/TestToken.sol";

contract SolverRegistryTest is Test {
    TestToken internal bondToken = new TestToken("BOND", 18);
    address internal owner = makeAddr("owner");
    address internal insurance = makeAddr("insurance");
    address internal settler = makeAddr("settler");
    address internal solver = makeAddr("solver");
    address internal trader = makeAddr("trader");
    SolverRegistry internal registry;

    uint256 internal constant MIN_BOND = 100 ether;
    uint256 internal constant DELAY = 7 days;

    function setUp() public {
        registry = new SolverRegistry(owner, bondToken, MIN_BOND, DELAY, 5_000, insurance);
        vm.prank(owner);
        registry.setSettler(settler, true);
        bondToken.mint(solver, 1_000 ether);
        vm.prank(solver);
        bondToken.approve(address(registry), type(uint256).max);
    }

    function _bond(uint256 amount) internal {
        vm.prank(solver);
        registry.bond(amount);
    }

    function test_bond_activatesAtMinimum() public {
        _bond(MIN_BOND - 1);
        assertFalse(registry.isActive(solver));
        _bond(1);
        assertTrue(registry.isActive(solver));
        assertEq(bondToken.balanceOf(address(registry)), MIN_BOND);
    }

    function test_bond_revertWhenZero() public {
        vm.expectRevert(ISolverRegistry.ZeroAmount.selector);
        _bond(0);
    }

    function test_requestUnbond_deactivatesButStaysSlashable() public {
        _bond(MIN_BOND);
        vm.prank(solver);
        registry.requestUnbond(1);
        assertFalse(registry.isActive(solver));
        assertEq(registry.slashable(solver), MIN_BOND);
    }

    function test_requestUnbond_revertWhenMoreThanBonded() public {
        _bond(MIN_BOND);
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.InsufficientBond.selector, MIN_BOND, MIN_BOND + 1));
        vm.prank(solver);
        registry.requestUnbond(MIN_BOND + 1);
    }

    function test_requestUnbond_revertWhenAlreadyPending() public {
        _bond(MIN_BOND);
        vm.startPrank(solver);
        registry.requestUnbond(1);
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.UnbondPending.selector, block.timestamp + DELAY));
        registry.requestUnbond(1);
        vm.stopPrank();
    }

    function test_requestUnbond_revertWhenZero() public {
        vm.expectRevert(ISolverRegistry.ZeroAmount.selector);
        vm.prank(solver);
        registry.requestUnbond(0);
    }

    function test_withdraw_afterDelay() public {
        _bond(MIN_BOND);
        vm.prank(solver);
        registry.requestUnbond(40 ether);
        skip(DELAY);
        uint256 before = bondToken.balanceOf(solver);
        vm.prank(solver);
        registry.withdraw();
        assertEq(bondToken.balanceOf(solver) - before, 40 ether);
        assertEq(registry.slashable(solver), 60 ether);
    }

    function test_withdraw_revertWhenDelayNotOver() public {
        _bond(MIN_BOND);
        vm.prank(solver);
        registry.requestUnbond(40 ether);
        skip(DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISolverRegistry.UnbondingNotOver.selector, block.timestamp + 1, block.timestamp)
        );
        vm.prank(solver);
        registry.withdraw();
    }

    function test_withdraw_revertWhenNothingUnbonding() public {
        vm.expectRevert(ISolverRegistry.NothingToWithdraw.selector);
        vm.prank(solver);
        registry.withdraw();
    }

    function test_slash_paysVictimShareAndInsurance() public {
        _bond(MIN_BOND);
        vm.prank(settler);
        uint256 slashed = registry.slash(solver, 30 ether, trader, bytes32("order"));
        assertEq(slashed, 30 ether);
        assertEq(bondToken.balanceOf(trader), 15 ether);
        assertEq(bondToken.balanceOf(insurance), 15 ether);
        assertEq(registry.slashable(solver), 70 ether);
    }

    function test_slash_reachesIntoUnbondingAndCapsAtStake() public {
        _bond(MIN_BOND);
        vm.prank(solver);
        registry.requestUnbond(80 ether);
        vm.prank(settler);
        uint256 slashed = registry.slash(solver, 500 ether, trader, bytes32("order"));
        assertEq(slashed, MIN_BOND);
        assertEq(registry.slashable(solver), 0);
        vm.expectRevert(ISolverRegistry.NothingToWithdraw.selector);
        vm.prank(solver);
        registry.withdraw();
    }

    function test_slash_revertWhenNotSettler() public {
        _bond(MIN_BOND);
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.NotSettler.selector, address(this)));
        registry.slash(solver, 1, trader, bytes32(0));
    }

    function test_setSettler_revertWhenNotOwner() public {
        vm.expectRevert();
        registry.setSettler(address(this), true);
    }

    function test_fuzz_slash_neverExceedsStake(uint96 bondAmount, uint96 unbond, uint256 amount) public {
        bondAmount = uint96(bound(bondAmount, 1, 1_000 ether));
        unbond = uint96(bound(unbond, 0, bondAmount));
        _bond(bondAmount);
        if (unbond != 0) {
            vm.prank(solver);
            registry.requestUnbond(unbond);
        }
        uint256 before = bondToken.balanceOf(address(registry));
        vm.prank(settler);
        uint256 slashed = registry.slash(solver, amount, trader, bytes32(0));
        assertLe(slashed, bondAmount);
        assertEq(before - bondToken.balanceOf(address(registry)), slashed);
        assertEq(registry.slashable(solver), bondAmount - slashed);
    }
}
