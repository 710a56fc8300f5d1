// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {GaslessCrossChainOrder} from "../../interfaces/IERC7683.sol";
import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {DepositTrade} from "../lib/AccountMessages.sol";
import {
    AccountView,
    Collateral,
    CollateralConfig,
    DepositRecord,
    DepositStatus,
    Market,
    MarketConfig,
    MarketState,
    Position,
    RiskParams,
    Trade,
    Withdraw
} from "../base/AccountTypes.sol";

/// @title IAccountEngine
/// @notice The destination core of protocol v2 (DESIGN.md "Protocol v2", docs/protocol-v2.md): one
/// cross-margined account per trader address. Collateral stays in AccountVaults on origin chains; the
/// engine mirrors it per (origin chain, token) from DEPOSITED messages and releases it only by its own
/// RELEASE messages. Positions (one per market, net size and average entry) trade against the LP pool;
/// realised PnL and fees go to the account's signed cash (negative: a debt), so a profit always pays a
/// debt first (audit attack 6).
///
/// Actions are EIP-712 messages of the domain `{name: "xmargin", version: "2", chainId, engine}`
/// (AccountActionsLib) that anyone may submit, for a relayer fee the account pays from its cash, under
/// an unordered nonce and a deadline; the account may also call `trade` and `withdraw` itself.
interface IAccountEngine {
    // ---------------------------------------------------------------- events

    event PoolSet(address pool);
    event MarketSet(bytes32 indexed marketId, uint8 index, MarketConfig config);
    event CollateralSet(uint256 indexed chainId, address indexed token, uint8 index, CollateralConfig config);
    event OriginRouteSet(uint256 indexed chainId, bytes32 routeId);
    event RiskSet(RiskParams risk);

    /// @notice A deposit was credited to the account's ledger.
    event DepositCredited(
        bytes32 indexed orderId, address indexed account, uint256 chainId, address token, uint256 amount
    );
    /// @notice A frontable deposit arrived before any front: its credit waits for `fillDeposit`/`expire`.
    event DepositPending(
        bytes32 indexed orderId, address indexed account, uint256 chainId, address token, uint256 amount
    );
    /// @notice A second DEPOSITED for an order already applied (any payload): nothing happened.
    event DepositIgnored(bytes32 indexed orderId);
    /// @notice The trade that rode a non-frontable deposit did not run; `reason` is its revert data
    /// (DepositTradeExpired, PriceBeyondLimit, LeverageAboveMax, PriceNotFresh, …). The deposit is credited.
    event DepositTradeSkipped(bytes32 indexed orderId, address indexed account, bytes reason);
    /// @notice `filler` fronted the attached trade of a frontable order: `front` settlement-token units
    /// stand in for the deposit until DEPOSITED (0 when DEPOSITED was already pending, and credited now).
    event DepositFilled(bytes32 indexed orderId, address indexed account, address indexed filler, uint256 front);
    /// @notice DEPOSITED replaced a front with the collateral: the filler got its tokens back.
    event FrontRepaid(bytes32 indexed orderId, address indexed filler, uint256 front);
    /// @notice The order can never be filled; `cancelled` is the pending credit dropped (the vault refunds).
    event DepositExpired(bytes32 indexed orderId, address indexed account, uint256 cancelled);

