// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GaslessCrossChainOrder} from "../../../src/interfaces/IERC7683.sol";
import {IMessenger} from "../../../src/interfaces/IMessenger.sol";
import {AccountMessages} from "../../../src/v2/lib/AccountMessages.sol";
import {AccountVaultHarness} from "../../util/AccountVaultHarness.sol";
import {DepositIntentBuilder} from "../../util/DepositIntentBuilder.sol";
import {Permit2Deployer} from "../../util/Permit2Deployer.sol";

/// Cheatcodes newer than the bundled forge-std's Vm interface (forge 1.x has them).
interface VmGas {
    function snapshotGasLastCall(string calldata group, string calldata name) external returns (uint256);
    function cool(address target) external;
}

/// A messenger that sends nothing: what openFor costs without its cross-chain message.
contract NullMessenger {
    function sendMessage(uint256, address, bytes calldata) external payable returns (bytes32) {
        return bytes32(0);
    }
}

/// Gas of the v2 vault's hot path, written to snapshots/accountVault.json: a trader's first deposit
/// (cold account, cold reservation), with the DEPOSITED message through Hyperlane's real Mailbox and
/// MerkleTreeHook, and without it.
contract AccountVaultGasTest is AccountVaultHarness {
    VmGas internal constant GAS = VmGas(address(uint160(uint256(keccak256("hevm cheat code")))));

    function test_gas_openForFrontable() public {
        _openAndSnapshot(_terms(), "openFor frontable (signature rule, Permit2, reservation, Open, DEPOSITED)");
    }

    function test_gas_openForWithoutTrade() public {
        _openAndSnapshot(
            DepositIntentBuilder.withoutTrade(_terms()),
            "openFor without trade (signature rule, Permit2, fee paid, Open, DEPOSITED)"
        );
    }

    function test_gas_openForFrontableWithoutMessage() public {
        vault.setRoute("null", _route(IMessenger(address(new NullMessenger())), IMessenger(address(0))));
        DepositIntentBuilder.Terms memory terms = _terms();
        terms.route = "null";
        _openAndSnapshot(terms, "openFor frontable, no message (signature rule, Permit2, reservation, Open)");
    }

    /// The same trader's next deposit: its account's slot and the messenger channel are warm.
    function test_gas_openForFrontableNextDeposit() public {
        DepositIntentBuilder.Terms memory terms = _terms();
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        vm.prank(otherSolver);
        vault.openFor(order, signature, abi.encode(uint16(2)));
        _coolEverything();
        _openAndSnapshot(
            _terms(), "openFor frontable, the account's next deposit (a channel in use, its own transaction)"
        );
    }

    /// The steady state a network runs in: a new trader's first deposit (its held balance and Permit2
    /// nonce word are fresh) through a solver that has opened before, on a channel already in use.
    function test_gas_openForFrontableNewTraderWarmSolverAndChannel() public {
        _open(_terms(), 2);
        uint256 newKey = 0xB0B;
        address newTrader = vm.addr(newKey);
        weth.mint(newTrader, 10 ether);
        vm.prank(newTrader);
        weth.approve(Permit2Deployer.PERMIT2, type(uint256).max);
        DepositIntentBuilder.Terms memory terms =
            DepositIntentBuilder.defaults(address(vault), address(engine), newTrader, address(weth), 1);
        (GaslessCrossChainOrder memory order,) = DepositIntentBuilder.build(terms, block.timestamp);
        bytes memory signature = DepositIntentBuilder.sign(vm, hasher, newKey, order);
        _coolEverything();
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(uint16(2)));
        GAS.snapshotGasLastCall(
            "accountVault",
            "openFor frontable, a new trader (a solver that opened before, a channel in use, its own transaction)"
        );
    }

    /// @dev As a transaction of its own sees them: every contract of the path and its storage cold
    /// (a forge test is one transaction, so what an earlier call touched would otherwise stay warm).
    function _coolEverything() internal {
        GAS.cool(address(vault));
        GAS.cool(address(registry));
        GAS.cool(Permit2Deployer.PERMIT2);
        GAS.cool(address(weth));
        GAS.cool(address(primaryRoute.originMessenger));
        GAS.cool(address(originChain.mailbox));
        GAS.cool(address(originChain.merkleTreeHook));
        GAS.cool(address(originChain.defaultHook));
    }

    /// The vault's side of each engine message, as the messenger hands it over (Hyperlane's own
    /// verification and the adapter come on top: see snapshots/settlement.json).
    function test_gas_receiveMessage() public {
        bytes32 orderId = _open(_terms(), 2);
        _deliverAndSnapshot(_filledMsg(orderId, otherSolver), "receiveMessage FILLED (fee, release)");
        orderId = _open(_terms(), 2);
        _deliverAndSnapshot(_expiredMsg(orderId), "receiveMessage EXPIRED (refund, slashReserved)");
        address to = makeAddr("to");
        _deliverAndSnapshot(
            AccountMessages.release(bytes32("w1"), trader, address(weth), 1 ether, to, 0), "receiveMessage RELEASE"
        );
        vm.prank(otherSolver);
        vault.frontWithdrawal(bytes32("w2"), DESTINATION_CHAIN_ID, trader, address(weth), 0.5 ether, to, 10, 10);
        GAS.snapshotGasLastCall("accountVault", "frontWithdrawal");
        _deliverAndSnapshot(
            AccountMessages.release(bytes32("w2"), trader, address(weth), 0.5 ether, to, 10),
            "receiveMessage RELEASE of a fronted withdrawal"
        );
    }

    function _deliverAndSnapshot(bytes memory payload, string memory name) internal {
        _deliver(payload);
        GAS.snapshotGasLastCall("accountVault", name);
    }

    function _openAndSnapshot(DepositIntentBuilder.Terms memory terms, string memory name) internal {
        (GaslessCrossChainOrder memory order, bytes memory signature,) = _sign(terms);
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(uint16(2)));
        GAS.snapshotGasLastCall("accountVault", name);
    }
}
