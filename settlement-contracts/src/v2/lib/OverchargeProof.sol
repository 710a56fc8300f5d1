// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISolverRegistry} from "../../interfaces/ISolverRegistry.sol";
import {SolverBid} from "../base/DepositOrderTypes.sol";
import {IAccountVault} from "../interfaces/IAccountVault.sol";
import {AccountMessages, DepositTerms} from "./AccountMessages.sol";
import {DepositOrderLib} from "./DepositOrderLib.sol";
import {SignatureRule} from "./SignatureRule.sol";

/// @title OverchargeProof
/// @notice The binding-bid rule's on-chain half (docs/protocol-v2.md "Binding bids"): the opener's own
/// signed bid for the order, unexpired when it opened and below the fee it charged, slashes the
/// opener once, the victim share to the trader. Linked by the AccountVault (a cold path kept out of
/// its code).
library OverchargeProof {
    function prove(
        IAccountVault.Order storage o,
        ISolverRegistry registry,
        uint256 slashAmount,
        SolverBid calldata bid,
        bytes calldata signature,
        DepositTerms calldata terms
    ) external {
        if (o.status == IAccountVault.Status.None) {
            revert IAccountVault.OrderNotOpened(bid.orderId);
        }
        if (o.termsHash != AccountMessages.termsHash(terms)) revert IAccountVault.TermsMismatch(bid.orderId);
        if (bid.solver != o.opener) revert IAccountVault.NotOpener(bid.solver, o.opener);
        if (bid.expiry < o.openedAt) revert IAccountVault.BidExpired(bid.expiry, o.openedAt);
        if (bid.feeBps >= o.feeBps) revert IAccountVault.NoOvercharge(bid.feeBps, o.feeBps);
        if (o.overchargeProven) revert IAccountVault.OverchargeAlreadyProven(bid.orderId);
        _checkBid(bid, signature);
        o.overchargeProven = true;
        uint256 slashed = registry.slash(o.opener, slashAmount, terms.user, bid.orderId);
        emit IAccountVault.OverchargeProven(bid.orderId, o.opener, bid.feeBps, o.feeBps, slashed);
    }

    /// @dev A bid is the solver's if its key signed it by the rule's ECDSA form, or, when the solver has
    /// code, if its ERC-1271 answer says so. Nodes check bids by ECDSA; an EIP-7702 delegation set after
    /// bidding would otherwise turn the check into ERC-1271 alone and let the delegate disown the bid.
    /// Only the solver's key can make such a signature, so accepting it slashes nobody who did not bid.
    function _checkBid(SolverBid calldata bid, bytes calldata signature) private view {
        bytes32 digest = DepositOrderLib.bidDigest(bid);
        if (bid.solver.code.length != 0 && _isRuleEcdsa(bid.solver, digest, signature)) return;
        SignatureRule.check(bid.solver, digest, signature);
    }

    /// @dev SignatureRule.checkEcdsa's test, as a boolean: 65 bytes, low-s, v ∈ {27, 28}, recovers to signer.
    function _isRuleEcdsa(address signer, bytes32 digest, bytes calldata signature) private pure returns (bool) {
        if (signature.length != 65) return false;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > SignatureRule.HALF_CURVE_ORDER || (v != 27 && v != 28)) return false;
        address recovered = ecrecover(digest, v, r, s);
        return recovered != address(0) && recovered == signer;
    }
}
