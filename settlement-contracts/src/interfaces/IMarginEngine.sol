// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMessenger} from "./IMessenger.sol";

/// @title IMarginEngine
/// @notice The destination settler. A solver fills a signed intent here at once, fronting the
/// trader's margin in the settlement token; the position opens against the LP pool. When the origin
/// vault's `Locked` arrives, the trader's remote collateral backs the position and the front is repaid.
/// Collateral leaves the origin only on this engine's messages: a withdrawal is checked here and sent
/// as `Release`, a loss is covered by a keeper who pays it here and receives collateral there (`Seize`).
///
/// Margin across the latency gap: maintenance = market rate + liquidation fee + a latency buffer of
/// `z · σ · √(T_detect + T_exec + T_message + T_seize)` of notional (RiskMath.latencyBufferBps), where
/// T_message is the position's route latency: the further the collateral, the earlier the liquidation.
interface IMarginEngine {
    enum Status {
        None,
        Open,
        Closed,
        Expired
    }

    struct Market {
        bytes32 feedId;
        uint32 maxLeverageBps;
        uint32 maintenanceBps;
        uint32 liquidationFeeBps;
        /// @dev Volatility in bps per √hour, for the latency buffer.
        uint32 volBpsPerSqrtHour;
        /// @dev Skew (base units, 18 decimals) at which the fill premium reaches 100%.
        uint256 skewScale;
    }

    struct Collateral {
        bytes32 feedId;
        uint8 decimals;
        uint16 haircutBps;
    }

    struct Route {
        IMessenger primary;
        IMessenger fallbackMessenger;
        /// @dev T_message: how long this route takes to deliver, in seconds.
        uint32 messageSeconds;
    }

    /// @notice One isolated position per order, packed into ten storage slots (a fill writes nine).
    struct Position {
        address account;
        Status status;
        bool isLong;
        bool remoteBacked;
        uint16 feeBps;
        uint32 originChainId;
        // ---
        address trader;
        uint64 sequence;
        // ---
        bytes32 marketId;
        bytes32 routeId;
        // --- 18-decimal base units and quote per base
        uint128 size;
        uint128 entryPrice;
        // ---
        address collateralToken;
        /// @dev Collateral the position owns in the origin escrow, token units (after the solver fee).
        uint128 collateral;
        /// @dev Margin credited at fill, wad USD; the filler's front while not remote-backed.
        uint128 credit;
        // ---
        address filler;
        /// @dev Settlement tokens the filler fronted and has not been repaid.
        uint128 front;
        /// @dev USD of the filler's front used to cover losses before `Locked` arrived.
        uint128 fillerClaim;
        /// @dev USD the trader owes after a losing close or a liquidation, awaiting a keeper.
        uint128 debt;
        /// @dev The part of `debt` that is the liquidation fee, for the insurance fund.
        uint128 insuranceDue;
    }

    event MarketSet(bytes32 indexed marketId, Market market);
    event CollateralSet(uint256 indexed chainId, address indexed token, Collateral config);
    event RouteSet(bytes32 indexed routeId, Route route);
    event PeerSet(uint256 indexed chainId, address vault);
    event Filled(bytes32 indexed orderId, address indexed filler, address indexed account, uint256 entryPrice, uint256 front, uint16 feeBps);
    event Backed(bytes32 indexed orderId, uint256 collateral, uint256 frontRepaid);
    event Closed(bytes32 indexed orderId, uint256 exitPrice, int256 pnl, uint256 debt);
    event Liquidated(bytes32 indexed orderId, address indexed keeper, uint256 markPrice, int256 pnl, uint256 debt);
    event DebtSettled(bytes32 indexed orderId, address indexed keeper, uint256 paid, uint256 collateralSeized, uint256 badDebt);
    event WithdrawalRequested(bytes32 indexed orderId, uint64 sequence, uint256 amount, address to);
    event OrderExpired(bytes32 indexed orderId);

