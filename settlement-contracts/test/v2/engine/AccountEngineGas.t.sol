// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {GaslessCrossChainOrder} from "../../../src/interfaces/IERC7683.sol";
import {Trade, Withdraw} from "../../../src/v2/base/AccountTypes.sol";
import {AttachedTrade} from "../../../src/v2/base/DepositOrderTypes.sol";
import {DepositIntentBuilder, DepositOrderHasher} from "../../util/DepositIntentBuilder.sol";
import {EngineHarness} from "./EngineHarness.sol";

/// Gas of the engine's hot paths, written to snapshots/engine-v2.json (checked like GasTest's). Each
/// signed action is submitted by a relayer for a fee, with a MockPyth update of the market's price in
/// the same call, as the only call of its test (so nothing is warm that a real transaction would find
/// cold); the withdrawal's RELEASE goes through Hyperlane's real Mailbox and MerkleTreeHook.
/// Steady state: the trader's nonce word and the relayer's cash are already non-zero (the very first
/// action of an account, or the first fee of a relayer, writes a fresh slot: ≈ 17k more each).
abstract contract EngineGasBase is EngineHarness {
    Trade internal pendingTrade;
    Withdraw internal pendingWithdrawal;
    bytes internal pendingSignature;
    bytes[] internal pendingUpdate;

    function setUp() public virtual override {
        super.setUp();
        _deposit(trader, 2 ether);
        // A profitable round trip: the account has cash (so a withdrawal owes no debt), a used nonce
        // word, and the relayer some cash of its own.
        _relay(_trade(1 ether, 3_100 ether, 30_000), 0.1e6);
        _movePrice(3_300);
        _relay(_trade(-1 ether, 3_200 ether, 30_000), 0.1e6);
        // Another account keeps the market's state slot non-zero.
        _deposit(makeAddr("other"), 1 ether);
        vm.prank(makeAddr("other"));
        engine.trade("ETH-USD", 0.1 ether, 3_400 ether, 30_000, _noUpdate());
    }

    function _prepare(Trade memory t) internal {
        skip(1);
        pendingTrade = t;
        pendingSignature = _sign(t);
        pendingUpdate = _priceUpdate(ETH_FEED, 3_300 + block.timestamp % 7);
    }

    function _prepare(Withdraw memory w) internal {
        skip(1);
        pendingWithdrawal = w;
        pendingSignature = _sign(w);
        pendingUpdate = _priceUpdate(ETH_FEED, 3_300 + block.timestamp % 7);
    }

    function _submitTrade(string memory name) internal returns (uint256 gas) {
        vm.prank(relayer);
        engine.tradeFor(pendingTrade, pendingSignature, 0.1e6, pendingUpdate);
        gas = VMX.snapshotGasLastCall("engine-v2", name);
        console.log(name, gas);
    }
}

contract AccountEngineGasOpenTest is EngineGasBase {
    function setUp() public override {
        super.setUp();
        _prepare(_trade(1 ether, 3_400 ether, 30_000));
    }

    function test_gas_tradeForOpen() public {
        uint256 gas = _submitTrade("tradeFor open (signature, Pyth update, relayer fee, trading fee, margin)");
        assertLe(gas, 150_000, "the v2 goal for a signed open (v1's fill: 566k)");
    }
}

contract AccountEngineGasGrowTest is EngineGasBase {
    function setUp() public override {
        super.setUp();
        _relay(_trade(1 ether, 3_400 ether, 30_000), 0.1e6);
        _prepare(_trade(1 ether, 3_400 ether, 30_000));
    }

    function test_gas_tradeForGrow() public {
        _submitTrade("tradeFor grow (as open, onto a position)");
    }
}

contract AccountEngineGasCloseTest is EngineGasBase {
    function setUp() public override {
        super.setUp();
        _relay(_trade(2 ether, 3_400 ether, 30_000), 0.1e6);
        _prepare(_trade(-2 ether, 3_200 ether, 0));
    }

    function test_gas_tradeForClose() public {
        _submitTrade("tradeFor close (realised PnL to cash; the relayer fee, owed, checked against initial margin)");
    }
}

