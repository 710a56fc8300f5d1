// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {GaslessCrossChainOrder} from "../../interfaces/IERC7683.sol";
import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {RiskMath} from "../../lib/RiskMath.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {IMessageRoutes} from "../interfaces/IMessageRoutes.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {Collateral, DepositRecord, DepositStatus, Market} from "../base/AccountTypes.sol";
import {AttachedTrade, DepositOrder} from "../base/DepositOrderTypes.sol";
import {AccountLedger} from "./AccountLedger.sol";
import {AccountMessages, Deposit, DepositTerms} from "./AccountMessages.sol";
import {AccountRisk} from "./AccountRisk.sol";
import {AccountTrading} from "./AccountTrading.sol";
import {DepositOrderLib} from "./DepositOrderLib.sol";
import {PackedIndexList} from "./PackedIndexList.sol";
import {PositionMath} from "./PositionMath.sol";
import {SignatureRule} from "./SignatureRule.sol";

/// @title AccountDeposits
/// @notice Deposits on the engine: what a DEPOSITED does once MessageRoutes accepted it, and the
/// frontable order's `fillDeposit` and `expire`. One record per orderId: a second DEPOSITED of the same
/// order, whatever its bytes, is ignored. A non-frontable deposit is credited and its trade run in a
/// call of its own, so nothing it does can make the delivery revert. A frontable one is credited once
/// it is both filled and deposited, in either order: a fill before DEPOSITED takes the filler's front
/// (settlement tokens, the account's cash meanwhile), which DEPOSITED replaces with the collateral and
/// repays; a DEPOSITED before the fill waits, outside equity, and is credited by the fill. An expired
/// order's frontable credit is never applied (the vault refunds it).
/// @dev External (delegatecalled by the engine), to keep the engine's code under EIP-170.
library AccountDeposits {
    using PackedIndexList for uint64;
    using SafeERC20 for IERC20;

    uint256 internal constant BPS = 10_000;
    /// @dev DEPOSITED is one kind byte then a static tuple of 32-byte words; the routeId is word 5.
    uint256 internal constant ROUTE_ID_OFFSET = 1 + 5 * 32;

    /// @notice The route the trader signed, read before anything is accepted or consumed.
    function routeOf(bytes calldata payload) internal pure returns (bytes32 routeId) {
        uint8 kind = AccountMessages.kindOf(payload);
        if (kind != AccountMessages.DEPOSITED) revert AccountMessages.UnknownKind(kind);
        return abi.decode(payload[ROUTE_ID_OFFSET:ROUTE_ID_OFFSET + 32], (bytes32));
    }

    function onDeposited(
        EngineStorage storage s,
        IERC20 settlement,
        uint256 scale,
        uint256 originChainId,
        bytes calldata payload
    ) external {
        Deposit memory deposit = AccountMessages.decodeDeposited(payload);
        DepositRecord storage record = s.deposits[deposit.orderId];
        DepositStatus status = record.status;
        // A fill before the deposit: the collateral replaces the front. A non-frontable deposit after an
        // `expire` (the vault refunds only frontable orders) is credited like any other.
        if (status == DepositStatus.Filled) return _replaceFront(s, settlement, scale, originChainId, deposit, record);
        if (status != DepositStatus.None && (status != DepositStatus.Expired || deposit.frontable)) {
            emit IAccountEngine.DepositIgnored(deposit.orderId);
            return;
        }
        uint8 index = _collateralIndex(s, originChainId, deposit.token);
        record.account = deposit.account;
        record.collateralIndex = index;
        if (deposit.frontable) {
            record.status = DepositStatus.Pending;
            record.amount = SafeCast.toUint96(deposit.amount);
            emit IAccountEngine.DepositPending(
                deposit.orderId, deposit.account, originChainId, deposit.token, deposit.amount
            );
            return;
        }
        record.status = DepositStatus.Credited;
        AccountLedger.credit(s, deposit.account, index, deposit.amount);
        emit IAccountEngine.DepositCredited(
            deposit.orderId, deposit.account, originChainId, deposit.token, deposit.amount
        );
        if (deposit.trade.sizeDelta != 0) _runTrade(deposit);
    }

    /// @notice The engine's immutables a fill needs.
    struct Env {
        IPriceOracle oracle;
        IERC20 settlement;
        /// @dev Wad per settlement-token unit.
        uint256 scale;
    }

    /// @notice See IAccountEngine.fillDeposit. Returns FILLED and the route the engine sends it over.
    function fill(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        mapping(uint256 => address) storage peers,
        Env memory env,
        GaslessCrossChainOrder calldata order,
        bytes calldata signature
    ) external returns (bytes memory payload, bytes32 routeId) {
        (DepositOrder memory data, bytes32 orderId) = _order(peers, order);
        if (block.timestamp > order.fillDeadline) {
            revert IAccountEngine.FillDeadlinePassed(order.fillDeadline, block.timestamp);
        }
        // ECDSA only: the origin found no code at the trader, so a delegation here must not decide.
        SignatureRule.checkEcdsa(order.user, DepositOrderLib.permit2Digest(order, data, orderId), signature);
        uint256 value = _front(s, env, order.originChainId, data, orderId);
        _tradeOnDeposit(s, routes, env.oracle, orderId, order.originChainId, data, value);
        payload = AccountMessages.filled(orderId, msg.sender, _terms(order, data));
        routeId = keccak256(bytes(data.route));
    }

    /// @dev Records the fill and returns the deposit's value: a pending DEPOSITED is credited now;
    /// otherwise the filler fronts that value in settlement tokens, the account's cash until DEPOSITED.
    function _front(
        EngineStorage storage s,
        Env memory env,
        uint256 originChainId,
        DepositOrder memory data,
        bytes32 orderId
    ) private returns (uint256 value) {
        DepositRecord storage record = s.deposits[orderId];
        DepositStatus status = record.status;
        if (status != DepositStatus.None && status != DepositStatus.Pending) {
            revert IAccountEngine.DepositNotFillable(orderId, status);
        }
        uint8 index = _collateralIndex(s, originChainId, data.token);
        value = _depositValue(s, env.oracle, index, data);
        record.filler = msg.sender;
        if (status == DepositStatus.Pending) {
            uint256 amount = record.amount;
            record.status = DepositStatus.Credited;
            record.amount = 0;
            AccountLedger.credit(s, data.account, index, amount);
            emit IAccountEngine.DepositCredited(orderId, data.account, originChainId, data.token, amount);
            emit IAccountEngine.DepositFilled(orderId, data.account, msg.sender, 0);
            return value;
        }
        uint256 front = Math.ceilDiv(value, env.scale);
        (record.account, record.collateralIndex, record.status) = (data.account, index, DepositStatus.Filled);
        record.front = SafeCast.toUint80(front);
        s.fronted[data.account] += front * env.scale;
        AccountLedger.addCash(s, data.account, SafeCast.toInt256(front * env.scale));
        env.settlement.safeTransferFrom(msg.sender, address(this), front);
        emit IAccountEngine.DepositFilled(orderId, data.account, msg.sender, front);
    }

    /// @notice See IAccountEngine.expire. Returns EXPIRED and the route the engine sends it over.
    function expire(
        EngineStorage storage s,
        mapping(uint256 => address) storage peers,
        GaslessCrossChainOrder calldata order
    ) external returns (bytes memory payload, bytes32 routeId) {
        (DepositOrder memory data, bytes32 orderId) = _order(peers, order);
        if (block.timestamp <= order.fillDeadline) {
            revert IAccountEngine.FillDeadlineNotPassed(order.fillDeadline, block.timestamp);
        }
        DepositRecord storage record = s.deposits[orderId];
        DepositStatus status = record.status;
        if (status != DepositStatus.None && status != DepositStatus.Pending) {
            revert IAccountEngine.DepositNotExpirable(orderId, status);
        }
        uint256 cancelled = record.amount;
        record.status = DepositStatus.Expired;
        record.amount = 0;
        emit IAccountEngine.DepositExpired(orderId, data.account, cancelled);
        payload = AccountMessages.expired(orderId, _terms(order, data));
        routeId = keccak256(bytes(data.route));
    }

    /// @dev The terms FILLED and EXPIRED carry back, which the vault checks against the hash it stored.
    function _terms(GaslessCrossChainOrder calldata order, DepositOrder memory data)
        private
        view
        returns (DepositTerms memory)
    {
        return DepositTerms(order.user, data.account, data.token, data.amount, block.chainid);
    }

    // ---------------------------------------------------------------- internal

    /// @dev A v2 deposit order of this engine and chain, from this engine's peer vault, with a trade.
    function _order(mapping(uint256 => address) storage peers, GaslessCrossChainOrder calldata order)
        private
        view
        returns (DepositOrder memory data, bytes32 orderId)
    {
        if (order.orderDataType != DepositOrderLib.DEPOSIT_ORDER_TYPEHASH) {
            revert IAccountEngine.NotADepositOrder(order.orderDataType, 0, address(0));
        }
        data = DepositOrderLib.decode(order.orderData);
        if (data.destinationChainId != block.chainid || data.engine != address(this)) {
            revert IAccountEngine.NotADepositOrder(order.orderDataType, data.destinationChainId, data.engine);
        }
        address vault = peers[order.originChainId];
        if (vault == address(0) || vault != order.originSettler) {
            revert IAccountEngine.UnknownOriginSettler(order.originChainId, order.originSettler);
        }
        orderId = DepositOrderLib.orderId(order, data);
        if (data.trade.sizeDelta == 0) revert IAccountEngine.NoAttachedTrade(orderId);
    }

    function _collateralIndex(EngineStorage storage s, uint256 chainId, address token)
        private
        view
        returns (uint8 index)
    {
        index = s.collateralIndex[chainId][token];
        if (index == 0) revert IAccountEngine.UnknownCollateral(chainId, token);
    }

    /// @dev What the deposit is worth whatever fee the opener charged: `amount × (1 − maxBps)` at the
    /// low side of a fresh price, less the haircut (wad).
    function _depositValue(EngineStorage storage s, IPriceOracle oracle, uint8 index, DepositOrder memory data)
        private
        view
        returns (uint256)
    {
        Collateral memory c = s.collaterals[index];
        IPriceOracle.Quote memory q = oracle.quote(c.feedId);
        uint256 maxAge = s.risk.collateralPriceAge;
        if (q.publishTime + maxAge < block.timestamp) {
            revert IAccountEngine.PriceNotFresh(c.feedId, q.publishTime, maxAge);
        }
        uint256 net = (data.amount * (BPS - data.fee.maxBps)) / BPS;
        return RiskMath.collateralValue(net, c.decimals, q.low, c.haircutBps);
    }

    /// @dev The attached trade, judged on the deposit alone (`value`), never on the rest of the account:
    /// the trader can change that by signed actions after the open, and must not be able to make an
    /// honest fill fail. The account as a whole may end below its initial margin: the trader's risk.
    function _tradeOnDeposit(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        IPriceOracle oracle,
        bytes32 orderId,
        uint256 originChainId,
        DepositOrder memory data,
        uint256 value
    ) private {
        bytes32 marketId = keccak256(bytes(data.trade.market));
        Market memory m = s.markets[marketId];
        if (m.feedId == bytes32(0)) revert IAccountEngine.UnknownMarket(marketId);
        address account = data.account;
        // A ninth market is the account's own doing: the fill stands, the trade is skipped.
        if (s.positions[account][m.index].size == 0 && s.accounts[account].markets.length() == PackedIndexList.MAX) {
            emit IAccountEngine.DepositTradeSkipped(
                orderId,
                account,
                abi.encodeWithSelector(IAccountEngine.AccountMarketsFull.selector, account, PackedIndexList.MAX)
            );
            return;
        }
        uint256 bufferBps = _bufferBps(s, routes, originChainId, m.volBpsPerSqrtHour);
        AccountTrading.Fill memory f =
            AccountTrading.execute(s, oracle, account, marketId, data.trade.sizeDelta, data.trade.limitPrice);
        _checkAlone(f, m.maxLeverageBps, data.trade, value, bufferBps);
    }

    /// @dev The buffer over the order's own origin route (where the deposit's collateral will be).
    function _bufferBps(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        uint256 originChainId,
        uint16 volBpsPerSqrtHour
    ) private view returns (uint256) {
        return AccountRisk.bufferBps(s.risk, volBpsPerSqrtHour, routes[s.originRoutes[originChainId]].messageSeconds);
    }

    /// @dev The trade's own initial margin (market leverage + buffer) and signed leverage against the
    /// deposit's value plus the trade's PnL at the conservative mark, less its fee.
    function _checkAlone(
        AccountTrading.Fill memory f,
        uint32 marketMaxLeverageBps,
        AttachedTrade memory trade,
        uint256 value,
        uint256 bufferBps
    ) private pure {
        bool isLong = trade.sizeDelta > 0;
        uint256 size = PositionMath.abs(trade.sizeDelta);
        uint256 mark = isLong ? f.quote.low : f.quote.high;
        uint256 notional = RiskMath.notional(size, mark);
        int256 equity = int256(value) + RiskMath.pnl(isLong, size, f.price, mark) - int256(f.fee);
        uint256 initial = Math.mulDiv(notional, BPS, marketMaxLeverageBps) + Math.mulDiv(notional, bufferBps, BPS);
        if (equity < int256(initial)) revert IAccountEngine.InsufficientMargin(equity, initial);
        if (equity <= 0 || notional * BPS > uint256(equity) * trade.maxLeverageBps) {
            revert IAccountEngine.LeverageAboveMax(notional, equity, trade.maxLeverageBps);
        }
    }

    /// @dev DEPOSITED after the fill: the collateral is credited, the front leaves the account's cash
    /// (a loss beyond it stays there as the account's debt, which the collateral now backs: never the
    /// pool's) and goes back to the filler.
    function _replaceFront(
        EngineStorage storage s,
        IERC20 settlement,
        uint256 scale,
        uint256 originChainId,
        Deposit memory deposit,
        DepositRecord storage record
    ) private {
        uint8 index = _collateralIndex(s, originChainId, deposit.token);
        address account = record.account;
        uint256 front = record.front;
        address filler = record.filler;
        record.status = DepositStatus.Credited;
        record.front = 0;
        AccountLedger.credit(s, account, index, deposit.amount);
        emit IAccountEngine.DepositCredited(deposit.orderId, account, originChainId, deposit.token, deposit.amount);
        if (front == 0) return;
        uint256 wad = front * scale;
        s.fronted[account] -= wad;
        AccountLedger.addCash(s, account, -SafeCast.toInt256(wad));
        // A filler the token refuses must not block the deposit's credit: its repayment is owed instead.
        if (!settlement.trySafeTransfer(filler, front)) {
            s.owed[filler] += front;
            emit IAccountEngine.PaymentOwed(filler, front);
        }
        emit IAccountEngine.FrontRepaid(deposit.orderId, filler, front);
    }

    function _runTrade(Deposit memory deposit) private {
        uint256 gasBefore = gasleft();
        try IAccountEngine(address(this)).executeDepositTrade(deposit.account, deposit.trade) {}
        catch (bytes memory reason) {
            // Starved of gas by the relayer rather than refused: revert the delivery so it is retried.
            if (gasleft() <= gasBefore / 63) revert IAccountEngine.DepositTradeOutOfGas(gasBefore);
            emit IAccountEngine.DepositTradeSkipped(deposit.orderId, deposit.account, reason);
        }
    }
}
