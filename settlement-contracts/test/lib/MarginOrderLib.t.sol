// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {FeeSchedule, MarginOrder} from "../../src/base/MarginOrderTypes.sol";
import {MarginOrderLib} from "../../src/lib/MarginOrderLib.sol";
import {OrderHasher} from "../util/OrderHasher.sol";

/// The Solidity encoding must agree, hash for hash, with the TypeScript intents package
/// (intents/vectors/*.json, built and checked there).
contract MarginOrderLibTest is Test {
    using stdJson for string;

    string internal types;
    string internal intents;
    OrderHasher internal harness = new OrderHasher();

    function setUp() public {
        types = vm.readFile("../intents/vectors/types.json");
        intents = vm.readFile("../intents/vectors/intents.json");
    }

    function test_typehashes_matchVectors() public view {
        assertEq(MarginOrderLib.FEE_SCHEDULE_TYPEHASH, types.readBytes32(".types.FeeSchedule.typehash"));
        assertEq(MarginOrderLib.MARGIN_ORDER_TYPEHASH, types.readBytes32(".types.MarginOrder.typehash"));
        assertEq(
            MarginOrderLib.GASLESS_CROSS_CHAIN_ORDER_TYPEHASH, types.readBytes32(".types.GaslessCrossChainOrder.typehash")
        );
        assertEq(MarginOrderLib.TOKEN_PERMISSIONS_TYPEHASH, types.readBytes32(".types.TokenPermissions.typehash"));
        assertEq(
            MarginOrderLib.PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
            types.readBytes32(".types.PermitWitnessTransferFrom.typehash")
        );
        assertEq(MarginOrderLib.PERMIT2_WITNESS_TYPE_STRING, types.readString(".permit2WitnessTypeString"));
        assertEq(MarginOrderLib.PERMIT2, types.readAddress(".permit2"));
    }

    function test_vectors_hashesAndSignatures() public view {
        uint256 checked;
        while (vm.keyExistsJson(intents, string.concat("$[", vm.toString(checked), "]"))) {
            _checkVector(string.concat("[", vm.toString(checked), "]"));
            checked++;
        }
        assertGe(checked, 4, "vectors missing");
    }

    function _checkVector(string memory at) internal view {
        (GaslessCrossChainOrder memory order, MarginOrder memory data) = _readOrder(at);
        string memory hashes = string.concat(at, ".hashes");
        assertEq(abi.encode(data), intents.readBytes(string.concat(at, ".orderData")), "orderData bytes");
        assertEq(MarginOrderLib.hash(data.fee), intents.readBytes32(string.concat(hashes, ".feeSchedule")), "fee");
        assertEq(MarginOrderLib.hash(data), intents.readBytes32(string.concat(hashes, ".marginOrder")), "margin");
        assertEq(harness.orderId(order), intents.readBytes32(string.concat(hashes, ".orderId")), "orderId");
        assertEq(
            MarginOrderLib.permit2DomainSeparator(order.originChainId),
            intents.readBytes32(string.concat(hashes, ".domainSeparator")),
            "domain"
        );
        bytes32 digest = harness.digest(order);
        assertEq(digest, intents.readBytes32(string.concat(hashes, ".digest")), "digest");

        bytes memory signature = intents.readBytes(string.concat(at, ".document.signature"));
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        assertEq(ecrecover(digest, v, r, s), intents.readAddress(string.concat(at, ".signer")), "signer");
    }

    function _readOrder(string memory at)
        internal
        view
        returns (GaslessCrossChainOrder memory order, MarginOrder memory data)
    {
        string memory o = string.concat(at, ".document.order");
        string memory d = string.concat(o, ".orderData");
        data.collateralToken = intents.readAddress(string.concat(d, ".collateralToken"));
        data.collateralAmount = vm.parseUint(intents.readString(string.concat(d, ".collateralAmount")));
        data.destinationChainId = vm.parseUint(intents.readString(string.concat(d, ".destinationChainId")));
        data.destinationSettler = intents.readAddress(string.concat(d, ".destinationSettler"));
        data.recipient = intents.readAddress(string.concat(d, ".recipient"));
        data.market = intents.readString(string.concat(d, ".market"));
        data.isLong = intents.readBool(string.concat(d, ".isLong"));
        data.size = vm.parseUint(intents.readString(string.concat(d, ".size")));
        data.limitPrice = vm.parseUint(intents.readString(string.concat(d, ".limitPrice")));
        data.maxLeverageBps = uint32(intents.readUint(string.concat(d, ".maxLeverageBps")));
        data.fee = FeeSchedule({
            startBps: uint16(intents.readUint(string.concat(d, ".fee.startBps"))),
            maxBps: uint16(intents.readUint(string.concat(d, ".fee.maxBps"))),
            startTime: uint32(intents.readUint(string.concat(d, ".fee.startTime"))),
            endTime: uint32(intents.readUint(string.concat(d, ".fee.endTime")))
        });
        data.route = intents.readString(string.concat(d, ".route"));
        order = GaslessCrossChainOrder({
            originSettler: intents.readAddress(string.concat(o, ".originSettler")),
            user: intents.readAddress(string.concat(o, ".user")),
            nonce: vm.parseUint(intents.readString(string.concat(o, ".nonce"))),
            originChainId: vm.parseUint(intents.readString(string.concat(o, ".originChainId"))),
            openDeadline: uint32(intents.readUint(string.concat(o, ".openDeadline"))),
            fillDeadline: uint32(intents.readUint(string.concat(o, ".fillDeadline"))),
            orderDataType: MarginOrderLib.MARGIN_ORDER_TYPEHASH,
            orderData: abi.encode(data)
        });
    }

    function _split(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly {
            r := mload(add(signature, 32))
            s := mload(add(signature, 64))
            v := byte(0, mload(add(signature, 96)))
        }
    }

    function test_feeAt_matchesScheduleRule() public pure {
        FeeSchedule memory fee = FeeSchedule({startBps: 5, maxBps: 30, startTime: 1000, endTime: 1100});
        assertEq(MarginOrderLib.feeAt(fee, 0), 5);
        assertEq(MarginOrderLib.feeAt(fee, 1000), 5);
        assertEq(MarginOrderLib.feeAt(fee, 1004), 6);
        assertEq(MarginOrderLib.feeAt(fee, 1050), 17);
        assertEq(MarginOrderLib.feeAt(fee, 1099), 29);
        assertEq(MarginOrderLib.feeAt(fee, 1100), 30);
    }

    function test_fuzz_feeAt_monotoneAndBounded(uint16 a, uint16 b, uint32 start, uint32 span, uint32 t) public pure {
        a = uint16(bound(a, 0, 10_000));
        b = uint16(bound(b, a, 10_000));
        start = uint32(bound(start, 0, type(uint32).max - 1));
        span = uint32(bound(span, 1, type(uint32).max - start));
        FeeSchedule memory fee = FeeSchedule({startBps: a, maxBps: b, startTime: start, endTime: start + span});
        uint256 now_ = MarginOrderLib.feeAt(fee, t);
        assertGe(now_, a);
        assertLe(now_, b);
        assertLe(now_, MarginOrderLib.feeAt(fee, uint256(t) + 1));
    }
}
