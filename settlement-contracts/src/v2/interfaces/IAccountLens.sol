// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {
    AccountView,
    Collateral,
    DepositRecord,
    Market,
    MarketState,
    Position,
    RiskParams
} from "../base/AccountTypes.sol";
import {IAccountEngine} from "./IAccountEngine.sol";

/// @title IAccountLens
/// @notice Reads of an AccountEngine for nodes, the CLI and the wallet page, computed off the engine's
/// storage (read through its `extsload`), so the engine's code keeps its room for logic.
interface IAccountLens {
    function ENGINE() external view returns (IAccountEngine);

    /// @notice The account's collateral entries, cash and positions.
    function accountOf(address account) external view returns (AccountView memory);
    function positionOf(address account, bytes32 marketId) external view returns (Position memory);
    /// @notice Token units of (origin `chainId`, `token`) the ledger holds for the account.
    function collateralOf(address account, uint256 chainId, address token) external view returns (uint256);
    /// @notice Settlement-token wad: realised PnL, fees and fronts; negative is a debt.
    function cashOf(address account) external view returns (int256);
    /// @notice Σ of the account's outstanding fronts (wad): part of its cash, not withdrawable.
    function frontedOf(address account) external view returns (uint256);
    function nonceUsed(address account, uint256 nonce) external view returns (bool);
    function depositOf(bytes32 orderId) external view returns (DepositRecord memory);

    /// @notice The latency buffer (bps of notional) on `marketId` for `account`: over the slowest route
    /// among the origins where it holds collateral.
    function latencyBufferBps(address account, bytes32 marketId) external view returns (uint256);

    function market(bytes32 marketId) external view returns (Market memory);
    function marketState(bytes32 marketId) external view returns (MarketState memory);
    function collateral(uint256 chainId, address token) external view returns (Collateral memory);
    function originRoute(uint256 chainId) external view returns (bytes32 routeId);
    function risk() external view returns (RiskParams memory);
    /// @notice Cash the pool paid out on the engine's chain less what it was paid in (wad).
    function netCashPaid() external view returns (int256);
    /// @notice Settlement-token units the engine owes `recipient` (a front's repayment its token refused).
    function owedOf(address recipient) external view returns (uint256);
    /// @notice The insurance fund (wad): the first cover of bad debt.
    function insurance() external view returns (uint256);
}
