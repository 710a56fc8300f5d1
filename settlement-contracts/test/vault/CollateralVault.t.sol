// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SignatureVerification} from "permit2/src/libraries/SignatureVerification.sol";
import {
    GaslessCrossChainOrder,
    IOriginSettler,
    OnchainCrossChainOrder,
    ResolvedCrossChainOrder
} from "../../src/interfaces/IERC7683.sol";
import {ICollateralVault} from "../../src/interfaces/ICollateralVault.sol";
import {IMessenger} from "../../src/interfaces/IMessenger.sol";
import {MarginOrderLib} from "../../src/lib/MarginOrderLib.sol";
import {Messages} from "../../src/lib/Messages.sol";
import {IntentBuilder} from "../util/IntentBuilder.sol";
import {XmarginHarness} from "../util/XmarginHarness.sol";

/// Unit tests of the origin settler: configuration, ERC-7683 open/resolve, and every engine message.
/// Messages are delivered either over the real Hyperlane route (relayAll) or, to reach a branch
/// directly, by pranking the trusted messenger, which is exactly what a delivery looks like to the vault.
contract CollateralVaultTest is XmarginHarness {
    bytes32 internal constant ROUTE = keccak256("hyperlane");
    address internal stranger = makeAddr("stranger");

    // ---------------------------------------------------------------- helpers

    function _openDefault()
        internal
        returns (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId)
    {
        (order, signature, orderId) = _sign(_terms());
        _open(solver, order, signature);
    }

    /// @dev A message from the engine as the primary route delivers it.
    function _deliver(bytes memory payload) internal {
        vm.prank(address(primaryRoute.originMessenger));
        vault.receiveMessage(DESTINATION_CHAIN_ID, address(engine), 1, payload);
    }

    function _expectOpenRevert(GaslessCrossChainOrder memory order, bytes memory signature, bytes memory err) internal {
        vm.prank(solver);
        vm.expectRevert(err);
        vault.openFor(order, signature, "");
    }

    // ---------------------------------------------------------------- configuration

    function test_setPeer_setsEngineAndEmits() public {
        vm.expectEmit(true, false, false, true, address(vault));
        emit ICollateralVault.PeerSet(7, stranger);
        vault.setPeer(7, stranger);
        assertEq(vault.peers(7), stranger);
    }

    function test_setPeer_revertWhenNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vault.setPeer(7, stranger);
    }

    function test_setRoute_addsThenReplacesInPlace() public {
        bytes32 id = vault.routeIdOf("other");
        vm.expectEmit(true, false, false, true, address(vault));
        emit ICollateralVault.RouteSet(id, address(1), address(2));
        vault.setRoute(id, IMessenger(address(1)), IMessenger(address(2)));
        assertEq(vault.routeIndexOf(id), 2, "appended after hyperlane");

        vault.setRoute(id, IMessenger(address(3)), IMessenger(address(4)));
        assertEq(vault.routeIndexOf(id), 2, "same index");
        ICollateralVault.Route memory route = vault.routeAt(2);
        assertEq(address(route.primary), address(3));
        assertEq(address(route.fallbackMessenger), address(4));
        assertEq(address(vault.routeAt(1).primary), address(primaryRoute.originMessenger));
    }

    function test_setRoute_revertWhenNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vault.setRoute(ROUTE, IMessenger(address(1)), IMessenger(address(2)));
    }

    function test_setRoute_revertWhenTooManyRoutes() public {
        // Index 0 is "no route" and hyperlane is 1: 254 more fill the uint8 index space.
        for (uint256 i; i < 254; i++) {
            vault.setRoute(keccak256(abi.encode(i)), IMessenger(address(1)), IMessenger(address(2)));
        }
        vm.expectRevert(ICollateralVault.TooManyRoutes.selector);
        vault.setRoute(keccak256("one too many"), IMessenger(address(1)), IMessenger(address(2)));
        // Replacing an existing route is still allowed at the cap.
        vault.setRoute(ROUTE, primaryRoute.originMessenger, fallbackRoute.originMessenger);
    }

    function test_transferOwnership_takesTwoSteps() public {
        vault.transferOwnership(stranger);
        assertEq(vault.owner(), address(this), "not before acceptance");
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, keeper));
        vault.acceptOwnership();
        vm.prank(stranger);
        vault.acceptOwnership();
        assertEq(vault.owner(), stranger);
    }

    // ---------------------------------------------------------------- openFor

    function test_openFor_escrowsCollateralAndSendsLocked() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _openDefault();

        ICollateralVault.Escrow memory e = vault.escrowOf(orderId);
        assertEq(e.trader, trader);
        assertEq(uint8(e.status), uint8(ICollateralVault.Status.Open));
        assertEq(e.routeIndex, 1);
        assertEq(e.maxFeeBps, 30);
        assertEq(e.fillDeadline, order.fillDeadline);
        assertEq(e.destinationChainId, DESTINATION_CHAIN_ID);
        assertEq(e.token, address(weth));
        assertEq(e.opener, solver);
        assertEq(e.amount, 2 ether);
        assertEq(e.paidOut, 0);
        assertEq(weth.balanceOf(address(vault)), 2 ether);
        assertEq(weth.balanceOf(trader), 98 ether);

        assertEq(hyperlaneDispatch(lastDispatch()).recipient, address(primaryRoute.destinationMessenger));
        relayAll();
        (uint256 amount, bytes32 routeId) = engine.lockedEarly(orderId);
        assertEq(amount, 2 ether, "Locked reached the engine");
        assertEq(routeId, ROUTE);
    }

    function test_openFor_emitsOpenWithResolvedOrder() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        ResolvedCrossChainOrder memory resolved = vault.resolveFor(order, "");
        vm.expectEmit(true, false, false, true, address(vault));
        emit IOriginSettler.Open(orderId, resolved);
        _open(solver, order, signature);
    }

    function test_openFor_paysMessagingFeeFromItsBalance() public {
        originChain.defaultHook.setFee(0.01 ether);
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        _expectOpenRevert(order, signature, abi.encodeWithSelector(IMessenger.InsufficientFee.selector, 0, 0.01 ether));

        vm.deal(address(this), 1 ether);
        (bool ok,) = address(vault).call{value: 1 ether}(""); // anyone may top up its messaging budget
        assertTrue(ok);
        _open(solver, order, signature);
        assertEq(address(vault).balance, 0.99 ether);
    }

    function test_openFor_revertWhenWrongSettler() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.vault = stranger;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order, signature, abi.encodeWithSelector(ICollateralVault.WrongSettler.selector, address(vault), stranger)
        );
    }

    function test_openFor_revertWhenWrongChain() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.originChainId = 1;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order, signature, abi.encodeWithSelector(ICollateralVault.WrongChain.selector, ORIGIN_CHAIN_ID, 1)
        );
    }

    function test_openFor_revertWhenWrongOrderDataType() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        order.orderDataType = keccak256("SomethingElse");
        _expectOpenRevert(
            order,
            signature,
            abi.encodeWithSelector(ICollateralVault.WrongOrderDataType.selector, keccak256("SomethingElse"))
        );
    }

    function test_openFor_revertWhenOpenDeadlinePassed() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        skip(60);
        _open(solver, order, signature); // the deadline itself is still open
        (order, signature,) = _sign(_terms());
        skip(61);
        _expectOpenRevert(
            order,
            signature,
            abi.encodeWithSelector(ICollateralVault.OpenDeadlinePassed.selector, order.openDeadline, block.timestamp)
        );
    }

    function test_openFor_revertWhenDeadlineOrder() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.openIn = 301;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order,
            signature,
            abi.encodeWithSelector(ICollateralVault.DeadlineOrder.selector, order.openDeadline, order.fillDeadline)
        );
    }

    function test_openFor_revertWhenChainIdTooLarge() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.destinationChainId = uint256(type(uint32).max) + 1;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order,
            signature,
            abi.encodeWithSelector(ICollateralVault.ChainIdTooLarge.selector, terms.destinationChainId)
        );
    }

    function test_openFor_revertWhenUnknownRoute() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.route = "carrier-pigeon";
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order,
            signature,
            abi.encodeWithSelector(ICollateralVault.UnknownRoute.selector, keccak256("carrier-pigeon"))
        );
    }

    function test_openFor_revertWhenEngineIsNotThePeer() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.engine = stranger;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order,
            signature,
            abi.encodeWithSelector(ICollateralVault.UnknownEngine.selector, DESTINATION_CHAIN_ID, stranger)
        );
    }

    function test_openFor_revertWhenDestinationChainHasNoEngine() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.destinationChainId = 999;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order, signature, abi.encodeWithSelector(ICollateralVault.UnknownEngine.selector, 999, address(engine))
        );
    }

    function test_openFor_revertWhenSolverNotBonded() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.SolverNotBonded.selector, stranger));
        vault.openFor(order, signature, "");
    }

    function test_openFor_revertWhenAlreadyOpened() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _openDefault();
        vm.prank(otherSolver);
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.AlreadyOpened.selector, orderId));
        vault.openFor(order, signature, "");
    }

    /// A falling fee would overflow the schedule mid-ramp and make the order unfillable: refused.
    function test_openFor_revertWhenBadFeeSchedule() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.startFeeBps = 40;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order,
            signature,
            abi.encodeWithSelector(
                ICollateralVault.BadFeeSchedule.selector, 40, 30, uint32(block.timestamp), uint32(block.timestamp + 120)
            )
        );
    }

    function test_openFor_revertWhenAmountTooLarge() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.amount = uint256(type(uint96).max) + 1;
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(
            order, signature, abi.encodeWithSelector(ICollateralVault.AmountTooLarge.selector, terms.amount)
        );
    }

    function test_openFor_revertWhenSignedByAnotherKey() public {
        (GaslessCrossChainOrder memory order,,) = _sign(_terms());
        bytes memory forged = IntentBuilder.sign(vm, hasher, 0xBAD, order);
        _expectOpenRevert(order, forged, abi.encodeWithSelector(SignatureVerification.InvalidSigner.selector));
    }

    function test_openFor_revertWhenNonceUsed() public {
        IntentBuilder.Terms memory terms = _terms();
        _openFillRelay(terms, 2);
        terms.size = 1 ether; // another intent, same Permit2 nonce
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        _expectOpenRevert(order, signature, abi.encodeWithSelector(bytes4(keccak256("InvalidNonce()"))));
    }

    // ---------------------------------------------------------------- open, resolve, resolveFor

    function test_open_revertWhenCalled() public {
        vm.expectRevert(ICollateralVault.OnchainOrdersUnsupported.selector);
        vault.open(OnchainCrossChainOrder(0, bytes32(0), ""));
    }

    function test_resolve_revertWhenCalled() public {
        vm.expectRevert(ICollateralVault.OnchainOrdersUnsupported.selector);
        vault.resolve(OnchainCrossChainOrder(0, bytes32(0), ""));
    }

    function test_resolveFor_describesWhatAFillerEarns() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _sign(_terms());
        ResolvedCrossChainOrder memory r = vault.resolveFor(order, "");
        assertEq(r.user, trader);
        assertEq(r.originChainId, ORIGIN_CHAIN_ID);
        assertEq(r.openDeadline, order.openDeadline);
        assertEq(r.fillDeadline, order.fillDeadline);
        assertEq(r.orderId, orderId);
        assertEq(r.maxSpent.length, 0);
        assertEq(r.minReceived.length, 1);
        assertEq(r.minReceived[0].token, bytes32(uint256(uint160(address(weth)))));
        assertEq(r.minReceived[0].amount, 2 ether * 30 / 10_000, "the maximum fee");
        assertEq(r.minReceived[0].chainId, ORIGIN_CHAIN_ID);
        assertEq(r.fillInstructions.length, 1);
        assertEq(r.fillInstructions[0].destinationChainId, DESTINATION_CHAIN_ID);
        assertEq(r.fillInstructions[0].destinationSettler, bytes32(uint256(uint160(address(engine)))));
        assertEq(r.fillInstructions[0].originData, abi.encode(order));
    }

    function test_resolveFor_revertWhenWrongSettler() public {
        IntentBuilder.Terms memory terms = _terms();
        terms.vault = stranger;
        (GaslessCrossChainOrder memory order,,) = _sign(terms);
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.WrongSettler.selector, address(vault), stranger));
        vault.resolveFor(order, "");
    }

    // ---------------------------------------------------------------- resendLocked

    function test_resendLocked_sendsOverFallbackAndEngineTakesOneCopy() public {
        (,, bytes32 orderId) = _openDefault();
        stallRoute(primaryRoute);
        vault.resendLocked(orderId);
        assertEq(hyperlaneDispatch(lastDispatch()).recipient, address(fallbackRoute.destinationMessenger));
        assertEq(relayAll(), 1, "only the fallback copy goes through");
        (uint256 amount,) = engine.lockedEarly(orderId);
        assertEq(amount, 2 ether);

        resumeRoute(primaryRoute);
        assertEq(relayAll(), 1, "the primary copy is delivered late, as a no-op");
        (amount,) = engine.lockedEarly(orderId);
        assertEq(amount, 2 ether);
    }

    function test_resendLocked_revertWhenUnknownOrder() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                ICollateralVault.NotReady.selector, bytes32(uint256(1)), ICollateralVault.Status.None, Messages.LOCKED
            )
        );
        vault.resendLocked(bytes32(uint256(1)));
    }

    // ---------------------------------------------------------------- receiveMessage: authentication

    function test_receiveMessage_revertWhenSenderNotPeer() public {
        (,, bytes32 orderId) = _openDefault();
        vm.prank(address(primaryRoute.originMessenger));
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.UntrustedPeer.selector, DESTINATION_CHAIN_ID, stranger));
        vault.receiveMessage(DESTINATION_CHAIN_ID, stranger, 1, Messages.filled(orderId, solver, 2));
    }

    function test_receiveMessage_revertWhenSenderZero() public {
        vm.prank(address(primaryRoute.originMessenger));
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.UntrustedPeer.selector, 5, address(0)));
        vault.receiveMessage(5, address(0), 1, Messages.expired(bytes32(0)));
    }

    function test_receiveMessage_revertWhenMessengerNotOnOrdersRoute() public {
        (,, bytes32 orderId) = _openDefault();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.UntrustedMessenger.selector, orderId, stranger));
        vault.receiveMessage(DESTINATION_CHAIN_ID, address(engine), 1, Messages.filled(orderId, solver, 2));
    }

    function test_receiveMessage_revertWhenOrderUnknown() public {
        bytes32 orderId = keccak256("never opened");
        vm.prank(address(primaryRoute.originMessenger));
        vm.expectRevert(
            abi.encodeWithSelector(
                ICollateralVault.UntrustedMessenger.selector, orderId, address(primaryRoute.originMessenger)
            )
        );
        vault.receiveMessage(DESTINATION_CHAIN_ID, address(engine), 1, Messages.filled(orderId, solver, 2));
    }

    function test_receiveMessage_revertWhenUnknownKind() public {
        (,, bytes32 orderId) = _openDefault();
        vm.expectRevert(abi.encodeWithSelector(Messages.UnknownKind.selector, Messages.LOCKED));
        _deliver(Messages.locked(orderId, trader, address(weth), 2 ether, solver));
        vm.expectRevert(abi.encodeWithSelector(Messages.UnknownKind.selector, 9));
        _deliver(abi.encodePacked(uint8(9), abi.encode(orderId)));
    }

    function test_receiveMessage_acceptsFallbackMessenger() public {
        (,, bytes32 orderId) = _openDefault();
        vm.prank(address(fallbackRoute.originMessenger));
        vault.receiveMessage(DESTINATION_CHAIN_ID, address(engine), 1, Messages.filled(orderId, solver, 2));
        assertEq(uint8(vault.escrowOf(orderId).status), uint8(ICollateralVault.Status.Filled));
    }

    function test_receiveMessage_duplicateIsIgnored() public {
        (,, bytes32 orderId) = _openDefault();
        bytes memory payload = Messages.filled(orderId, solver, 10);
        _deliver(payload);
        uint256 solverWeth = weth.balanceOf(solver);
        vm.expectEmit(true, false, false, true, address(vault));
        emit ICollateralVault.DuplicateIgnored(orderId, Messages.FILLED, keccak256(payload));
        _deliver(payload);
        assertEq(weth.balanceOf(solver), solverWeth, "paid once");
        assertTrue(vault.consumed(keccak256(payload)));
    }

    // ---------------------------------------------------------------- Filled

    function test_receiveMessage_filledPaysFeeToFiller() public {
        (,, bytes32 orderId) = _openDefault();
        vm.expectEmit(true, true, false, true, address(vault));
        emit ICollateralVault.FeePaid(orderId, otherSolver, 30, 2 ether * 30 / 10_000);
        _deliver(Messages.filled(orderId, otherSolver, 30)); // exactly the signed maximum
        assertEq(weth.balanceOf(otherSolver), 2 ether * 30 / 10_000);
        ICollateralVault.Escrow memory e = vault.escrowOf(orderId);
        assertEq(uint8(e.status), uint8(ICollateralVault.Status.Filled));
        assertEq(e.paidOut, 2 ether * 30 / 10_000);
    }

    function test_receiveMessage_filledAtZeroFeePaysNothing() public {
        (,, bytes32 orderId) = _openDefault();
        _deliver(Messages.filled(orderId, solver, 0));
        assertEq(weth.balanceOf(solver), 0);
        assertEq(vault.escrowOf(orderId).paidOut, 0);
    }

    function test_receiveMessage_filledRevertWhenFeeAboveSigned() public {
        (,, bytes32 orderId) = _openDefault();
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.FeeAboveSigned.selector, 31, 30));
        _deliver(Messages.filled(orderId, solver, 31));
    }

    function test_receiveMessage_filledRevertWhenRefunded() public {
        (,, bytes32 orderId) = _openDefault();
        _deliver(Messages.expired(orderId));
        vm.expectRevert(
            abi.encodeWithSelector(
                ICollateralVault.NotReady.selector, orderId, ICollateralVault.Status.Refunded, Messages.FILLED
            )
        );
        _deliver(Messages.filled(orderId, solver, 2));
    }

    // ---------------------------------------------------------------- Expired

    function test_receiveMessage_expiredRefundsTraderAndSlashesOpener() public {
        (,, bytes32 orderId) = _openDefault();
        vm.expectEmit(true, true, false, true, address(vault));
        emit ICollateralVault.Refunded(orderId, trader, 2 ether, solver, SLASH);
        _deliver(Messages.expired(orderId));
        assertEq(weth.balanceOf(trader), 100 ether);
        assertEq(weth.balanceOf(address(vault)), 0);
        assertEq(registry.slashable(solver), MIN_BOND - SLASH);
        assertEq(bondToken.balanceOf(trader), SLASH / 2, "victim share");
        assertEq(bondToken.balanceOf(insurance), SLASH / 2);
        assertEq(vault.escrowOf(orderId).paidOut, 2 ether);
    }

    function test_receiveMessage_expiredRevertWhenFilled() public {
        (,, bytes32 orderId) = _openDefault();
        _deliver(Messages.filled(orderId, solver, 2));
        vm.expectRevert(
            abi.encodeWithSelector(
                ICollateralVault.NotReady.selector, orderId, ICollateralVault.Status.Filled, Messages.EXPIRED
            )
        );
        _deliver(Messages.expired(orderId));
    }

    // ---------------------------------------------------------------- Release and Seize

    function test_receiveMessage_releasePaysTrader() public {
        (,, bytes32 orderId) = _openDefault();
        _deliver(Messages.filled(orderId, solver, 10));
        vm.expectEmit(true, true, false, true, address(vault));
        emit ICollateralVault.Released(orderId, 1, trader, 1 ether);
        _deliver(Messages.payout(Messages.RELEASE, orderId, 1, 1 ether, trader));
        assertEq(weth.balanceOf(trader), 99 ether);
        assertEq(vault.escrowOf(orderId).paidOut, 0.002 ether + 1 ether);
    }

    function test_receiveMessage_seizePaysKeeper() public {
        (,, bytes32 orderId) = _openDefault();
        _deliver(Messages.filled(orderId, solver, 10));
        vm.expectEmit(true, true, false, true, address(vault));
        emit ICollateralVault.Seized(orderId, 1, keeper, 0.5 ether);
        _deliver(Messages.payout(Messages.SEIZE, orderId, 1, 0.5 ether, keeper));
        assertEq(weth.balanceOf(keeper), 0.5 ether);
    }

    function test_receiveMessage_payoutRevertWhenNotFilled() public {
        (,, bytes32 orderId) = _openDefault();
        vm.expectRevert(
            abi.encodeWithSelector(
                ICollateralVault.NotReady.selector, orderId, ICollateralVault.Status.Open, Messages.RELEASE
            )
        );
        _deliver(Messages.payout(Messages.RELEASE, orderId, 1, 1 ether, trader));
        vm.expectRevert(
            abi.encodeWithSelector(
                ICollateralVault.NotReady.selector, orderId, ICollateralVault.Status.Open, Messages.SEIZE
            )
        );
        _deliver(Messages.payout(Messages.SEIZE, orderId, 1, 1 ether, keeper));
    }

    function test_receiveMessage_payoutRevertWhenInsufficientEscrow() public {
        (,, bytes32 orderId) = _openDefault();
        _deliver(Messages.filled(orderId, solver, 10));
        uint256 held = 2 ether - 0.002 ether;
        vm.expectRevert(abi.encodeWithSelector(ICollateralVault.InsufficientEscrow.selector, orderId, held, held + 1));
        _deliver(Messages.payout(Messages.RELEASE, orderId, 1, held + 1, trader));
        _deliver(Messages.payout(Messages.RELEASE, orderId, 1, held, trader)); // everything left is fine
        assertEq(weth.balanceOf(address(vault)), 0);
    }

    // ---------------------------------------------------------------- views

    function test_routeIdOf_isKeccakOfName() public view {
        assertEq(vault.routeIdOf("hyperlane"), ROUTE);
        assertEq(vault.routeIdOf(""), keccak256(""));
    }

    function test_escrowOf_emptyForUnknownOrder() public view {
        ICollateralVault.Escrow memory e = vault.escrowOf(keccak256("nothing"));
        assertEq(uint8(e.status), uint8(ICollateralVault.Status.None));
        assertEq(e.trader, address(0));
        assertEq(e.amount, 0);
    }

    function test_constructor_setsImmutables() public view {
        assertEq(address(vault.PERMIT2()), MarginOrderLib.PERMIT2);
        assertEq(address(vault.REGISTRY()), address(registry));
        assertEq(vault.SLASH_AMOUNT(), SLASH);
        assertEq(vault.owner(), address(this));
    }

    // ---------------------------------------------------------------- fuzz

    /// Whatever the engine asks, the escrow never pays out more than it took in, and a fee is never
    /// above what the trader signed.
    function test_fuzz_receiveMessage_payoutsNeverExceedEscrow(uint16 feeBps, uint256 release, uint256 seize) public {
        (,, bytes32 orderId) = _openDefault();
        feeBps = uint16(bound(feeBps, 0, 60));
        release = bound(release, 0, 2.5 ether);
        seize = bound(seize, 0, 2.5 ether);

        if (feeBps > 30) {
            vm.expectRevert(abi.encodeWithSelector(ICollateralVault.FeeAboveSigned.selector, feeBps, 30));
            _deliver(Messages.filled(orderId, solver, feeBps));
            return;
        }
        _deliver(Messages.filled(orderId, solver, feeBps));
        _tryPayout(orderId, Messages.RELEASE, 1, release, trader);
        _tryPayout(orderId, Messages.SEIZE, 2, seize, keeper);

        ICollateralVault.Escrow memory e = vault.escrowOf(orderId);
        assertLe(e.paidOut, e.amount);
        assertEq(weth.balanceOf(address(vault)), e.amount - e.paidOut);
    }

    function _tryPayout(bytes32 orderId, uint8 kind, uint64 sequence, uint256 amount, address to) internal {
        ICollateralVault.Escrow memory e = vault.escrowOf(orderId);
        uint256 held = e.amount - e.paidOut;
        if (amount > held) {
            vm.expectRevert(abi.encodeWithSelector(ICollateralVault.InsufficientEscrow.selector, orderId, held, amount));
        }
        _deliver(Messages.payout(kind, orderId, sequence, amount, to));
    }
}
