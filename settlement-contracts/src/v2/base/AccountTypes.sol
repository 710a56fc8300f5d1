// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Types of the v2 AccountEngine (docs/protocol-v2.md). Amounts of money are 18-decimal USD ("wad")
/// unless named otherwise; sizes are 18-decimal base units; prices are wad quote per base; rates bps.

/// @notice A market as the owner configures it.
struct MarketConfig {
    bytes32 feedId;
    /// @dev Skew (base units) at which the fill premium reaches 100% (RiskMath.fillPrice); 0: none.
    uint128 skewScale;
    uint32 maxLeverageBps;
    uint16 maintenanceBps;
    uint16 liquidationFeeBps;
    /// @dev σ, bps per √hour, for the latency buffer.
    uint16 volBpsPerSqrtHour;
    /// @dev Charged on a trade's notional, to the pool.
    uint16 tradingFeeBps;
    /// @dev A trade needs a price published at most this many seconds before its block.
    uint16 maxTradePriceAge;
}

/// @notice A market as stored: its configuration in two slots, with the small index that names it in
/// an account's packed market list and keys its positions.
struct Market {
    bytes32 feedId;
    // --- one slot
    uint128 skewScale;
    uint32 maxLeverageBps;
    uint16 maintenanceBps;
    uint16 liquidationFeeBps;
    uint16 volBpsPerSqrtHour;
    uint16 tradingFeeBps;
    uint16 maxTradePriceAge;
    uint8 index;
}

/// @notice What moves with every trade of a market, in one slot.
struct MarketState {
    /// @dev Σ of every account's signed size: the skew the fill premium is computed from.
    int128 skew;
    /// @dev Σ of the open positions' signed size × entry price, less the PnL traders realised, plus the
    /// trading fees they paid (wad). The pool's take from the market, realised and open, is
    /// `netBasis − skew × price`: one accumulator for the LP share price, written in the slot a trade
    /// writes anyway.
    int128 netBasis;
}

/// @notice A collateral as the owner configures it for one (origin chain, token).
struct CollateralConfig {
    bytes32 feedId;
    uint8 decimals;
    uint16 haircutBps;
}

/// @notice A collateral as stored, by its index (the account's packed collateral list holds indexes).
struct Collateral {
    bytes32 feedId;
    // --- one slot
    address token;
    uint64 chainId;
    uint8 decimals;
    uint16 haircutBps;
}

/// @notice The latency buffer's global terms (the route's T_message is per origin) and how fresh the
/// prices of a withdrawal must be.
struct RiskParams {
    /// @dev z × 100 (3.00 → 300).
    uint16 zX100;
    uint32 detectSeconds;
    uint32 execSeconds;
    uint32 seizeSeconds;
    /// @dev A withdrawal's check values collateral at prices published at most this long before its
    /// block (its positions' markets use their own `maxTradePriceAge`).
    uint32 collateralPriceAge;
    /// @dev What `settleDebt` seizes beyond the debt it pays, bps of the debt: the keeper's reward.
    uint16 keeperBonusBps;
    /// @dev The part of a liquidation's fee that goes to the keeper who liquidated (the rest to the
    /// insurance fund), bps of the fee.
    uint16 liquidatorShareBps;
}

/// @notice An account's one hot slot: its cash and which collaterals and markets it has.
struct AccountHeader {
    /// @dev Settlement-token wad USD: realised PnL, fees; negative is a debt.
    int128 cash;
    /// @dev Up to 8 collateral indexes, one byte each from the low end, 0 ends the list.
    uint64 collaterals;
    /// @dev Up to 8 market indexes, the same way.
    uint64 markets;
}

/// @notice A position per (account, market), in one slot.
struct Position {
    /// @dev Positive long, negative short.
    int128 size;
    uint128 entryPrice;
}

enum DepositStatus {
    None,
    /// DEPOSITED arrived and was credited to the ledger (after the fill, for a fronted order).
    Credited,
    /// A frontable DEPOSITED arrived before any fill: its credit waits for `fillDeposit` or `expire`.
    Pending,
    /// `fillDeposit` fronted the attached trade before DEPOSITED: the front is owed to the filler.
    Filled,
    /// `expire` ran: the order can never be filled, and a frontable DEPOSITED is never credited.
    Expired
}

/// @notice What the engine knows of a deposit order (idempotence per orderId, pending credits, fronts).
struct DepositRecord {
    address account;
    uint8 collateralIndex;
    DepositStatus status;
    /// @dev Settlement-token units the filler fronted, repaid when DEPOSITED lands (a `Filled` record).
    uint80 front;
    // --- one slot
    /// @dev Who called `fillDeposit` (FILLED names it).
    address filler;
    /// @dev The pending credit, token units (a `Pending` record only).
    uint96 amount;
}

/// @notice The signed trade action (EIP-712 `Trade`, AccountActionsLib).
struct Trade {
    address account;
    string market;
    int256 sizeDelta;
    uint256 limitPrice;
    uint32 maxLeverageBps;
    uint256 maxRelayerFee;
    uint256 nonce;
    uint32 deadline;
}

/// @notice The signed withdrawal action (EIP-712 `Withdraw`, AccountActionsLib).
struct Withdraw {
    address account;
    uint256 chainId;
    address token;
    uint256 amount;
    address to;
    uint16 maxFastFeeBps;
    uint256 maxRelayerFee;
    uint256 nonce;
    uint32 deadline;
}

/// @notice An account's margin at current prices.
struct Health {
    /// @dev Σ collateral at the low side less haircut + cash + Σ unrealised PnL at the conservative mark.
    int256 equity;
    /// @dev Σ notional × (maintenance + liquidation fee + latency buffer).
    uint256 maintenance;
    /// @dev Σ notional / max leverage + Σ notional × latency buffer.
    uint256 initial;
    /// @dev Σ notional at the conservative mark.
    uint256 notional;
}

struct CollateralBalance {
    uint256 chainId;
    address token;
    uint256 amount;
}

struct PositionView {
    bytes32 marketId;
    int256 size;
    uint256 entryPrice;
}

struct AccountView {
    CollateralBalance[] collateral;
    int256 cash;
    PositionView[] positions;
}
