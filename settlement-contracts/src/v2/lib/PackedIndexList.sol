// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PackedIndexList
/// @notice A set of up to 8 one-byte indexes (1…255) packed into a uint64, from the low byte up with
/// no gaps: an account's collaterals or markets live in its header slot instead of slots of their own.
library PackedIndexList {
    uint256 internal constant MAX = 8;

    error ListFull();

    function length(uint64 list) internal pure returns (uint256 n) {
        while (n < MAX && uint8(list >> (8 * n)) != 0) ++n;
    }

    function at(uint64 list, uint256 i) internal pure returns (uint8) {
        return uint8(list >> (8 * i));
    }

    function contains(uint64 list, uint8 index) internal pure returns (bool) {
        for (uint256 i; i < MAX; ++i) {
            uint8 entry = uint8(list >> (8 * i));
            if (entry == index) return true;
            if (entry == 0) return false;
        }
        return false;
    }

    /// @dev Appends `index` unless present; reverts ListFull when 8 are held.
    function add(uint64 list, uint8 index) internal pure returns (uint64) {
        for (uint256 i; i < MAX; ++i) {
            uint8 entry = uint8(list >> (8 * i));
            if (entry == index) return list;
            if (entry == 0) return list | (uint64(index) << uint64(8 * i));
        }
        revert ListFull();
    }

    /// @dev Removes `index` (if present) by moving the last entry into its place.
    function remove(uint64 list, uint8 index) internal pure returns (uint64) {
        uint256 n = length(list);
        for (uint256 i; i < n; ++i) {
            if (uint8(list >> (8 * i)) != index) continue;
            uint64 last = (list >> uint64(8 * (n - 1))) & 0xff;
            list &= ~(uint64(0xff) << uint64(8 * (n - 1)));
            if (i != n - 1) list = (list & ~(uint64(0xff) << uint64(8 * i))) | (last << uint64(8 * i));
            return list;
        }
        return list;
    }
}
