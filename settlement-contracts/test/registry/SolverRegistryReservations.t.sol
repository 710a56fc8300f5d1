// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ISolverRegistry} from "../../src/interfaces/ISolverRegistry.sol";
import {SolverRegistry} from "../../src/SolverRegistry.sol";
import {TestToken} from "../util/TestToken.sol";

/// Per-order slash reservations (protocol v2): a settler reserves part of a solver's stake for each
/// order whose fault it may still prove, so one bond never backs more open orders than it can pay for.
contract SolverRegistryReservationsTest is Test {
    TestToken internal bondToken = new TestToken("BOND", 18);
    address internal owner = makeAddr("owner");
    address internal insurance = makeAddr("insurance");
    address internal settler = makeAddr("settler");
    address internal otherSettler = makeAddr("otherSettler");
    address internal solver = makeAddr("solver");
    address internal trader = makeAddr("trader");
    SolverRegistry internal registry;

    uint256 internal constant MIN_BOND = 100 ether;
    uint256 internal constant DELAY = 7 days;
    bytes32 internal constant ORDER_A = bytes32("order A");
    bytes32 internal constant ORDER_B = bytes32("order B");

    function setUp() public {
        registry = new SolverRegistry(owner, bondToken, MIN_BOND, DELAY, 5_000, insurance);
        vm.startPrank(owner);
        registry.setSettler(settler, true);
        registry.setSettler(otherSettler, true);
        vm.stopPrank();
        bondToken.mint(solver, 1_000 ether);
        vm.prank(solver);
        bondToken.approve(address(registry), type(uint256).max);
        vm.prank(solver);
        registry.bond(MIN_BOND);
    }

    function _reserve(bytes32 reason, uint256 amount) internal {
        vm.prank(settler);
        registry.reserve(solver, amount, reason);
    }

    function test_reserve_lowersFreeBond() public {
        _reserve(ORDER_A, 30 ether);
        assertEq(registry.reserved(solver), 30 ether);
        assertEq(registry.freeBond(solver), 70 ether);
        assertEq(registry.reservedBy(settler, solver), 30 ether);
        assertEq(registry.slashable(solver), MIN_BOND, "reserving takes nothing");
        assertTrue(registry.isActive(solver));
    }

    function test_reserve_upToTheWholeStake() public {
        _reserve(ORDER_A, 60 ether);
        _reserve(ORDER_B, 40 ether);
        assertEq(registry.freeBond(solver), 0);
    }

    function test_reserve_revertWhenFreeBondShort() public {
        _reserve(ORDER_A, 60 ether);
        vm.expectRevert(
            abi.encodeWithSelector(ISolverRegistry.InsufficientFreeBond.selector, solver, 40 ether, 40 ether + 1)
        );
        _reserve(ORDER_B, 40 ether + 1);
    }

    /// The registry keeps each settler's total; the settler keeps one reservation per order.
    function test_reserve_addsToTheSettlersTotal() public {
        _reserve(ORDER_A, 10 ether);
        _reserve(ORDER_B, 15 ether);
        assertEq(registry.reservedBy(settler, solver), 25 ether);
        assertEq(registry.reserved(solver), 25 ether);
    }

    function test_reserve_sameReasonByAnotherSettlerIsItsOwn() public {
        _reserve(ORDER_A, 10 ether);
        vm.prank(otherSettler);
        registry.reserve(solver, 10 ether, ORDER_A);
        assertEq(registry.reserved(solver), 20 ether);
        vm.prank(otherSettler);
        registry.release(solver, 10 ether, ORDER_A);
        assertEq(registry.reservedBy(settler, solver), 10 ether, "another settler's stays");
        assertEq(registry.reservedBy(otherSettler, solver), 0);
    }

    function test_reserve_revertWhenNotSettler() public {
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.NotSettler.selector, address(this)));
        registry.reserve(solver, 1, ORDER_A);
    }

    function test_reserve_revertWhenZero() public {
        vm.expectRevert(ISolverRegistry.ZeroAmount.selector);
        _reserve(ORDER_A, 0);
    }

    function test_release_freesTheReservation() public {
        _reserve(ORDER_A, 30 ether);
        vm.prank(settler);
        registry.release(solver, 30 ether, ORDER_A);
        assertEq(registry.reserved(solver), 0);
        assertEq(registry.freeBond(solver), MIN_BOND);
        assertEq(registry.slashable(solver), MIN_BOND);
    }

    function test_release_revertBeyondTheCallersTotal() public {
        _reserve(ORDER_A, 10 ether);
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.NotReserved.selector, solver, 10 ether, 10 ether + 1));
        vm.prank(settler);
        registry.release(solver, 10 ether + 1, ORDER_A);
    }

    function test_release_revertWhenNotSettler() public {
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.NotSettler.selector, address(this)));
        registry.release(solver, 1, ORDER_A);
    }

    function test_slashReserved_takesTheReservationOnce() public {
        _reserve(ORDER_A, 30 ether);
        vm.prank(settler);
        uint256 slashed = registry.slashReserved(solver, 30 ether, ORDER_A, trader);
        assertEq(slashed, 30 ether);
        assertEq(bondToken.balanceOf(trader), 15 ether, "victim share");
        assertEq(bondToken.balanceOf(insurance), 15 ether);
        assertEq(registry.slashable(solver), 70 ether);
        assertEq(registry.reserved(solver), 0);
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.NotReserved.selector, solver, 0, 30 ether));
        vm.prank(settler);
        registry.slashReserved(solver, 30 ether, ORDER_A, trader);
    }

    function test_slashReserved_onlyTheCallersReservation() public {
        _reserve(ORDER_A, 30 ether);
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.NotReserved.selector, solver, 0, 30 ether));
        vm.prank(otherSettler);
        registry.slashReserved(solver, 30 ether, ORDER_A, trader);
        assertEq(registry.slashable(solver), MIN_BOND);
    }

    function test_slashReserved_reachesIntoUnbonding() public {
        _reserve(ORDER_A, 30 ether);
        vm.prank(solver);
        registry.requestUnbond(90 ether);
        vm.prank(settler);
        assertEq(registry.slashReserved(solver, 30 ether, ORDER_A, trader), 30 ether);
        assertEq(registry.slashable(solver), 70 ether);
    }

    function test_slashReserved_revertWhenNotSettler() public {
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.NotSettler.selector, address(this)));
        registry.slashReserved(solver, 1, ORDER_A, trader);
    }

    function test_withdraw_revertWhenReservedStakeWouldLeave() public {
        _reserve(ORDER_A, 30 ether);
        vm.prank(solver);
        registry.requestUnbond(80 ether);
        skip(DELAY);
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.BondReserved.selector, solver, 30 ether, 20 ether));
        vm.prank(solver);
        registry.withdraw();
        // Once the order settles, the stake may leave.
        vm.prank(settler);
        registry.release(solver, 30 ether, ORDER_A);
        vm.prank(solver);
        registry.withdraw();
        assertEq(bondToken.balanceOf(solver), 900 ether + 80 ether);
    }

    function test_withdraw_whenTheBondLeftCoversReservations() public {
        _reserve(ORDER_A, 20 ether);
        vm.prank(solver);
        registry.requestUnbond(80 ether);
        skip(DELAY);
        vm.prank(solver);
        registry.withdraw();
        assertEq(registry.slashable(solver), 20 ether);
        assertEq(registry.freeBond(solver), 0);
    }

    function test_freeBond_zeroWhenSlashedBelowReservations() public {
        _reserve(ORDER_A, 80 ether);
        vm.prank(settler);
        registry.slash(solver, 50 ether, trader, bytes32("other fault"));
        assertEq(registry.freeBond(solver), 0);
        vm.prank(settler);
        assertEq(registry.slashReserved(solver, 80 ether, ORDER_A, trader), 50 ether, "what is left");
    }

    /// However reservations, releases and slashes interleave, reserved stake never exceeds what is at
    /// stake unless a plain slash took it, and a reservation never lets stake leave.
    function test_fuzz_reservationsNeverExceedFreeBond(uint256[8] memory amounts, uint8 releases) public {
        uint256 total;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = bound(amounts[i], 1, 40 ether);
            bytes32 reason = bytes32(i);
            if (amount > registry.freeBond(solver)) {
                vm.expectRevert();
                _reserve(reason, amount);
                continue;
            }
            _reserve(reason, amount);
            total += amount;
            if ((releases >> i) & 1 == 1) {
                vm.prank(settler);
                registry.release(solver, amount, reason);
                total -= amount;
            }
        }
        assertEq(registry.reserved(solver), total);
        assertLe(registry.reserved(solver), registry.slashable(solver));
        assertEq(registry.freeBond(solver), registry.slashable(solver) - total);
    }
}
