// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {Trade, Withdraw} from "../../../src/v2/base/AccountTypes.sol";
import {AccountActionsLib} from "../../../src/v2/lib/AccountActionsLib.sol";
import {ActionHasher} from "../engine/EngineHarness.sol";

/// The signed actions' EIP-712 encoding must agree, hash for hash, with the intents package (`intents/src/v2`)
/// (intents/vectors/v2/*.json, built and checked there), and its type strings with the spec's.
contract AccountActionsLibTest is Test {
    using stdJson for string;

    string internal types;
    string internal actions;
    ActionHasher internal hasher = new ActionHasher();

    function setUp() public {
        types = vm.readFile("../intents/vectors/v2/types.json");
        actions = vm.readFile("../intents/vectors/v2/actions.json");
    }

    function test_typeStrings_areTheSpecs() public pure {
        assertEq(
            AccountActionsLib.TRADE_TYPE,
            "Trade(address account,string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps,uint256 maxRelayerFee,uint256 nonce,uint32 deadline)"
        );
        assertEq(
            AccountActionsLib.WITHDRAW_TYPE,
            "Withdraw(address account,uint256 chainId,address token,uint256 amount,address to,uint16 maxFastFeeBps,uint256 maxRelayerFee,uint256 nonce,uint32 deadline)"
        );
    }

    function test_typehashes_matchVectors() public view {
        assertEq(string(AccountActionsLib.TRADE_TYPE), types.readString(".types.Trade.encodedType"));
        assertEq(string(AccountActionsLib.WITHDRAW_TYPE), types.readString(".types.Withdraw.encodedType"));
        assertEq(AccountActionsLib.TRADE_TYPEHASH, types.readBytes32(".types.Trade.typeHash"));
        assertEq(AccountActionsLib.WITHDRAW_TYPEHASH, types.readBytes32(".types.Withdraw.typeHash"));
        assertEq(AccountActionsLib.DOMAIN_TYPEHASH, types.readBytes32(".engineDomain.typeHash"));
        assertEq(AccountActionsLib.DOMAIN_NAME, types.readString(".engineDomain.name"));
        assertEq(AccountActionsLib.DOMAIN_VERSION, types.readString(".engineDomain.version"));
    }

    function test_vectors_hashesDigestsAndSigners() public view {
        uint256 checked;
        while (vm.keyExistsJson(actions, string.concat("$[", vm.toString(checked), "]"))) {
            _check(string.concat("[", vm.toString(checked), "]"));
            checked++;
        }
        assertGe(checked, 4, "vectors missing");
    }

    function _check(string memory at) internal view {
        string memory m = string.concat(at, ".document.message");
        bytes32 structHash = keccak256(bytes(actions.readString(string.concat(at, ".kind")))) == keccak256("trade")
            ? hasher.hash(_trade(m))
            : hasher.hash(_withdraw(m));
        assertEq(structHash, actions.readBytes32(string.concat(at, ".structHash")), "structHash");
        bytes32 separator = AccountActionsLib.domainSeparator(
            vm.parseUint(actions.readString(string.concat(at, ".domain.chainId"))),
            actions.readAddress(string.concat(at, ".domain.verifyingContract"))
        );
        assertEq(separator, actions.readBytes32(string.concat(at, ".domain.separator")), "separator");
        bytes32 digest = AccountActionsLib.digest(separator, structHash);
        assertEq(digest, actions.readBytes32(string.concat(at, ".digest")), "digest");
        bytes memory signature = actions.readBytes(string.concat(at, ".signature"));
        (bytes32 r, bytes32 s, uint8 v) = (bytes32(0), bytes32(0), uint8(signature[64]));
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
        }
        assertEq(ecrecover(digest, v, r, s), actions.readAddress(string.concat(at, ".signer")), "signer");
    }

    function _uint(string memory at) internal view returns (uint256) {
        return vm.parseUint(actions.readString(at));
    }

    function _trade(string memory m) internal view returns (Trade memory t) {
        t.account = actions.readAddress(string.concat(m, ".account"));
        t.market = actions.readString(string.concat(m, ".market"));
        t.sizeDelta = vm.parseInt(actions.readString(string.concat(m, ".sizeDelta")));
        t.limitPrice = _uint(string.concat(m, ".limitPrice"));
        t.maxLeverageBps = uint32(actions.readUint(string.concat(m, ".maxLeverageBps")));
        t.maxRelayerFee = _uint(string.concat(m, ".maxRelayerFee"));
        t.nonce = _uint(string.concat(m, ".nonce"));
        t.deadline = uint32(actions.readUint(string.concat(m, ".deadline")));
    }

    function _withdraw(string memory m) internal view returns (Withdraw memory w) {
        w.account = actions.readAddress(string.concat(m, ".account"));
        w.chainId = _uint(string.concat(m, ".chainId"));
        w.token = actions.readAddress(string.concat(m, ".token"));
        w.amount = _uint(string.concat(m, ".amount"));
        w.to = actions.readAddress(string.concat(m, ".to"));
        w.maxFastFeeBps = uint16(actions.readUint(string.concat(m, ".maxFastFeeBps")));
        w.maxRelayerFee = _uint(string.concat(m, ".maxRelayerFee"));
        w.nonce = _uint(string.concat(m, ".nonce"));
        w.deadline = uint32(actions.readUint(string.concat(m, ".deadline")));
    }
}
