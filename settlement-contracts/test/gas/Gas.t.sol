// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISignatureTransfer} from "permit2/src/interfaces/ISignatureTransfer.sol";
import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {AccountEngine} from "../../src/v2/AccountEngine.sol";
import {AccountVault} from "../../src/v2/AccountVault.sol";
import {AccountLens} from "../../src/v2/lens/AccountLens.sol";
import {AccountDebt} from "../../src/v2/lib/AccountDebt.sol";
import {AccountDeposits} from "../../src/v2/lib/AccountDeposits.sol";
import {AccountLiquidation} from "../../src/v2/lib/AccountLiquidation.sol";
import {AccountPoolClaim} from "../../src/v2/lib/AccountPoolClaim.sol";
import {AccountRisk} from "../../src/v2/lib/AccountRisk.sol";
import {AccountTrading} from "../../src/v2/lib/AccountTrading.sol";
import {XmarginHarness} from "../util/XmarginHarness.sol";

/// Cheatcodes newer than the bundled forge-std's Vm interface (forge 1.x has them).
interface VmGas {
    function snapshotGasLastCall(string calldata group, string calldata name) external returns (uint256);
}

/// Gas of the hot paths, written to snapshots/GasTest.json and checked in CI (FORGE_SNAPSHOT_CHECK).
/// Each includes its cross-chain message through Hyperlane's real Mailbox and MerkleTreeHook.
contract GasTest is XmarginHarness {
    VmGas internal constant GAS = VmGas(address(uint160(uint256(keccak256("hevm cheat code")))));

    function test_gas_openForFillAndSettle() public {
        (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId) = _sign(_terms());
        onOrigin();
        vm.prank(solver);
        vault.openFor(order, signature, "");
        GAS.snapshotGasLastCall("settlement", "openFor (Permit2 witness transfer + Locked message)");

        onDestination();
        vm.prank(solver);
        engine.fill(orderId, abi.encode(order), abi.encode(signature, uint16(2), new bytes[](0)));
        GAS.snapshotGasLastCall("settlement", "fill (signature, oracle, front + Filled message)");
        onOrigin();
    }

    /// The messaging share of both: one first message on a new channel (what `openFor` sends).
    function test_gas_hyperlaneMessage() public {
        onOrigin();
        bytes memory payload = new bytes(161); // the size of a `Locked` payload
        vm.prank(address(vault));
        primaryRoute.originMessenger.sendMessage(DESTINATION_CHAIN_ID, address(engine), payload);
        GAS.snapshotGasLastCall("settlement", "Hyperlane message, first on its channel (part of both above)");
    }
}

/// Every deployed contract must fit EIP-170's limit, or no public chain accepts it (forge's
/// `--sizes` only warns). The engine is the one close to it.
contract CodeSizeTest is XmarginHarness {
    uint256 internal constant EIP170_LIMIT = 24_576;

    function test_codeSize_withinEip170() public view {
        assertLe(address(engine).code.length, EIP170_LIMIT, "MarginEngine");
        assertLe(address(vault).code.length, EIP170_LIMIT, "CollateralVault");
        assertLe(address(engine.VERIFIER()).code.length, EIP170_LIMIT, "IntentVerifier");
        assertLe(address(primaryRoute.originMessenger).code.length, EIP170_LIMIT, "HyperlaneMessenger");
        assertLe(address(pool).code.length, EIP170_LIMIT, "LiquidityPool");
    }

    /// Protocol v2's contracts keep 10% of the limit free, room for the fixes an audit brings.
    function test_codeSize_v2WithinEip170WithHeadroom() public {
        AccountVault accountVault = new AccountVault(address(this), ISignatureTransfer(address(0)), registry, SLASH);
        assertLe(address(accountVault).code.length, (EIP170_LIMIT * 9) / 10, "AccountVault");
        AccountEngine accountEngine = new AccountEngine(address(this), IERC20(address(1)), 6, IPriceOracle(address(2)));
        _assertHeadroom(address(accountEngine), "AccountEngine");
        _assertHeadroom(address(new AccountLens(accountEngine)), "AccountLens");
        // The engine's logic libraries, linked at deploy.
        _assertHeadroom(address(AccountDeposits), "AccountDeposits");
        _assertHeadroom(address(AccountTrading), "AccountTrading");
        _assertHeadroom(address(AccountRisk), "AccountRisk");
        _assertHeadroom(address(AccountLiquidation), "AccountLiquidation");
        _assertHeadroom(address(AccountDebt), "AccountDebt");
        _assertHeadroom(address(AccountPoolClaim), "AccountPoolClaim");
    }

    function _assertHeadroom(address deployed, string memory name) internal view {
        assertGt(deployed.code.length, 0, name);
        assertLe(deployed.code.length, (EIP170_LIMIT * 9) / 10, name);
    }
}