    event Traded(
        address indexed account,
        bytes32 indexed marketId,
        int256 sizeDelta,
        uint256 fillPrice,
        int256 size,
        uint256 entryPrice,
        int256 realisedPnl,
        uint256 fee
    );
    /// @notice A signed action ran; its submitter was paid `relayerFee` (settlement-token units) from the account's cash.
    event ActionRelayed(bytes32 indexed digest, address indexed account, address indexed relayer, uint256 relayerFee);
    /// @notice Collateral left the ledger: RELEASE went to `chainId`'s vault (or the pool paid cash here).
    /// A fast-withdrawal solver may pay `to` on that origin at once, keeping at most `maxFastFeeBps`.
    event WithdrawalRequested(
        bytes32 indexed withdrawalId,
        address indexed account,
        uint256 chainId,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps
    );
    event NoncesInvalidated(address indexed account, uint256 word, uint256 mask);
    /// @notice `keeper` closed `closed` of the account's position in `marketId` at `markPrice` (the
    /// position is now `size`); `fee` (wad) was charged, `keeperReward` of it to the keeper's cash.
    event Liquidated(
        address indexed account,
        bytes32 indexed marketId,
        address indexed keeper,
        int256 size,
        uint256 closed,
        uint256 markPrice,
        int256 realisedPnl,
        uint256 fee,
        uint256 keeperReward
    );
    /// @notice `keeper` paid `paid` settlement-token units of the account's debt to the pool; SEIZE
    /// `seizeId` takes `seized` of (chainId, token) to the keeper's recipient.
    event DebtSettled(
        address indexed account,
        address indexed keeper,
        bytes32 indexed seizeId,
        uint256 chainId,
        address token,
        uint256 seized,
        uint256 paid
    );
    /// @notice A debt nothing backs was covered: `fromInsurance` by the fund, `fromPool` by the LPs (wad).
    event BadDebtCovered(address indexed account, uint256 fromInsurance, uint256 fromPool);
    event InsuranceFunded(address indexed from, uint256 amount);
    /// @notice A front's repayment the settlement token refused (a blacklisted filler) is owed instead.
    event PaymentOwed(address indexed recipient, uint256 amount);
    event OwedClaimed(address indexed recipient, address to, uint256 amount);

    // ---------------------------------------------------------------- errors

    error InvalidMarket(bytes32 marketId, uint32 maxLeverageBps, uint256 maintenancePlusFeeBps);
    error TooManyMarkets(uint256 max);
    error TooManyCollaterals(uint256 max);
    error UnknownMarket(bytes32 marketId);
    error UnknownCollateral(uint256 chainId, address token);
    error NoOriginRoute(uint256 chainId);
    /// @notice The account already has positions in `max` markets.
    error AccountMarketsFull(address account, uint256 max);
    /// @notice The account already holds `max` kinds of collateral.
    error AccountCollateralsFull(address account, uint256 max);

    error ZeroSize();
    error ZeroAmount();
    error InvalidRecipient();
    error NotSettlementToken(address token);
    error OnlySelf(address caller);

    error DeadlinePassed(uint32 deadline, uint256 timestamp);
    error RelayerFeeAboveMax(uint256 relayerFee, uint256 maxRelayerFee);
    error NonceUsed(address account, uint256 nonce);

    /// @notice The price was published more than `maxAge` seconds before this block.
    error PriceNotFresh(bytes32 feedId, uint256 publishTime, uint256 maxAge);
    /// @notice The fill price after skew impact is worse than the signed limit.
    error PriceBeyondLimit(uint256 fillPrice, uint256 limitPrice, bool isBuy);
    /// @notice After the action, equity is below the initial margin plus latency buffer.
    error InsufficientMargin(int256 equity, uint256 required);
    /// @notice After the trade, Σ notional / equity exceeds the signed maximum.
    error LeverageAboveMax(uint256 notional, int256 equity, uint32 maxLeverageBps);
    /// @notice The account owes a debt (negative cash): no collateral leaves it.
    error OutstandingDebt(address account, uint256 debt);
    error InsufficientCollateral(address account, uint256 chainId, address token, uint256 held, uint256 amount);
    error InsufficientCash(address account, int256 cash, uint256 amount);
    error DepositTradeExpired(uint32 fillDeadline, uint256 timestamp);
    /// @notice The account's equity covers its maintenance: no liquidation, and its debt is its margin.
    error AccountHealthy(address account, int256 equity, uint256 maintenance);
    error NoPosition(address account, bytes32 marketId);
    error NoDebt(address account);
    error NothingOwed(address recipient);
    /// @notice The account's debt is still backed (positions, collateral or a front outstanding).
    error NotBadDebt(address account);
    /// @notice The pool's claim already moved: the pool cannot be replaced.
    error PoolInUse(address pool);
    /// @notice The keeper bonus is above 20% or the liquidator's share above 100%.
    error InvalidRisk();
    /// @notice The delivery gave the attached trade too little gas to decide it: retry with more.
    error DepositTradeOutOfGas(uint256 gasGiven);

