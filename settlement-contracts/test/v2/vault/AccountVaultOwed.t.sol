// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccountVault} from "../../../src/v2/interfaces/IAccountVault.sol";
import {AccountVaultHarness} from "../../util/AccountVaultHarness.sol";
import {BlacklistToken} from "../../util/BlacklistToken.sol";
import {DepositIntentBuilder} from "../../util/DepositIntentBuilder.sol";
import {Permit2Deployer} from "../../util/Permit2Deployer.sol";

/// A recipient the token refuses (USDC's blacklist) never blocks an engine message: the refund, fee,
/// release or seizure is owed instead, and the recipient claims it to another address. Before, a
/// blacklisted trader made its order's EXPIRED revert forever, locking the opener's reservation.
contract AccountVaultOwedTest is AccountVaultHarness {
    BlacklistToken internal usdc;
    address internal elsewhere = makeAddr("elsewhere");

    function setUp() public override {
        super.setUp();
        usdc = new BlacklistToken("USDC", 6);
        vault.setCollateral(DESTINATION_CHAIN_ID, address(usdc), true);
        usdc.mint(trader, 10_000e6);
        vm.prank(trader);
        usdc.approve(Permit2Deployer.PERMIT2, type(uint256).max);
    }

    function _usdcTerms() internal returns (DepositIntentBuilder.Terms memory t) {
        t = _terms();
        t.token = address(usdc);
        t.amount = 1_000e6;
    }

    function test_expired_refundToABlockedTraderIsOwedAndTheSlashStillLands() public {
        bytes32 orderId = _open(_usdcTerms(), 2);
        usdc.setBlocked(trader, true);
        uint256 reservedBefore = registry.reserved(solver);

        vm.expectEmit(true, true, false, true, address(vault));
        emit IAccountVault.PaymentOwed(trader, address(usdc), 1_000e6);
        _deliver(_expiredMsg(orderId));

        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Refunded));
        assertEq(vault.owed(trader, address(usdc)), 1_000e6, "the refund waits for the trader");
        assertEq(registry.reserved(solver), reservedBefore - SLASH, "the opener's reservation is not stuck");

        vm.prank(trader);
        vault.claimOwed(address(usdc), elsewhere);
        assertEq(usdc.balanceOf(elsewhere), 1_000e6, "claimed to an address the token accepts");
        assertEq(vault.owed(trader, address(usdc)), 0);
    }

    function test_filled_feeToABlockedFillerIsOwed() public {
        bytes32 orderId = _open(_usdcTerms(), 2);
        usdc.setBlocked(otherSolver, true);
        _deliver(_filledMsg(orderId, otherSolver));
        assertEq(uint8(vault.orderOf(orderId).status), uint8(IAccountVault.Status.Settled));
        assertEq(vault.owed(otherSolver, address(usdc)), 1_000e6 * 2 / 10_000);
    }

    function test_claimOwed_revertWhenNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(IAccountVault.NothingOwed.selector, trader, address(usdc)));
        vm.prank(trader);
        vault.claimOwed(address(usdc), elsewhere);
    }
}
