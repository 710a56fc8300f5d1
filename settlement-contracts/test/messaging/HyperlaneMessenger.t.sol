// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IMessageReceiver} from "../../src/interfaces/IMessageReceiver.sol";
import {IMessenger} from "../../src/interfaces/IMessenger.sol";
import {IHyperlaneMessenger} from "../../src/messaging/IHyperlaneMessenger.sol";
import {HyperlaneMessenger} from "../../src/messaging/HyperlaneMessenger.sol";
import {HyperlaneHarness} from "../util/HyperlaneHarness.sol";

/// @dev Records what it receives; can be told to reject, as a receiver that is not ready yet would.
contract RecordingReceiver is IMessageReceiver {
    struct Delivery {
        address messenger;
        uint256 originChainId;
        address sender;
        uint64 nonce;
        bytes payload;
    }

    error Rejected(uint64 nonce);

    Delivery[] internal _deliveries;
    bool public rejecting;

    function setRejecting(bool rejecting_) external {
        rejecting = rejecting_;
    }

    function receiveMessage(uint256 originChainId, address sender, uint64 nonce, bytes calldata payload) external {
        if (rejecting) revert Rejected(nonce);
        _deliveries.push(Delivery(msg.sender, originChainId, sender, nonce, payload));
    }

    function count() external view returns (uint256) {
        return _deliveries.length;
    }

    function delivery(uint256 i) external view returns (Delivery memory) {
        return _deliveries[i];
    }
}