    /// @notice Not a v2 deposit order of this engine: wrong `orderDataType`, chain or engine.
    error NotADepositOrder(bytes32 orderDataType, uint256 destinationChainId, address engine);
    /// @notice The order's settler is not this engine's peer vault on its origin chain.
    error UnknownOriginSettler(uint256 originChainId, address originSettler);
    /// @notice The order carries no trade: nothing to front, nothing to expire.
    error NoAttachedTrade(bytes32 orderId);
    error FillDeadlinePassed(uint32 fillDeadline, uint256 timestamp);
    error FillDeadlineNotPassed(uint32 fillDeadline, uint256 timestamp);
    /// @notice The order was already filled, credited without a front, or expired.
    error DepositNotFillable(bytes32 orderId, DepositStatus status);
    /// @notice The order was already filled or credited (a filled order can never expire).
    error DepositNotExpirable(bytes32 orderId, DepositStatus status);

    // ---------------------------------------------------------------- configuration (owner)

    /// @notice Owner: the LP pool, the traders' counterparty, which pays cash withdrawals. Only before
    /// anything moved the pool's claim (`PoolInUse` after): the claim is the engine's whole history.
    function setPool(address pool) external;

    /// @notice Owner: adds or updates market `name` (`marketId = keccak256(bytes(name))`). A new market
    /// gets the next index (up to 255). `maxLeverageBps` must leave the initial margin at or above the
    /// maintenance rate plus the liquidation fee.
    function setMarket(string calldata name, MarketConfig calldata config) external;

    /// @notice Owner: accepts `token` of origin `chainId` as collateral (an index of its own, up to
    /// 255). The origin needs a route first (`setOriginRoute`): its latency is the collateral's buffer term.
    function setCollateral(uint256 chainId, address token, CollateralConfig calldata config) external;

    /// @notice Owner: the route (MessageRoutes name) the engine sends over to `chainId`'s vault.
    function setOriginRoute(uint256 chainId, string calldata routeName) external;

    /// @notice Owner: z, T_detect, T_exec, T_seize and a withdrawal's collateral price age.
    function setRisk(RiskParams calldata risk) external;

    // ---------------------------------------------------------------- deposits

    /// @notice Only the engine itself, from a DEPOSITED delivery: runs the trade that rode a
    /// non-frontable deposit, so that whatever makes it fail reverts the trade alone.
    function executeDepositTrade(address account, DepositTrade calldata trade) external;

    /// @notice A bonded solver fronts the attached trade of a frontable deposit before DEPOSITED
    /// arrives. `order` must be a v2 deposit order of this engine and chain whose settler is the peer
    /// vault, with a trade attached, before its `fillDeadline`, neither filled nor expired; `signature`
    /// is the trader's Permit2-witness signature, checked as ECDSA only (the origin made it frontable
    /// because the trader had no code there; code here must not change the verdict). The caller pays
    /// the deposit's value in settlement tokens: `amount × (1 − fee.maxBps)` at the collateral's low
    /// side (published at most `risk.collateralPriceAge` ago) less its haircut, rounded up. That front
    /// is the account's cash (to trade on, never to withdraw) until DEPOSITED replaces it with the
    /// collateral and repays the caller; a DEPOSITED already pending is credited now and nothing is
    /// fronted. The trade is judged on the deposit alone: limit, fresh price, and the trade's initial
    /// margin (the market's leverage + the buffer over the order's origin route) and `maxLeverageBps`
    /// against the front's value less its fee, whatever else the account holds (a ninth market skips
    /// the trade, with DepositTradeSkipped). FILLED(orderId, msg.sender) goes to the origin over the
    /// order's route, paid by `msg.value` with `priceUpdate`.
    function fillDeposit(GaslessCrossChainOrder calldata order, bytes calldata signature, bytes[] calldata priceUpdate)
        external
        payable;

    /// @notice After `fillDeadline`, anyone marks an order with an attached trade that was never filled
    /// unfillable forever (a pending frontable credit is dropped: the vault refunds it) and sends
    /// EXPIRED(orderId) to the origin over the order's route, paid by `msg.value`.
    function expire(GaslessCrossChainOrder calldata order) external payable;

    // ---------------------------------------------------------------- actions

    /// @notice Runs `action` signed by its account (SignatureRule: ERC-1271 for a contract account,
    /// 65-byte low-s ECDSA otherwise) and pays `msg.sender` `relayerFee ≤ action.maxRelayerFee` from the
    /// account's cash. `priceUpdate` (Pyth update data) is paid from `msg.value`.
    /// @dev The trade: a fresh price of the market (published at most `maxTradePriceAge` seconds
    /// ago), skew impact against `limitPrice`, the trading fee to the pool, realised PnL to cash; a trade
    /// that adds risk then needs equity ≥ initial margin + buffer and leverage ≤ `maxLeverageBps`.
    function tradeFor(Trade calldata action, bytes calldata signature, uint256 relayerFee, bytes[] calldata priceUpdate)
        external
        payable;

