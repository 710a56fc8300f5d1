// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {Trade, Withdraw} from "../../../src/v2/base/AccountTypes.sol";
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
        _submitTrade("tradeFor close (realised PnL to cash, no margin check)");
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

/// The engine and its linked libraries stay at least 10% under EIP-170's 24,576 bytes, leaving room for
/// liquidation and the rest (forge's `--sizes` only warns).
contract AccountEngineSizeTest is EngineHarness {
    uint256 internal constant TEN_PERCENT_UNDER_EIP170 = 22_118;

    function test_codeSize_tenPercentUnderEip170() public view {
        assertLe(address(engine).code.length, TEN_PERCENT_UNDER_EIP170, "AccountEngine");
    }
}
