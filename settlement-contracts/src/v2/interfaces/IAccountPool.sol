// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {IAccountEngine} from "./IAccountEngine.sol";

/// @title IAccountPool
/// @notice The protocol-v2 LP pool (DESIGN.md "LP pool"): the traders' counterparty, an ERC-4626 share
/// token over the engine's settlement token whose value counts what traders owe it, open PnL and debts
/// not yet settled included (`IAccountEngine.poolClaim`). LPs enter and leave only by a request that
/// anyone settles once `settlementDelay` has passed, at the share price of that moment with fresh
/// prices: nobody enters or leaves at a price they already know (audit attack 3).
interface IAccountPool is IERC4626 {
    enum RequestKind {
        Deposit,
        Redeem
    }

    /// @notice A request waiting for its settlement. `amount` is settlement-token units for a deposit
    /// (held aside by the pool, outside `totalAssets`), shares for a redemption (held by the pool).
    struct Request {
        address owner;
        uint64 readyAt;
        RequestKind kind;
        address receiver;
        uint256 amount;
    }

    // ---------------------------------------------------------------- events

    event DepositRequested(
        uint256 indexed requestId, address indexed owner, address indexed receiver, uint256 assets, uint64 readyAt
    );
    event RedeemRequested(
        uint256 indexed requestId, address indexed owner, address indexed receiver, uint256 shares, uint64 readyAt
    );
    /// @notice `settler` settled the request: `assets` moved against `shares` at the share price of this block.
    /// (ERC-4626's `Deposit` or `Withdraw` is emitted beside it, for indexers that follow those.)
    event RequestSettled(uint256 indexed requestId, address indexed settler, uint256 assets, uint256 shares);
    /// @notice The owner took the request back before it was ready; its tokens or shares were returned.
    event RequestCancelled(uint256 indexed requestId);
    /// @notice A deposit met a pool in deficit (`value` < 0 token units: traders are owed more than it
    /// holds and is owed): its shares would only have filled the deficit, so its tokens went back to its owner.
    event DepositRefunded(uint256 indexed requestId, int256 value);
    event SettlementDelaySet(uint32 delay);

    // ---------------------------------------------------------------- errors

    /// @notice ERC-4626's synchronous deposit/mint/withdraw/redeem (and their previews) are closed:
    /// LPs enter and leave by `requestDeposit`/`requestRedeem` and `settle`.
    error DelayedSettlementOnly();
    error NotEngine(address caller);
    error ZeroAmount();
    error InvalidReceiver();
    error UnknownRequest(uint256 requestId);
    /// @notice `settle` before the request's `readyAt`.
    error RequestNotReady(uint256 requestId, uint64 readyAt, uint256 timestamp);
    /// @notice `cancel` at or after the request's `readyAt`: a ready request belongs to its settlement.
    error RequestAlreadyReady(uint256 requestId, uint64 readyAt, uint256 timestamp);
    error NotRequestOwner(uint256 requestId, address caller);
    /// @notice The pool's free tokens (its balance less the deposits held aside) cannot pay `amount`.
    error InsufficientLiquidity(uint256 amount, uint256 free);
    /// @notice The pool is worth nothing (`value` ≤ 0 token units): a redemption waits until it is solvent.
    error PoolInsolvent(int256 value);
    error SettlementDelayOutOfBounds(uint32 delay, uint32 min, uint32 max);
    error RefundFailed(address to, uint256 amount);
    /// @notice Only the oracle's refund of an unused update fee may send ether to the pool.
    error UnexpectedEther(address sender);

    // ---------------------------------------------------------------- LP requests

    /// @notice Pulls `assets` settlement tokens from the caller now and holds them aside (not in
    /// `totalAssets`) until `settle` mints `receiver` shares at the share price of that moment, at or
    /// after `readyAt = now + settlementDelay`.
    function requestDeposit(uint256 assets, address receiver) external returns (uint256 requestId);

    /// @notice Locks `shares` of the caller in the pool now (they keep counting in `totalSupply`)
    /// until `settle` burns them and pays `receiver` their assets at the share price of that moment,
    /// at or after `readyAt = now + settlementDelay`.
    function requestRedeem(uint256 shares, address receiver) external returns (uint256 requestId);

    /// @notice Anyone, at or after the request's `readyAt`: pushes `priceUpdate` through the engine's
    /// oracle (paid from `msg.value`; what the update does not use is refunded to the caller) and
    /// converts at the share price with fresh prices (`poolClaim(true)`: reverts `PriceNotFresh`
    /// unless every market with open interest has a price within its `maxTradePriceAge`). Shares round
    /// down for a deposit, assets round down for a redemption. A redemption the free tokens cannot pay
    /// reverts `InsufficientLiquidity`, one from a pool worth nothing `PoolInsolvent`; either stays
    /// pending. A deposit into a pool in deficit is refunded to its owner (`DepositRefunded`).
    /// @return out Shares minted (deposit) or assets paid (redemption); 0 for a refunded deposit.
    function settle(uint256 requestId, bytes[] calldata priceUpdate) external payable returns (uint256 out);

    /// @notice The request's owner, strictly before its `readyAt`, takes it back (tokens or shares).
    function cancel(uint256 requestId) external;

    // ---------------------------------------------------------------- engine

    /// @notice Only the engine: pays a trader's cash out of the pool's free tokens (never out of the
    /// deposits held aside). The engine books it as cash paid out, so the pool's value does not change.
    function pay(address to, uint256 amount) external;

    // ---------------------------------------------------------------- configuration (owner)

    /// @notice Owner: the delay of requests made from now on, within [MIN_SETTLEMENT_DELAY, MAX_SETTLEMENT_DELAY].
    function setSettlementDelay(uint32 delay) external;

    // ---------------------------------------------------------------- views

    function ENGINE() external view returns (IAccountEngine);
    function ORACLE() external view returns (IPriceOracle);
    function MIN_SETTLEMENT_DELAY() external view returns (uint32);
    function MAX_SETTLEMENT_DELAY() external view returns (uint32);
    function settlementDelay() external view returns (uint32);

    /// @notice The request, or an empty one (owner 0) if it never existed, was settled or cancelled.
    function requestOf(uint256 requestId) external view returns (Request memory);
    /// @notice Requests made so far; the next request's id is this + 1.
    function requestCount() external view returns (uint256);
    /// @notice Settlement tokens held aside for deposit requests not yet settled.
    function pendingDepositAssets() external view returns (uint256);
    /// @notice The pool's tokens that may pay a redemption or a trader: its balance less `pendingDepositAssets`.
    function freeAssets() external view returns (uint256);
    /// @notice The pool's value in token units before the floor of `totalAssets`: free tokens +
    /// `poolClaim(fresh)` / SCALE (rounded down), negative when traders' gains exceed it.
    function poolValue(bool fresh) external view returns (int256);
}
