// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";

import {Mailbox} from "@hyperlane-xyz/core/contracts/Mailbox.sol";
import {IMailbox} from "@hyperlane-xyz/core/contracts/interfaces/IMailbox.sol";
import {IInterchainSecurityModule} from "@hyperlane-xyz/core/contracts/interfaces/IInterchainSecurityModule.sol";
import {MerkleTreeHook} from "@hyperlane-xyz/core/contracts/hooks/MerkleTreeHook.sol";
import {TestPostDispatchHook} from "@hyperlane-xyz/core/contracts/test/TestPostDispatchHook.sol";
import {StaticMessageIdMultisigIsmFactory} from "@hyperlane-xyz/core/contracts/isms/multisig/StaticMultisigIsm.sol";
import {CheckpointLib} from "@hyperlane-xyz/core/contracts/libs/CheckpointLib.sol";
import {MerkleLib} from "@hyperlane-xyz/core/contracts/libs/Merkle.sol";

import {HyperlaneMessenger} from "../../src/messaging/HyperlaneMessenger.sol";

/// @title HyperlaneHarness
/// @notice Two Hyperlane "chains" in one forge EVM, built from Hyperlane's real contracts, plus a relayer
/// that signs real message-id multisig checkpoints. Inherit it to test anything that talks through
/// `IMessenger`.
///
/// Each chain (`originChain` = 31337, `destinationChain` = 31338) has a `Mailbox`, a `MerkleTreeHook` as
/// required hook, a fee-less `TestPostDispatchHook` as default hook (its `setFee` lets a test charge a fee)
/// and a `StaticMessageIdMultisigIsmFactory`. Two routes run over the same Mailboxes, each a pair of
/// `HyperlaneMessenger`s enrolled with each other and guarded by its own 2-of-3 validator set:
/// `primaryRoute` and `fallbackRoute` (DESIGN.md's escape hatch).
///
/// Usage:
/// ```
/// contract VaultTest is HyperlaneHarness {
///     function setUp() public override {
///         super.setUp();                    // ends on the origin chain
///         vault = new Vault(primaryRoute.originMessenger, ...);
///         onDestination();
///         engine = new Engine(primaryRoute.destinationMessenger, ...);
///         onOrigin();
///     }
///     function test_open_sendsLocked() public {
///         vault.open(...);                  // dispatches through the origin Mailbox
///         relayAll();                       // processes it on the destination, chain id switched for you
///     }
/// }
/// ```
/// Messages are numbered in dispatch order (0, 1, …; `lastDispatch()` gives the newest). `relay(i)` delivers
/// one in any order, `relayNext()` the oldest pending, `relayAll()` every pending one. `holdBack(i)` and
/// `stallRoute(route)` make `relayNext`/`relayAll` skip messages (a slow or dead route) until `release(i)` or
/// `resumeRoute(route)`. `hyperlaneMetadata(i, keys)` builds metadata signed by any keys, for forgeries.
///
/// To assert that a delivery fails, use `tryRelay(i)` (or `tryProcess`) and check the returned revert data:
/// `vm.expectRevert` would catch the harness's own calls instead of `Mailbox.process`.
///
/// Dispatches are read from `vm.recordLogs()`, started in `setUp`. A test that drains the logs itself
/// with `vm.getRecordedLogs()` must call `captureDispatches()` first; otherwise the harness fails loudly
/// when its copy of the origin merkle tree no longer matches the chain's.
abstract contract HyperlaneHarness is Test {
    using MerkleLib for MerkleLib.Tree;

    uint32 internal constant ORIGIN_CHAIN_ID = 31337;
    uint32 internal constant DESTINATION_CHAIN_ID = 31338;
    uint8 internal constant VALIDATOR_THRESHOLD = 2;

    struct HyperlaneChain {
        uint32 domain;
        Mailbox mailbox;
        MerkleTreeHook merkleTreeHook;
        TestPostDispatchHook defaultHook;
        StaticMessageIdMultisigIsmFactory ismFactory;
    }

    struct HyperlaneRoute {
        HyperlaneMessenger originMessenger;
        HyperlaneMessenger destinationMessenger;
        IInterchainSecurityModule originIsm;
        IInterchainSecurityModule destinationIsm;
        uint256[] validatorKeys; // sorted by validator address, as the ISM expects signatures
    }

    /// @dev A message seen in a `Dispatch` event, with the checkpoint a validator would sign for it.
    struct HyperlaneDispatch {
        bytes message;
        bytes32 id;
        uint32 originDomain;
        uint32 destinationDomain;
        address recipient;
        address merkleTreeHook;
        bytes32 root; // origin tree root right after this message was inserted
        uint32 index;
        bool relayed;
        bool heldBack;
    }

    HyperlaneChain internal originChain;
    HyperlaneChain internal destinationChain;
    HyperlaneRoute internal primaryRoute;
    HyperlaneRoute internal fallbackRoute;

    HyperlaneDispatch[] internal _hyperlaneDispatches;
    mapping(address mailbox => MerkleLib.Tree) internal _hyperlaneTrees;
    mapping(address ism => uint256[] keys) internal _hyperlaneSigners;
    mapping(address ism => bool) internal _hyperlaneStalled;

    function setUp() public virtual {
        vm.recordLogs();
        originChain = _deployHyperlaneChain(ORIGIN_CHAIN_ID);
        destinationChain = _deployHyperlaneChain(DESTINATION_CHAIN_ID);
        _deployHyperlaneRoute(primaryRoute, 0xA11CE);
        _deployHyperlaneRoute(fallbackRoute, 0xFA11BAC);
        onOrigin();
    }

    // ---------------------------------------------------------------- chains

    /// @notice Makes `block.chainid` the origin chain's.
    function onOrigin() internal {
        vm.chainId(ORIGIN_CHAIN_ID);
    }

    /// @notice Makes `block.chainid` the destination chain's.
    function onDestination() internal {
        vm.chainId(DESTINATION_CHAIN_ID);
    }

    function hyperlaneChain(uint32 domain) internal view returns (HyperlaneChain storage) {
        if (domain == ORIGIN_CHAIN_ID) return originChain;
        if (domain == DESTINATION_CHAIN_ID) return destinationChain;
        revert("HyperlaneHarness: unknown domain");
    }

    // ---------------------------------------------------------------- relayer

    /// @notice Reads new `Dispatch` events from both Mailboxes into the relay queue.
    function captureDispatches() public {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.topics.length == 0 || log.topics[0] != IMailbox.Dispatch.selector) continue;
            if (log.emitter != address(originChain.mailbox) && log.emitter != address(destinationChain.mailbox)) {
                continue;
            }
            _recordHyperlaneDispatch(Mailbox(log.emitter), abi.decode(log.data, (bytes)));
        }
        _checkHyperlaneTree(originChain);
        _checkHyperlaneTree(destinationChain);
    }

    /// @notice How many messages were dispatched so far (after capturing new ones).
    function dispatchCount() internal returns (uint256) {
        captureDispatches();
        return _hyperlaneDispatches.length;
    }

    /// @notice The index of the newest dispatched message.
    function lastDispatch() internal returns (uint256) {
        uint256 count = dispatchCount();
        require(count > 0, "HyperlaneHarness: nothing dispatched");
        return count - 1;
    }

    /// @notice The captured message `i`.
    function hyperlaneDispatch(uint256 i) internal view returns (HyperlaneDispatch storage) {
        return _hyperlaneDispatches[i];
    }

    /// @notice How many messages `relayNext`/`relayAll` would still deliver.
    function pendingCount() internal returns (uint256 count) {
        captureDispatches();
        for (uint256 i; i < _hyperlaneDispatches.length; ++i) {
            if (_isRelayable(i)) ++count;
        }
    }

    /// @notice Delivers every pending message in dispatch order, skipping held-back and stalled ones.
    /// Messages dispatched while relaying wait for the next call. Reverts if a delivery reverts.
    function relayAll() internal returns (uint256 count) {
        captureDispatches();
        uint256 length = _hyperlaneDispatches.length;
        for (uint256 i; i < length; ++i) {
            if (!_isRelayable(i)) continue;
            relay(i);
            ++count;
        }
    }

    /// @notice Delivers the oldest pending message that is not held back or stalled; returns its index.
    function relayNext() internal returns (uint256 i) {
        captureDispatches();
        for (; i < _hyperlaneDispatches.length; ++i) {
            if (!_isRelayable(i)) continue;
            relay(i);
            return i;
        }
        revert("HyperlaneHarness: nothing to relay");
    }

    /// @notice Delivers message `i` now with threshold signatures from its route's validators, whatever its
    /// position, hold or stall. Reverts with the delivery's error if `Mailbox.process` reverts.
    function relay(uint256 i) internal {
        (bool ok, bytes memory err) = tryRelay(i);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(err, 0x20), mload(err))
            }
        }
    }

    /// @notice Like `relay`, but returns the revert data instead of reverting (the message stays pending).
    function tryRelay(uint256 i) internal returns (bool ok, bytes memory err) {
        captureDispatches();
        HyperlaneDispatch storage d = _hyperlaneDispatches[i];
        (ok, err) = tryProcess(d.destinationDomain, hyperlaneMetadata(i), d.message);
        if (ok) d.relayed = true;
    }

    /// @notice Calls `Mailbox.process(metadata, message)` on `domain` with that chain's id set, restoring the
    /// caller's chain id afterwards. For forged metadata or messages.
    function tryProcess(uint32 domain, bytes memory metadata, bytes memory message)
        internal
        returns (bool ok, bytes memory err)
    {
        Mailbox mailbox = hyperlaneChain(domain).mailbox;
        uint256 previous = block.chainid;
        vm.chainId(domain);
        try mailbox.process(metadata, message) {
            ok = true;
        } catch (bytes memory reason) {
            err = reason;
        }
        vm.chainId(previous);
    }

    /// @notice Keeps message `i` out of `relayNext`/`relayAll` until `release(i)`.
    function holdBack(uint256 i) internal {
        captureDispatches();
        _hyperlaneDispatches[i].heldBack = true;
    }

    function release(uint256 i) internal {
        _hyperlaneDispatches[i].heldBack = false;
    }

    /// @notice Stops `relayNext`/`relayAll` from delivering over `route` (its validators went quiet).
    function stallRoute(HyperlaneRoute storage route) internal {
        _hyperlaneStalled[address(route.originIsm)] = true;
        _hyperlaneStalled[address(route.destinationIsm)] = true;
    }

    function resumeRoute(HyperlaneRoute storage route) internal {
        _hyperlaneStalled[address(route.originIsm)] = false;
        _hyperlaneStalled[address(route.destinationIsm)] = false;
    }

    // ---------------------------------------------------------------- metadata

    /// @notice Valid message-id multisig metadata for message `i`: threshold signatures from the validators
    /// of the ISM its recipient names.
    function hyperlaneMetadata(uint256 i) internal view returns (bytes memory) {
        uint256[] storage keys = _hyperlaneSigners[address(_ismOf(i))];
        require(keys.length >= VALIDATOR_THRESHOLD, "HyperlaneHarness: recipient ISM not ours");
        uint256[] memory signers = new uint256[](VALIDATOR_THRESHOLD);
        for (uint256 k; k < VALIDATOR_THRESHOLD; ++k) {
            signers[k] = keys[k];
        }
        return hyperlaneMetadata(i, signers);
    }

    /// @notice Metadata for message `i` signed by `keys`, in the given order (the ISM wants validator order).
    function hyperlaneMetadata(uint256 i, uint256[] memory keys) internal view returns (bytes memory metadata) {
        HyperlaneDispatch storage d = _hyperlaneDispatches[i];
        bytes32 hook = bytes32(uint256(uint160(d.merkleTreeHook)));
        bytes32 digest = CheckpointLib.digest(d.originDomain, hook, d.root, d.index, d.id);
        // Layout from MessageIdMultisigIsmMetadata: hook, root, index, then 65-byte (r, s, v) signatures.
        metadata = abi.encodePacked(hook, d.root, d.index);
        for (uint256 k; k < keys.length; ++k) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[k], digest);
            metadata = abi.encodePacked(metadata, r, s, v);
        }
    }

    // ---------------------------------------------------------------- deployment

    function _deployHyperlaneChain(uint32 domain) internal returns (HyperlaneChain memory chain) {
        vm.chainId(domain);
        chain.domain = domain;
        chain.mailbox = new Mailbox(domain);
        chain.merkleTreeHook = new MerkleTreeHook(address(chain.mailbox));
        chain.defaultHook = new TestPostDispatchHook();
        chain.ismFactory = new StaticMessageIdMultisigIsmFactory();
        // The Mailbox needs some default ISM; every messenger names its own, so this one is never used by them.
        address defaultIsm = chain.ismFactory.deploy(_validatorsOf(_validatorKeys(0xDEFA017)), VALIDATOR_THRESHOLD);
        chain.mailbox.initialize(
            address(this), defaultIsm, address(chain.defaultHook), address(chain.merkleTreeHook)
        );
        vm.label(address(chain.mailbox), string.concat("Mailbox-", vm.toString(domain)));
    }

    /// @dev Deploys a messenger pair over both Mailboxes whose ISMs trust three validators derived from `seed`.
    function _deployHyperlaneRoute(HyperlaneRoute storage route, uint256 seed) internal {
        uint256[] memory keys = _validatorKeys(seed);
        address[] memory validators = _validatorsOf(keys);
        route.validatorKeys = keys;

        vm.chainId(ORIGIN_CHAIN_ID);
        route.originIsm = IInterchainSecurityModule(originChain.ismFactory.deploy(validators, VALIDATOR_THRESHOLD));
        route.originMessenger = new HyperlaneMessenger(originChain.mailbox, route.originIsm, address(this));

        vm.chainId(DESTINATION_CHAIN_ID);
        route.destinationIsm =
            IInterchainSecurityModule(destinationChain.ismFactory.deploy(validators, VALIDATOR_THRESHOLD));
        route.destinationMessenger =
            new HyperlaneMessenger(destinationChain.mailbox, route.destinationIsm, address(this));

        route.originMessenger.enrollRemote(DESTINATION_CHAIN_ID, address(route.destinationMessenger));
        route.destinationMessenger.enrollRemote(ORIGIN_CHAIN_ID, address(route.originMessenger));
        _hyperlaneSigners[address(route.originIsm)] = keys;
        _hyperlaneSigners[address(route.destinationIsm)] = keys;
    }

    /// @dev Three fixed private keys, sorted by their address (the order the ISM checks signatures in).
    function _validatorKeys(uint256 seed) internal pure returns (uint256[] memory keys) {
        keys = new uint256[](3);
        for (uint256 k; k < 3; ++k) {
            keys[k] = uint256(keccak256(abi.encode("hyperlane-validator", seed, k))) % (2 ** 255);
        }
        for (uint256 a = 1; a < keys.length; ++a) {
            for (uint256 b = a; b > 0 && vm.addr(keys[b]) < vm.addr(keys[b - 1]); --b) {
                (keys[b], keys[b - 1]) = (keys[b - 1], keys[b]);
            }
        }
    }

    function _validatorsOf(uint256[] memory keys) internal pure returns (address[] memory validators) {
        validators = new address[](keys.length);
        for (uint256 k; k < keys.length; ++k) {
            validators[k] = vm.addr(keys[k]);
        }
    }

    // ---------------------------------------------------------------- internals

    function _recordHyperlaneDispatch(Mailbox mailbox, bytes memory message) internal {
        HyperlaneChain storage chain = hyperlaneChain(mailbox.localDomain());
        MerkleLib.Tree storage tree = _hyperlaneTrees[address(mailbox)];
        bytes32 id = keccak256(message);
        tree.insert(id);
        _hyperlaneDispatches.push(
            HyperlaneDispatch({
                message: message,
                id: id,
                originDomain: chain.domain,
                destinationDomain: _destinationOf(message),
                recipient: _recipientOf(message),
                merkleTreeHook: address(chain.merkleTreeHook),
                root: tree.root(),
                index: uint32(tree.count - 1),
                relayed: false,
                heldBack: false
            })
        );
    }

    /// @dev Our copy of the tree must match the hook's, or a checkpoint we sign would name a wrong root.
    function _checkHyperlaneTree(HyperlaneChain storage chain) internal view {
        MerkleLib.Tree storage tree = _hyperlaneTrees[address(chain.mailbox)];
        require(
            tree.count == chain.merkleTreeHook.count() && tree.root() == chain.merkleTreeHook.root(),
            "HyperlaneHarness: missed Dispatch events; call captureDispatches() before vm.getRecordedLogs()"
        );
    }

    function _isRelayable(uint256 i) internal view returns (bool) {
        HyperlaneDispatch storage d = _hyperlaneDispatches[i];
        return !d.relayed && !d.heldBack && !_hyperlaneStalled[address(_ismOf(i))];
    }

    function _ismOf(uint256 i) internal view returns (IInterchainSecurityModule) {
        HyperlaneDispatch storage d = _hyperlaneDispatches[i];
        return hyperlaneChain(d.destinationDomain).mailbox.recipientIsm(d.recipient);
    }

    /// @dev Hyperlane message layout (Message.sol): version 1, nonce 4, origin 4, sender 32, destination 4,
    /// recipient 32, body.
    function _destinationOf(bytes memory message) internal pure returns (uint32 destination) {
        assembly ("memory-safe") {
            destination := shr(224, mload(add(message, add(0x20, 41))))
        }
    }

    function _recipientOf(bytes memory message) internal pure returns (address recipient) {
        assembly ("memory-safe") {
            recipient := and(mload(add(message, add(0x20, 45))), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }
}
