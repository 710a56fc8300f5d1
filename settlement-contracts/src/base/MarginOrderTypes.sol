// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The solver fee schedule: `startBps` until `startTime`, rising linearly to `maxBps` at
/// `endTime`. Basis points of the collateral amount, paid in the collateral token on the origin chain.
struct FeeSchedule {
    uint16 startBps;
    uint16 maxBps;
    uint32 startTime;
    uint32 endTime;
}

/// @notice The `orderData` of an xmargin `GaslessCrossChainOrder`. Field by field it is the TypeScript
/// `MarginOrder` of `@xmargin/intents` (see intents/README.md for units and who relies on what).
struct MarginOrder {
    address collateralToken;
    uint256 collateralAmount;
    uint256 destinationChainId;
    address destinationSettler;
    address recipient;
    string market;
    bool isLong;
    uint256 size;
    uint256 limitPrice;
    uint32 maxLeverageBps;
    FeeSchedule fee;
    string route;
}
