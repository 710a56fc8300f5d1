// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @title SignatureRule
/// @notice The one signature rule of protocol v2, the same on every chain (docs/protocol-v2.md): a
/// signer with code answers ERC-1271; any other signer gives exactly 65 bytes `r ‖ s ‖ v` with
/// `v ∈ {27, 28}` and `s` in the lower half of the curve order (EIP-2), recovering to itself. Permit2
/// alone also takes high-s and 64-byte compact signatures; a rule that differs between the chains lets
/// a trader sign what one chain accepts and the other refuses, and have the solver slashed for it.
library SignatureRule {
    /// @dev secp256k1n / 2.
    uint256 internal constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    error SignatureLength(uint256 length);
    error SignatureHighS(bytes32 s);
    error SignatureV(uint8 v);
    error SignerMismatch(address recovered, address expected);
    error ContractSignatureRefused(address signer);

    /// @notice Reverts unless `signature` is `signer`'s over `digest` by the rule: ERC-1271 when the
    /// signer has code, ECDSA otherwise.
    function check(address signer, bytes32 digest, bytes memory signature) internal view {
        if (signer.code.length == 0) return checkEcdsa(signer, digest, signature);
        (bool ok, bytes memory answer) =
            signer.staticcall(abi.encodeCall(IERC1271.isValidSignature, (digest, signature)));
        if (!ok || answer.length < 32 || abi.decode(answer, (bytes4)) != IERC1271.isValidSignature.selector) {
            revert ContractSignatureRefused(signer);
        }
    }

    /// @notice Reverts unless `signature` is a 65-byte, low-s ECDSA signature of `signer` over `digest`.
    /// @dev For a signature another chain already checked as ECDSA (a frontable deposit): the signer's
    /// code here (an EIP-7702 delegation on this chain only) must not change the verdict.
    function checkEcdsa(address signer, bytes32 digest, bytes memory signature) internal pure {
        (bytes32 r, bytes32 s, uint8 v) = checkEcdsaForm(signature);
        address recovered = ecrecover(digest, v, r, s);
        if (recovered == address(0) || recovered != signer) revert SignerMismatch(recovered, signer);
    }

    /// @notice Reverts unless `signature` has the rule's ECDSA form: 65 bytes, low-s, `v ∈ {27, 28}`.
    /// @dev Enough on its own where a verifier that recovers the signer from the same digest follows
    /// (Permit2 for a signer without code: `ecrecover`, then signer == owner), which then completes
    /// `checkEcdsa` without a second recovery.
    function checkEcdsaForm(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        if (signature.length != 65) revert SignatureLength(signature.length);
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        if (uint256(s) > HALF_CURVE_ORDER) revert SignatureHighS(s);
        if (v != 27 && v != 28) revert SignatureV(v);
    }
}
