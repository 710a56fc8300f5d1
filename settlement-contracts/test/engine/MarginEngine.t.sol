// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {IIntentVerifier} from "../../src/interfaces/IIntentVerifier.sol";
import {IMarginEngine} from "../../src/interfaces/IMarginEngine.sol";
import {IMessenger} from "../../src/interfaces/IMessenger.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {MarginOrder} from "../../src/base/MarginOrderTypes.sol";
import {MarginOrderLib} from "../../src/lib/MarginOrderLib.sol";
import {Messages} from "../../src/lib/Messages.sol";
import {RiskMath} from "../../src/lib/RiskMath.sol";
import {LiquidityPool} from "../../src/pool/LiquidityPool.sol";
import {IntentBuilder} from "../util/IntentBuilder.sol";
import {XmarginHarness} from "../util/XmarginHarness.sol";

/// Unit tests of the destination settler: configuration, fill checks, expire, the trader's close and
/// withdraw, keepers' liquidation and debt settlement, messages from the vault, and the risk views.
contract MarginEngineTest is XmarginHarness {
    bytes32 internal constant MARKET = keccak256("ETH-USD");
    bytes32 internal constant ROUTE = keccak256("hyperlane");
    uint256 internal constant LOW = 2_998.5 ether; // 3,000 less the harness's 0.05% confidence
    uint256 internal constant SCALE = 1e12; // wad USD per settlement token unit
    address internal stranger = makeAddr("stranger");

    // ---------------------------------------------------------------- helpers

    /// @dev Signs `terms` and fills them (without an open on the origin), staying on the destination.
    function _signAndFill(IntentBuilder.Terms memory terms, uint16 feeBps)
        internal
        returns (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId)
    {
        (order, signature, orderId) = _sign(terms);
        _fill(solver, orderId, order, signature, feeBps);
        onDestination();
    }

    /// @dev A backed position of `size` ETH (20x allowed), opened at 3,000 with a 2 bps fee.
    function _backed(uint256 size) internal returns (bytes32 orderId) {
        IntentBuilder.Terms memory terms = _terms();
        terms.size = size;
        terms.maxLeverageBps = 200_000;
        (orderId,,) = _openFillRelay(terms, 2);
        onDestination();
    }

    function _expectFillError(
        GaslessCrossChainOrder memory order,
        bytes memory signature,
        uint16 feeBps,
        bytes memory err
    ) internal {
        assertEq(_tryFill(solver, hasher.orderId(order), order, signature, feeBps), err);
    }

    function _credit(uint256 feeBps) internal pure returns (uint256) {
        return RiskMath.collateralValue(2 ether - 2 ether * feeBps / 10_000, 18, LOW, 500);
    }

    function _entry(uint256 price, int256 skewBefore, int256 sizeDelta) internal pure returns (uint256) {
        return RiskMath.fillPrice(price, skewBefore, sizeDelta, 1_000_000 ether);
    }

    function _market(uint32 maintenanceBps, uint32 vol) internal pure returns (IMarginEngine.Market memory) {
        return IMarginEngine.Market(keccak256("ETH/USD"), 200_000, maintenanceBps, 50, vol, 1_000_000 ether);
    }

    function _deliverLocked(address messenger, bytes32 orderId) internal {
        vm.prank(messenger);
        engine.receiveMessage(
            ORIGIN_CHAIN_ID, address(vault), 1, Messages.locked(orderId, trader, address(weth), 2 ether, solver)
        );
    }

    // ---------------------------------------------------------------- configuration (owner only)

    function test_setPool_setsPool() public {
        LiquidityPool other = new LiquidityPool(usd, address(engine));
        engine.setPool(other);
        assertEq(address(engine.pool()), address(other));
    }

    function test_setPool_revertWhenNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setPool(LiquidityPool(address(0)));
    }

    function test_setMarket_storesAndEmits() public {
        IMarginEngine.Market memory market = _market(70, 90);
        vm.expectEmit(true, false, false, true, address(engine));
        emit IMarginEngine.MarketSet(keccak256("BTC-USD"), market);
        engine.setMarket("BTC-USD", market);
        (bytes32 feedId, uint32 maxLev, uint32 maintenance, uint32 liqFee, uint32 vol, uint256 skewScale) =
            engine.markets(keccak256("BTC-USD"));
        assertEq(feedId, market.feedId);
        assertEq(maxLev, 200_000);
        assertEq(maintenance, 70);
        assertEq(liqFee, 50);
        assertEq(vol, 90);
        assertEq(skewScale, 1_000_000 ether);
    }

    function test_setMarket_revertWhenNotOwner() public {
        IMarginEngine.Market memory market = _market(70, 90);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setMarket("BTC-USD", market);
    }

    function test_setCollateral_storesAndEmits() public {
        IMarginEngine.Collateral memory config = IMarginEngine.Collateral(keccak256("BTC/USD"), 8, 1_000);
        vm.expectEmit(true, true, false, true, address(engine));
        emit IMarginEngine.CollateralSet(1, stranger, config);
        engine.setCollateral(1, stranger, config);
        (bytes32 feedId, uint8 decimals, uint16 haircut) = engine.collaterals(1, stranger);
        assertEq(feedId, config.feedId);
        assertEq(decimals, 8);
        assertEq(haircut, 1_000);
    }

    function test_setCollateral_revertWhenNotOwner() public {
        IMarginEngine.Collateral memory config = IMarginEngine.Collateral(keccak256("BTC/USD"), 8, 1_000);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setCollateral(1, stranger, config);
    }

    function test_setRoute_mapsBothMessengers() public {
        IMarginEngine.Route memory route = IMarginEngine.Route(IMessenger(address(1)), IMessenger(address(2)), 30);
        vm.expectEmit(true, false, false, true, address(engine));
        emit IMarginEngine.RouteSet(keccak256("other"), route);
        engine.setRoute("other", route);
        (IMessenger primary, IMessenger fallbackMessenger, uint32 seconds_) = engine.routes(keccak256("other"));
        assertEq(address(primary), address(1));
        assertEq(address(fallbackMessenger), address(2));
        assertEq(seconds_, 30);
        assertEq(engine.routeOfMessenger(address(1)), keccak256("other"));
        assertEq(engine.routeOfMessenger(address(2)), keccak256("other"));
    }

    /// A messenger attributes early `Locked` messages to one route only.
    function test_setRoute_revertWhenMessengerServesAnotherRoute() public {
        engine.setRoute("other", IMarginEngine.Route(IMessenger(address(1)), IMessenger(address(2)), 30));
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MessengerInUse.selector, address(2), keccak256("other")));
        engine.setRoute("third", IMarginEngine.Route(IMessenger(address(3)), IMessenger(address(2)), 30));
    }

    function test_fill_revertWhenBadFeeSchedule() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.maxFeeBps = 10_001;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(
                IIntentVerifier.BadFeeSchedule.selector, 2, 10_001, uint32(block.timestamp), uint32(block.timestamp + 120)
            )
        );
    }

    /// The filler pays the price update it brings (the engine's own ETH is not spent on it).
    function test_fill_paysPriceUpdateWithValue() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        skip(1);
        bytes[] memory update = _priceUpdate(3_010);
        onDestination();
        vm.deal(solver, 1 ether);
        vm.prank(solver);
        engine.fill{value: 1 ether}(orderId, abi.encode(order), abi.encode(signature, uint16(2), update));
        assertEq(oracle.quote(ETH_FEED).mid, 3_010 ether, "the update landed in the same transaction");
        assertEq(uint8(engine.positionOf(orderId).status), uint8(IMarginEngine.Status.Open));
    }

    function test_setRoute_revertWhenNotOwner() public {
        IMarginEngine.Route memory route = IMarginEngine.Route(IMessenger(address(1)), IMessenger(address(2)), 30);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setRoute("other", route);
    }

    function test_setPeer_setsVaultAndEmits() public {
        vm.expectEmit(true, false, false, true, address(engine));
        emit IMarginEngine.PeerSet(10, stranger);
        engine.setPeer(10, stranger);
        assertEq(engine.peers(10), stranger);
    }

    function test_setPeer_revertWhenNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setPeer(10, stranger);
    }

    function test_setRisk_setsEveryTerm() public {
        engine.setRisk(250, 3, 4, 5, 150);
        assertEq(engine.zX100(), 250);
        assertEq(engine.detectSeconds(), 3);
        assertEq(engine.execSeconds(), 4);
        assertEq(engine.seizeSeconds(), 5);
        assertEq(engine.keeperBonusBps(), 150);
    }

    function test_setRisk_revertWhenNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        engine.setRisk(0, 0, 0, 0, 0);
    }

    function test_transferOwnership_takesTwoSteps() public {
        engine.transferOwnership(stranger);
        assertEq(engine.owner(), address(this), "not before acceptance");
        assertEq(engine.pendingOwner(), stranger);
        vm.prank(stranger);
        engine.acceptOwnership();
        assertEq(engine.owner(), stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        engine.setPeer(10, stranger);
    }

    function test_fundInsurance_anyoneAddsInWad() public {
        vm.prank(keeper);
        engine.fundInsurance(1_000e6);
        assertEq(engine.insuranceFund(), 1_000 ether);
        assertEq(usd.balanceOf(address(engine)), 1_000e6);
    }

    // ---------------------------------------------------------------- fill: the happy path

    function test_fill_opensPositionAgainstFront() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _sign(_terms());
        uint256 entry = _entry(3_000 ether, 0, 5 ether);
        uint256 credit = _credit(2);
        uint256 front = Math.ceilDiv(credit, SCALE);
        uint256 solverUsd = usd.balanceOf(solver);

        vm.expectEmit(true, true, true, true, address(engine));
        emit IMarginEngine.Filled(orderId, solver, trader, entry, front, 2);
        _fill(solver, orderId, order, IntentBuilder.sign(vm, hasher, TRADER_KEY, order), 2);

        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertEq(p.account, trader);
        assertEq(uint8(p.status), uint8(IMarginEngine.Status.Open));
        assertTrue(p.isLong);
        assertFalse(p.remoteBacked);
        assertEq(p.feeBps, 2);
        assertEq(p.marketId, MARKET);
        assertEq(p.routeId, ROUTE);
        assertEq(p.size, 5 ether);
        assertEq(p.entryPrice, entry);
        assertEq(p.originChainId, ORIGIN_CHAIN_ID);
        assertEq(p.collateral, 2 ether - 2 ether * 2 / 10_000, "collateral after the fee");
        assertEq(p.credit, credit);
        assertEq(p.filler, solver);
        assertEq(p.front, front);
        assertEq(usd.balanceOf(solver), solverUsd - front);
        assertEq(engine.skew(MARKET), 5 ether);
        assertTrue(engine.sent(keccak256(Messages.filled(orderId, solver, 2))), "Filled sent");
        assertEq(hyperlaneDispatch(lastDispatch()).recipient, address(primaryRoute.originMessenger));
    }

    function test_fill_pullsPriceUpdateInSameTransaction() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        skip(100); // the stored price is stale by now
        onDestination();
        bytes memory fillerData = abi.encode(signature, uint16(2), _priceUpdate(3_000));
        vm.prank(solver);
        engine.fill(orderId, abi.encode(order), fillerData);
        assertEq(uint8(engine.positionOf(orderId).status), uint8(IMarginEngine.Status.Open));
    }

    function test_fill_noFrontWhenLockedArrivedFirst() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        _open(solver, order, signature);
        relayAll(); // Locked reaches the engine before the fill
        uint256 solverUsd = usd.balanceOf(solver);
        _fill(solver, orderId, order, signature, 2);
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertTrue(p.remoteBacked);
        assertEq(p.front, 0);
        assertEq(usd.balanceOf(solver), solverUsd, "nothing fronted");
        (uint256 amount,) = engine.lockedEarly(orderId);
        assertEq(amount, 0, "consumed");
    }

    function test_fill_takesFrontWhenEarlyLockedCameOverAnotherRoute() public {
        engine.setRoute("other", IMarginEngine.Route(IMessenger(stranger), IMessenger(stranger), 12));
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        onDestination();
        _deliverLocked(stranger, orderId);
        _fill(solver, orderId, order, signature, 2);
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertFalse(p.remoteBacked, "a Locked over a route the trader did not choose proves nothing");
        assertGt(p.front, 0);
    }

    /// `fill` takes no value (ERC-7683), so the engine pays `Filled`'s messaging fee from its own balance.
    /// Whoever triggers a message pays for it: the filler's value pays `Filled`, not the engine's ETH.
    function test_fill_revertWhenFillerDoesNotPayMessagingFee() public {
        destinationChain.defaultHook.setFee(0.01 ether);
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        vm.deal(address(engine), 1 ether); // the engine's own ETH is not the filler's to spend
        assertEq(
            _tryFill(solver, orderId, order, signature, 2),
            abi.encodeWithSelector(IMessenger.InsufficientFee.selector, 0, 0.01 ether)
        );

        onDestination();
        vm.deal(solver, 0.01 ether);
        vm.prank(solver);
        engine.fill{value: 0.01 ether}(orderId, abi.encode(order), abi.encode(signature, uint16(2), new bytes[](0)));
        assertEq(address(engine).balance, 1 ether, "the engine paid nothing");
        assertEq(uint8(engine.positionOf(orderId).status), uint8(IMarginEngine.Status.Open));
    }

    /// Tiny withdrawals cannot drain the engine's ETH: each `Release` is paid by the trader asking.
    function test_withdraw_revertWhenTraderDoesNotPayMessagingFee() public {
        bytes32 orderId = _backed(1 ether);
        destinationChain.defaultHook.setFee(0.01 ether);
        vm.deal(address(engine), 1 ether);
        vm.prank(trader);
        try engine.withdraw(orderId, 0.01 ether, new bytes[](0)) {
            revert("a withdrawal without its message fee must be refused");
        } catch (bytes memory err) {
            assertEq(err, abi.encodeWithSelector(IMessenger.InsufficientFee.selector, 0, 0.01 ether));
        }
        assertEq(address(engine).balance, 1 ether);
    }

    function test_checkOrder_returnsSignedTerms() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        onDestination();
        MarginOrder memory data = engine.checkOrder(orderId, order, signature);
        assertEq(data.collateralAmount, 2 ether);
        assertEq(data.market, "ETH-USD");
        assertEq(data.recipient, trader);
    }

    // ---------------------------------------------------------------- fill: every refusal

    function test_fill_revertWhenWrongOrderDataType() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        order.orderDataType = bytes32(uint256(1));
        assertEq(
            _tryFill(solver, orderId, order, signature, 2),
            abi.encodeWithSelector(IIntentVerifier.WrongOrderDataType.selector, bytes32(uint256(1)))
        );
    }

    function test_fill_revertWhenWrongChain() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.destinationChainId = 1;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order, signature, 2, abi.encodeWithSelector(IMarginEngine.WrongChain.selector, DESTINATION_CHAIN_ID, 1)
        );
    }

    function test_fill_revertWhenWrongSettler() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.engine = stranger;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order, signature, 2, abi.encodeWithSelector(IMarginEngine.WrongSettler.selector, address(engine), stranger)
        );
    }

    function test_fill_revertWhenUnknownVault() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.vault = stranger;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order, signature, 2, abi.encodeWithSelector(IMarginEngine.UnknownVault.selector, ORIGIN_CHAIN_ID, stranger)
        );

        terms = _terms();
        terms.originChainId = 5; // no vault there
        (order, signature,) = _sign(terms);
        _expectFillError(
            order, signature, 2, abi.encodeWithSelector(IMarginEngine.UnknownVault.selector, 5, address(vault))
        );
    }

    function test_fill_revertWhenWrongOrderId() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        assertEq(
            _tryFill(solver, bytes32(uint256(1)), order, signature, 2),
            abi.encodeWithSelector(IIntentVerifier.WrongOrderId.selector, bytes32(uint256(1)), orderId)
        );
    }

    function test_fill_revertWhenAlreadyFilled() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _signAndFill(_terms(), 2);
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.AlreadyFilled.selector, orderId, IMarginEngine.Status.Open)
        );
    }

    function test_fill_revertWhenBadSignature() public {
        (GaslessCrossChainOrder memory order,,) = _sign(_terms());
        bytes memory forged = IntentBuilder.sign(vm, hasher, 0xBAD, order);
        _expectFillError(
            order, forged, 2, abi.encodeWithSelector(IIntentVerifier.BadSignature.selector, vm.addr(0xBAD), trader)
        );
        _expectFillError(
            order, new bytes(65), 2, abi.encodeWithSelector(IIntentVerifier.BadSignature.selector, address(0), trader)
        );
    }

    function test_fill_revertWhenFillDeadlinePassed() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        skip(301);
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.FillDeadlinePassed.selector, order.fillDeadline, block.timestamp)
        );
    }

    /// At the schedule's start only `startBps`; `allowed + 1` is refused, `allowed` fills.
    function test_fill_revertWhenFeeAboveScheduleAtStart() public {
        _assertScheduleBoundary(0, 2);
    }

    /// 35 s into the 120 s ramp: 2 + 28·35/120 = 10.17, rounded down to 10.
    function test_fill_revertWhenFeeAboveScheduleMidRamp() public {
        _assertScheduleBoundary(35, 10);
    }

    function test_fill_revertWhenFeeAboveScheduleAtEnd() public {
        _assertScheduleBoundary(120, 30);
    }

    function test_fill_revertWhenFeeAboveScheduleAfterEnd() public {
        _assertScheduleBoundary(250, 30);
    }

    function _assertScheduleBoundary(uint256 elapsed, uint16 expected) internal {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        MarginOrder memory data = abi.decode(order.orderData, (MarginOrder));
        skip(elapsed);
        if (elapsed != 0) _setEthPrice(3_000);
        assertEq(MarginOrderLib.feeAt(data.fee, block.timestamp), expected);
        _expectFillError(
            order,
            signature,
            expected + 1,
            abi.encodeWithSelector(IMarginEngine.FeeAboveSchedule.selector, expected + 1, expected)
        );
        _fill(solver, orderId, order, signature, expected);
        assertEq(engine.positionOf(orderId).feeBps, expected);
    }

    function test_fill_revertWhenLongPriceBeyondLimit() public {
        uint256 entry = _entry(3_000 ether, 0, 5 ether);
        IntentBuilder.Terms memory terms = _terms();
        terms.limitPrice = entry - 1;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order, signature, 2, abi.encodeWithSelector(IMarginEngine.PriceBeyondLimit.selector, entry, entry - 1, true)
        );
        terms.limitPrice = entry; // exactly at the limit fills
        _signAndFill(terms, 2);
    }

    function test_fill_revertWhenShortPriceBeyondLimit() public {
        uint256 entry = _entry(3_000 ether, 0, -5 ether);
        IntentBuilder.Terms memory terms = _terms();
        terms.isLong = false;
        terms.limitPrice = entry + 1;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.PriceBeyondLimit.selector, entry, entry + 1, false)
        );
        terms.limitPrice = entry;
        (,, bytes32 orderId) = _signAndFill(terms, 2);
        assertEq(engine.skew(MARKET), -5 ether);
        assertFalse(engine.positionOf(orderId).isLong);
    }

    function test_fill_revertWhenLeverageAboveSigned() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.maxLeverageBps = 20_000; // 5 ETH ≈ 15,000 USD on ≈ 5,700 USD is 2.6x
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        uint256 notional = RiskMath.notional(5 ether, _entry(3_000 ether, 0, 5 ether));
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.LeverageTooHigh.selector, notional, _credit(2), 20_000)
        );
    }

    function test_fill_revertWhenLeverageAboveMarket() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.maxLeverageBps = 500_000; // the trader allows 50x, the market 20x
        terms.size = 40 ether;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        uint256 notional = RiskMath.notional(40 ether, _entry(3_000 ether, 0, 40 ether));
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.LeverageTooHigh.selector, notional, _credit(2), 200_000)
        );
    }

    function test_fill_revertWhenBelowMaintenance() public {
        engine.setMarket("ETH-USD", _market(1_000, 80)); // maintenance 10% above the 5% initial margin of 20x
        IntentBuilder.Terms memory terms = _terms();
        terms.size = 20 ether;
        terms.maxLeverageBps = 200_000;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        uint256 entry = _entry(3_000 ether, 0, 20 ether);
        int256 equity = int256(_credit(2)) + RiskMath.pnl(true, 20 ether, entry, LOW);
        uint256 requirement = Math.mulDiv(RiskMath.notional(20 ether, LOW), 1_000 + 50 + 16, 10_000);
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.BelowMaintenance.selector, uint256(equity), requirement)
        );
    }

    function test_fill_revertWhenUnknownMarket() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.market = "DOGE-USD";
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order, signature, 2, abi.encodeWithSelector(IMarginEngine.UnknownMarket.selector, keccak256("DOGE-USD"))
        );
    }

    function test_fill_revertWhenUnknownRoute() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.route = "carrier-pigeon";
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.UnknownRoute.selector, keccak256("carrier-pigeon"))
        );
    }

    function test_fill_revertWhenUnknownCollateral() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.token = stranger;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.UnknownCollateral.selector, ORIGIN_CHAIN_ID, stranger)
        );
    }

    function test_fill_revertWhenStalePrice() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        uint256 publishTime = block.timestamp;
        skip(61);
        _expectFillError(
            order, signature, 2, abi.encodeWithSelector(IPriceOracle.StalePrice.selector, ETH_FEED, publishTime, 60)
        );
    }

    // ---------------------------------------------------------------- expire

    function test_expire_marksUnfillableAndSendsExpired() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _sign(_terms());
        skip(301);
        onDestination();
        vm.expectEmit(true, false, false, false, address(engine));
        emit IMarginEngine.OrderExpired(orderId);
        engine.expire(abi.encode(order));
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertEq(uint8(p.status), uint8(IMarginEngine.Status.Expired));
        assertEq(p.routeId, ROUTE);
        assertEq(p.originChainId, ORIGIN_CHAIN_ID);
        assertTrue(engine.sent(keccak256(Messages.expired(orderId))));
        assertEq(hyperlaneDispatch(lastDispatch()).recipient, address(primaryRoute.originMessenger));
    }

    function test_expire_revertWhenFillDeadlineNotPassed() public {
        (GaslessCrossChainOrder memory order,,) = _sign(_terms());
        vm.warp(order.fillDeadline); // the deadline itself still belongs to the solver
        onDestination();
        vm.expectRevert(
            abi.encodeWithSelector(IMarginEngine.FillDeadlineNotPassed.selector, order.fillDeadline, order.fillDeadline)
        );
        engine.expire(abi.encode(order));
    }

    function test_expire_revertWhenAlreadyFilled() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _signAndFill(_terms(), 2);
        skip(301);
        vm.expectRevert(
            abi.encodeWithSelector(IMarginEngine.AlreadyFilled.selector, orderId, IMarginEngine.Status.Open)
        );
        engine.expire(abi.encode(order));
    }

    function test_expire_revertWhenAlreadyExpired() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _sign(_terms());
        skip(301);
        onDestination();
        engine.expire(abi.encode(order));
        vm.expectRevert(
            abi.encodeWithSelector(IMarginEngine.AlreadyFilled.selector, orderId, IMarginEngine.Status.Expired)
        );
        engine.expire(abi.encode(order));
    }

    function test_expire_revertWhenUnknownRoute() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.route = "carrier-pigeon";
        (GaslessCrossChainOrder memory order,,) = _sign(terms);
        skip(301);
        onDestination();
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.UnknownRoute.selector, keccak256("carrier-pigeon")));
        engine.expire(abi.encode(order));
    }

    function test_expire_revertWhenOrderIsForAnotherEngine() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.destinationChainId = 31339;
        (GaslessCrossChainOrder memory order,,) = _sign(terms);
        skip(301);
        onDestination();
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.WrongChain.selector, DESTINATION_CHAIN_ID, 31339));
        engine.expire(abi.encode(order));
    }

    function test_fill_revertWhenExpired() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        skip(301);
        onDestination();
        engine.expire(abi.encode(order));
        _expectFillError(
            order,
            signature,
            2,
            abi.encodeWithSelector(IMarginEngine.AlreadyFilled.selector, orderId, IMarginEngine.Status.Expired)
        );
    }

    function test_identify_matchesOrderId() public view {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) =
            _sign(IntentBuilder.defaults(address(vault), address(engine), trader, address(weth), 7));
        (bytes32 id, MarginOrder memory data) = engine.VERIFIER().identify(order);
        assertEq(id, orderId);
        assertEq(data.size, 5 ether);
    }

    // ---------------------------------------------------------------- close

    function test_close_profitPaidByPool() public {
        bytes32 orderId = _backed(3 ether);
        skip(1);
        _setEthPrice(3_300);
        uint256 exit = _entry(3_300 ether, 3 ether, -3 ether);
        int256 pnl = RiskMath.pnl(true, 3 ether, engine.positionOf(orderId).entryPrice, exit);
        uint256 poolUsd = usd.balanceOf(address(pool));
        vm.expectEmit(true, false, false, true, address(engine));
        emit IMarginEngine.Closed(orderId, exit, pnl, 0);
        vm.prank(trader);
        engine.close(orderId, new bytes[](0));
        assertEq(usd.balanceOf(trader), uint256(pnl) / SCALE);
        assertEq(usd.balanceOf(address(pool)), poolUsd - uint256(pnl) / SCALE);
        assertEq(uint8(engine.positionOf(orderId).status), uint8(IMarginEngine.Status.Closed));
        assertEq(engine.skew(MARKET), 0);
    }

    function test_close_lossOfBackedPositionBecomesDebt() public {
        bytes32 orderId = _backed(3 ether);
        skip(1);
        _setEthPrice(2_900);
        uint256 exit = _entry(2_900 ether, 3 ether, -3 ether);
        int256 pnl = RiskMath.pnl(true, 3 ether, engine.positionOf(orderId).entryPrice, exit);
        vm.prank(trader);
        engine.close(orderId, new bytes[](0));
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertEq(p.debt, uint256(-pnl));
        assertEq(p.collateral, 2 ether - 0.0004 ether, "held until a keeper settles the debt");
        assertEq(relayAll(), 0, "nothing released yet");
    }

    function test_close_lossBeforeLockedComesOutOfFront() public {
        (,, bytes32 orderId) = _signAndFill(_terms(), 2);
        uint256 front = engine.positionOf(orderId).front;
        skip(1);
        _setEthPrice(2_950);
        uint256 poolUsd = usd.balanceOf(address(pool));
        vm.prank(trader);
        engine.close(orderId, new bytes[](0));
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertEq(p.debt, 0);
        assertGt(p.fillerClaim, 0, "the filler is owed collateral for what its front covered");
        assertEq(p.front, front - (usd.balanceOf(address(pool)) - poolUsd), "the loss went from the front to the pool");
    }

    function test_close_revertWhenNotAccount() public {
        bytes32 orderId = _backed(3 ether);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NotAccount.selector, stranger, trader));
        engine.close(orderId, new bytes[](0));
    }

    function test_close_revertWhenNotOpen() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NotOpen.selector, bytes32(0), IMarginEngine.Status.None));
        engine.close(bytes32(0), new bytes[](0));

        bytes32 orderId = _backed(3 ether);
        vm.startPrank(trader);
        engine.close(orderId, new bytes[](0));
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NotOpen.selector, orderId, IMarginEngine.Status.Closed));
        engine.close(orderId, new bytes[](0));
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- withdraw

    function test_withdraw_sendsReleaseForFreeCollateral() public {
        bytes32 orderId = _backed(3 ether);
        vm.expectEmit(true, false, false, true, address(engine));
        emit IMarginEngine.WithdrawalRequested(orderId, 1, 1 ether, trader);
        vm.prank(trader);
        engine.withdraw(orderId, 1 ether, new bytes[](0));
        assertEq(engine.positionOf(orderId).collateral, 1 ether - 0.0004 ether);
        relayAll();
        assertEq(weth.balanceOf(trader), 99 ether, "released on the origin");
    }

    function test_withdraw_revertWhenZeroAmount() public {
        bytes32 orderId = _backed(3 ether);
        vm.prank(trader);
        vm.expectRevert(IMarginEngine.ZeroAmount.selector);
        engine.withdraw(orderId, 0, new bytes[](0));
    }

    function test_withdraw_revertWhenNotAccount() public {
        bytes32 orderId = _backed(3 ether);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NotAccount.selector, stranger, trader));
        engine.withdraw(orderId, 1, new bytes[](0));
    }

    function test_withdraw_revertWhenNotBacked() public {
        (,, bytes32 orderId) = _signAndFill(_terms(), 2);
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NotBacked.selector, orderId));
        engine.withdraw(orderId, 1, new bytes[](0));
    }

    function test_withdraw_revertWhenOutstandingDebt() public {
        bytes32 orderId = _backed(3 ether);
        skip(1);
        _setEthPrice(2_900);
        vm.startPrank(trader);
        engine.close(orderId, new bytes[](0));
        uint256 debt = engine.positionOf(orderId).debt;
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.OutstandingDebt.selector, orderId, debt));
        engine.withdraw(orderId, 1, new bytes[](0));
        vm.stopPrank();
    }

    /// Free margin after the withdrawal must cover initial margin (1/20 of notional) plus the buffer.
    function test_withdraw_revertWhenInsufficientFreeMargin() public {
        bytes32 orderId = _backed(3 ether);
        (int256 equity,) = engine.health(orderId);
        uint256 notional = RiskMath.notional(3 ether, 3_000 ether);
        uint256 required = notional / 20 + notional * 16 / 10_000;
        uint256 valueOut = RiskMath.collateralValue(1.9 ether, 18, LOW, 500);
        vm.prank(trader);
        vm.expectRevert(
            abi.encodeWithSelector(IMarginEngine.InsufficientFreeMargin.selector, uint256(equity) - valueOut, required)
        );
        engine.withdraw(orderId, 1.9 ether, new bytes[](0));
    }

    function test_withdraw_revertWhenClosedAndNothingLeft() public {
        bytes32 orderId = _backed(3 ether);
        vm.startPrank(trader);
        engine.close(orderId, new bytes[](0)); // releases everything
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.InsufficientFreeMargin.selector, 0, 1));
        engine.withdraw(orderId, 1, new bytes[](0));
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- liquidate and settleDebt

    function test_liquidate_revertWhenHealthy() public {
        bytes32 orderId = _backed(3 ether);
        (int256 equity, uint256 requirement) = engine.health(orderId);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.Healthy.selector, uint256(equity), requirement));
        engine.liquidate(orderId, new bytes[](0));
    }

    function test_liquidate_revertWhenNotOpen() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NotOpen.selector, bytes32(0), IMarginEngine.Status.None));
        engine.liquidate(bytes32(0), new bytes[](0));
    }

    function test_liquidate_closesAllWhenEquityGone() public {
        bytes32 orderId = _backed(25 ether);
        skip(1);
        _setEthPrice(2_600);
        vm.prank(keeper);
        engine.liquidate(orderId, new bytes[](0));
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        assertEq(uint8(p.status), uint8(IMarginEngine.Status.Closed));
        assertEq(p.size, 0);
        assertGt(p.debt, 0);
        assertGt(p.insuranceDue, 0, "the liquidation fee is owed to insurance");
    }

    function test_settleDebt_revertWhenNoDebt() public {
        bytes32 orderId = _backed(3 ether);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NoDebt.selector, orderId));
        engine.settleDebt(orderId, keeper, new bytes[](0));
    }

    function test_settleDebt_keeperPaysPoolAndSeizesWithBonus() public {
        bytes32 orderId = _backed(3 ether);
        skip(1);
        _setEthPrice(2_900);
        vm.prank(trader);
        engine.close(orderId, new bytes[](0));
        uint256 debt = engine.positionOf(orderId).debt;
        uint256 seized = RiskMath.collateralFor(debt * 10_200 / 10_000, 18, 2_898.55 ether);
        uint256 poolUsd = usd.balanceOf(address(pool));

        vm.expectEmit(true, true, false, true, address(engine));
        emit IMarginEngine.DebtSettled(orderId, keeper, debt, 0, 0);
        vm.prank(keeper);
        engine.settleDebt(orderId, keeper, new bytes[](0));
        assertEq(usd.balanceOf(address(pool)), poolUsd + Math.ceilDiv(debt, SCALE));
        assertEq(engine.positionOf(orderId).debt, 0);

        uint256 traderWeth = weth.balanceOf(trader);
        relayAll(); // Seize → keeper, Release → trader
        assertEq(weth.balanceOf(keeper), seized);
        assertEq(weth.balanceOf(trader), traderWeth + 2 ether - 0.0004 ether - seized);
        assertEq(weth.balanceOf(address(vault)), 0);
    }

    function test_settleDebt_badDebtCoveredByInsurance() public {
        vm.prank(keeper);
        engine.fundInsurance(50_000e6);
        bytes32 orderId = _backed(25 ether);
        skip(1);
        _setEthPrice(2_000); // the position loses far more than its (also falling) ETH collateral
        vm.startPrank(keeper);
        engine.liquidate(orderId, new bytes[](0));
        engine.settleDebt(orderId, keeper, new bytes[](0));
        vm.stopPrank();
        assertLt(engine.insuranceFund(), 50_000 ether, "insurance absorbed the bad debt");
        relayAll();
        assertEq(weth.balanceOf(keeper), 2 ether - 0.0004 ether, "all the collateral went to the keeper");
    }

    // ---------------------------------------------------------------- resendViaFallback

    function test_resendViaFallback_sendsExactlyASentPayload() public {
        (,, bytes32 orderId) = _signAndFill(_terms(), 2);
        bytes memory payload = Messages.filled(orderId, solver, 2);
        engine.resendViaFallback(orderId, payload);
        assertEq(hyperlaneDispatch(lastDispatch()).recipient, address(fallbackRoute.originMessenger));
    }

    function test_resendViaFallback_revertWhenNeverSent() public {
        (,, bytes32 orderId) = _signAndFill(_terms(), 2);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.UntrustedMessenger.selector, orderId, stranger));
        engine.resendViaFallback(orderId, Messages.filled(orderId, stranger, 30));
    }

    // ---------------------------------------------------------------- receiveMessage

    function test_receiveMessage_lockedBacksPositionAndRepaysFront() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        _open(solver, order, signature);
        holdBack(lastDispatch());
        _fill(solver, orderId, order, signature, 2);
        uint256 front = engine.positionOf(orderId).front;
        uint256 solverUsd = usd.balanceOf(solver);
        onDestination();
        vm.expectEmit(true, false, false, true, address(engine));
        emit IMarginEngine.Backed(orderId, 2 ether - 0.0004 ether, front);
        _deliverLocked(address(primaryRoute.destinationMessenger), orderId);
        assertTrue(engine.positionOf(orderId).remoteBacked);
        assertEq(engine.positionOf(orderId).front, 0);
        assertEq(usd.balanceOf(solver), solverUsd + front);
    }

    function test_receiveMessage_duplicateIsNoOp() public {
        bytes32 orderId = _backed(3 ether);
        uint256 solverUsd = usd.balanceOf(solver);
        _deliverLocked(address(fallbackRoute.destinationMessenger), orderId);
        assertEq(usd.balanceOf(solver), solverUsd);
        assertTrue(engine.consumed(keccak256(Messages.locked(orderId, trader, address(weth), 2 ether, solver))));
    }

    function test_receiveMessage_lockedAfterExpireIsNoOp() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _sign(_terms());
        skip(301);
        onDestination();
        engine.expire(abi.encode(order));
        _deliverLocked(address(primaryRoute.destinationMessenger), orderId);
        assertEq(uint8(engine.positionOf(orderId).status), uint8(IMarginEngine.Status.Expired));
        (uint256 amount,) = engine.lockedEarly(orderId);
        assertEq(amount, 0);
    }

    function test_receiveMessage_revertWhenUntrustedPeer() public {
        vm.prank(address(primaryRoute.destinationMessenger));
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.UntrustedPeer.selector, ORIGIN_CHAIN_ID, stranger));
        engine.receiveMessage(ORIGIN_CHAIN_ID, stranger, 1, Messages.expired(bytes32(0)));
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.UntrustedPeer.selector, 5, address(0)));
        engine.receiveMessage(5, address(0), 1, Messages.expired(bytes32(0)));
    }

    function test_receiveMessage_revertWhenUnknownKind() public {
        vm.prank(address(primaryRoute.destinationMessenger));
        vm.expectRevert(abi.encodeWithSelector(Messages.UnknownKind.selector, Messages.FILLED));
        engine.receiveMessage(ORIGIN_CHAIN_ID, address(vault), 1, Messages.filled(bytes32(0), solver, 2));
    }

    function test_receiveMessage_revertWhenMessengerUnknown() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMarginEngine.UntrustedMessenger.selector, bytes32(uint256(1)), stranger)
        );
        _deliverLocked(stranger, bytes32(uint256(1)));
    }

    function test_receiveMessage_revertWhenMessengerOfAnotherRoute() public {
        engine.setRoute("other", IMarginEngine.Route(IMessenger(stranger), IMessenger(stranger), 12));
        (,, bytes32 orderId) = _signAndFill(_terms(), 2);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.UntrustedMessenger.selector, orderId, stranger));
        _deliverLocked(stranger, orderId);
    }

    // ---------------------------------------------------------------- views

    function test_latencyBufferBps_defaultsIs16() public view {
        // z = 3.00, σ = 80 bps/√h, T = 2 + 2 + 12 + 0 = 16 s: 3 · 80 · √16 / 60 = 16 bps.
        assertEq(engine.latencyBufferBps(MARKET, ROUTE), 16);
        // Without a route's message time T = 4 s: 3 · 80 · 2 / 60 = 8.
        assertEq(engine.latencyBufferBps(MARKET, keccak256("none")), 8);
    }

    function test_latencyBufferBps_roundsUp() public {
        engine.setMarket("ETH-USD", _market(50, 81)); // 3 · 81 · 4 / 60 = 16.2 → 17
        assertEq(engine.latencyBufferBps(MARKET, ROUTE), 17);
        engine.setMarket("ETH-USD", _market(50, 80));
        engine.setRisk(300, 2, 2, 1, 200); // T = 17 s: √17 rounds up to 5 → 20
        assertEq(engine.latencyBufferBps(MARKET, ROUTE), 20);
        engine.setRisk(250, 2, 2, 0, 200); // 2.5 · 80 · 4 / 60 = 13.3 → 14
        assertEq(engine.latencyBufferBps(MARKET, ROUTE), 14);
    }

    function test_health_marksConservativelyWithLatencyBuffer() public {
        bytes32 orderId = _backed(3 ether);
        IMarginEngine.Position memory p = engine.positionOf(orderId);
        (int256 equity, uint256 requirement) = engine.health(orderId);
        int256 margin = int256(RiskMath.collateralValue(p.collateral, 18, LOW, 500));
        assertEq(equity, margin + RiskMath.pnl(true, 3 ether, p.entryPrice, LOW), "a long marked at the low side");
        assertEq(requirement, Math.mulDiv(RiskMath.notional(3 ether, LOW), 50 + 50 + 16, 10_000));
    }

    function test_positionOf_emptyForUnknownOrder() public view {
        assertEq(uint8(engine.positionOf(keccak256("none")).status), uint8(IMarginEngine.Status.None));
    }

    // ---------------------------------------------------------------- fuzz

    /// A fee at or below the schedule's level fills; one above it is refused with both numbers.
    function test_fuzz_fill_feeBoundedBySchedule(uint256 elapsed, uint16 feeBps) public {
        elapsed = bound(elapsed, 0, 300);
        feeBps = uint16(bound(feeBps, 0, 40));
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        MarginOrder memory data = abi.decode(order.orderData, (MarginOrder));
        skip(elapsed);
        if (elapsed != 0) _setEthPrice(3_000);
        uint256 allowed = MarginOrderLib.feeAt(data.fee, block.timestamp);

        bytes memory err = _tryFill(solver, orderId, order, signature, feeBps);
        if (feeBps > allowed) {
            assertEq(err, abi.encodeWithSelector(IMarginEngine.FeeAboveSchedule.selector, feeBps, allowed));
        } else {
            assertEq(err, "");
            assertEq(engine.positionOf(orderId).feeBps, feeBps);
        }
    }

    /// Notional over collateral value may not exceed the smaller of the signed and the market maximum.
    function test_fuzz_fill_leverageBounded(uint256 size, uint32 maxLeverageBps) public {
        size = bound(size, 1e15, 60 ether);
        maxLeverageBps = uint32(bound(maxLeverageBps, 10_000, 500_000));
        IntentBuilder.Terms memory terms = _terms();
        terms.size = size;
        terms.maxLeverageBps = maxLeverageBps;
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(terms);
        uint256 notional = RiskMath.notional(size, _entry(3_000 ether, 0, int256(size)));
        uint256 limit = Math.min(maxLeverageBps, 200_000);

        bytes memory err = _tryFill(solver, orderId, order, signature, 2);
        if (notional * 10_000 > _credit(2) * limit) {
            assertEq(err, abi.encodeWithSelector(IMarginEngine.LeverageTooHigh.selector, notional, _credit(2), limit));
        } else {
            assertEq(err, "");
            assertEq(engine.positionOf(orderId).size, size);
        }
    }
}