contract HyperlaneMessengerTest is HyperlaneHarness {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    RecordingReceiver internal receiver;
    RecordingReceiver internal otherReceiver;
    HyperlaneMessenger internal originMessenger;
    HyperlaneMessenger internal destinationMessenger;

    function setUp() public override {
        super.setUp();
        receiver = new RecordingReceiver();
        otherReceiver = new RecordingReceiver();
        originMessenger = primaryRoute.originMessenger;
        destinationMessenger = primaryRoute.destinationMessenger;
    }

    // ---------------------------------------------------------------- sendMessage and delivery

    function test_sendMessage_deliversOnceWithAuthenticatedOrigin() public {
        _send(alice, receiver, "hello");

        assertEq(relayAll(), 1);
        assertEq(relayAll(), 0, "nothing left to deliver");
        assertEq(receiver.count(), 1);
        RecordingReceiver.Delivery memory d = receiver.delivery(0);
        assertEq(d.messenger, address(destinationMessenger));
        assertEq(d.originChainId, ORIGIN_CHAIN_ID);
        assertEq(d.sender, alice);
        assertEq(d.nonce, 1);
        assertEq(d.payload, "hello");
        assertTrue(destinationMessenger.delivered(ORIGIN_CHAIN_ID, alice, address(receiver), 1));
        assertFalse(destinationMessenger.delivered(ORIGIN_CHAIN_ID, alice, address(receiver), 2));
    }

    function test_sendMessage_emitsMessageSentWithDispatchId() public {
        vm.expectEmit(false, true, true, true, address(originMessenger));
        emit IMessenger.MessageSent(bytes32(0), DESTINATION_CHAIN_ID, address(receiver), alice, 1, "hi");
        bytes32 id = _send(alice, receiver, "hi");

        assertEq(id, hyperlaneDispatch(lastDispatch()).id);
    }

    function test_handle_emitsMessageDelivered() public {
        _send(alice, receiver, "hi");
        uint256 i = lastDispatch();
        bytes memory metadata = hyperlaneMetadata(i);
        bytes memory message = hyperlaneDispatch(i).message;

        onDestination();
        vm.expectEmit(address(destinationMessenger));
        emit IMessenger.MessageDelivered(
            _channel(ORIGIN_CHAIN_ID, alice, DESTINATION_CHAIN_ID, address(receiver)),
            1,
            ORIGIN_CHAIN_ID,
            alice,
            address(receiver)
        );
        destinationChain.mailbox.process(metadata, message);
    }

    function test_sendMessage_countsNoncesPerChannel() public {
        _send(alice, receiver, "a1");
        _send(alice, receiver, "a2");
        _send(alice, otherReceiver, "a-other");
        _send(bob, receiver, "b1");

        assertEq(originMessenger.outboundNonce(DESTINATION_CHAIN_ID, alice, address(receiver)), 2);
        assertEq(originMessenger.outboundNonce(DESTINATION_CHAIN_ID, alice, address(otherReceiver)), 1);
        assertEq(originMessenger.outboundNonce(DESTINATION_CHAIN_ID, bob, address(receiver)), 1);
        assertEq(originMessenger.outboundNonce(DESTINATION_CHAIN_ID, bob, address(otherReceiver)), 0);

        relayAll();
        assertEq(receiver.count(), 3);
        assertEq(receiver.delivery(1).nonce, 2);
        assertEq(receiver.delivery(2).sender, bob);
        assertEq(receiver.delivery(2).nonce, 1);
        assertEq(otherReceiver.delivery(0).nonce, 1);
    }

    function test_sendMessage_deliversDestinationToOrigin() public {
        onDestination();
        vm.prank(alice);
        destinationMessenger.sendMessage(ORIGIN_CHAIN_ID, address(receiver), "back");
        onOrigin();

        relayAll();
        assertEq(receiver.delivery(0).messenger, address(originMessenger));
        assertEq(receiver.delivery(0).originChainId, DESTINATION_CHAIN_ID);
        assertEq(block.chainid, ORIGIN_CHAIN_ID, "relay restores the chain id");
    }

    function test_sendMessage_revertWhenChainUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IMessenger.UnknownChain.selector, 999));
        originMessenger.sendMessage(999, address(receiver), "");
    }

    function test_fuzz_sendMessage_deliversAnyPayload(address sender, bytes calldata payload) public {
        vm.assume(sender != address(vm));
        _send(sender, receiver, payload);
        relayAll();

        assertEq(receiver.count(), 1);
        assertEq(receiver.delivery(0).sender, sender);
        assertEq(receiver.delivery(0).payload, payload);
    }

    // ---------------------------------------------------------------- fees

    function test_quoteSend_matchesDispatchFee() public {
        assertEq(originMessenger.quoteSend(DESTINATION_CHAIN_ID, address(receiver), "x"), 0, "fee-less by default");
        originChain.defaultHook.setFee(0.01 ether);
        vm.deal(alice, 1 ether);

        vm.prank(alice);
        uint256 fee = originMessenger.quoteSend(DESTINATION_CHAIN_ID, address(receiver), "x");
        vm.prank(alice);
        originMessenger.sendMessage{value: fee}(DESTINATION_CHAIN_ID, address(receiver), "x");

        assertEq(fee, 0.01 ether);
        assertEq(address(originChain.defaultHook).balance, fee);
        assertEq(alice.balance, 1 ether - fee);
    }

    function test_sendMessage_refundsExcessFee() public {
        originChain.defaultHook.setFee(0.01 ether);
        vm.deal(alice, 1 ether);

        vm.prank(alice);
        originMessenger.sendMessage{value: 0.5 ether}(DESTINATION_CHAIN_ID, address(receiver), "x");

        assertEq(alice.balance, 1 ether - 0.01 ether);
        assertEq(address(originMessenger).balance, 0);
    }

    function test_sendMessage_revertWhenFeeInsufficient() public {
        originChain.defaultHook.setFee(0.01 ether);
        vm.deal(alice, 1 ether);

        vm.expectRevert(abi.encodeWithSelector(IMessenger.InsufficientFee.selector, 0.01 ether - 1, 0.01 ether));
        vm.prank(alice);
        originMessenger.sendMessage{value: 0.01 ether - 1}(DESTINATION_CHAIN_ID, address(receiver), "x");
    }

    // ---------------------------------------------------------------- replay and duplicates

    function test_process_revertWhenReplayedThroughMailbox() public {
        _send(alice, receiver, "once");
        uint256 i = lastDispatch();
        relay(i);

        (bool ok, bytes memory err) =
            tryProcess(DESTINATION_CHAIN_ID, hyperlaneMetadata(i), hyperlaneDispatch(i).message);
        assertFalse(ok);
        assertEq(err, abi.encodeWithSignature("Error(string)", "Mailbox: already delivered"));
        assertEq(receiver.count(), 1);
    }

    /// A second Hyperlane message (new id, so the Mailbox's guard passes) carrying an already delivered
    /// (channel, nonce): the adapter's own guard must stop it.
    function test_handle_revertWhenChannelNonceArrivesUnderNewId() public {
        _send(alice, receiver, "once");
        uint256 first = lastDispatch();
        relay(first);

        bytes memory body = abi.encode(alice, address(receiver), uint64(1), bytes("once"));
        vm.prank(address(originMessenger));
        originChain.mailbox.dispatch(DESTINATION_CHAIN_ID, _bytes32(address(destinationMessenger)), body);
        uint256 forged = lastDispatch();
        assertTrue(hyperlaneDispatch(forged).id != hyperlaneDispatch(first).id);

        (bool ok, bytes memory err) = tryRelay(forged);
        assertFalse(ok);
        bytes32 channel = _channel(ORIGIN_CHAIN_ID, alice, DESTINATION_CHAIN_ID, address(receiver));
        assertEq(err, abi.encodeWithSelector(IMessenger.AlreadyDelivered.selector, channel, uint64(1)));
        assertEq(receiver.count(), 1);
    }

    function test_fuzz_handle_marksOnlyItsNonce(uint64 nonce) public {
        nonce = uint64(bound(nonce, 1, type(uint64).max - 1));
        _handleAsMailbox(nonce);

        assertTrue(destinationMessenger.delivered(ORIGIN_CHAIN_ID, alice, address(receiver), nonce));
        assertFalse(destinationMessenger.delivered(ORIGIN_CHAIN_ID, alice, address(receiver), nonce - 1));
        assertFalse(destinationMessenger.delivered(ORIGIN_CHAIN_ID, alice, address(receiver), nonce + 1));
        assertFalse(destinationMessenger.delivered(ORIGIN_CHAIN_ID, bob, address(receiver), nonce));

        bytes32 channel = _channel(ORIGIN_CHAIN_ID, alice, DESTINATION_CHAIN_ID, address(receiver));
        vm.expectRevert(abi.encodeWithSelector(IMessenger.AlreadyDelivered.selector, channel, nonce));
        _handleAsMailbox(nonce);
    }

    // ---------------------------------------------------------------- ISM metadata

    function test_process_revertWhenOnlyOneSignature() public {
        _send(alice, receiver, "x");
        uint256 i = lastDispatch();
        uint256[] memory keys = new uint256[](1);
        keys[0] = primaryRoute.validatorKeys[0];

        // The ISM reads `threshold` signatures; a missing one is an out-of-bounds calldata slice.
        _assertRejected(i, hyperlaneMetadata(i, keys), "");
    }

    function test_process_revertWhenSignerNotValidator() public {
        _send(alice, receiver, "x");
        uint256 i = lastDispatch();
        uint256[] memory keys = new uint256[](2);
        keys[0] = primaryRoute.validatorKeys[0];
        keys[1] = uint256(keccak256("not a validator"));

        _assertRejected(i, hyperlaneMetadata(i, keys), _notThreshold());
    }

    function test_process_revertWhenOneValidatorSignsTwice() public {
        _send(alice, receiver, "x");
        uint256 i = lastDispatch();
        uint256[] memory keys = new uint256[](2);
        keys[0] = primaryRoute.validatorKeys[1];
        keys[1] = primaryRoute.validatorKeys[1];

        _assertRejected(i, hyperlaneMetadata(i, keys), _notThreshold());
    }

    function test_process_revertWhenRootWrong() public {
        _send(alice, receiver, "x");
        uint256 i = lastDispatch();
        bytes memory metadata = hyperlaneMetadata(i);
        metadata[32] = bytes1(uint8(metadata[32]) ^ 0xff); // the root starts at byte 32

        _assertRejected(i, metadata, _notThreshold());
    }

    function test_process_revertWhenFallbackValidatorsSignPrimaryMessage() public {
        _send(alice, receiver, "x");
        uint256 i = lastDispatch();
        uint256[] memory keys = new uint256[](2);
        keys[0] = fallbackRoute.validatorKeys[0];
        keys[1] = fallbackRoute.validatorKeys[1];

        _assertRejected(i, hyperlaneMetadata(i, keys), _notThreshold());
    }

    // ---------------------------------------------------------------- authentication

    function test_handle_revertWhenRemoteNotEnrolled() public {
        HyperlaneMessenger rogue = new HyperlaneMessenger(originChain.mailbox, primaryRoute.originIsm, alice);
        vm.prank(alice);
        rogue.enrollRemote(DESTINATION_CHAIN_ID, address(destinationMessenger));
        rogue.sendMessage(DESTINATION_CHAIN_ID, address(receiver), "forged");

        (bool ok, bytes memory err) = tryRelay(lastDispatch());
        assertFalse(ok);
        assertEq(
            err, abi.encodeWithSelector(IMessenger.UnknownRemote.selector, ORIGIN_CHAIN_ID, _bytes32(address(rogue)))
        );
        assertEq(receiver.count(), 0);
    }

    function test_handle_revertWhenOriginChainUnknown() public {
        bytes32 sender = _bytes32(address(originMessenger));
        vm.expectRevert(abi.encodeWithSelector(IMessenger.UnknownRemote.selector, 999, sender));
        vm.prank(address(destinationChain.mailbox));
        destinationMessenger.handle(999, sender, abi.encode(alice, address(receiver), uint64(1), bytes("")));
    }

    function test_handle_revertWhenCallerNotMailbox() public {
        bytes memory body = abi.encode(alice, address(receiver), uint64(1), bytes(""));
        vm.expectRevert(abi.encodeWithSelector(IMessenger.NotProtocol.selector, address(this)));
        destinationMessenger.handle(ORIGIN_CHAIN_ID, _bytes32(address(originMessenger)), body);
    }

    function test_handle_revertWhenValueSent() public {
        address mailbox = address(destinationChain.mailbox);
        vm.deal(mailbox, 1);
        vm.expectRevert(abi.encodeWithSelector(IHyperlaneMessenger.UnexpectedValue.selector, 1));
        vm.prank(mailbox);
        destinationMessenger.handle{value: 1}(ORIGIN_CHAIN_ID, _bytes32(address(originMessenger)), "");
    }

    // ---------------------------------------------------------------- ordering, retries, routes

    function test_relay_deliversOutOfOrderEachOnce() public {
        _send(alice, receiver, "1");
        _send(alice, receiver, "2");
        _send(alice, receiver, "3");

        relay(2);
        relay(0);
        relay(1);
        assertEq(pendingCount(), 0);
        assertEq(receiver.count(), 3);
        assertEq(receiver.delivery(0).nonce, 3);
        assertEq(receiver.delivery(1).nonce, 1);
        assertEq(receiver.delivery(2).nonce, 2);

        (bool ok,) = tryRelay(2);
        assertFalse(ok, "a delivered message is not delivered again");
    }

    function test_handle_revertWhenReceiverReverts_retrySucceeds() public {
        receiver.setRejecting(true);
        _send(alice, receiver, "later");
        uint256 i = lastDispatch();

        (bool ok, bytes memory err) = tryRelay(i);
        assertFalse(ok);
        assertEq(err, abi.encodeWithSelector(RecordingReceiver.Rejected.selector, uint64(1)));
        assertFalse(destinationChain.mailbox.delivered(hyperlaneDispatch(i).id), "nothing half-delivered");
        assertFalse(destinationMessenger.delivered(ORIGIN_CHAIN_ID, alice, address(receiver), 1));

        receiver.setRejecting(false);
        relay(i);
        assertEq(receiver.count(), 1);
        assertTrue(destinationMessenger.delivered(ORIGIN_CHAIN_ID, alice, address(receiver), 1));
    }

    function test_relayAll_skipsHeldBackMessageUntilReleased() public {
        _send(alice, receiver, "1");
        _send(alice, receiver, "2");
        holdBack(0);

        assertEq(relayAll(), 1);
        assertEq(receiver.delivery(0).nonce, 2);
        release(0);
        assertEq(relayNext(), 0);
        assertEq(receiver.delivery(1).nonce, 1);
    }

    function test_fallbackRoute_deliversWhilePrimaryStalled() public {
        stallRoute(primaryRoute);
        _send(alice, receiver, "primary");
        vm.prank(alice);
        fallbackRoute.originMessenger.sendMessage(DESTINATION_CHAIN_ID, address(receiver), "fallback");

        assertEq(relayAll(), 1);
        RecordingReceiver.Delivery memory d = receiver.delivery(0);
        assertEq(d.messenger, address(fallbackRoute.destinationMessenger));
        assertEq(d.payload, "fallback");
        assertEq(d.nonce, 1, "each route numbers its own channels");

        resumeRoute(primaryRoute);
        assertEq(relayAll(), 1);
        assertEq(receiver.delivery(1).messenger, address(destinationMessenger));
    }

    function test_interchainSecurityModule_isTheRoutesOwn() public view {
        assertEq(address(destinationMessenger.interchainSecurityModule()), address(primaryRoute.destinationIsm));
        assertEq(
            address(fallbackRoute.destinationMessenger.interchainSecurityModule()),
            address(fallbackRoute.destinationIsm)
        );
        assertTrue(address(primaryRoute.destinationIsm) != address(fallbackRoute.destinationIsm));
        assertEq(
            address(destinationChain.mailbox.recipientIsm(address(destinationMessenger))),
            address(primaryRoute.destinationIsm)
        );
    }

    // ---------------------------------------------------------------- administration

    function test_enrollRemote_emitsRemoteEnrolled() public {
        vm.expectEmit(address(originMessenger));
        emit IHyperlaneMessenger.RemoteEnrolled(42, bob);
        originMessenger.enrollRemote(42, bob);

        assertEq(originMessenger.remotes(42), _bytes32(bob));
    }

    function test_enrollRemote_zeroRemoteDisablesChain() public {
        originMessenger.enrollRemote(DESTINATION_CHAIN_ID, address(0));

        vm.expectRevert(abi.encodeWithSelector(IMessenger.UnknownChain.selector, DESTINATION_CHAIN_ID));
        originMessenger.sendMessage(DESTINATION_CHAIN_ID, address(receiver), "");
    }

    function test_enrollRemote_revertWhenChainIdTooLarge() public {
        uint256 chainId = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IMessenger.UnknownChain.selector, chainId));
        originMessenger.enrollRemote(chainId, bob);
    }

    function test_enrollRemote_revertWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        originMessenger.enrollRemote(42, bob);
    }

    function test_constructor_revertWhenDomainNotChainId() public {
        onDestination();
        vm.expectRevert(
            abi.encodeWithSelector(IHyperlaneMessenger.DomainNotChainId.selector, ORIGIN_CHAIN_ID, DESTINATION_CHAIN_ID)
        );
        new HyperlaneMessenger(originChain.mailbox, primaryRoute.originIsm, address(this));
    }

    // ---------------------------------------------------------------- harness

    /// The harness must fail loudly, not sign wrong checkpoints, when a test drained the logs it reads.
    function test_captureDispatches_revertWhenLogsDrainedElsewhere() public {
        _send(alice, receiver, "x");
        vm.getRecordedLogs();

        vm.expectRevert(
            bytes("HyperlaneHarness: missed Dispatch events; call captureDispatches() before vm.getRecordedLogs()")
        );
        this.captureDispatches();
    }

    // ---------------------------------------------------------------- helpers

    function _send(address sender, RecordingReceiver to, bytes memory payload) internal returns (bytes32) {
        vm.prank(sender);
        return originMessenger.sendMessage(DESTINATION_CHAIN_ID, address(to), payload);
    }

    /// @dev Calls `handle` as the destination Mailbox would after verification, for nonces no real send reaches.
    function _handleAsMailbox(uint64 nonce) internal {
        vm.prank(address(destinationChain.mailbox));
        destinationMessenger.handle(
            ORIGIN_CHAIN_ID, _bytes32(address(originMessenger)), abi.encode(alice, address(receiver), nonce, bytes(""))
        );
    }

    function _assertRejected(uint256 i, bytes memory metadata, bytes memory expectedError) internal {
        (bool ok, bytes memory err) = tryProcess(DESTINATION_CHAIN_ID, metadata, hyperlaneDispatch(i).message);
        assertFalse(ok);
        assertEq(err, expectedError);
        assertEq(receiver.count(), 0);
        assertFalse(destinationChain.mailbox.delivered(hyperlaneDispatch(i).id));
    }

    function _notThreshold() internal pure returns (bytes memory) {
        return abi.encodeWithSignature("Error(string)", "!threshold");
    }

    function _channel(uint256 originChainId, address sender, uint256 destinationChainId, address recipient)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(originChainId, sender, destinationChainId, recipient));
    }

    function _bytes32(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }
}
