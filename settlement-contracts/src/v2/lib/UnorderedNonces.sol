// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccountEngine} from "../interfaces/IAccountEngine.sol";

/// @title UnorderedNonces
/// @notice Permit2's unordered nonces: any unused nonce, once, in any order. Nonce `n` is bit `n & 255`
/// of word `n >> 8`, so a wallet that counts up spends one fresh slot per 256 actions.
library UnorderedNonces {
    /// @dev Marks `nonce` used; reverts NonceUsed if it already was.
    function use(mapping(uint256 => uint256) storage words, address account, uint256 nonce) internal {
        uint256 bit = 1 << (nonce & 0xff);
        uint256 word = words[nonce >> 8];
        if (word & bit != 0) revert IAccountEngine.NonceUsed(account, nonce);
        words[nonce >> 8] = word | bit;
    }

    function isUsed(mapping(uint256 => uint256) storage words, uint256 nonce) internal view returns (bool) {
        return words[nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }
}
