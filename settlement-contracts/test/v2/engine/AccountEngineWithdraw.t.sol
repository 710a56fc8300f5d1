// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {Withdraw} from "../../../src/v2/base/AccountTypes.sol";
import {AccountMessages} from "../../../src/v2/lib/AccountMessages.sol";
import {SignatureRule} from "../../../src/v2/lib/SignatureRule.sol";
import {EngineHarness} from "./EngineHarness.sol";

/// Withdrawals: collateral leaves the ledger only by a RELEASE the engine sends over the origin's route
/// (paid by the caller), never while a debt is owed and never below initial margin + buffer at fresh
/// prices; cash is paid by the pool on the destination.
contract AccountEngineWithdrawTest is EngineHarness {
    function setUp() public override {
        super.setUp();
        _deposit(trader, 2 ether);
    }

    function _open(int256 size) internal {
        vm.prank(trader);
        engine.trade("ETH-USD", size, size > 0 ? type(uint256).max : 0, 1_000_000, _noUpdate());
    }

    function _expectRelayRevert(Withdraw memory w, uint256 fee, bytes memory err) internal {
        bytes memory signature = _sign(w);
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        vm.expectRevert(err);
        engine.withdrawFor{value: 1 ether}(w, signature, fee, _noUpdate());
    }

    /// Profit in cash: open 2 ETH, the price rises, close.
    function _earnCash() internal {
        _open(2 ether);
        _movePrice(3_300);
        _open(-2 ether);
        assertGt(lens.cashOf(trader), 0);
    }

    function test_withdrawFor_debitsAndSendsRelease() public {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.5 ether);
        bytes32 id = _digest(w);
        bytes memory payload = AccountMessages.release(id, trader, weth, 0.5 ether, trader, 10);
        _expectRelease(payload);
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.WithdrawalRequested(id, trader, ORIGIN_CHAIN_ID, weth, 0.5 ether, trader, 10);
        _relay(w, 0);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 1.5 ether);
        assertEq(hyperlaneDispatch(lastDispatch()).destinationDomain, ORIGIN_CHAIN_ID);
    }

    /// RELEASE goes to the origin's vault over the origin's route (its primary messenger).
    function _expectRelease(bytes memory payload) internal {
        vm.expectCall(
            address(primaryRoute.destinationMessenger),
            abi.encodeCall(IMessenger.sendMessage, (ORIGIN_CHAIN_ID, vault, payload))
        );
    }

    function test_withdraw_directUsesEngineIds() public {
        bytes32 first = keccak256(abi.encode(block.chainid, address(engine), uint256(1)));
        bytes32 second = keccak256(abi.encode(block.chainid, address(engine), uint256(2)));
        _expectRelease(AccountMessages.release(first, trader, weth, 0.5 ether, trader, 0));
        _expectRelease(AccountMessages.release(second, trader, weth, 0.5 ether, trader, 0));
        vm.deal(trader, 1 ether);
        vm.startPrank(trader);
        engine.withdraw{value: 0.5 ether}(ORIGIN_CHAIN_ID, weth, 0.5 ether, trader, 0, _noUpdate());
        engine.withdraw{value: 0.5 ether}(ORIGIN_CHAIN_ID, weth, 0.5 ether, trader, 0, _noUpdate());
        vm.stopPrank();
    }

    function test_withdraw_lastUnitLeavesTheCollateralList() public {
        vm.deal(trader, 1 ether);
        vm.prank(trader);
        engine.withdraw{value: 1 ether}(ORIGIN_CHAIN_ID, weth, 2 ether, trader, 0, _noUpdate());
        assertEq(lens.accountOf(trader).collateral.length, 0);
        assertEq(lens.latencyBufferBps(trader, ETH_USD), 8, "no origin left: T_message no longer counts");
    }

    function test_withdraw_revertWhenMoreThanHeld() public {
        vm.prank(trader);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccountEngine.InsufficientCollateral.selector, trader, ORIGIN_CHAIN_ID, weth, 2 ether, 3 ether
            )
        );
        engine.withdraw(ORIGIN_CHAIN_ID, weth, 3 ether, trader, 0, _noUpdate());
    }

    function test_withdraw_revertWhenUnknownCollateral() public {
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.UnknownCollateral.selector, 10, weth));
        engine.withdraw(10, weth, 1 ether, trader, 0, _noUpdate());
    }

    /// A trade's fee on an account without cash is a debt too: no collateral leaves until it is paid.
    function test_withdrawFor_revertWhenFeeDebtOwed() public {
        _open(1 ether);
        int256 cash = lens.cashOf(trader);
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        _expectRelayRevert(
            w, 0, abi.encodeWithSelector(IAccountEngine.OutstandingDebt.selector, trader, uint256(-cash))
        );
    }

    function test_withdrawFor_revertWhenDebtOwed() public {
        _open(2 ether);
        _movePrice(2_900);
        _open(-2 ether);
        int256 cash = lens.cashOf(trader);
        assertLt(cash, 0);
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        _expectRelayRevert(
            w, 0, abi.encodeWithSelector(IAccountEngine.OutstandingDebt.selector, trader, uint256(-cash))
        );
    }

    /// A relayer fee the account's cash cannot pay would leave a debt behind the collateral that left.
    function test_withdrawFor_revertWhenRelayerFeeWouldBeDebt() public {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        _expectRelayRevert(w, 1e6, abi.encodeWithSelector(IAccountEngine.OutstandingDebt.selector, trader, 1e18));
    }

    /// With cash from an earlier profit (so the fee is no debt): 30 ETH at 3,300 needs ≈ 5,110 USD of
    /// initial margin + buffer; 2 WETH (≈ 6,270) and ≈ 550 of cash leave no room for 1 WETH more.
    function test_withdrawFor_revertWhenBelowInitialMargin() public {
        _earnCash();
        _open(30 ether);
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 1 ether);
        bytes memory signature = _sign(w);
        vm.prank(relayer);
        VMX.expectPartialRevert(IAccountEngine.InsufficientMargin.selector);
        engine.withdrawFor(w, signature, 0, _noUpdate());
    }

    function test_withdrawFor_withPositionsNeedsFreshCollateralPrice() public {
        _earnCash();
        _open(1 ether);
        uint256 published = block.timestamp;
        skip(11);
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        _expectRelayRevert(w, 0, abi.encodeWithSelector(IAccountEngine.PriceNotFresh.selector, ETH_FEED, published, 10));
    }

    function test_withdrawFor_revertWhenNonceReused() public {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        _relay(w, 0);
        _expectRelayRevert(w, 0, abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, trader, w.nonce));
    }

    function test_withdrawFor_revertWhenSignedByAnotherKey() public {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        bytes memory signature = _sign(0xB0B, _digest(w));
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(SignatureRule.SignerMismatch.selector, vm.addr(0xB0B), trader));
        engine.withdrawFor(w, signature, 0, _noUpdate());
    }

    function test_withdrawFor_revertWhenExpired() public {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        bytes memory signature = _sign(w);
        skip(61);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.DeadlinePassed.selector, w.deadline, block.timestamp));
        engine.withdrawFor(w, signature, 0, _noUpdate());
    }

    function test_withdrawFor_revertWhenRelayerFeeAboveMax() public {
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether);
        _expectRelayRevert(w, 2e6, abi.encodeWithSelector(IAccountEngine.RelayerFeeAboveMax.selector, 2e6, 1e6));
    }

    // ---------------------------------------------------------------- cash on the destination

    function test_withdraw_cashIsPaidByThePool() public {
        _earnCash();
        int256 cash = lens.cashOf(trader);
        uint256 amount = uint256(cash) / SCALE;
        uint256 poolBefore = usd.balanceOf(address(pool));
        vm.prank(trader);
        engine.withdraw(DESTINATION_CHAIN_ID, address(usd), amount, trader, 0, _noUpdate());
        assertEq(usd.balanceOf(trader), amount);
        assertEq(usd.balanceOf(address(pool)), poolBefore - amount);
        assertEq(lens.cashOf(trader), cash - int256(amount * SCALE));
    }

    function test_withdraw_revertWhenCashShort() public {
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.InsufficientCash.selector, trader, int256(0), 1e6));
        engine.withdraw(DESTINATION_CHAIN_ID, address(usd), 1e6, trader, 0, _noUpdate());
    }

    function test_withdraw_revertWhenCashTokenIsNotSettlement() public {
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NotSettlementToken.selector, weth));
        engine.withdraw(DESTINATION_CHAIN_ID, weth, 1e6, trader, 0, _noUpdate());
    }

    // ---------------------------------------------------------------- fuzz

    /// Any amount: the withdrawal either leaves equity ≥ initial margin + buffer or reverts.
    function test_fuzz_withdrawFor_neverBelowInitial(uint256 amount, uint256 size) public {
        amount = bound(amount, 1, 2 ether);
        size = bound(size, 0.1 ether, 30 ether);
        _earnCash();
        _open(int256(size));
        Withdraw memory w = _withdrawal(ORIGIN_CHAIN_ID, weth, amount);
        bytes memory signature = _sign(w);
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        try engine.withdrawFor{value: 1 ether}(w, signature, 0, _noUpdate()) {
            (int256 equity,, uint256 initial) = engine.health(trader);
            assertGe(equity, int256(initial));
            assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether - amount);
        } catch (bytes memory err) {
            assertEq(bytes4(err), IAccountEngine.InsufficientMargin.selector);
            assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 2 ether);
        }
    }
}
