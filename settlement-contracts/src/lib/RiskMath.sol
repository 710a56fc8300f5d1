// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RiskMath
/// @notice Pure margin maths of the engine. Values are 18-decimal USD ("wad"); sizes are 18-decimal
/// base units; rates are basis points.
library RiskMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    /// @notice Profit (positive) or loss of `size` opened at `entry`, marked at `mark`.
    function pnl(bool isLong, uint256 size, uint256 entry, uint256 mark) internal pure returns (int256) {
        int256 move = int256(mark) - int256(entry);
        int256 value = int256(Math.mulDiv(size, Math.max(mark, entry) - Math.min(mark, entry), WAD));
        return (move >= 0) == isLong ? value : -value;
    }

    function notional(uint256 size, uint256 price) internal pure returns (uint256) {
        return Math.mulDiv(size, price, WAD);
    }

    /// @notice The latency buffer, in basis points of notional:
    /// `z · σ · √(T_detect + T_exec + T_message + T_seize)`, with σ the market's volatility in bps per
    /// √hour and z given ×100. The price may move this far, with confidence z, between the moment a
    /// position becomes liquidatable and the moment its remote collateral is seized on the other chain.
    /// @param zX100 The confidence multiplier ×100 (3.00 → 300).
    /// @param volBpsPerSqrtHour The market's volatility, bps per √hour (ETH ≈ 80).
    /// @param latencySeconds T_detect + T_exec + T_message + T_seize.
    function latencyBufferBps(uint256 zX100, uint256 volBpsPerSqrtHour, uint256 latencySeconds)
        internal
        pure
        returns (uint256)
    {
        // √(t / 3600 h) = √t / 60; × z/100 → divide by 6,000, rounding up (the conservative side).
        return Math.mulDiv(zX100 * volBpsPerSqrtHour, Math.sqrt(latencySeconds, Math.Rounding.Ceil), 6_000, Math.Rounding.Ceil);
    }

    /// @notice Fill price after skew impact (Synthetix-style premium): the oracle price moved by the
    /// average of the skew before and after the trade over `skewScale`, so a trade that deepens the
    /// imbalance pays, and one that reduces it is paid.
    function fillPrice(uint256 oraclePrice, int256 skewBefore, int256 sizeDelta, uint256 skewScale)
        internal
        pure
        returns (uint256)
    {
        if (skewScale == 0) return oraclePrice;
        int256 averageSkew = skewBefore + sizeDelta / 2;
        int256 premium = (int256(oraclePrice) * averageSkew) / int256(skewScale);
        int256 price = int256(oraclePrice) + premium;
        return price > 0 ? uint256(price) : 1;
    }

    /// @notice Collateral `amount` (in `decimals`) valued at `price` less a haircut.
    function collateralValue(uint256 amount, uint8 decimals, uint256 price, uint256 haircutBps)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(Math.mulDiv(amount, price, 10 ** decimals), BPS - haircutBps, BPS);
    }

    /// @notice Token units of collateral worth `usd` at `price` (rounded up: the protocol's side).
    function collateralFor(uint256 usd, uint8 decimals, uint256 price) internal pure returns (uint256) {
        return Math.mulDiv(usd, 10 ** decimals, price, Math.Rounding.Ceil);
    }
}
