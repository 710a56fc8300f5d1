// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GaslessCrossChainOrder} from "../../../src/interfaces/IERC7683.sol";
import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {DepositRecord, DepositStatus} from "../../../src/v2/base/AccountTypes.sol";
import {AccountMessages} from "../../../src/v2/lib/AccountMessages.sol";
import {DepositOrderLib} from "../../../src/v2/lib/DepositOrderLib.sol";
import {SignatureRule} from "../../../src/v2/lib/SignatureRule.sol";
import {DepositIntentBuilder} from "../../util/DepositIntentBuilder.sol";
import {FillHarness} from "./FillHarness.sol";

/// fillDeposit, DEPOSITED before and after it, and expire: a filled order never expires, an expired one
/// never fills, and a front is repaid exactly once by the collateral it stood in for.
contract AccountEngineFillTest is FillHarness {
    /// HyperlaneMessenger's body after the Hyperlane header: (sender, recipient, nonce, payload).
    function decodeBody(bytes calldata message) external pure returns (bytes memory payload) {
        (,,, payload) = abi.decode(message[77:], (address, address, uint64, bytes));
    }

    // ---------------------------------------------------------------- fillDeposit

    function test_fillDeposit_frontsTheTrade() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        uint256 front = _frontOf(2 ether, 30);
        uint256 fillerBefore = usd.balanceOf(filler);
        vm.expectEmit(true, true, true, true, address(engine));
        emit IAccountEngine.DepositFilled(orderId, trader, filler, front);
        _fill(order, signature);

        assertEq(usd.balanceOf(filler), fillerBefore - front, "the filler fronts the deposit's value");
        assertEq(usd.balanceOf(address(engine)), front, "held by the engine, not the pool");
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether);
        uint256 fee = _fee(1 ether, _fillPrice(3_000 ether, 0, 1 ether));
        assertEq(lens.cashOf(trader), int256(front * SCALE) - int256(fee), "the front is the account's cash");
        assertEq(lens.frontedOf(trader), front * SCALE);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 0, "no collateral until DEPOSITED");
        DepositRecord memory record = lens.depositOf(orderId);
        assertEq(uint8(record.status), uint8(DepositStatus.Filled));
        assertEq(record.filler, filler);
        assertEq(record.front, front);
        assertTrue(_sentFilled(orderId, filler), "FILLED(orderId, filler) over the order's route");
    }

    /// FILLED leaves through the real Mailbox to the vault.
    function test_fillDeposit_sendsFilledOverHyperlane() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        uint256 before = dispatchCount();
        _fill(order, signature);
        assertEq(dispatchCount(), before + 1);
        HyperlaneDispatch storage d = hyperlaneDispatch(lastDispatch());
        assertEq(d.destinationDomain, ORIGIN_CHAIN_ID);
        assertEq(this.decodeBody(d.message), AccountMessages.filled(orderId, filler, termsOf[orderId]));
    }

    /// Whoever triggers a message pays for it: FILLED out of the filler's `msg.value`.
    function test_fillDeposit_paysFilledFromMsgValue() public {
        destinationChain.defaultHook.setFee(0.01 ether);
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        vm.deal(filler, 1 ether);
        vm.prank(filler);
        VMX.expectPartialRevert(IMessenger.InsufficientFee.selector);
        engine.fillDeposit(order, signature, _noUpdate());
        vm.prank(filler);
        engine.fillDeposit{value: 0.01 ether}(order, signature, _noUpdate());
        assertEq(filler.balance, 0.99 ether);
        assertEq(address(engine).balance, 0);
    }

    function test_receiveMessage_afterTheFillRepaysTheFront() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        uint256 fillerBefore = usd.balanceOf(filler);
        _fill(order, signature);
        int256 cashAfterFill = lens.cashOf(trader);
        uint256 front = lens.depositOf(orderId).front;

        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.FrontRepaid(orderId, filler, front);
        _deliver(_depositedFor(order, orderId, true));

        assertEq(usd.balanceOf(filler), fillerBefore, "the front came back in full");
        assertEq(usd.balanceOf(address(engine)), 0);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), _net(2 ether), "the exact net amount");
        assertEq(lens.cashOf(trader), cashAfterFill - int256(front * SCALE));
        assertEq(lens.frontedOf(trader), 0);
        assertEq(uint8(_status(orderId)), uint8(DepositStatus.Credited));
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether, "the trade does not run twice");

        // A second copy, or another payload of the order, changes nothing.
        vm.prank(address(fallbackRoute.destinationMessenger));
        engine.receiveMessage(ORIGIN_CHAIN_ID, vault, 1, _depositedFor(order, orderId, true));
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), _net(2 ether));
        assertEq(usd.balanceOf(filler), fillerBefore);
    }

    /// An EIP-7702 delegation that set a non-frontable DEPOSITED on the origin: the front is still
    /// repaid and the trade does not run again.
    function test_receiveMessage_nonFrontableAfterTheFillRepaysTheFront() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        uint256 fillerBefore = usd.balanceOf(filler);
        _fill(order, signature);
        _deliver(_depositedFor(order, orderId, false));
        assertEq(usd.balanceOf(filler), fillerBefore);
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), _net(2 ether));
    }

    /// A filler the settlement token refuses (a blacklist) must not block the deposit's credit: its
    /// repayment is owed, and it claims it to another address.
    function test_receiveMessage_repaymentToABlockedFillerIsOwed() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        uint256 fillerBefore = usd.balanceOf(filler);
        _fill(order, signature);
        uint256 front = lens.depositOf(orderId).front;
        usd.setBlocked(filler, true);

        vm.expectEmit(true, false, false, true, address(engine));
        emit IAccountEngine.PaymentOwed(filler, front);
        _deliver(_depositedFor(order, orderId, true));
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), _net(2 ether), "the deposit is credited");
        assertEq(lens.owedOf(filler), front);

        address elsewhere = makeAddr("elsewhere");
        vm.prank(filler);
        engine.claimOwed(elsewhere);
        assertEq(usd.balanceOf(elsewhere), front);
        assertEq(usd.balanceOf(filler) + front, fillerBefore, "the whole front came back");
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NothingOwed.selector, filler));
        vm.prank(filler);
        engine.claimOwed(elsewhere);
    }

    function test_fillDeposit_creditsAPendingDeposit() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        _deliver(_depositedFor(order, orderId, true));
        assertEq(uint8(_status(orderId)), uint8(DepositStatus.Pending));
        uint256 fillerBefore = usd.balanceOf(filler);

        vm.expectEmit(true, true, true, true, address(engine));
        emit IAccountEngine.DepositFilled(orderId, trader, filler, 0);
        _fill(order, signature);

        assertEq(usd.balanceOf(filler), fillerBefore, "nothing to front");
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), _net(2 ether));
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether);
        assertEq(lens.frontedOf(trader), 0);
        DepositRecord memory record = lens.depositOf(orderId);
        assertEq(uint8(record.status), uint8(DepositStatus.Credited));
        assertEq(record.amount, 0);
        assertTrue(_sentFilled(orderId, filler));
    }

    /// An open may land at openDeadline = fillDeadline: the fill is still allowed in that second.
    function test_fillDeposit_atTheFillDeadline() public {
        DepositIntentBuilder.Terms memory t = _terms();
        (t.openIn, t.fillIn) = (60, 60);
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        skip(60);
        _setPrice(ETH_FEED, 3_000);
        _fill(order, signature);
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether);
    }

    function test_fillDeposit_revertWhenPastTheFillDeadline() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        skip(301);
        _setPrice(ETH_FEED, 3_000);
        vm.prank(filler);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.FillDeadlinePassed.selector, order.fillDeadline, block.timestamp)
        );
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenFilledTwice() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        _fill(order, signature);
        vm.prank(filler);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.DepositNotFillable.selector, orderId, DepositStatus.Filled)
        );
        engine.fillDeposit(order, signature, _noUpdate());
    }

    /// A non-frontable DEPOSITED (its trade ran on arrival) leaves nothing to fill.
    function test_fillDeposit_revertWhenCreditedWithoutAFront() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        _deliver(_depositedFor(order, orderId, false));
        vm.prank(filler);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.DepositNotFillable.selector, orderId, DepositStatus.Credited)
        );
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenSignedByAnother() public {
        (GaslessCrossChainOrder memory order,,) = _order(_terms());
        bytes memory signature = DepositIntentBuilder.sign(vm, orderHasher, 0xB0B, order);
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(SignatureRule.SignerMismatch.selector, vm.addr(0xB0B), trader));
        engine.fillDeposit(order, signature, _noUpdate());
    }

    /// The high-s twin of a valid signature, which Permit2 would take: refused by the one rule.
    function test_fillDeposit_revertWhenHighS() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        bytes32 r;
        bytes32 s;
        assembly {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
        }
        uint8 v = uint8(signature[64]);
        bytes32 highS = bytes32(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141 - uint256(s));
        bytes memory twin = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(SignatureRule.SignatureHighS.selector, highS));
        engine.fillDeposit(order, twin, _noUpdate());
    }

    /// Code at the trader here (an EIP-7702 delegation on this chain only) changes nothing: ECDSA decides.
    function test_fillDeposit_ecdsaEvenWithCodeAtTheTrader() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        vm.etch(trader, hex"600160005260206000f3");
        _fill(order, signature);
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether);

        (order,,) = _order(_terms());
        bytes memory junk = new bytes(65);
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(SignatureRule.SignatureV.selector, 0));
        engine.fillDeposit(order, junk, _noUpdate());
    }

    function test_fillDeposit_revertWhenNoTradeAttached() public {
        DepositIntentBuilder.Terms memory t = DepositIntentBuilder.withoutTrade(_terms());
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(t);
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NoAttachedTrade.selector, orderId));
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenAnotherEngine() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.engine = makeAddr("otherEngine");
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccountEngine.NotADepositOrder.selector,
                DepositOrderLib.DEPOSIT_ORDER_TYPEHASH,
                DESTINATION_CHAIN_ID,
                t.engine
            )
        );
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenAnotherChain() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.destinationChainId = 10;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccountEngine.NotADepositOrder.selector, DepositOrderLib.DEPOSIT_ORDER_TYPEHASH, 10, address(engine)
            )
        );
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenWrongOrderDataType() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        order.orderDataType = keccak256("MarginOrder");
        vm.prank(filler);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.NotADepositOrder.selector, keccak256("MarginOrder"), 0, address(0))
        );
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenNotThePeerVault() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.vault = makeAddr("fakeVault");
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.UnknownOriginSettler.selector, ORIGIN_CHAIN_ID, t.vault));
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenUnknownCollateral() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.token = makeAddr("dai");
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.UnknownCollateral.selector, ORIGIN_CHAIN_ID, t.token));
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenUnknownMarket() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.trade.market = "BTC-USD";
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.UnknownMarket.selector, keccak256("BTC-USD")));
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenBeyondTheLimit() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.trade.limitPrice = 2_900 ether;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        VMX.expectPartialRevert(IAccountEngine.PriceBeyondLimit.selector);
        engine.fillDeposit(order, signature, _noUpdate());
    }

    function test_fillDeposit_revertWhenStale() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        skip(11);
        vm.prank(filler);
        VMX.expectPartialRevert(IAccountEngine.PriceNotFresh.selector);
        engine.fillDeposit(order, signature, _noUpdate());
    }

    /// A fresh update in the call makes the same fill pass.
    function test_fillDeposit_withAPriceUpdate() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        skip(11);
        bytes[] memory update = _priceUpdate(ETH_FEED, 3_000);
        vm.prank(filler);
        engine.fillDeposit(order, signature, update);
        assertEq(lens.positionOf(trader, ETH_USD).size, 1 ether);
    }

    /// 1 ETH long on a 2 WETH deposit is ≈ 0.53×: above a signed 0.5× it is refused.
    function test_fillDeposit_revertWhenAboveTheSignedLeverage() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.trade.maxLeverageBps = 5_000;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        VMX.expectPartialRevert(IAccountEngine.LeverageAboveMax.selector);
        engine.fillDeposit(order, signature, _noUpdate());
    }

    /// 40 ETH (≈ 21× the deposit's value) is beyond the market's 20× plus buffer, whatever was signed.
    function test_fillDeposit_revertWhenAboveTheMarketsLeverage() public {
        DepositIntentBuilder.Terms memory t = _terms();
        t.trade.sizeDelta = 40 ether;
        t.trade.maxLeverageBps = 1_000_000;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(t);
        vm.prank(filler);
        VMX.expectPartialRevert(IAccountEngine.InsufficientMargin.selector);
        engine.fillDeposit(order, signature, _noUpdate());
    }

    // ---------------------------------------------------------------- judged on the deposit alone

    /// The trader's other position is under water (the account is below its initial margin, and a
    /// signed trade would be refused): the fill is judged on the deposit alone and stands. The account
    /// as a whole stays below its initial margin: the trader's own risk.
    function test_fillDeposit_judgedOnTheDepositAlone() public {
        _deposit(trader, 1 ether);
        vm.prank(trader);
        engine.trade("ETH-USD", 18 ether, 3_100 ether, 200_000, _noUpdate());
        _movePrice(2_700);
        (int256 equity,, uint256 initial) = engine.health(trader);
        assertLt(equity, 0, "the account is under water");
        vm.prank(trader);
        VMX.expectPartialRevert(IAccountEngine.InsufficientMargin.selector);
        engine.trade("ETH-USD", 1 ether, 3_100 ether, 200_000, _noUpdate());

        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        _fill(order, signature);
        assertEq(lens.positionOf(trader, ETH_USD).size, 19 ether);
        (equity,, initial) = engine.health(trader);
        assertLt(equity, int256(initial), "still below its initial margin: the trader's risk, not the filler's");
    }

    /// A trader that fills its eight market slots cannot make the fill revert: the trade is skipped.
    function test_fillDeposit_skipsTheTradeWhenTheAccountHasEightMarkets() public {
        _deposit(trader, 10 ether);
        for (uint256 i; i < 8; ++i) {
            string memory name = string.concat("M", vm.toString(i));
            engine.setMarket(name, _ethMarket());
            vm.prank(trader);
            engine.trade(name, 0.1 ether, 3_100 ether, 200_000, _noUpdate());
        }
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.DepositTradeSkipped(
            orderId, trader, abi.encodeWithSelector(IAccountEngine.AccountMarketsFull.selector, trader, 8)
        );
        _fill(order, signature);
        assertEq(lens.positionOf(trader, ETH_USD).size, 0);
        assertEq(uint8(_status(orderId)), uint8(DepositStatus.Filled));
        assertTrue(_sentFilled(orderId, filler), "the filler did its part");
    }

    /// A front is credit to trade on, never to withdraw: neither as cash nor as debt cover.
    function test_withdraw_revertWhenOnlyTheFrontIsCash() public {
        _deposit(trader, 1 ether);
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _order(_terms());
        _fill(order, signature);
        vm.prank(trader);
        engine.trade("ETH-USD", -1 ether, 2_900 ether, 0, _noUpdate());
        assertGt(lens.cashOf(trader), 0, "the front is in cash");
        int256 free = lens.cashOf(trader) - int256(lens.frontedOf(trader));
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.InsufficientCash.selector, trader, free, 1e6));
        engine.withdraw(DESTINATION_CHAIN_ID, address(usd), 1e6, trader, 0, _noUpdate());
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.OutstandingDebt.selector, trader, uint256(-free)));
        engine.withdraw(ORIGIN_CHAIN_ID, weth, 0.1 ether, trader, 0, _noUpdate());
    }

    // ---------------------------------------------------------------- expire

    function test_expire_marksTheOrderAndSendsExpired() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        skip(301);
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.DepositExpired(orderId, trader, 0);
        engine.expire(order);
        assertEq(uint8(_status(orderId)), uint8(DepositStatus.Expired));
        assertTrue(_sentExpired(orderId));

        _setPrice(ETH_FEED, 3_000);
        vm.prank(filler);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.FillDeadlinePassed.selector, order.fillDeadline, block.timestamp)
        );
        engine.fillDeposit(order, signature, _noUpdate());
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.DepositNotExpirable.selector, orderId, DepositStatus.Expired)
        );
        engine.expire(order);
    }

    /// EXPIRED out of the caller's `msg.value`.
    function test_expire_paysExpiredFromMsgValue() public {
        destinationChain.defaultHook.setFee(0.01 ether);
        (GaslessCrossChainOrder memory order,,) = _order(_terms());
        skip(301);
        address keeper = makeAddr("keeper");
        vm.deal(keeper, 1 ether);
        vm.prank(keeper);
        VMX.expectPartialRevert(IMessenger.InsufficientFee.selector);
        engine.expire(order);
        vm.prank(keeper);
        engine.expire{value: 0.01 ether}(order);
        assertEq(keeper.balance, 0.99 ether);
    }

    function test_expire_revertWhenBeforeTheFillDeadline() public {
        (GaslessCrossChainOrder memory order,,) = _order(_terms());
        skip(300);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.FillDeadlineNotPassed.selector, order.fillDeadline, block.timestamp)
        );
        engine.expire(order);
    }

    function test_expire_revertWhenFilled() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        _fill(order, signature);
        skip(301);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.DepositNotExpirable.selector, orderId, DepositStatus.Filled)
        );
        engine.expire(order);
        _deliver(_depositedFor(order, orderId, true));
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.DepositNotExpirable.selector, orderId, DepositStatus.Credited)
        );
        engine.expire(order);
    }

    function test_expire_revertWhenNoTradeAttached() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _order(DepositIntentBuilder.withoutTrade(_terms()));
        skip(301);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.NoAttachedTrade.selector, orderId));
        engine.expire(order);
    }

    /// DEPOSITED before expire: its pending credit is cancelled (the vault refunds).
    function test_expire_cancelsAPendingCredit() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _order(_terms());
        _deliver(_depositedFor(order, orderId, true));
        skip(301);
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.DepositExpired(orderId, trader, _net(2 ether));
        engine.expire(order);
        DepositRecord memory record = lens.depositOf(orderId);
        assertEq(uint8(record.status), uint8(DepositStatus.Expired));
        assertEq(record.amount, 0);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 0);
    }

    /// DEPOSITED after expire: a frontable credit is ignored (the vault refunds it).
    function test_receiveMessage_frontableAfterExpireIgnored() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _order(_terms());
        skip(301);
        engine.expire(order);
        vm.expectEmit(true, false, false, false, address(engine));
        emit IAccountEngine.DepositIgnored(orderId);
        _deliver(_depositedFor(order, orderId, true));
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), 0);
        assertEq(uint8(_status(orderId)), uint8(DepositStatus.Expired));
    }

    /// A non-frontable deposit (the vault never refunds it) is credited even after an `expire`, so an
    /// expire of an order the origin did not make frontable cannot cost the trader its collateral.
    function test_receiveMessage_nonFrontableAfterExpireCredited() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _order(_terms());
        skip(301);
        engine.expire(order);
        _deliver(_depositedFor(order, orderId, false));
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), _net(2 ether));
        assertEq(lens.positionOf(trader, ETH_USD).size, 0, "past its deadline: the trade is skipped");
    }

    // ---------------------------------------------------------------- fuzz

    /// Whatever the amount, the fee cap and the order of fill and DEPOSITED: the filler fronts the
    /// deposit's value once and gets it back in full, the ledger holds the exact net amount, and the
    /// engine keeps no settlement token.
    function test_fuzz_fillDeposit_frontRepaidExactlyOnce(uint96 amount, uint16 maxBps, bool depositedFirst) public {
        amount = uint96(bound(amount, 0.5 ether, 500 ether));
        maxBps = uint16(bound(maxBps, FEE_BPS, 2_000));
        DepositIntentBuilder.Terms memory t = _terms();
        (t.amount, t.maxFeeBps) = (amount, maxBps);
        t.trade.sizeDelta = int256(uint256(amount) / 4);
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(t);
        uint256 front = _frontOf(amount, maxBps);
        uint256 fillerBefore = usd.balanceOf(filler);
        uint256 poolBefore = usd.balanceOf(address(pool));

        if (depositedFirst) _deliver(_depositedFor(order, orderId, true));
        _fill(order, signature);
        assertEq(lens.depositOf(orderId).front, depositedFirst ? 0 : front);
        if (!depositedFirst) _deliver(_depositedFor(order, orderId, true));

        _assertSettled(orderId, amount, fillerBefore, poolBefore);
    }

    function _assertSettled(bytes32 orderId, uint256 amount, uint256 fillerBefore, uint256 poolBefore) internal view {
        assertEq(usd.balanceOf(filler), fillerBefore);
        assertEq(usd.balanceOf(address(engine)), 0);
        assertEq(usd.balanceOf(address(pool)), poolBefore);
        assertEq(lens.collateralOf(trader, ORIGIN_CHAIN_ID, weth), _net(amount));
        assertEq(lens.frontedOf(trader), 0);
        uint256 size = amount / 4;
        int256 fee = int256(_fee(size, _fillPrice(3_000 ether, 0, int256(size))));
        assertEq(lens.cashOf(trader), -fee, "only the trading fee is left in cash");
        assertEq(uint8(_status(orderId)), uint8(DepositStatus.Credited));
    }

    /// At any time, fill and expire exclude each other: up to the deadline only the fill, after it only
    /// the expiry, and once either ran the other never can.
    function test_fuzz_fillOrExpire_exclusive(uint32 delay) public {
        delay = uint32(bound(delay, 0, 600));
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _order(_terms());
        skip(delay);
        _setPrice(ETH_FEED, 3_000);
        if (delay <= 300) {
            _fill(order, signature);
            skip(301);
            vm.expectRevert(
                abi.encodeWithSelector(IAccountEngine.DepositNotExpirable.selector, orderId, DepositStatus.Filled)
            );
            engine.expire(order);
        } else {
            vm.prank(filler);
            vm.expectRevert(
                abi.encodeWithSelector(IAccountEngine.FillDeadlinePassed.selector, order.fillDeadline, block.timestamp)
            );
            engine.fillDeposit(order, signature, _noUpdate());
            engine.expire(order);
            assertEq(uint8(_status(orderId)), uint8(DepositStatus.Expired));
        }
    }
}
