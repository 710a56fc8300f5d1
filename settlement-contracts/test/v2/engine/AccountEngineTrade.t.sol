// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccountEngine} from "../../../src/v2/interfaces/IAccountEngine.sol";
import {MarketConfig, Position, Trade} from "../../../src/v2/base/AccountTypes.sol";
import {SignatureRule} from "../../../src/v2/lib/SignatureRule.sol";
import {EngineHarness, OwnedWallet} from "./EngineHarness.sol";

/// Trades: the signed action's checks (signature rule, nonce, deadline, relayer fee), the fill (fresh
/// price, skew impact, limit, fee), the position maths (open, grow, reduce, close, flip) and the margin
/// checks of a trade that adds risk.
contract AccountEngineTradeTest is EngineHarness {
    uint256 internal constant HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    function setUp() public override {
        super.setUp();
        _deposit(trader, 2 ether); // 2 × 2,998.5 × 95% = 5,697.15 USD of margin
    }

    function _position() internal view returns (Position memory) {
        return lens.positionOf(trader, ETH_USD);
    }

    function _expectRelayRevert(Trade memory t, bytes memory signature, uint256 fee, bytes memory err) internal {
        vm.prank(relayer);
        vm.expectRevert(err);
        engine.tradeFor(t, signature, fee, _noUpdate());
    }

    // ---------------------------------------------------------------- the signed action

    function test_tradeFor_opensPositionAndPaysRelayer() public {
        Trade memory t = _trade(5 ether, 3_100 ether, 30_000);
        uint256 price = _fillPrice(3_000 ether, 0, 5 ether);
        vm.expectEmit(true, true, false, true, address(engine));
        emit IAccountEngine.Traded(trader, ETH_USD, 5 ether, price, 5 ether, price, 0, _fee(5 ether, price));
        _relay(t, 0.5e6);

        assertEq(_position().size, 5 ether);
        assertEq(_position().entryPrice, price);
        assertEq(lens.cashOf(relayer), 0.5e6 * int256(SCALE), "relayer paid from the account's cash");
        assertEq(lens.cashOf(trader), -int256(_fee(5 ether, price)) - 0.5e6 * int256(SCALE));
        assertEq(lens.marketState(ETH_USD).netBasis, int256(5 * price + _fee(5 ether, price)), "the fee is the pool's");
        assertEq(lens.marketState(ETH_USD).skew, 5 ether);
        assertTrue(lens.nonceUsed(trader, t.nonce));
    }

    function test_tradeFor_revertWhenSignedByAnotherKey() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        bytes32 digest = _digest(t);
        bytes memory signature = _sign(0xB0B, digest);
        _expectRelayRevert(
            t, signature, 0, abi.encodeWithSelector(SignatureRule.SignerMismatch.selector, vm.addr(0xB0B), trader)
        );
    }

    function test_tradeFor_revertWhenTermsChangedAfterSigning() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        bytes memory signature = _sign(t);
        t.sizeDelta = 2 ether;
        vm.prank(relayer);
        VMX.expectPartialRevert(SignatureRule.SignerMismatch.selector);
        engine.tradeFor(t, signature, 0, _noUpdate());
    }

    /// The same signature with s' = n − s recovers the same signer; the rule refuses it (audit attack 1).
    function test_tradeFor_revertWhenHighS() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(TRADER_KEY, _digest(t));
        bytes32 highS = bytes32(N - uint256(s));
        assertGt(uint256(highS), HALF_N);
        bytes memory signature = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        _expectRelayRevert(t, signature, 0, abi.encodeWithSelector(SignatureRule.SignatureHighS.selector, highS));
    }

    function test_tradeFor_revertWhenCompactSignature() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        (, bytes32 r, bytes32 s) = vm.sign(TRADER_KEY, _digest(t));
        _expectRelayRevert(
            t, abi.encodePacked(r, s), 0, abi.encodeWithSelector(SignatureRule.SignatureLength.selector, 64)
        );
    }

    function test_tradeFor_revertWhenNonceReused() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        _relay(t, 0);
        bytes memory signature = _sign(t);
        _expectRelayRevert(t, signature, 0, abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, trader, t.nonce));
    }

    function test_tradeFor_nonceIsUnordered() public {
        Trade memory later = _trade(1 ether, 3_100 ether, 30_000);
        later.nonce = 1_000;
        _relay(later, 0);
        Trade memory earlier = _trade(1 ether, 3_100 ether, 30_000);
        earlier.nonce = 7;
        _relay(earlier, 0);
        assertEq(_position().size, 2 ether);
    }

    function test_tradeFor_revertWhenNonceInvalidated() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        vm.prank(trader);
        engine.invalidateNonces(t.nonce >> 8, 1 << (t.nonce & 0xff));
        bytes memory signature = _sign(t);
        _expectRelayRevert(t, signature, 0, abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, trader, t.nonce));
    }

    function test_tradeFor_revertWhenDeadlinePassed() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        bytes memory signature = _sign(t);
        skip(61);
        _expectRelayRevert(
            t, signature, 0, abi.encodeWithSelector(IAccountEngine.DeadlinePassed.selector, t.deadline, block.timestamp)
        );
    }

    function test_tradeFor_revertWhenRelayerFeeAboveMax() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        bytes memory signature = _sign(t);
        _expectRelayRevert(
            t, signature, 1e6 + 1, abi.encodeWithSelector(IAccountEngine.RelayerFeeAboveMax.selector, 1e6 + 1, 1e6)
        );
    }

    function test_tradeFor_contractAccountByErc1271() public {
        OwnedWallet wallet = new OwnedWallet(trader);
        _deposit(address(wallet), 2 ether);
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        t.account = address(wallet);
        _relay(t, 0);
        assertEq(lens.positionOf(address(wallet), ETH_USD).size, 1 ether);
    }

    function test_tradeFor_revertWhenContractAccountRefuses() public {
        OwnedWallet wallet = new OwnedWallet(vm.addr(0xB0B));
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        t.account = address(wallet);
        bytes memory signature = _sign(t);
        _expectRelayRevert(
            t, signature, 0, abi.encodeWithSelector(SignatureRule.ContractSignatureRefused.selector, address(wallet))
        );
    }

    // ---------------------------------------------------------------- the fill

    function test_tradeFor_revertWhenPriceBeyondLimit() public {
        Trade memory t = _trade(5 ether, 3_000 ether, 30_000);
        bytes memory signature = _sign(t);
        uint256 price = _fillPrice(3_000 ether, 0, 5 ether);
        _expectRelayRevert(
            t, signature, 0, abi.encodeWithSelector(IAccountEngine.PriceBeyondLimit.selector, price, 3_000 ether, true)
        );
    }

    function test_tradeFor_revertWhenShortBelowLimit() public {
        Trade memory t = _trade(-5 ether, 3_000 ether, 30_000);
        bytes memory signature = _sign(t);
        uint256 price = _fillPrice(3_000 ether, 0, -5 ether);
        _expectRelayRevert(
            t, signature, 0, abi.encodeWithSelector(IAccountEngine.PriceBeyondLimit.selector, price, 3_000 ether, false)
        );
    }

    function test_tradeFor_revertWhenPriceStale() public {
        uint256 published = block.timestamp;
        skip(6);
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        bytes memory signature = _sign(t);
        _expectRelayRevert(
            t, signature, 0, abi.encodeWithSelector(IAccountEngine.PriceNotFresh.selector, ETH_FEED, published, 5)
        );
    }

    /// The relayer brings the update in the same call and pays it from msg.value.
    function test_tradeFor_withPriceUpdate() public {
        skip(6);
        Trade memory t = _trade(1 ether, 3_200 ether, 30_000);
        bytes memory signature = _sign(t);
        bytes[] memory update = _priceUpdate(ETH_FEED, 3_100);
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        engine.tradeFor{value: 1 ether}(t, signature, 0, update);
        assertEq(_position().entryPrice, _fillPrice(3_100 ether, 0, 1 ether));
    }

    function test_tradeFor_revertWhenUnknownMarket() public {
        Trade memory t = _trade(1 ether, 3_100 ether, 30_000);
        t.market = "DOGE-USD";
        bytes memory signature = _sign(t);
        _expectRelayRevert(
            t, signature, 0, abi.encodeWithSelector(IAccountEngine.UnknownMarket.selector, keccak256("DOGE-USD"))
        );
    }

    function test_trade_revertWhenZeroSize() public {
        vm.prank(trader);
        vm.expectRevert(IAccountEngine.ZeroSize.selector);
        engine.trade("ETH-USD", 0, 3_100 ether, 30_000, _noUpdate());
    }

    // ---------------------------------------------------------------- margin

    function test_tradeFor_revertWhenLeverageAboveMax() public {
        Trade memory t = _trade(5 ether, 3_100 ether, 20_000);
        bytes memory signature = _sign(t);
        vm.prank(relayer);
        VMX.expectPartialRevert(IAccountEngine.LeverageAboveMax.selector);
        engine.tradeFor(t, signature, 0, _noUpdate());
    }

    /// 40 ETH (≈ 120,000 USD) needs 6,000 USD at 20× plus the 16 bps buffer; the account has 5,697.
    function test_tradeFor_revertWhenInsufficientMargin() public {
        Trade memory t = _trade(40 ether, 3_100 ether, 1_000_000);
        bytes memory signature = _sign(t);
        vm.prank(relayer);
        VMX.expectPartialRevert(IAccountEngine.InsufficientMargin.selector);
        engine.tradeFor(t, signature, 0, _noUpdate());
    }

    /// A trade that only reduces risk never fails the margin checks, however unhealthy the account.
    function test_trade_reduceSkipsMarginChecks() public {
        vm.prank(trader);
        engine.trade("ETH-USD", 30 ether, 3_100 ether, 1_000_000, _noUpdate());
        _movePrice(2_850);
        (int256 equity,, uint256 initial) = engine.health(trader);
        assertLt(equity, int256(initial));
        vm.prank(trader);
        engine.trade("ETH-USD", -10 ether, 2_800 ether, 0, _noUpdate());
        assertEq(_position().size, 20 ether);
    }

    // ---------------------------------------------------------------- position maths

    function test_trade_directByAccount() public {
        vm.prank(trader);
        engine.trade("ETH-USD", -2 ether, 2_900 ether, 30_000, _noUpdate());
        assertEq(_position().size, -2 ether);
        assertEq(lens.cashOf(trader), -int256(_fee(2 ether, _position().entryPrice)), "no relayer fee");
    }

    function test_trade_growAveragesEntry() public {
        vm.prank(trader);
        engine.trade("ETH-USD", 1 ether, 3_100 ether, 30_000, _noUpdate());
        uint256 first = _position().entryPrice;
        _movePrice(3_030);
        vm.prank(trader);
        engine.trade("ETH-USD", 1 ether, 3_100 ether, 30_000, _noUpdate());
        uint256 second = _fillPrice(3_030 ether, 1 ether, 1 ether);
        assertEq(_position().entryPrice, (first + second + 1) / 2);
    }

    /// Reducing realises the PnL of the part closed at the average entry; the rest keeps its entry.
    function test_trade_reduceRealisesPnl() public {
        vm.prank(trader);
        engine.trade("ETH-USD", 2 ether, 3_100 ether, 30_000, _noUpdate());
        Position memory opened = _position();
        int256 cashAfterOpen = lens.cashOf(trader);
        _movePrice(3_300);
        vm.prank(trader);
        engine.trade("ETH-USD", -1 ether, 3_200 ether, 0, _noUpdate());
        uint256 exit = _fillPrice(3_300 ether, 2 ether, -1 ether);
        int256 pnl = int256(exit) - int256(uint256(opened.entryPrice));
        assertEq(lens.cashOf(trader), cashAfterOpen + pnl - int256(_fee(1 ether, exit)));
        assertEq(_position().size, 1 ether);
        assertEq(_position().entryPrice, opened.entryPrice);
    }

    function test_trade_closeRemovesTheMarket() public {
        vm.startPrank(trader);
        engine.trade("ETH-USD", 2 ether, 3_100 ether, 30_000, _noUpdate());
        engine.trade("ETH-USD", -2 ether, 2_900 ether, 0, _noUpdate());
        vm.stopPrank();
        assertEq(_position().size, 0);
        assertEq(_position().entryPrice, 0);
        assertEq(lens.accountOf(trader).positions.length, 0);
        assertEq(lens.marketState(ETH_USD).skew, 0);
    }

    function test_trade_flipOpensTheOtherSideAtTheFillPrice() public {
        vm.startPrank(trader);
        engine.trade("ETH-USD", 1 ether, 3_100 ether, 30_000, _noUpdate());
        engine.trade("ETH-USD", -3 ether, 2_900 ether, 30_000, _noUpdate());
        vm.stopPrank();
        assertEq(_position().size, -2 ether);
        assertEq(_position().entryPrice, _fillPrice(3_000 ether, 1 ether, -3 ether));
    }

    function test_trade_revertWhenNinthMarket() public {
        for (uint256 i; i < 8; ++i) {
            string memory name = string.concat("M", vm.toString(i));
            engine.setMarket(name, _ethMarket());
            vm.prank(trader);
            engine.trade(name, 0.01 ether, 3_100 ether, 30_000, _noUpdate());
        }
        engine.setMarket("M8", _ethMarket());
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IAccountEngine.AccountMarketsFull.selector, trader, 8));
        engine.trade("M8", 0.01 ether, 3_100 ether, 30_000, _noUpdate());
    }

    // ---------------------------------------------------------------- fuzz

    /// Any size and limit: the trade either fills no worse than the limit or reverts PriceBeyondLimit.
    function test_fuzz_tradeFor_fillWithinLimit(int256 sizeDelta, uint256 limitPrice) public {
        sizeDelta = bound(sizeDelta, -1 ether, 1 ether);
        vm.assume(sizeDelta != 0);
        limitPrice = bound(limitPrice, 2_990 ether, 3_010 ether);
        Trade memory t = _trade(sizeDelta, limitPrice, 30_000);
        bytes memory signature = _sign(t);
        uint256 price = _fillPrice(3_000 ether, 0, sizeDelta);
        bool beyond = sizeDelta > 0 ? price > limitPrice : price < limitPrice;
        if (beyond) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccountEngine.PriceBeyondLimit.selector, price, limitPrice, sizeDelta > 0)
            );
        }
        vm.prank(relayer);
        engine.tradeFor(t, signature, 0, _noUpdate());
        if (!beyond) assertEq(_position().size, sizeDelta);
    }

    /// Any nonce spends once; the same signed action can never run twice.
    function test_fuzz_tradeFor_nonceOnce(uint256 nonce, uint256 fee) public {
        fee = bound(fee, 0, 1e6);
        Trade memory t = _trade(0.1 ether, 3_100 ether, 30_000);
        t.nonce = nonce;
        _relay(t, fee);
        assertTrue(lens.nonceUsed(trader, nonce));
        bytes memory signature = _sign(t);
        _expectRelayRevert(t, signature, fee, abi.encodeWithSelector(IAccountEngine.NonceUsed.selector, trader, nonce));
        assertEq(lens.cashOf(relayer), int256(fee * SCALE));
    }

    /// Whatever size an account opens, it passes the margin checks only with equity ≥ initial margin.
    function test_fuzz_trade_openNeverBelowInitial(uint256 size) public {
        size = bound(size, 0.01 ether, 60 ether);
        vm.prank(trader);
        try engine.trade("ETH-USD", int256(size), 3_200 ether, 1_000_000, _noUpdate()) {
            (int256 equity,, uint256 initial) = engine.health(trader);
            assertGe(equity, int256(initial));
        } catch (bytes memory err) {
            assertEq(bytes4(err), IAccountEngine.InsufficientMargin.selector);
        }
    }

    function test_setMarket_revertWhenLeverageBelowMaintenance() public {
        MarketConfig memory config = _ethMarket();
        config.maxLeverageBps = 1_000_000; // 100×: 1% initial < 0.5% + 0.5% + anything
        config.maintenanceBps = 60;
        vm.expectRevert(
            abi.encodeWithSelector(IAccountEngine.InvalidMarket.selector, keccak256("X"), uint32(1_000_000), 110)
        );
        engine.setMarket("X", config);
    }
}
