// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Vm} from "forge-std/Vm.sol";
import {
    GaslessCrossChainOrder,
    IOriginSettler,
    OnchainCrossChainOrder,
    ResolvedCrossChainOrder
} from "../../../src/interfaces/IERC7683.sol";
import {ISolverRegistry} from "../../../src/interfaces/ISolverRegistry.sol";
import {SolverBid} from "../../../src/v2/base/DepositOrderTypes.sol";
import {IAccountVault} from "../../../src/v2/interfaces/IAccountVault.sol";
import {IMessageRoutes} from "../../../src/v2/interfaces/IMessageRoutes.sol";
import {AccountMessages, Deposit, DepositTerms} from "../../../src/v2/lib/AccountMessages.sol";
import {DepositOrderLib} from "../../../src/v2/lib/DepositOrderLib.sol";
import {SignatureRule} from "../../../src/v2/lib/SignatureRule.sol";
import {AccountVaultHarness, OwnedWallet} from "../../util/AccountVaultHarness.sol";
import {DepositIntentBuilder} from "../../util/DepositIntentBuilder.sol";

contract AccountVaultTest is AccountVaultHarness {
    uint16 internal constant FEE_BPS = 2; // the schedule's start: what `feeAt` allows at once
    uint256 internal constant AMOUNT = 2 ether;
    uint256 internal constant FEE = (AMOUNT * FEE_BPS) / 10_000;

    /// @dev Permit2's SignatureVerification.InvalidSigner(): the signature recovers another address.
    bytes4 internal constant PERMIT2_INVALID_SIGNER = bytes4(keccak256("InvalidSigner()"));
    address internal to = makeAddr("to");

    // ---------------------------------------------------------------- openFor

    function test_openFor_frontableReservesSlashAndEscrowsFee() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);

        IAccountVault.Order memory o = vault.orderOf(orderId);
        assertEq(uint8(o.status), uint8(IAccountVault.Status.AwaitingFill));
        assertTrue(o.frontable);
        assertEq(o.opener, solver);
        assertEq(o.feeBps, FEE_BPS);
        assertEq(o.openedAt, block.timestamp);
        assertEq(
            o.termsHash,
            keccak256(abi.encode(DepositTerms(trader, trader, address(weth), AMOUNT, DESTINATION_CHAIN_ID))),
            "the terms its engine's messages carry back, hashed"
        );
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), AMOUNT - FEE);
        assertEq(weth.balanceOf(address(vault)), AMOUNT, "the fee waits in escrow");
        assertEq(registry.reservedBy(address(vault), solver), SLASH);
        assertEq(registry.freeBond(solver), MIN_BOND - SLASH);
    }

    function test_openFor_withoutTradePaysFeeAtOnce() public {
        uint256 before = weth.balanceOf(solver);
        bytes32 orderId = _open(DepositIntentBuilder.withoutTrade(_terms()), FEE_BPS);

        IAccountVault.Order memory o = vault.orderOf(orderId);
        assertEq(uint8(o.status), uint8(IAccountVault.Status.Settled));
        assertFalse(o.frontable);
        assertEq(weth.balanceOf(solver) - before, FEE);
        assertEq(weth.balanceOf(address(vault)), AMOUNT - FEE);
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), AMOUNT - FEE);
        assertEq(registry.reserved(solver), 0, "nothing to slash: no reservation");
    }

    function test_openFor_contractWalletIsNeverFrontable() public {
        OwnedWallet wallet = new OwnedWallet(trader);
        weth.mint(address(wallet), 10 ether);
        wallet.approve(weth, PERMIT2_ADDRESS);
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.trader = address(wallet);
        terms.account = address(wallet);
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(terms);

        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
        assertFalse(vault.orderOf(orderId).frontable);
        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Settled));
        assertEq(registry.reserved(solver), 0);
    }

    function test_openFor_sendsDepositedOverTheSignedRoute() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        bytes32 orderId = _open(terms, FEE_BPS);
        assertEq(relayAll(), 1);

        Deposit memory d = _lastDeposit();
        assertEq(d.orderId, orderId);
        assertEq(d.account, terms.account);
        assertEq(d.token, address(weth));
        assertEq(d.amount, AMOUNT - FEE, "net of the fee");
        assertEq(d.opener, solver);
        assertEq(d.routeId, HYPERLANE);
        assertTrue(d.frontable);
        assertEq(d.trade.marketId, keccak256("ETH-USD"));
        assertEq(d.trade.sizeDelta, -5 ether);
        assertEq(d.trade.limitPrice, 3_100 ether);
        assertEq(d.trade.maxLeverageBps, 100_000);
        (GaslessCrossChainOrder memory order,,) = _sign(terms);
        assertEq(d.trade.fillDeadline, order.fillDeadline);
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, terms.account, address(weth)), AMOUNT - FEE);
    }

    /// A deposit goes into its signer's own account only (adversarial review: a stranger's deposit could
    /// carry a trade onto the whole account's margin, or dust from a slow origin could raise its buffer).
    function test_openFor_intoAnotherAccountIsRefused() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.account = makeAddr("account");
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.DepositForAnotherAccount.selector, trader, terms.account));
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
        (order, signature,) = _sign(DepositIntentBuilder.withoutTrade(terms));
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.DepositForAnotherAccount.selector, trader, terms.account));
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    /// A token its engine does not take would be credited nowhere: the vault refuses it up front.
    function test_openFor_revertWhenTheEngineTakesNoSuchCollateral() public {
        vault.setCollateral(DESTINATION_CHAIN_ID, address(weth), false);
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        vm.expectRevert(
            abi.encodeWithSelector(IAccountVault.CollateralNotAccepted.selector, DESTINATION_CHAIN_ID, address(weth))
        );
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    function test_setCollateral_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, solver));
        vm.prank(solver);
        vault.setCollateral(DESTINATION_CHAIN_ID, address(weth), false);
    }

    function test_openFor_emitsOpenWithTheResolvedOrder() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        ResolvedCrossChainOrder memory resolved = vault.resolveFor(order, "");
        assertEq(resolved.orderId, orderId);
        assertEq(resolved.minReceived[0].amount, (AMOUNT * 30) / 10_000, "at most maxBps");
        assertEq(resolved.fillInstructions[0].destinationSettler, bytes32(uint256(uint160(address(engine)))));
        vm.expectEmit(address(vault));
        emit IOriginSettler.Open(orderId, resolved);
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    function test_openFor_paysTheMessageFromTheVaultsBalance() public {
        originChain.defaultHook.setFee(0.01 ether);
        vm.deal(address(vault), 1 ether);
        _open(_terms(), FEE_BPS);
        assertEq(address(vault).balance, 0.99 ether);
    }

    function test_openFor_feeUpToTheScheduleNow() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(terms);
        skip(60); // half the 2 → 30 bps ramp: 16 bps allowed
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(uint16(16)));
        assertEq(vault.orderOf(orderId).feeBps, 16);
    }

    function test_fuzz_openFor_heldAndFeeAddUp(uint96 amount, uint16 feeBps, bool withTrade) public {
        amount = uint96(bound(amount, 1, 50 ether));
        feeBps = uint16(bound(feeBps, 0, 30));
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.amount = amount;
        terms.startFeeBps = 30;
        if (!withTrade) terms = DepositIntentBuilder.withoutTrade(terms);
        uint256 solverBefore = weth.balanceOf(solver);
        _open(terms, feeBps);
        uint256 fee = (uint256(amount) * feeBps) / 10_000;
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), amount - fee);
        assertEq(weth.balanceOf(address(vault)) + weth.balanceOf(solver) - solverBefore, amount);
    }

    function test_openFor_revertWhenWrongSettler() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.vault = address(0xBEEF);
        _expectOpenRevert(
            terms, abi.encodeWithSelector(IAccountVault.WrongSettler.selector, address(vault), address(0xBEEF))
        );
    }

    function test_openFor_revertWhenWrongChain() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.originChainId = 1;
        _expectOpenRevert(terms, abi.encodeWithSelector(IAccountVault.WrongChain.selector, ORIGIN_CHAIN_ID, 1));
    }

    function test_openFor_revertWhenWrongOrderDataType() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        order.orderDataType = keccak256("MarginOrder");
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.WrongOrderDataType.selector, keccak256("MarginOrder")));
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    function test_openFor_revertWhenOpenDeadlinePassed() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        skip(61);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountVault.OpenDeadlinePassed.selector, order.openDeadline, block.timestamp)
        );
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    function test_openFor_revertWhenDeadlinesOutOfOrder() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.fillIn = 30;
        terms.feeRamp = 0;
        terms.startFeeBps = terms.maxFeeBps;
        uint256 t = block.timestamp;
        _expectOpenRevert(terms, abi.encodeWithSelector(IAccountVault.DeadlineOrder.selector, t + 60, t + 30));
    }

    function test_openFor_revertWhenBadFeeSchedule() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.startFeeBps = 40; // above maxBps
        uint32 t = uint32(block.timestamp);
        _expectOpenRevert(
            terms, abi.encodeWithSelector(IAccountVault.BadFeeSchedule.selector, uint16(40), uint16(30), t, t + 120)
        );
    }

    function test_openFor_revertWhenTradeInconsistent() public {
        DepositIntentBuilder.Terms memory terms = DepositIntentBuilder.withoutTrade(_terms());
        terms.trade.limitPrice = 1;
        _expectOpenRevert(
            terms, abi.encodeWithSelector(IAccountVault.InconsistentTrade.selector, int256(0), 1, uint32(0))
        );
    }

    function test_openFor_revertWhenRouteUnknown() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.route = "layerzero";
        _expectOpenRevert(terms, abi.encodeWithSelector(IMessageRoutes.UnknownRoute.selector, keccak256("layerzero")));
    }

    function test_openFor_revertWhenEngineIsNotThePeer() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.engine = address(0xE1);
        _expectOpenRevert(
            terms, abi.encodeWithSelector(IAccountVault.UnknownEngine.selector, DESTINATION_CHAIN_ID, address(0xE1))
        );
        terms = _terms();
        terms.destinationChainId = 5;
        terms.engine = address(engine);
        _expectOpenRevert(terms, abi.encodeWithSelector(IAccountVault.UnknownEngine.selector, 5, address(engine)));
    }

    function test_openFor_revertWhenAmountOutOfRange() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.amount = 0;
        _expectOpenRevert(terms, abi.encodeWithSelector(IAccountVault.AmountOutOfRange.selector, 0));
        terms.amount = uint256(type(uint96).max) + 1;
        _expectOpenRevert(terms, abi.encodeWithSelector(IAccountVault.AmountOutOfRange.selector, terms.amount));
    }

    function test_openFor_revertWhenOpenerNotBonded() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.SolverNotBonded.selector, address(this)));
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    function test_openFor_revertWhenFeeAboveSchedule() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.FeeAboveSchedule.selector, 3, 2));
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(uint16(3)));
    }

    function test_openFor_revertWhenFillerDataMalformed() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.BadFillerData.selector, 0));
        vm.prank(solver);
        vault.openFor(order, signature, "");
    }

    function test_openFor_revertWhenOpenedTwice() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.AlreadyOpened.selector, orderId));
        vm.prank(otherSolver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    function test_openFor_revertWhenSignedByAnother() public {
        (GaslessCrossChainOrder memory order,,) = _sign(_terms());
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xB0B, hasher.digest(order));
        // The signature has the rule's form; Permit2 recovers someone else from the digest.
        vm.expectRevert(PERMIT2_INVALID_SIGNER);
        vm.prank(solver);
        vault.openFor(order, abi.encodePacked(r, s, v), abi.encode(FEE_BPS));
    }

    function test_openFor_revertWhenTermsTampered() public {
        DepositIntentBuilder.Terms memory terms = DepositIntentBuilder.withoutTrade(_terms());
        (, bytes memory signature,) = _sign(terms);
        terms.amount = AMOUNT / 2; // the solver moves less than the trader signed for
        (GaslessCrossChainOrder memory tampered,,) = _sign(terms);
        // The trader's signature is over the true terms: Permit2 recovers someone else for these.
        vm.expectRevert(PERMIT2_INVALID_SIGNER);
        vm.prank(solver);
        vault.openFor(tampered, signature, abi.encode(FEE_BPS));
    }

    function test_openFor_revertWhenFreeBondShort() public {
        _bondSolver(solver, 0 ether + 1); // 100 ether + 1 wei: two reservations of 50 fit, a third not
        _open(_terms(), FEE_BPS);
        _open(_terms(), FEE_BPS);
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        vm.expectRevert(abi.encodeWithSelector(ISolverRegistry.InsufficientFreeBond.selector, solver, 1, SLASH));
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    function test_open_revertAlways() public {
        vm.expectRevert(IAccountVault.OnchainOrdersUnsupported.selector);
        vault.open(OnchainCrossChainOrder(0, bytes32(0), ""));
        vm.expectRevert(IAccountVault.OnchainOrdersUnsupported.selector);
        vault.resolve(OnchainCrossChainOrder(0, bytes32(0), ""));
    }

    // ---------------------------------------------------------------- FILLED

    function test_receiveMessage_filledPaysTheFillerAndReleases() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        _deliver(_filledMsg(orderId, otherSolver));
        assertEq(weth.balanceOf(otherSolver), 100 ether + FEE);
        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Settled));
        assertEq(registry.reserved(solver), 0);
        assertEq(registry.slashable(solver), MIN_BOND);
        assertEq(weth.balanceOf(address(vault)), AMOUNT - FEE);
    }

    function test_receiveMessage_filledCopyOverTheFallbackIsIgnored() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        bytes memory payload = _filledMsg(orderId, otherSolver);
        _deliver(payload);
        vm.expectEmit(address(vault));
        emit IMessageRoutes.DuplicateIgnored(HYPERLANE, keccak256(payload));
        _deliverVia(address(fallbackRoute.originMessenger), payload);
        assertEq(weth.balanceOf(otherSolver), 100 ether + FEE);
    }

    function test_receiveMessage_revertWhenFilledBeforeOpen() public {
        bytes32 orderId = keccak256("not yet opened");
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.OrderNotOpened.selector, orderId));
        _deliver(_filledMsg(orderId, solver));
    }

    function test_receiveMessage_revertWhenFilledForANonFrontableOrder() public {
        bytes32 orderId = _open(DepositIntentBuilder.withoutTrade(_terms()), FEE_BPS);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountVault.OrderNotAwaitingFill.selector, orderId, IAccountVault.Status.Settled)
        );
        _deliver(_filledMsg(orderId, solver));
    }

    function test_receiveMessage_revertWhenAnotherEngineSpeaksForTheOrder() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        address otherEngine = makeAddr("otherEngine");
        vault.setPeer(5, otherEngine);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountVault.WrongEngineChain.selector, orderId, DESTINATION_CHAIN_ID, 5)
        );
        vm.prank(address(primaryRoute.originMessenger));
        vault.receiveMessage(5, otherEngine, 1, _expiredMsg(orderId));
    }

    function test_receiveMessage_revertWhenSenderNotThePeer() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        vm.expectRevert(
            abi.encodeWithSelector(IMessageRoutes.UntrustedPeer.selector, DESTINATION_CHAIN_ID, address(this))
        );
        vm.prank(address(primaryRoute.originMessenger));
        vault.receiveMessage(DESTINATION_CHAIN_ID, address(this), 1, _expiredMsg(orderId));
    }

    function test_receiveMessage_revertWhenNotAMessenger() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        vm.expectRevert(abi.encodeWithSelector(IMessageRoutes.UntrustedMessenger.selector, address(this)));
        vault.receiveMessage(DESTINATION_CHAIN_ID, address(engine), 1, _expiredMsg(orderId));
    }

    function test_receiveMessage_revertWhenKindUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AccountMessages.UnknownKind.selector, 9));
        _deliver(abi.encodePacked(uint8(9), bytes32(0)));
        vm.expectRevert(abi.encodeWithSelector(AccountMessages.UnknownKind.selector, 1));
        _deliver(abi.encodePacked(uint8(1), bytes32(0)));
    }

    // ---------------------------------------------------------------- EXPIRED

    function test_receiveMessage_expiredRefundsAllAndSlashesTheReservation() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        uint256 before = weth.balanceOf(trader);
        _deliver(_expiredMsg(orderId));

        assertEq(weth.balanceOf(trader) - before, AMOUNT, "the fee too");
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), 0);
        assertEq(weth.balanceOf(address(vault)), 0);
        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Refunded));
        assertEq(registry.slashable(solver), MIN_BOND - SLASH);
        assertEq(registry.reserved(solver), 0);
        assertEq(bondToken.balanceOf(trader), (SLASH * VICTIM_SHARE_BPS) / 10_000, "victim share");
    }

    function test_receiveMessage_expiredCopyIsIgnored() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        _deliver(_expiredMsg(orderId));
        _deliverVia(address(fallbackRoute.originMessenger), _expiredMsg(orderId));
        assertEq(registry.slashable(solver), MIN_BOND - SLASH, "slashed once");
    }

    function test_receiveMessage_revertWhenExpiredAfterFilled() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        _deliver(_filledMsg(orderId, solver));
        vm.expectRevert(
            abi.encodeWithSelector(IAccountVault.OrderNotAwaitingFill.selector, orderId, IAccountVault.Status.Settled)
        );
        _deliver(_expiredMsg(orderId));
    }

    // ---------------------------------------------------------------- RELEASE, SEIZE

    function test_receiveMessage_releasePaysTo() public {
        _open(_terms(), FEE_BPS);
        _deliver(AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 0));
        assertEq(weth.balanceOf(to), 1 ether);
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), AMOUNT - FEE - 1 ether);
        assertTrue(vault.released(DESTINATION_CHAIN_ID, bytes32("w1")));
    }

    function test_receiveMessage_releaseOncePerWithdrawalId() public {
        _open(_terms(), FEE_BPS);
        bytes memory payload = AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 0);
        _deliver(payload);
        _deliverVia(address(fallbackRoute.originMessenger), payload);
        assertEq(weth.balanceOf(to), 1 ether);
    }

    function test_receiveMessage_revertWhenReleaseExceedsHeld() public {
        _open(_terms(), FEE_BPS);
        uint256 held = AMOUNT - FEE;
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccountVault.InsufficientHeld.selector, DESTINATION_CHAIN_ID, trader, address(weth), held, held + 1
            )
        );
        _deliver(AccountMessages.release(bytes32("w1"), trader, address(weth), held + 1, to, 0));
        // Nothing was consumed: a later, valid copy of another withdrawal still applies.
        assertFalse(vault.released(DESTINATION_CHAIN_ID, bytes32("w1")));
    }

    function test_receiveMessage_revertWhenReleaseFromAnotherEnginesCollateral() public {
        _open(_terms(), FEE_BPS);
        address otherEngine = makeAddr("otherEngine");
        vault.setPeer(5, otherEngine);
        vm.expectRevert(
            abi.encodeWithSelector(IAccountVault.InsufficientHeld.selector, 5, trader, address(weth), 0, 1 ether)
        );
        vm.prank(address(primaryRoute.originMessenger));
        vault.receiveMessage(
            5, otherEngine, 1, AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 0)
        );
    }

    function test_receiveMessage_seizePaysTheKeeperOnce() public {
        _open(_terms(), FEE_BPS);
        bytes memory payload = AccountMessages.seize(bytes32("s1"), trader, address(weth), 0.5 ether, keeper);
        _deliver(payload);
        _deliverVia(address(fallbackRoute.originMessenger), payload);
        assertEq(weth.balanceOf(keeper), 0.5 ether);
        assertTrue(vault.seized(DESTINATION_CHAIN_ID, bytes32("s1")));
        assertFalse(vault.released(DESTINATION_CHAIN_ID, bytes32("s1")), "seize ids are not withdrawal ids");
        assertEq(vault.heldOf(DESTINATION_CHAIN_ID, trader, address(weth)), AMOUNT - FEE - 0.5 ether);
    }

    function test_receiveMessage_seizeAndReleaseWithTheSameIdBothApply() public {
        _open(_terms(), FEE_BPS);
        _deliver(AccountMessages.seize(bytes32("x"), trader, address(weth), 0.5 ether, keeper));
        _deliver(AccountMessages.release(bytes32("x"), trader, address(weth), 0.5 ether, to, 0));
        assertEq(weth.balanceOf(keeper), 0.5 ether);
        assertEq(weth.balanceOf(to), 0.5 ether);
    }

    // ---------------------------------------------------------------- frontWithdrawal

    function test_frontWithdrawal_paysNowAndIsRepaidByRelease() public {
        _open(_terms(), FEE_BPS);
        uint256 solverBefore = weth.balanceOf(otherSolver);
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 10, 10);
        assertEq(weth.balanceOf(to), 1 ether - 0.001 ether);
        assertEq(
            vault.frontOf(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 10).solver,
            otherSolver
        );

        _deliver(AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 10));
        assertEq(weth.balanceOf(otherSolver) - solverBefore, 0.001 ether, "repaid: earned its fee");
        assertEq(weth.balanceOf(to), 1 ether - 0.001 ether);
    }

    /// A front may keep at most the trader's maximum (test/exploit/v2/FreeFastWithdrawalFront.t.sol).
    function test_frontWithdrawal_revertWhenFeeBeyondTheTradersMaximum() public {
        _open(_terms(), FEE_BPS);
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.FastFeeAboveMaximum.selector, 50, 10));
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 10, 50);
    }

    /// A front naming a higher maximum than the trader signed is of other terms: `to` is paid in full.
    function test_frontWithdrawal_namingAnotherMaximumIsNeverRepaid() public {
        _open(_terms(), FEE_BPS);
        uint256 solverBefore = weth.balanceOf(otherSolver);
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 50, 50);
        _deliver(AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 10));
        assertEq(weth.balanceOf(to), 2 ether - 0.005 ether, "the front's payment and the whole withdrawal");
        assertEq(solverBefore - weth.balanceOf(otherSolver), 1 ether - 0.005 ether, "never repaid");
    }

    function test_fuzz_frontWithdrawal_toGetsAtLeastAmountLessMaxFee(
        uint96 amount,
        uint16 feeBps,
        uint16 maxFee,
        uint16 namedMax
    ) public {
        amount = uint96(bound(amount, 1, AMOUNT - FEE));
        maxFee = uint16(bound(maxFee, 0, 10_000));
        // The fronter names the trader's maximum, or (half the time) any other one.
        namedMax = namedMax % 2 == 0 ? maxFee : uint16(bound(namedMax, 0, 10_000));
        feeBps = uint16(bound(feeBps, 0, namedMax));
        _open(_terms(), FEE_BPS);
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w"), DESTINATION_CHAIN_ID, trader, address(weth), amount, to, namedMax, feeBps);
        _deliver(AccountMessages.release(bytes32("w"), trader, address(weth), amount, to, maxFee));
        assertGe(weth.balanceOf(to) + 1, amount - (uint256(amount) * maxFee) / 10_000, "to (rounding: 1 wei)");
        assertEq(weth.balanceOf(otherSolver) + weth.balanceOf(to), 100 ether + amount, "nothing lost or made");
    }

    function test_frontWithdrawal_ofOtherTermsIsNeverRepaid() public {
        _open(_terms(), FEE_BPS);
        // A front naming itself as `to` pays itself and is not the withdrawal the engine requested.
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, otherSolver, 10, 0);
        _deliver(AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 10));
        assertEq(weth.balanceOf(to), 1 ether, "to is paid by the vault");
        assertEq(weth.balanceOf(otherSolver), 100 ether);
    }

    function test_frontWithdrawal_revertWhenReleased() public {
        _open(_terms(), FEE_BPS);
        _deliver(AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 10));
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.AlreadyReleased.selector, bytes32("w1")));
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 10, 10);
    }

    function test_frontWithdrawal_revertWhenFrontedTwice() public {
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 10, 10);
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.AlreadyFronted.selector, bytes32("w1"), otherSolver));
        vm.prank(solver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 10, 10);
    }

    function test_frontWithdrawal_revertWhenFeeAboveAll() public {
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.FeeBpsTooHigh.selector, 10_001));
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 1 ether, to, 10_001, 10_001);
    }

    function test_frontWithdrawal_revertWhenZero() public {
        vm.expectRevert(IAccountVault.ZeroAmount.selector);
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w1"), DESTINATION_CHAIN_ID, trader, address(weth), 0, to, 10, 10);
    }

    // ---------------------------------------------------------------- proveOvercharge

    function test_proveOvercharge_slashesTheOpener() public {
        bytes32 orderId = _openAfterRamp(20);
        SolverBid memory bid = SolverBid({orderId: orderId, solver: solver, feeBps: 5, expiry: uint32(block.timestamp)});
        vault.proveOvercharge(bid, DepositIntentBuilder.signBid(vm, SOLVER_KEY, bid), termsOf[bid.orderId]);
        assertEq(registry.slashable(solver), MIN_BOND - SLASH);
        assertEq(bondToken.balanceOf(trader), (SLASH * VICTIM_SHARE_BPS) / 10_000);
        assertTrue(vault.orderOf(orderId).overchargeProven);
    }

    function test_proveOvercharge_revertWhenProvenTwice() public {
        bytes32 orderId = _openAfterRamp(20);
        SolverBid memory bid = SolverBid({orderId: orderId, solver: solver, feeBps: 5, expiry: uint32(block.timestamp)});
        bytes memory signature = DepositIntentBuilder.signBid(vm, SOLVER_KEY, bid);
        vault.proveOvercharge(bid, signature, termsOf[bid.orderId]);
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.OverchargeAlreadyProven.selector, orderId));
        vault.proveOvercharge(bid, signature, termsOf[bid.orderId]);
    }

    function test_proveOvercharge_revertWhenBidAtOrAboveTheFee() public {
        bytes32 orderId = _openAfterRamp(20);
        SolverBid memory bid =
            SolverBid({orderId: orderId, solver: solver, feeBps: 20, expiry: uint32(block.timestamp)});
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.NoOvercharge.selector, 20, 20));
        vault.proveOvercharge(bid, DepositIntentBuilder.signBid(vm, SOLVER_KEY, bid), termsOf[bid.orderId]);
    }

    function test_proveOvercharge_revertWhenBidExpiredAtOpen() public {
        bytes32 orderId = _openAfterRamp(20);
        SolverBid memory bid =
            SolverBid({orderId: orderId, solver: solver, feeBps: 5, expiry: uint32(block.timestamp - 1)});
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.BidExpired.selector, block.timestamp - 1, block.timestamp));
        vault.proveOvercharge(bid, DepositIntentBuilder.signBid(vm, SOLVER_KEY, bid), termsOf[bid.orderId]);
    }

    function test_proveOvercharge_revertWhenBidOfAnotherSolver() public {
        bytes32 orderId = _openAfterRamp(20);
        SolverBid memory bid =
            SolverBid({orderId: orderId, solver: otherSolver, feeBps: 5, expiry: uint32(block.timestamp)});
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.NotOpener.selector, otherSolver, solver));
        vault.proveOvercharge(bid, DepositIntentBuilder.signBid(vm, SOLVER_KEY, bid), termsOf[bid.orderId]);
    }

    function test_proveOvercharge_revertWhenNotSignedByTheOpener() public {
        bytes32 orderId = _openAfterRamp(20);
        SolverBid memory bid = SolverBid({orderId: orderId, solver: solver, feeBps: 5, expiry: uint32(block.timestamp)});
        vm.expectRevert(abi.encodeWithSelector(SignatureRule.SignerMismatch.selector, trader, solver));
        vault.proveOvercharge(bid, DepositIntentBuilder.signBid(vm, TRADER_KEY, bid), termsOf[bid.orderId]);
    }

    function test_proveOvercharge_revertWhenOrderUnknown() public {
        SolverBid memory bid = SolverBid({orderId: bytes32("none"), solver: solver, feeBps: 5, expiry: 0});
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.OrderNotOpened.selector, bytes32("none")));
        vault.proveOvercharge(bid, "", termsOf[bid.orderId]);
    }

    // ---------------------------------------------------------------- resend

    function test_resendDeposit_overTheFallbackToTheOrdersEngine() public {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(_terms());
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
        uint256 deposited = lastDispatch();
        holdBack(deposited); // the primary stalls
        bytes memory payload = engine.decodePayload(hyperlaneDispatch(deposited).message);

        vm.prank(keeper);
        vault.resendDeposit(order);

        assertEq(hyperlaneDispatch(lastDispatch()).recipient, address(fallbackRoute.destinationMessenger));
        assertEq(relayAll(), 1);
        assertEq(engine.receivedCount(), 1);
        assertEq(keccak256(engine.received(0)), keccak256(payload), "exactly the DEPOSITED sent at open");
    }

    function test_resendDeposit_revertWhenNeverOpened() public {
        (GaslessCrossChainOrder memory order,, bytes32 orderId) = _sign(_terms());
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.OrderNotOpened.selector, orderId));
        vault.resendDeposit(order);
    }

    /// Nothing this vault sends is recorded for the generic `resend`, so no payload can be pushed to
    /// another engine of the vault (which would credit the same deposit a second time).
    function test_resend_genericPathSendsNothingOfTheVaults() public {
        _open(_terms(), FEE_BPS);
        bytes memory payload = engine.decodePayload(hyperlaneDispatch(lastDispatch()).message);
        vault.setPeer(5, makeAddr("otherEngine"));
        vm.expectRevert(abi.encodeWithSelector(IMessageRoutes.NeverSent.selector, keccak256(payload)));
        vault.resend(5, payload);
        vm.expectRevert(abi.encodeWithSelector(IMessageRoutes.NeverSent.selector, keccak256(payload)));
        vault.resend(DESTINATION_CHAIN_ID, payload);
    }

    // ---------------------------------------------------------------- over the real Hyperlane Mailbox

    function test_hyperlane_depositFilledReleaseRoundTrip() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        relayAll();
        assertEq(_lastDeposit().orderId, orderId);

        _engineSends(primaryRoute, _filledMsg(orderId, otherSolver));
        _engineSends(primaryRoute, AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 0));
        assertEq(relayAll(), 2);
        onOrigin();
        assertEq(weth.balanceOf(otherSolver), 100 ether + FEE);
        assertEq(weth.balanceOf(to), 1 ether);
        assertEq(registry.reserved(solver), 0);
    }

    function test_hyperlane_expiredOverTheFallbackRoute() public {
        bytes32 orderId = _open(_terms(), FEE_BPS);
        relayAll();
        _engineSends(fallbackRoute, _expiredMsg(orderId));
        relayAll();
        onOrigin();
        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Refunded));
        assertEq(weth.balanceOf(trader), 100 ether);
    }

    function test_hyperlane_filledBeforeOpenWaitsForTheRelayer() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(terms);
        _engineSends(primaryRoute, _filledMsg(orderId, solver));
        uint256 filled = lastDispatch();
        (bool ok, bytes memory err) = tryRelay(filled);
        assertFalse(ok);
        assertEq(err, abi.encodeWithSelector(IAccountVault.OrderNotOpened.selector, orderId));

        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
        relay(filled);
        onOrigin();
        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Settled));
    }

    // ---------------------------------------------------------------- helpers

    address internal constant PERMIT2_ADDRESS = 0x000000000022D473030F116dDEE9F6B43aC78BA3;

    function _expectOpenRevert(DepositIntentBuilder.Terms memory terms, bytes memory err) internal {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        vm.expectRevert(err);
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(FEE_BPS));
    }

    /// @dev Opens an order at `feeBps` once the schedule allows it (a 0 → 30 bps ramp, waited out).
    function _openAfterRamp(uint16 feeBps) internal returns (bytes32 orderId) {
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.startFeeBps = 30;
        orderId = _open(terms, feeBps);
    }
}
