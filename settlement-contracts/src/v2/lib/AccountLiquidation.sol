// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {RiskMath} from "../../lib/RiskMath.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {IMessageRoutes} from "../interfaces/IMessageRoutes.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {Health, Market, Position} from "../base/AccountTypes.sol";
import {AccountDebt} from "./AccountDebt.sol";
import {AccountLedger} from "./AccountLedger.sol";
import {AccountRisk} from "./AccountRisk.sol";
import {AccountTrading} from "./AccountTrading.sol";
import {PositionMath} from "./PositionMath.sol";

/// @title AccountLiquidation
/// @notice Account-level, partial-first liquidation (DESIGN.md "Protocol v2"). An account whose equity
/// is below its maintenance (Σ notional × (rate + liquidation fee + latency buffer), the buffer over
/// the slowest route among the origins whose collateral a keeper would seize) at fresh prices may have
/// any of its positions closed by anyone at the conservative mark (a long at the oracle's low side, a
/// short at the high side): half of it when the account is then back above maintenance with a 5%
/// margin, all of it otherwise. Realised PnL goes to the account's cash (a loss becomes its debt,
/// backed by its collateral until a keeper settles it: AccountDebt); the liquidation fee is charged on
/// the notional closed, `liquidatorShareBps` of it to the keeper's cash and the rest to the insurance
/// fund.
/// @dev Each call closes one position: a keeper picks the market (the biggest, usually) and calls again
/// while the account stays below maintenance.
library AccountLiquidation {
    uint256 internal constant BPS = 10_000;

    struct Closing {
        bool isLong;
        uint256 mid;
        uint256 mark;
        uint256 closeSize;
        uint256 fee;
        uint256 reward;
    }

    function liquidate(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        IPriceOracle oracle,
        address account,
        bytes32 marketId
    ) external {
        (Closing memory c, uint8 index) = _plan(s, routes, oracle, account, marketId);
        PositionMath.Change memory change = AccountTrading.applyFill(
            s,
            account,
            marketId,
            index,
            s.marketStates[marketId],
            c.isLong ? -int256(c.closeSize) : int256(c.closeSize),
            c.mark,
            0
        );
        // The fee comes out of the account's cash (a debt if the cash is short), to the keeper and the fund.
        AccountLedger.moveCash(s, account, msg.sender, c.reward);
        AccountLedger.addCash(s, account, -int256(c.fee - c.reward));
        s.insurance += c.fee - c.reward;
        emit IAccountEngine.Liquidated(
            account, marketId, msg.sender, change.size, c.closeSize, c.mark, change.realisedPnl, c.fee, c.reward
        );
        // An account with nothing left to seize (it traded on cash or a settled front) ends here: its
        // debt is written off now, not whenever someone thinks to call coverBadDebt.
        AccountDebt.writeOffIfUnbacked(s, account);
    }

    /// @dev The checks (a position, the account below maintenance at fresh prices) and the closing.
    function _plan(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        IPriceOracle oracle,
        address account,
        bytes32 marketId
    ) private view returns (Closing memory c, uint8 index) {
        Market memory m = s.markets[marketId];
        if (m.feedId == bytes32(0)) revert IAccountEngine.UnknownMarket(marketId);
        index = m.index;
        Position memory p = s.positions[account][index];
        if (p.size == 0) revert IAccountEngine.NoPosition(account, marketId);
        AccountRisk.Prices memory prices = AccountRisk.prices(oracle, true);
        Health memory h = AccountRisk.health(s, routes, prices, account);
        if (h.equity >= int256(h.maintenance)) revert IAccountEngine.AccountHealthy(account, h.equity, h.maintenance);
        uint256 messageSeconds = AccountRisk.slowestRoute(s, routes, account);
        c = _closing(s, prices, m, p, h, messageSeconds);
        _withSkew(c, m, s.marketStates[marketId].skew, s.risk.liquidatorShareBps);
    }

    /// @dev A liquidation closes at the worse of the conservative mark and the skew-adjusted price a
    /// trade of that size would get: otherwise a trader on the side the skew pays would rather be
    /// liquidated than close, and keep the premium the pool paid it at the open.
    function _withSkew(Closing memory c, Market memory m, int256 skew, uint16 liquidatorShareBps) private pure {
        int256 delta = c.isLong ? -int256(c.closeSize) : int256(c.closeSize);
        uint256 fill = RiskMath.fillPrice(c.mid, skew, delta, m.skewScale);
        if (c.isLong ? fill >= c.mark : fill <= c.mark) return;
        c.mark = fill;
        c.fee = _fee(c.closeSize, fill, m.liquidationFeeBps);
        c.reward = Math.mulDiv(c.fee, liquidatorShareBps, BPS);
    }

    /// @dev How much to close, at which mark, and the fee: half when the half left, with half the fee
    /// paid, brings the account back above maintenance by 5%; otherwise the whole position.
    function _closing(
        EngineStorage storage s,
        AccountRisk.Prices memory prices,
        Market memory m,
        Position memory p,
        Health memory h,
        uint256 messageSeconds
    ) private view returns (Closing memory c) {
        c.isLong = p.size > 0;
        (uint256 low, uint256 high) = AccountRisk.quote(prices, m.feedId, m.maxTradePriceAge);
        c.mark = c.isLong ? low : high;
        c.mid = (low + high) / 2;
        uint256 size = PositionMath.abs(p.size);
        uint256 half = size / 2;
        bool partial_ = half != 0 && h.equity > 0 && _halfSuffices(s, h, half, c.mark, m, messageSeconds);
        c.closeSize = partial_ ? half : size;
        c.fee = _fee(c.closeSize, c.mark, m.liquidationFeeBps);
        c.reward = Math.mulDiv(c.fee, s.risk.liquidatorShareBps, BPS);
    }

    /// @dev Whether, after closing `half` at `mark` and paying its fee, equity ≥ 105% of the maintenance left.
    function _halfSuffices(
        EngineStorage storage s,
        Health memory h,
        uint256 half,
        uint256 mark,
        Market memory m,
        uint256 messageSeconds
    ) private view returns (bool) {
        uint256 buffer = AccountRisk.bufferBps(s.risk, m.volBpsPerSqrtHour, messageSeconds);
        uint256 halfMaintenance =
            Math.mulDiv(RiskMath.notional(half, mark), uint256(m.maintenanceBps) + m.liquidationFeeBps + buffer, BPS);
        uint256 left = h.maintenance - Math.min(h.maintenance, halfMaintenance);
        return uint256(h.equity) >= _fee(half, mark, m.liquidationFeeBps) + left + left / 20;
    }

    function _fee(uint256 size, uint256 mark, uint16 feeBps) private pure returns (uint256) {
        return Math.mulDiv(RiskMath.notional(size, mark), feeBps, BPS, Math.Rounding.Ceil);
    }
}