    /// @notice The account (`msg.sender`) trades itself: as `tradeFor`, without signature, nonce or fee.
    function trade(
        string calldata market,
        int256 sizeDelta,
        uint256 limitPrice,
        uint32 maxLeverageBps,
        bytes[] calldata priceUpdate
    ) external payable;

    /// @notice Runs a signed withdrawal (as `tradeFor` for the signature, nonce, deadline and fee). The
    /// account must owe no debt after the fee, and its equity after the withdrawal must cover the initial
    /// margin + buffer at fresh prices. Collateral of another chain is debited and RELEASE sent over that
    /// origin's route, paid from `msg.value` (withdrawalId: the action's digest); `chainId` = this
    /// chain with the settlement token withdraws cash, which the pool pays here.
    function withdrawFor(
        Withdraw calldata action,
        bytes calldata signature,
        uint256 relayerFee,
        bytes[] calldata priceUpdate
    ) external payable;

    /// @notice The account (`msg.sender`) withdraws itself: as `withdrawFor`, with an engine-allocated
    /// withdrawalId.
    function withdraw(
        uint256 chainId,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps,
        bytes[] calldata priceUpdate
    ) external payable;

    /// @notice Burns the caller's nonces `word × 256 + i` for every bit `i` set in `mask` (cancels
    /// signed actions not yet submitted).
    function invalidateNonces(uint256 word, uint256 mask) external;

    // ---------------------------------------------------------------- keepers: liquidation and debt

    /// @notice Closes the account's position in `marketId` when its equity is below maintenance at fresh
    /// prices (each market's within its `maxTradePriceAge`, collateral within `collateralPriceAge`;
    /// `priceUpdate` paid from `msg.value`): half when that brings the account back above maintenance
    /// with a 5% margin, else all, at the conservative mark. Realised PnL goes to its cash; the
    /// liquidation fee on the notional closed is charged, `liquidatorShareBps` of it to the caller's
    /// cash and the rest to the insurance fund.
    function liquidate(address account, bytes32 marketId, bytes[] calldata priceUpdate) external payable;

    /// @notice Pays the account's debt (negative cash less fronts) to the pool, in settlement tokens
    /// from the caller (approve the engine), and sends SEIZE to `chainId`'s vault over its route (paid
    /// from `msg.value`) for collateral (`token`) worth the debt plus `keeperBonusBps` at the fresh low
    /// price, paid to `to` there. If that collateral is short, all of it is seized and the caller pays
    /// the part of the debt it covers. Only an account below maintenance or without positions; what
    /// is left once nothing backs the account is covered by the insurance fund, then the pool.
    function settleDebt(address account, uint256 chainId, address token, address to, bytes[] calldata priceUpdate)
        external
        payable;

    /// @notice Covers a debt nothing backs (no positions, no collateral, no front outstanding): the
    /// insurance fund first, then the pool.
    function coverBadDebt(address account) external;

    /// @notice Adds `amount` settlement-token units from the caller to the insurance fund.
    function fundInsurance(uint256 amount) external;

    /// @notice Pays the caller what the engine owes it (a front's repayment its token refused) to `to`.
    function claimOwed(address to) external;

    // ---------------------------------------------------------------- views

    /// @notice Equity, maintenance and initial margin at current prices (the oracle's own age limit).
    function health(address account) external view returns (int256 equity, uint256 maintenance, uint256 initial);

    function DOMAIN_SEPARATOR() external view returns (bytes32);

    function SETTLEMENT() external view returns (IERC20);
    function ORACLE() external view returns (IPriceOracle);
    function pool() external view returns (address);

    /// @notice What the traders owe the pool, net (wad, may be negative): cash it paid out here less
    /// cash paid in, plus Σ over markets of `netBasis − skew × mid` (MarketState), which counts open
    /// positions' unrealised PnL and the debts not yet settled. The pool's value is its tokens + this.
    /// With `fresh`, each market with open interest needs a price within its `maxTradePriceAge`.
    function poolClaim(bool fresh) external view returns (int256);
}