contract AccountEngineGasWithdrawTest is EngineGasBase {
    function setUp() public override {
        super.setUp();
        _relay(_trade(1 ether, 3_400 ether, 30_000), 0.1e6);
        _prepare(_withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether));
    }

    function test_gas_withdrawForWithPosition() public {
        vm.prank(relayer);
        engine.withdrawFor(pendingWithdrawal, pendingSignature, 0.1e6, pendingUpdate);
        string memory name = "withdrawFor, a position open (fresh prices, margin, RELEASE over Hyperlane)";
        console.log(name, VMX.snapshotGasLastCall("engine-v2", name));
    }
}

/// The same withdrawal once the engine's channel to the origin is in use (an earlier RELEASE went over
/// it): the steady state, without the Mailbox's and the Merkle tree's first writes.
contract AccountEngineGasWithdrawWarmChannelTest is EngineGasBase {
    function setUp() public override {
        super.setUp();
        _relay(_trade(1 ether, 3_400 ether, 30_000), 0.1e6);
        _relay(_withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether), 0.1e6);
        _prepare(_withdrawal(ORIGIN_CHAIN_ID, weth, 0.1 ether));
    }

    function test_gas_withdrawForOnAChannelInUse() public {
        vm.prank(relayer);
        engine.withdrawFor(pendingWithdrawal, pendingSignature, 0.1e6, pendingUpdate);
        string memory name = "withdrawFor, a position open, on a channel in use (the steady state)";
        console.log(name, VMX.snapshotGasLastCall("engine-v2", name));
    }
}

/// A solver fronts a 2 WETH deposit's 1 ETH long: the trader's ECDSA Permit2-witness signature, a Pyth
/// update, the front pulled in settlement tokens (the engine's first outstanding front: its token
/// balance and the account's fronted total are fresh slots), the trade judged on the deposit alone,
/// and FILLED over Hyperlane's real Mailbox.
contract AccountEngineGasFillTest is EngineGasBase {
    GaslessCrossChainOrder internal pendingOrder;
    address internal filler = makeAddr("filler");
    DepositOrderHasher internal orderHasher = new DepositOrderHasher();

    function setUp() public virtual override {
        super.setUp();
        usd.mint(filler, 1_000_000e6);
        vm.prank(filler);
        usd.approve(address(engine), type(uint256).max);
        _prepareFill(1);
    }

    function _prepareFill(uint256 nonce) internal {
        skip(1);
        DepositIntentBuilder.Terms memory t = DepositIntentBuilder.defaults(vault, address(engine), trader, weth, nonce);
        t.trade =
            AttachedTrade({market: "ETH-USD", sizeDelta: 1 ether, limitPrice: 3_400 ether, maxLeverageBps: 30_000});
        (pendingOrder,) = DepositIntentBuilder.build(t, block.timestamp);
        pendingSignature = DepositIntentBuilder.sign(vm, orderHasher, TRADER_KEY, pendingOrder);
        pendingUpdate = _priceUpdate(ETH_FEED, 3_300 + block.timestamp % 7);
    }

    function _submitFill(string memory name) internal {
        vm.prank(filler);
        engine.fillDeposit(pendingOrder, pendingSignature, pendingUpdate);
        console.log(name, VMX.snapshotGasLastCall("engine-v2", name));
    }

    function test_gas_fillDeposit() public virtual {
        _submitFill("fillDeposit (ECDSA, Pyth update, front in, trade on the deposit alone, FILLED over Hyperlane)");
    }
}

/// The same fill when another front of the account is outstanding and the engine already sent FILLED
/// to that vault (the Hyperlane channel and the engine's token balance are warm).
contract AccountEngineGasFillAgainTest is AccountEngineGasFillTest {
    function setUp() public override {
        super.setUp();
        vm.prank(filler);
        engine.fillDeposit(pendingOrder, pendingSignature, pendingUpdate);
        _prepareFill(2);
    }

    function test_gas_fillDeposit() public override {
        _submitFill("fillDeposit, a later one (the FILLED channel and the fronts' balances already in use)");
    }
}

/// The engine and its linked libraries stay at least 10% under EIP-170's 24,576 bytes, leaving room for
/// liquidation and the rest (forge's `--sizes` only warns).
contract AccountEngineSizeTest is EngineHarness {
    uint256 internal constant TEN_PERCENT_UNDER_EIP170 = 22_118;

    function test_codeSize_tenPercentUnderEip170() public view {
        assertLe(address(engine).code.length, TEN_PERCENT_UNDER_EIP170, "AccountEngine");
    }
}
