// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {GaslessCrossChainOrder} from "../../../src/interfaces/IERC7683.sol";
import {FeeSchedule} from "../../../src/base/MarginOrderTypes.sol";
import {MarginOrderLib} from "../../../src/lib/MarginOrderLib.sol";
import {AttachedTrade, DepositOrder, SolverBid} from "../../../src/v2/base/DepositOrderTypes.sol";
import {DepositOrderLib} from "../../../src/v2/lib/DepositOrderLib.sol";
import {SignatureRule} from "../../../src/v2/lib/SignatureRule.sol";
import {DepositOrderHasher} from "../../util/DepositIntentBuilder.sol";

/// The Solidity encoding of the v2 deposit intent must agree, hash for hash, with the TypeScript
/// intents package: its golden vectors (intents/vectors/v2/types.json and deposits.json, built and
/// checked there), the spec's type strings (docs/protocol-v2.md, copied verbatim), two intents hashed
/// and signed by viem's own `hashStruct`/`hashTypedData`/`signTypedData`, and v1's bid vectors
/// (intents/vectors/bids.json: the SolverBid is unchanged in v2).
contract DepositOrderLibTest is Test {
    using stdJson for string;

    DepositOrderHasher internal hasher = new DepositOrderHasher();

    string internal constant ATTACHED_TRADE =
        "AttachedTrade(string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps)";
    string internal constant DEPOSIT_ORDER =
        "DepositOrder(address token,uint256 amount,uint256 destinationChainId,address engine,address account,string route,FeeSchedule fee,AttachedTrade trade)";
    string internal constant FEE_SCHEDULE =
        "FeeSchedule(uint16 startBps,uint16 maxBps,uint32 startTime,uint32 endTime)";
    string internal constant GASLESS =
        "GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,uint256 originChainId,uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,DepositOrder orderData)";
    string internal constant TOKEN_PERMISSIONS = "TokenPermissions(address token,uint256 amount)";

    address internal constant SIGNER = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266;

    function test_typehashes_matchV2Vectors() public view {
        string memory types = vm.readFile("../intents/vectors/v2/types.json");
        assertEq(DepositOrderLib.ATTACHED_TRADE_TYPEHASH, types.readBytes32(".types.AttachedTrade.typeHash"));
        assertEq(DepositOrderLib.DEPOSIT_ORDER_TYPEHASH, types.readBytes32(".types.DepositOrder.typeHash"));
        assertEq(DepositOrderLib.DEPOSIT_ORDER_TYPEHASH, types.readBytes32(".orderDataType"));
        assertEq(DepositOrderLib.FEE_SCHEDULE_TYPEHASH, types.readBytes32(".types.FeeSchedule.typeHash"));
        assertEq(
            DepositOrderLib.GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
            types.readBytes32(".types.GaslessCrossChainOrder.typeHash")
        );
        assertEq(DepositOrderLib.TOKEN_PERMISSIONS_TYPEHASH, types.readBytes32(".types.TokenPermissions.typeHash"));
        assertEq(
            DepositOrderLib.PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
            types.readBytes32(".types.PermitWitnessTransferFrom.typeHash")
        );
        assertEq(DepositOrderLib.SOLVER_BID_TYPEHASH, types.readBytes32(".types.SolverBid.typeHash"));
        assertEq(DepositOrderLib.SOLVER_BID_DOMAIN_SEPARATOR, types.readBytes32(".solverBidDomain.separator"));
        assertEq(DepositOrderLib.PERMIT2_WITNESS_TYPE_STRING, types.readString(".permit2WitnessTypeString"));
        assertEq(string(DepositOrderLib.DEPOSIT_ORDER_TYPE), types.readString(".types.DepositOrder.typeString"));
        assertEq(string(DepositOrderLib.ATTACHED_TRADE_TYPE), types.readString(".types.AttachedTrade.typeString"));
        assertEq(
            string(DepositOrderLib.GASLESS_CROSS_CHAIN_ORDER_TYPE),
            types.readString(".types.GaslessCrossChainOrder.typeString")
        );
        assertEq(DepositOrderLib.PERMIT2, types.readAddress(".permit2"));
    }

    function test_deposits_matchV2Vectors() public view {
        string memory deposits = vm.readFile("../intents/vectors/v2/deposits.json");
        uint256 checked;
        while (vm.keyExistsJson(deposits, string.concat("$[", vm.toString(checked), "]"))) {
            _checkDepositVector(deposits, string.concat("[", vm.toString(checked), "]"));
            checked++;
        }
        assertGe(checked, 4, "vectors missing");
    }

    function _checkDepositVector(string memory json, string memory at) internal view {
        (GaslessCrossChainOrder memory order, DepositOrder memory data) = _readDeposit(json, at);
        string memory hashes = string.concat(at, ".hashes");
        assertEq(order.orderData, json.readBytes(string.concat(at, ".orderDataAbi")), "orderData bytes");
        assertEq(DepositOrderLib.hash(data.fee), json.readBytes32(string.concat(hashes, ".feeSchedule")), "fee");
        assertEq(DepositOrderLib.hash(data.trade), json.readBytes32(string.concat(hashes, ".attachedTrade")), "trade");
        assertEq(DepositOrderLib.hash(data), json.readBytes32(string.concat(hashes, ".depositOrder")), "deposit");
        assertEq(
            MarginOrderLib.permit2DomainSeparator(order.originChainId),
            json.readBytes32(string.concat(hashes, ".domainSeparator")),
            "domain"
        );
        assertEq(hasher.orderId(order), json.readBytes32(string.concat(at, ".orderId")), "orderId");
        bytes32 digest = hasher.digest(order);
        assertEq(digest, json.readBytes32(string.concat(at, ".digest")), "digest");
        (bytes32 r, bytes32 s, uint8 v) = _split(json.readBytes(string.concat(at, ".document.signature")));
        assertEq(ecrecover(digest, v, r, s), json.readAddress(string.concat(at, ".signer")), "signer");
        assertLe(uint256(s), SignatureRule.HALF_CURVE_ORDER, "low-s");
    }

    function _readDeposit(string memory json, string memory at)
        internal
        pure
        returns (GaslessCrossChainOrder memory order, DepositOrder memory data)
    {
        string memory o = string.concat(at, ".document.order");
        string memory d = string.concat(o, ".orderData");
        data.token = json.readAddress(string.concat(d, ".token"));
        data.amount = vm.parseUint(json.readString(string.concat(d, ".amount")));
        data.destinationChainId = vm.parseUint(json.readString(string.concat(d, ".destinationChainId")));
        data.engine = json.readAddress(string.concat(d, ".engine"));
        data.account = json.readAddress(string.concat(d, ".account"));
        data.route = json.readString(string.concat(d, ".route"));
        data.fee = FeeSchedule({
            startBps: uint16(json.readUint(string.concat(d, ".fee.startBps"))),
            maxBps: uint16(json.readUint(string.concat(d, ".fee.maxBps"))),
            startTime: uint32(json.readUint(string.concat(d, ".fee.startTime"))),
            endTime: uint32(json.readUint(string.concat(d, ".fee.endTime")))
        });
        data.trade = AttachedTrade({
            market: json.readString(string.concat(d, ".trade.market")),
            sizeDelta: vm.parseInt(json.readString(string.concat(d, ".trade.sizeDelta"))),
            limitPrice: vm.parseUint(json.readString(string.concat(d, ".trade.limitPrice"))),
            maxLeverageBps: uint32(json.readUint(string.concat(d, ".trade.maxLeverageBps")))
        });
        order = GaslessCrossChainOrder({
            originSettler: json.readAddress(string.concat(o, ".originSettler")),
            user: json.readAddress(string.concat(o, ".user")),
            nonce: vm.parseUint(json.readString(string.concat(o, ".nonce"))),
            originChainId: vm.parseUint(json.readString(string.concat(o, ".originChainId"))),
            openDeadline: uint32(json.readUint(string.concat(o, ".openDeadline"))),
            fillDeadline: uint32(json.readUint(string.concat(o, ".fillDeadline"))),
            orderDataType: DepositOrderLib.DEPOSIT_ORDER_TYPEHASH,
            orderData: abi.encode(data)
        });
    }

    function test_typeStrings_matchSpec() public pure {
        assertEq(string(DepositOrderLib.ATTACHED_TRADE_TYPE), ATTACHED_TRADE);
        assertEq(string(DepositOrderLib.DEPOSIT_ORDER_TYPE), DEPOSIT_ORDER);
        assertEq(string(DepositOrderLib.GASLESS_CROSS_CHAIN_ORDER_TYPE), GASLESS);
        assertEq(
            DepositOrderLib.PERMIT2_WITNESS_TYPE_STRING,
            string.concat(
                "GaslessCrossChainOrder witness)",
                ATTACHED_TRADE,
                DEPOSIT_ORDER,
                FEE_SCHEDULE,
                GASLESS,
                TOKEN_PERMISSIONS
            )
        );
    }

    function test_typehashes_matchEncodeType() public pure {
        assertEq(DepositOrderLib.ATTACHED_TRADE_TYPEHASH, keccak256(bytes(ATTACHED_TRADE)));
        assertEq(
            DepositOrderLib.DEPOSIT_ORDER_TYPEHASH,
            keccak256(bytes(string.concat(DEPOSIT_ORDER, ATTACHED_TRADE, FEE_SCHEDULE)))
        );
        // The value viem computes for the same encodeType.
        assertEq(
            DepositOrderLib.DEPOSIT_ORDER_TYPEHASH, 0xd6b83266cfe5f6a4b6cf9d5ea78a21ef611105c114dd1b5877f28c3e34fe4a7e
        );
        assertEq(
            DepositOrderLib.GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
            keccak256(bytes(string.concat(GASLESS, ATTACHED_TRADE, DEPOSIT_ORDER, FEE_SCHEDULE)))
        );
        assertEq(
            DepositOrderLib.PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
            keccak256(
                bytes(
                    string.concat(
                        "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,",
                        DepositOrderLib.PERMIT2_WITNESS_TYPE_STRING
                    )
                )
            )
        );
        assertEq(DepositOrderLib.FEE_SCHEDULE_TYPEHASH, keccak256(bytes(FEE_SCHEDULE)));
        assertEq(DepositOrderLib.TOKEN_PERMISSIONS_TYPEHASH, keccak256(bytes(TOKEN_PERMISSIONS)));
    }

    function test_orderIdAndDigest_matchViem_withTrade() public view {
        (GaslessCrossChainOrder memory order, DepositOrder memory data) = _fixture(
            AttachedTrade({market: "ETH-USD", sizeDelta: -5 ether, limitPrice: 3_100 ether, maxLeverageBps: 100_000})
        );
        assertEq(DepositOrderLib.hash(data.trade), 0x3fc6cbfbb1c08dcc227be40a1d1b35d70c4628950c9482c89c02286765289a4a);
        assertEq(DepositOrderLib.hash(data), 0xdf80f8105767fe2f4b6bac3dcf077e3bc3e1591293d97ab99a6023113d9c6f0a);
        _checkOrder(
            order,
            0x9a8feabd267ff2c515abe419eeb2a9b1e848189ead1484967a5147d887109bd9,
            0xb70b06f2fb1ee01833b0f8e4ab0914ab7534d00392a8fff6eae0c488813f5013,
            hex"62232c4b5fba20c4c827d878cfe50b564affcfa4a73b19ac611b96d5c01cb2de771ff59f22a97c403108b71551f62fd327ac562d6b74f82a5386a3f716b228731c"
        );
    }

    function test_orderIdAndDigest_matchViem_withoutTrade() public view {
        (GaslessCrossChainOrder memory order, DepositOrder memory data) =
            _fixture(AttachedTrade({market: "", sizeDelta: 0, limitPrice: 0, maxLeverageBps: 0}));
        assertEq(DepositOrderLib.hash(data.trade), 0xa37958de9732e8d77b64142c77e77e876256a05fc5771a4578e98db4b50bae27);
        assertEq(DepositOrderLib.hash(data), 0x94cf2844d06194c36bb80b8f016e5480b1fb3fca0afa7a39216752f51828c5df);
        _checkOrder(
            order,
            0x24ee3e3f9eeb1e868387c412926e211c4347fb077a9cd45005445eb535a524c2,
            0x098ea4184b63f21eac6c580147ec7bcc4e646221786b30ac6977c67324c2ad91,
            hex"45397f7f3e9fac2d62480f1f4c997852e8d6b9247aa7b03510b102fe099248a12e4323784b6632488ed83dcae42904cbf53cad68e4a0dcfeb8e78cd5568851a91b"
        );
    }

    function test_decode_roundTripsOrderData() public view {
        (GaslessCrossChainOrder memory order, DepositOrder memory data) =
            _fixture(AttachedTrade({market: "BTC-USD", sizeDelta: 1, limitPrice: 1, maxLeverageBps: 10_000}));
        DepositOrder memory decoded = this.decodeExternal(order.orderData);
        assertEq(keccak256(abi.encode(decoded)), keccak256(abi.encode(data)));
    }

    function decodeExternal(bytes calldata orderData) external pure returns (DepositOrder memory) {
        return DepositOrderLib.decode(orderData);
    }

    function test_solverBid_matchesV1Vectors() public view {
        string memory bids = vm.readFile("../intents/vectors/bids.json");
        uint256 checked;
        while (vm.keyExistsJson(bids, string.concat("$[", vm.toString(checked), "]"))) {
            string memory at = string.concat("[", vm.toString(checked), "]");
            SolverBid memory bid = SolverBid({
                orderId: bids.readBytes32(string.concat(at, ".bid.orderId")),
                solver: bids.readAddress(string.concat(at, ".bid.solver")),
                feeBps: uint16(bids.readUint(string.concat(at, ".bid.feeBps"))),
                expiry: uint32(bids.readUint(string.concat(at, ".bid.expiry")))
            });
            assertEq(DepositOrderLib.hash(bid), bids.readBytes32(string.concat(at, ".bidHash")), "bidHash");
            bytes32 digest = DepositOrderLib.bidDigest(bid);
            assertEq(digest, bids.readBytes32(string.concat(at, ".digest")), "digest");
            (bytes32 r, bytes32 s, uint8 v) = _split(bids.readBytes(string.concat(at, ".signature")));
            assertEq(ecrecover(digest, v, r, s), bid.solver, "signer");
            checked++;
        }
        assertGe(checked, 4, "vectors missing");
    }

    function test_isConsistent_acceptsTheTwoForms() public pure {
        assertTrue(DepositOrderLib.isConsistent(AttachedTrade("", 0, 0, 0)));
        assertTrue(DepositOrderLib.isConsistent(AttachedTrade("ETH-USD", -1, 1, 10_000)));
        assertFalse(DepositOrderLib.isConsistent(AttachedTrade("ETH-USD", 0, 0, 0)));
        assertFalse(DepositOrderLib.isConsistent(AttachedTrade("", 0, 1, 0)));
        assertFalse(DepositOrderLib.isConsistent(AttachedTrade("", 0, 0, 1)));
        assertFalse(DepositOrderLib.isConsistent(AttachedTrade("", 1, 1, 10_000)));
        assertFalse(DepositOrderLib.isConsistent(AttachedTrade("ETH-USD", 1, 0, 10_000)));
        assertFalse(DepositOrderLib.isConsistent(AttachedTrade("ETH-USD", 1, 1, 0)));
    }

    function test_fuzz_feeAt_asV1(uint16 a, uint16 b, uint32 start, uint32 span, uint32 t) public pure {
        FeeSchedule memory fee = FeeSchedule({
            startBps: a, maxBps: b, startTime: start, endTime: start + uint32(bound(span, 0, type(uint32).max - start))
        });
        if (!DepositOrderLib.isValidSchedule(fee, type(uint32).max)) return;
        assertEq(DepositOrderLib.feeAt(fee, t), MarginOrderLib.feeAt(fee, t));
    }

    function _checkOrder(GaslessCrossChainOrder memory order, bytes32 orderId, bytes32 digest, bytes memory signature)
        internal
        view
    {
        assertEq(hasher.orderId(order), orderId, "orderId");
        assertEq(hasher.digest(order), digest, "digest");
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        assertEq(ecrecover(digest, v, r, s), SIGNER, "signer");
    }

    /// The intent viem hashed (see the contract's comment).
    function _fixture(AttachedTrade memory trade)
        internal
        pure
        returns (GaslessCrossChainOrder memory order, DepositOrder memory data)
    {
        data = DepositOrder({
            token: 0x5FbDB2315678afecb367f032d93F642f64180aa3,
            amount: 2 ether,
            destinationChainId: 31338,
            engine: 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512,
            account: SIGNER,
            route: "hyperlane",
            fee: FeeSchedule({startBps: 2, maxBps: 30, startTime: 1_800_000_000, endTime: 1_800_000_120}),
            trade: trade
        });
        order = GaslessCrossChainOrder({
            originSettler: 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0,
            user: SIGNER,
            nonce: 7,
            originChainId: 31337,
            openDeadline: 1_800_000_060,
            fillDeadline: 1_800_000_300,
            orderDataType: DepositOrderLib.DEPOSIT_ORDER_TYPEHASH,
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
}
