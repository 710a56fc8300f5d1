// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FeeSchedule} from "../../base/MarginOrderTypes.sol";

/// @notice The optional first trade of a deposit (docs/protocol-v2.md "The deposit intent"). `sizeDelta`
/// 0 means no trade; then `market` is "" and `limitPrice` and `maxLeverageBps` are 0.
struct AttachedTrade {
    /// @dev Market symbol `BASE-QUOTE` (`ETH-USD`), or "" with no trade.
    string market;
    /// @dev 18-decimal base units: positive long, negative short, 0 = no trade.
    int256 sizeDelta;
    /// @dev The worst fill price, quote per base, 18 decimals.
    uint256 limitPrice;
    /// @dev The account's leverage cap after the trade, bps of 1×.
    uint32 maxLeverageBps;
}

/// @notice The `orderData` of a v2 `GaslessCrossChainOrder`: collateral moved into the origin
/// `AccountVault` and credited to an account of the destination `AccountEngine`. Field by field the
/// TypeScript `DepositOrder` of intents/src/v2.
struct DepositOrder {
    /// @dev The ERC-20 moved into the vault (origin chain).
    address token;
    /// @dev Token base units; the solver fee is bps of it.
    uint256 amount;
    uint256 destinationChainId;
    /// @dev The `AccountEngine` whose account is credited.
    address engine;
    /// @dev The destination account credited (usually the trader).
    address account;
    /// @dev The messaging route the trader trusts (`hyperlane`, …).
    string route;
    FeeSchedule fee;
    AttachedTrade trade;
}

/// @notice A solver's signed bid for an order, under `{name: "xmargin SolverBid", version: "1"}` (as v1).
/// Binding: an opener that charges more than its own bid is slashed (`AccountVault.proveOvercharge`).
struct SolverBid {
    bytes32 orderId;
    address solver;
    uint16 feeBps;
    /// @dev Unix seconds; the bid binds while `now <= expiry`.
    uint32 expiry;
}