    error WrongChain(uint256 expected, uint256 actual);
    error WrongSettler(address expected, address actual);
    error UnknownVault(uint256 chainId, address vault);
    error UnknownMarket(bytes32 marketId);
    error UnknownCollateral(uint256 chainId, address token);
    error UnknownRoute(bytes32 routeId);
    error FillDeadlinePassed(uint256 fillDeadline, uint256 nowTimestamp);
    error FillDeadlineNotPassed(uint256 fillDeadline, uint256 nowTimestamp);
    error AlreadyFilled(bytes32 orderId, Status status);
    error FeeAboveSchedule(uint256 fee, uint256 allowed);
    error PriceBeyondLimit(uint256 fillPrice, uint256 limitPrice, bool isLong);
    error LeverageTooHigh(uint256 notional, uint256 collateralValue, uint256 maxLeverageBps);
    error BelowMaintenance(uint256 equity, uint256 requirement);
    error NotAccount(address caller, address account);
    error NotOpen(bytes32 orderId, Status status);
    error NotBacked(bytes32 orderId);
    error Healthy(uint256 equity, uint256 requirement);
    error InsufficientFreeMargin(uint256 equityAfter, uint256 required);
    error NoDebt(bytes32 orderId);
    error OutstandingDebt(bytes32 orderId, uint256 debt);
    error UntrustedPeer(uint256 originChainId, address sender);
    error UntrustedMessenger(bytes32 orderId, address messenger);
    error ZeroAmount();
    error MessengerInUse(address messenger, bytes32 routeId);

    /// @notice ERC-7683's destination `fill`, payable: `msg.value` pays the price update's fee, so a
    /// filler cannot make the engine pay for updates it chose.
    /// @param originData abi.encode(GaslessCrossChainOrder), as in the vault's `Open` event.
    /// @param fillerData abi.encode(bytes signature, uint16 feeBps, bytes[] priceUpdate).
    function fill(bytes32 orderId, bytes calldata originData, bytes calldata fillerData) external payable;

    /// @notice The position of an order.
    function positionOf(bytes32 orderId) external view returns (Position memory);

    /// @notice Equity (margin value plus PnL at the conservative mark) and the maintenance requirement
    /// including the latency buffer, both in wad USD, at the oracle's current prices.
    function health(bytes32 orderId) external view returns (int256 equity, uint256 requirement);

    /// @notice Maintenance latency buffer of a market on a route, bps of notional.
    function latencyBufferBps(bytes32 marketId, bytes32 routeId) external view returns (uint256);

    /// @notice After the fill deadline, makes an unfilled order unfillable forever and tells the vault,
    /// which refunds the trader and slashes the solver that opened it. Anyone may call; `msg.value`
    /// pays the message (as in every function that sends one: whoever triggers a message pays for it).
    /// @param originData abi.encode(GaslessCrossChainOrder).
    function expire(bytes calldata originData) external payable;

    /// @notice Closes the caller's position at the oracle price with skew impact.
    function close(bytes32 orderId, bytes[] calldata priceUpdate) external payable;

    /// @notice Withdraws `amount` of remote collateral to the trader on the origin chain, if what
    /// remains keeps free margin ≥ initial margin + latency buffer. Sent as `Release`.
    function withdraw(bytes32 orderId, uint256 amount, bytes[] calldata priceUpdate) external payable;

    /// @notice Closes an unhealthy position at the conservative mark; the loss and the liquidation fee
    /// become debt for `settleDebt`.
    function liquidate(bytes32 orderId, bytes[] calldata priceUpdate) external payable;

    /// @notice A keeper pays a position's debt in the settlement token here and receives collateral
    /// worth the debt plus a bounded bonus on the origin chain (`Seize` to `to`). The rest of the
    /// collateral is released to the trader.
    function settleDebt(bytes32 orderId, address to, bytes[] calldata priceUpdate) external payable;

    /// @notice Resends the last payout or fill message of an order over the fallback route.
    function resendViaFallback(bytes32 orderId, bytes calldata payload) external payable;
}
