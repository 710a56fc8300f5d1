// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GaslessCrossChainOrder} from "../../../src/interfaces/IERC7683.sol";
import {IAccountVault} from "../../../src/v2/interfaces/IAccountVault.sol";
import {AccountMessages} from "../../../src/v2/lib/AccountMessages.sol";
import {AccountVaultHarness} from "../../util/AccountVaultHarness.sol";
import {DepositIntentBuilder} from "../../util/DepositIntentBuilder.sol";

/// Invariants of the v2 vault under random sequences of deposits (with and without a trade, at any
/// fee the schedule allows, by either solver), engine messages in any order and over either route
/// (FILLED, EXPIRED, RELEASE, SEIZE, copies included) and fast-withdrawal fronts. The test contract is
/// its own handler: the fuzzer calls the `act_*` functions.
contract AccountVaultInvariants is AccountVaultHarness {
    bytes32[] internal orderIds;
    uint256 internal nextId = 1;
    address internal to = makeAddr("to");
    /// @dev Set if a message already applied (a copy over the other route, or a repeat) moved tokens.
    bool internal copyMoved;

    function setUp() public override {
        super.setUp();
        weth.mint(trader, 10_000 ether);
        _bondSolver(solver, 3 * SLASH); // 5 frontable orders at most
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = this.act_open.selector;
        selectors[1] = this.act_filled.selector;
        selectors[2] = this.act_expired.selector;
        selectors[3] = this.act_release.selector;
        selectors[4] = this.act_seize.selector;
        selectors[5] = this.act_front.selector;
        targetSelector(FuzzSelector({addr: address(this), selectors: selectors}));
        targetContract(address(this));
    }

    // ---------------------------------------------------------------- actions

    function act_open(uint96 amount, uint16 feeBps, bool withTrade, bool bySolver) external {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.amount = bound(amount, 1, 5 ether);
        terms.startFeeBps = 30;
        if (!withTrade) terms = DepositIntentBuilder.withoutTrade(terms);
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(terms);
        vm.prank(bySolver ? solver : otherSolver);
        try vault.openFor(order, signature, abi.encode(uint16(bound(feeBps, 0, 30)))) {
            orderIds.push(orderId);
        } catch {}
    }

    function act_filled(uint256 index, bool overFallback) external {
        if (orderIds.length == 0) return;
        bytes32 orderId = orderIds[index % orderIds.length];
        IAccountVault.Order memory o = vault.orderOf(orderId);
        bool applied = o.frontable && o.status != IAccountVault.Status.AwaitingFill;
        _tryDeliver(_filledMsg(orderId, otherSolver), overFallback, applied);
    }

    function act_expired(uint256 index, bool overFallback) external {
        if (orderIds.length == 0) return;
        bytes32 orderId = orderIds[index % orderIds.length];
        IAccountVault.Order memory o = vault.orderOf(orderId);
        bool applied = o.frontable && o.status != IAccountVault.Status.AwaitingFill;
        _tryDeliver(_expiredMsg(orderId), overFallback, applied);
    }

    function act_release(uint96 amount, uint16 maxFeeBps, bool repeatLast, bool overFallback) external {
        uint256 id = repeatLast && nextId > 1 ? nextId - 1 : nextId++;
        bytes memory payload = AccountMessages.release(
            bytes32(id), trader, address(weth), bound(amount, 1, 3 ether), to, uint16(bound(maxFeeBps, 0, 100))
        );
        _tryDeliver(payload, overFallback, vault.released(DESTINATION_CHAIN_ID, bytes32(id)));
    }

    function act_seize(uint96 amount, bool repeatLast, bool overFallback) external {
        uint256 id = repeatLast && nextId > 1 ? nextId - 1 : nextId++;
        bytes memory payload =
            AccountMessages.seize(bytes32(id), trader, address(weth), bound(amount, 1, 3 ether), keeper);
        _tryDeliver(payload, overFallback, vault.seized(DESTINATION_CHAIN_ID, bytes32(id)));
    }

    /// A solver fronts the next withdrawal id (which a RELEASE may or may not later repay).
    function act_front(uint96 amount, uint16 maxFeeBps, uint16 feeBps) external {
        uint16 maxFee = uint16(bound(maxFeeBps, 0, 100));
        vm.prank(otherSolver);
        try vault.frontWithdrawal(
            bytes32(nextId),
            DESTINATION_CHAIN_ID,
            trader,
            address(weth),
            bound(amount, 1, 3 ether),
            to,
            maxFee,
            uint16(bound(feeBps, 0, maxFee))
        ) {}
            catch {}
    }

    // ---------------------------------------------------------------- invariants

    /// Every token in the vault backs an account (`held`) or is a frontable order's escrowed fee.
    function invariant_tokensAreHeldOrEscrowed() public view {
        uint256 escrowed;
        for (uint256 i; i < orderIds.length; ++i) {
            IAccountVault.Order memory o = vault.orderOf(orderIds[i]);
            if (o.status == IAccountVault.Status.AwaitingFill) escrowed += (termsOf[orderIds[i]].amount * o.feeBps) / 10_000;
        }
        assertEq(weth.balanceOf(address(vault)), vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)) + escrowed);
    }

    /// Each solver's reserved stake is exactly SLASH_AMOUNT per frontable order it opened that awaits its
    /// fill, and never more than it has at stake.
    function invariant_reservedIsOnePerOpenFrontableOrder() public view {
        uint256[2] memory awaiting;
        for (uint256 i; i < orderIds.length; ++i) {
            IAccountVault.Order memory o = vault.orderOf(orderIds[i]);
            if (o.status != IAccountVault.Status.AwaitingFill) continue;
            awaiting[o.opener == solver ? 0 : 1]++;
        }
        assertEq(registry.reserved(solver), awaiting[0] * SLASH);
        assertEq(registry.reserved(otherSolver), awaiting[1] * SLASH);
        assertLe(registry.reserved(solver), registry.slashable(solver));
        assertLe(registry.reserved(otherSolver), registry.slashable(otherSolver));
    }

    /// A message applied once (order status, withdrawal or seize id) never moves tokens again, over
    /// whichever route its copy comes.
    function invariant_copiesMoveNothing() public view {
        assertFalse(copyMoved);
    }

    // ---------------------------------------------------------------- helpers

    function _tryDeliver(bytes memory payload, bool overFallback, bool alreadyApplied) internal {
        address messenger =
            overFallback ? address(fallbackRoute.originMessenger) : address(primaryRoute.originMessenger);
        uint256 before = weth.balanceOf(address(vault));
        vm.prank(messenger);
        try vault.receiveMessage(DESTINATION_CHAIN_ID, address(engine), 1, payload) {} catch {}
        if (alreadyApplied && weth.balanceOf(address(vault)) != before) copyMoved = true;
    }
}
