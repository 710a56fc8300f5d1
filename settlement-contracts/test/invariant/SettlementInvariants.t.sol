// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {ICollateralVault} from "../../src/interfaces/ICollateralVault.sol";
import {IMarginEngine} from "../../src/interfaces/IMarginEngine.sol";
import {IntentBuilder} from "../util/IntentBuilder.sol";
import {XmarginHarness} from "../util/XmarginHarness.sol";

/// Invariants of the two settlers under random sequences of what traders, solvers, keepers, the
/// oracle and the relayer do, in any order and with messages delayed or reordered. The test contract
/// is its own handler: the fuzzer calls the `act_*` functions below, which act as the real users do.
contract SettlementInvariants is XmarginHarness {
    struct Order {
        GaslessCrossChainOrder order;
        bytes signature;
        bytes32 orderId;
    }

    struct Ghost {
        uint256 opened;
        uint256 filled;
        uint256 delivered;
        uint256 closed;
        uint256 liquidated;
        uint256 expired;
    }

    Order[] internal orders;
    /// @dev Set if the vault's collateral ever fell during an action that delivered no message.
    bool internal leakedWithoutMessage;
    /// @dev What the runs did (checked by hand: every counter is reached in some runs).
    Ghost public ghost;
    mapping(bytes32 orderId => uint256) internal fills;
    uint256 internal ethPrice = 3_000;
    uint256 internal bondedTotal;

    function setUp() public override {
        super.setUp();
        weth.mint(trader, 10_000 ether);
        bondedTotal = 2 * MIN_BOND;
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = this.act_sign.selector;
        selectors[1] = this.act_open.selector;
        selectors[2] = this.act_fill.selector;
        selectors[3] = this.act_relay.selector;
        selectors[4] = this.act_movePrice.selector;
        selectors[5] = this.act_close.selector;
        selectors[6] = this.act_liquidate.selector;
        selectors[7] = this.act_withdraw.selector;
        selectors[8] = this.act_expire.selector;
        selectors[9] = this.act_warp.selector;
        targetSelector(FuzzSelector({addr: address(this), selectors: selectors}));
        targetContract(address(this));
    }

    // ---------------------------------------------------------------- actions

    /// Every action but the relayer's: collateral may enter the vault, never leave it.
    modifier noMessages() {
        uint256 before = weth.balanceOf(address(vault));
        _;
        if (weth.balanceOf(address(vault)) < before) leakedWithoutMessage = true;
    }

    /// A trader signs a new intent (size and side vary).
    function act_sign(uint256 sizeSeed, bool isLong) external noMessages {
        if (orders.length >= 12) return;
        onOrigin();
        IntentBuilder.Terms memory terms = _terms();
        terms.size = bound(sizeSeed, 0.1 ether, 25 ether);
        terms.isLong = isLong;
        terms.limitPrice = isLong ? 1_000_000 ether : 1;
        terms.maxLeverageBps = 200_000;
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(terms);
        orders.push(Order(order, signature, orderId));
    }

    /// A solver (one of two) opens an order on the origin.
    function act_open(uint256 index, bool other) external noMessages {
        if (orders.length == 0) return;
        Order storage o = orders[index % orders.length];
        onOrigin();
        vm.prank(other ? otherSolver : solver);
        try vault.openFor(o.order, o.signature, "") {
            ghost.opened++;
        } catch {}
    }

    /// A solver fills an order on the destination (opened or not, first or second time).
    function act_fill(uint256 index, bool other, uint16 feeBps) external noMessages {
        if (orders.length == 0) return;
        Order storage o = orders[index % orders.length];
        onDestination();
        vm.prank(other ? otherSolver : solver);
        try engine.fill(o.orderId, abi.encode(o.order), abi.encode(o.signature, uint16(bound(feeBps, 0, 40)), new bytes[](0)))
        {
            fills[o.orderId]++;
            ghost.filled++;
        } catch {}
        onOrigin();
    }

    /// The relayer delivers a random subset of pending messages, in dispatch order: the rest arrive
    /// later, so messages overtake each other. A delivery that reverts (not ready yet) stays pending.
    function act_relay(uint256 subset) external {
        uint256 count = dispatchCount();
        for (uint256 i; i < count; i++) {
            if (hyperlaneDispatch(i).relayed || (subset >> (i % 256)) & 1 == 0) continue;
            (bool ok,) = tryRelay(i);
            if (ok) ghost.delivered++;
        }
        onOrigin();
    }

    /// The price moves up to ±8%.
    function act_movePrice(uint256 seed) external noMessages {
        uint256 moveBps = bound(seed, 0, 1_600);
        ethPrice = ethPrice * (9_200 + moveBps) / 10_000;
        if (ethPrice < 500) ethPrice = 500;
        skip(1);
        _setEthPrice(ethPrice);
    }

    function act_close(uint256 index) external noMessages {
        if (orders.length == 0) return;
        onDestination();
        vm.prank(trader);
        try engine.close(orders[index % orders.length].orderId, new bytes[](0)) {
            ghost.closed++;
        } catch {}
        onOrigin();
    }

    /// A keeper liquidates and, if it can, settles the debt at once.
    function act_liquidate(uint256 index) external noMessages {
        if (orders.length == 0) return;
        bytes32 orderId = orders[index % orders.length].orderId;
        onDestination();
        vm.startPrank(keeper);
        try engine.liquidate(orderId, new bytes[](0)) {
            ghost.liquidated++;
        } catch {}
        try engine.settleDebt(orderId, keeper, new bytes[](0)) {} catch {}
        vm.stopPrank();
        onOrigin();
    }

    function act_withdraw(uint256 index, uint256 amount) external noMessages {
        if (orders.length == 0) return;
        onDestination();
        vm.prank(trader);
        try engine.withdraw(orders[index % orders.length].orderId, bound(amount, 1, 2 ether), new bytes[](0)) {} catch {}
        onOrigin();
    }

    function act_expire(uint256 index) external noMessages {
        if (orders.length == 0) return;
        onDestination();
        try engine.expire(abi.encode(orders[index % orders.length].order)) {
            ghost.expired++;
        } catch {}
        onOrigin();
    }

    /// Time passes (past deadlines, sometimes); the price is re-posted so it stays fresh.
    function act_warp(uint256 seconds_) external noMessages {
        skip(bound(seconds_, 1, 400));
        _setEthPrice(ethPrice);
    }

    // ---------------------------------------------------------------- invariants

    /// Every wei of collateral in the vault belongs to an escrow: amount in, minus what messages paid out.
    function invariant_escrowAccountsForEveryToken() public view {
        uint256 held;
        for (uint256 i; i < orders.length; i++) {
            ICollateralVault.Escrow memory e = vault.escrowOf(orders[i].orderId);
            held += e.amount - e.paidOut;
        }
        assertEq(weth.balanceOf(address(vault)), held);
    }

    /// No collateral leaves the vault except when an engine message is delivered.
    function invariant_noCollateralLeavesWithoutMessage() public view {
        assertFalse(leakedWithoutMessage);
    }

    function invariant_orderFilledAtMostOnce() public view {
        for (uint256 i; i < orders.length; i++) {
            assertLe(fills[orders[i].orderId], 1);
        }
    }

    /// An order is never both filled and refunded, and no fee is paid for an order that was not filled.
    function invariant_neverFilledAndRefunded() public view {
        for (uint256 i; i < orders.length; i++) {
            ICollateralVault.Status escrow = vault.escrowOf(orders[i].orderId).status;
            IMarginEngine.Status position = engine.positionOf(orders[i].orderId).status;
            if (escrow == ICollateralVault.Status.Refunded) {
                assertEq(uint8(position), uint8(IMarginEngine.Status.Expired), "refunded but filled");
            }
            if (escrow == ICollateralVault.Status.Filled) {
                assertTrue(
                    position == IMarginEngine.Status.Open || position == IMarginEngine.Status.Closed, "fee without fill"
                );
            }
        }
    }

    function invariant_slashedWithinBonds() public view {
        assertLe(registry.totalSlashed(), bondedTotal);
        assertLe(registry.slashable(solver), MIN_BOND);
        assertLe(registry.slashable(otherSolver), MIN_BOND);
    }

    /// A closed, collateral-backed position keeps collateral only while a debt awaits a keeper: the
    /// pool paid its profit and the rest went back to the trader, or a keeper will cover its loss.
    function invariant_closedPositionsSettledOrAwaitingKeeper() public view {
        for (uint256 i; i < orders.length; i++) {
            IMarginEngine.Position memory p = engine.positionOf(orders[i].orderId);
            if (p.status != IMarginEngine.Status.Closed || !p.remoteBacked) continue;
            assertTrue(p.collateral == 0 || p.debt > 0, "collateral held without a debt");
        }
    }

    /// The engine holds every front it owes and the insurance fund it reports.
    function invariant_engineHoldsFrontsAndInsurance() public view {
        uint256 owed = engine.insuranceFund() / 1e12;
        for (uint256 i; i < orders.length; i++) {
            owed += engine.positionOf(orders[i].orderId).front;
        }
        assertGe(usd.balanceOf(address(engine)), owed);
    }
}
