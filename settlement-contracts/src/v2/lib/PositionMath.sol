// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {RiskMath} from "../../lib/RiskMath.sol";

/// @title PositionMath
/// @notice A trade applied to a net position with an average entry: growing averages the entry,
/// reducing realises PnL on the part closed at the old entry, crossing zero closes and opens the rest
/// at the fill price.
library PositionMath {
    struct Change {
        int256 size;
        uint256 entryPrice;
        /// @dev Realised PnL of the part closed (wad USD).
        int256 realisedPnl;
        /// @dev Whether the trade grew the position or opened one the other way (the margin checks run).
        bool addsRisk;
    }

    function afterTrade(int256 size, uint256 entry, int256 sizeDelta, uint256 price)
        internal
        pure
        returns (Change memory c)
    {
        c.size = size + sizeDelta;
        uint256 held = abs(size);
        uint256 traded = abs(sizeDelta);
        if (size == 0 || (size > 0) == (sizeDelta > 0)) {
            c.addsRisk = true;
            // The average entry rounds against the trader: up for a long, down for a short.
            c.entryPrice = Math.mulDiv(
                held * entry + traded * price,
                1,
                held + traded,
                size >= 0 && sizeDelta > 0 ? Math.Rounding.Ceil : Math.Rounding.Floor
            );
            return c;
        }
        c.realisedPnl = RiskMath.pnl(size > 0, Math.min(held, traded), entry, price);
        if (c.size == 0) return c;
        if ((c.size > 0) == (size > 0)) {
            c.entryPrice = entry;
        } else {
            c.entryPrice = price;
            c.addsRisk = true;
        }
    }

    /// @dev Signed size × price (wad): a position's contribution to its market's cost basis.
    function basis(int256 size, uint256 price) internal pure returns (int256) {
        int256 value = int256(RiskMath.notional(abs(size), price));
        return size >= 0 ? value : -value;
    }

    function abs(int256 value) internal pure returns (uint256) {
        return value >= 0 ? uint256(value) : uint256(-value);
    }
}
