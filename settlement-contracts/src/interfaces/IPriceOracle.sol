// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPriceOracle
/// @notice Prices for the margin engine, as 18-decimal quote (USD) per unit, with a confidence band.
/// Conservative sides: collateral is valued at `low`, liabilities at `high`; `mid` is the mark.
interface IPriceOracle {
    struct Quote {
        uint256 low;
        uint256 mid;
        uint256 high;
        uint256 publishTime;
    }

    error StalePrice(bytes32 feedId, uint256 publishTime, uint256 maxAge);
    error UncertainPrice(bytes32 feedId, uint256 conf, uint256 price, uint256 maxConfBps);
    error NonPositivePrice(bytes32 feedId);
    error UnsupportedExponent(bytes32 feedId, int32 expo);
    error FeeNotCovered(uint256 sent, uint256 required);
    error RefundFailed(address to, uint256 amount);

    /// @notice Pushes pull-oracle updates (Pyth update data) and pays their fee; refunds the rest.
    function update(bytes[] calldata updateData) external payable;

    /// @notice The latest price of `feedId`; reverts if it is older than the maximum age or its
    /// confidence band is wider than allowed.
    function quote(bytes32 feedId) external view returns (Quote memory);
}
