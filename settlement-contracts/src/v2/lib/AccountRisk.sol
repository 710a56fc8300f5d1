// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {RiskMath} from "../../lib/RiskMath.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {IMessageRoutes} from "../interfaces/IMessageRoutes.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {AccountHeader, Collateral, Health, Market, Position, RiskParams} from "../base/AccountTypes.sol";
import {PackedIndexList} from "./PackedIndexList.sol";
import {PositionMath} from "./PositionMath.sol";

/// @title AccountRisk
/// @notice An account's equity, maintenance and initial margin (DESIGN.md "Protocol v2"):
/// - equity = Σ collateral at the oracle's low side less its haircut + cash + Σ unrealised PnL at the
///   conservative mark (a long at the low side, a short at the high side);
/// - maintenance = Σ notional × (maintenance + liquidation fee + buffer);
/// - initial = Σ notional / max leverage + Σ notional × buffer;
/// with buffer = z·σ·√(T_detect + T_exec + T_message + T_seize) (RiskMath.latencyBufferBps), T_message
/// the slowest route among the origins where the account holds collateral (what a liquidation seizes).
library AccountRisk {
    using PackedIndexList for uint64;

    uint256 internal constant BPS = 10_000;
    /// @dev Distinct feeds remembered per computation; more are read again from the oracle.
    uint256 internal constant CACHE = 8;

    /// @dev Quotes already read in this computation (an account rarely uses more than a few feeds; the
    /// collateral and the market are often the same one).
    struct Prices {
        IPriceOracle oracle;
        bool fresh;
        /// @dev A market whose id the caller already knows (the one just traded): no index lookup.
        uint8 knownIndex;
        bytes32 knownMarket;
        uint256 count;
        bytes32[CACHE] feeds;
        uint256[CACHE] low;
        uint256[CACHE] high;
        uint256[CACHE] publishTime;
    }

    function prices(IPriceOracle oracle, bool fresh) internal pure returns (Prices memory p) {
        p.oracle = oracle;
        p.fresh = fresh;
    }

    /// @dev Seeds the cache with the market just traded and the quote the trade read.
    function remember(Prices memory p, uint8 index, bytes32 marketId, bytes32 feedId, IPriceOracle.Quote memory q)
        internal
        pure
    {
        (p.knownIndex, p.knownMarket) = (index, marketId);
        _store(p, feedId, q.low, q.high, q.publishTime);
    }

    /// @notice `health` for the engine's views and withdrawals, delegatecalled (kept out of its code).
    function healthOf(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        IPriceOracle oracle,
        address account,
        bool fresh
    ) external view returns (Health memory) {
        return health(s, routes, prices(oracle, fresh), account);
    }

    /// @notice The account's health. With `p.fresh`, every price must be fresh: a market's within its
    /// `maxTradePriceAge`, a collateral's within `risk.collateralPriceAge` (a withdrawal's rule).
    function health(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        Prices memory p,
        address account
    ) internal view returns (Health memory h) {
        AccountHeader memory header = s.accounts[account];
        (uint256 value, uint256 messageSeconds) = _collateral(s, routes, p, account, header.collaterals);
        h.equity = int256(value) + header.cash;
        RiskParams memory risk = s.risk;
        uint256 latency = uint256(risk.detectSeconds) + risk.execSeconds + messageSeconds + risk.seizeSeconds;
        uint256 n = header.markets.length();
        for (uint256 i; i < n; ++i) {
            _addPosition(s, p, h, account, header.markets.at(i), risk.zX100, latency);
        }
    }

    /// @notice The buffer (bps of notional) on `market` for an account whose slowest origin route takes
    /// `messageSeconds`.
    function bufferBps(RiskParams memory risk, uint16 volBpsPerSqrtHour, uint256 messageSeconds)
        internal
        pure
        returns (uint256)
    {
        uint256 latency = uint256(risk.detectSeconds) + risk.execSeconds + messageSeconds + risk.seizeSeconds;
        return RiskMath.latencyBufferBps(risk.zX100, volBpsPerSqrtHour, latency);
    }

    /// @notice T_message of the slowest route among the origins of `account`'s collateral.
    function slowestRoute(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        address account
    ) internal view returns (uint256 messageSeconds) {
        uint64 list = s.accounts[account].collaterals;
        uint256 n = list.length();
        for (uint256 i; i < n; ++i) {
            messageSeconds = Math.max(messageSeconds, _routeSeconds(s, routes, s.collaterals[list.at(i)].chainId));
        }
    }

    function _collateral(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        Prices memory p,
        address account,
        uint64 list
    ) private view returns (uint256 value, uint256 messageSeconds) {
        uint256 n = list.length();
        uint256 maxAge = p.fresh ? s.risk.collateralPriceAge : 0;
        for (uint256 i; i < n; ++i) {
            uint8 index = list.at(i);
            Collateral memory c = s.collaterals[index];
            (uint256 low,) = _quote(p, c.feedId, maxAge);
            value += RiskMath.collateralValue(s.ledger[account][index], c.decimals, low, c.haircutBps);
            messageSeconds = Math.max(messageSeconds, _routeSeconds(s, routes, c.chainId));
        }
    }

    function _addPosition(
        EngineStorage storage s,
        Prices memory p,
        Health memory h,
        address account,
        uint8 index,
        uint16 zX100,
        uint256 latency
    ) private view {
        Market memory m = s.markets[index == p.knownIndex ? p.knownMarket : s.marketIds[index]];
        Position memory position = s.positions[account][index];
        (uint256 low, uint256 high) = _quote(p, m.feedId, p.fresh ? m.maxTradePriceAge : 0);
        bool isLong = position.size > 0;
        uint256 size = PositionMath.abs(position.size);
        uint256 mark = isLong ? low : high;
        h.equity += RiskMath.pnl(isLong, size, position.entryPrice, mark);
        uint256 notional = RiskMath.notional(size, mark);
        uint256 buffer = RiskMath.latencyBufferBps(zX100, m.volBpsPerSqrtHour, latency);
        h.notional += notional;
        h.maintenance += Math.mulDiv(notional, uint256(m.maintenanceBps) + m.liquidationFeeBps + buffer, BPS);
        h.initial += Math.mulDiv(notional, BPS, m.maxLeverageBps) + Math.mulDiv(notional, buffer, BPS);
    }

    function _routeSeconds(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        uint256 chainId
    ) private view returns (uint256) {
        return routes[s.originRoutes[chainId]].messageSeconds;
    }

    /// @dev (low, high) of `feedId`, from the cache or the oracle; `maxAge` 0 skips the freshness check.
    function quote(Prices memory p, bytes32 feedId, uint256 maxAge) internal view returns (uint256, uint256) {
        return _quote(p, feedId, maxAge);
    }

    function _quote(Prices memory p, bytes32 feedId, uint256 maxAge) private view returns (uint256, uint256) {
        uint256 i;
        while (i < p.count && p.feeds[i] != feedId) ++i;
        if (i < p.count) {
            _checkAge(feedId, p.publishTime[i], maxAge);
            return (p.low[i], p.high[i]);
        }
        IPriceOracle.Quote memory q = p.oracle.quote(feedId);
        if (p.count < CACHE) _store(p, feedId, q.low, q.high, q.publishTime);
        _checkAge(feedId, q.publishTime, maxAge);
        return (q.low, q.high);
    }

    function _checkAge(bytes32 feedId, uint256 publishTime, uint256 maxAge) private view {
        if (maxAge != 0 && publishTime + maxAge < block.timestamp) {
            revert IAccountEngine.PriceNotFresh(feedId, publishTime, maxAge);
        }
    }

    function _store(Prices memory p, bytes32 feedId, uint256 low, uint256 high, uint256 publishTime) private pure {
        uint256 i = p.count++;
        p.feeds[i] = feedId;
        p.low[i] = low;
        p.high[i] = high;
        p.publishTime[i] = publishTime;
    }
}
