// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {RiskMath} from "../../lib/RiskMath.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {IMessageRoutes} from "../interfaces/IMessageRoutes.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {AccountHeader, Health, Market, MarketState, Position} from "../base/AccountTypes.sol";
import {AccountLedger} from "./AccountLedger.sol";
import {AccountRisk} from "./AccountRisk.sol";
import {PackedIndexList} from "./PackedIndexList.sol";
import {PositionMath} from "./PositionMath.sol";

/// @title AccountTrading
/// @notice A trade's effect on storage: a fresh price with skew impact against the limit, the position
/// (net size, average entry), the market's skew and cost basis, and the account's cash: realised PnL
/// less the trading fee. One signed cash balance nets a profit against a debt by construction (audit
/// attack 6): nothing is paid out by a trade. A trade that adds risk then passes the margin checks.
/// @dev `trade` is external (the engine delegatecalls it), so the engine's code stays under EIP-170.
library AccountTrading {
    using PackedIndexList for uint64;
    using SafeCast for int256;
    using SafeCast for uint256;

    uint256 internal constant BPS = 10_000;

    struct Fill {
        uint8 index;
        bytes32 feedId;
        IPriceOracle.Quote quote;
        uint256 price;
        uint256 fee;
        bool addsRisk;
    }

    /// @notice Applies the trade; if it adds risk, equity must cover the initial margin + buffer and
    /// Σ notional / equity must not exceed `maxLeverageBps`. With `paidRelayer` (a relayer fee left the
    /// account before the trade, like a withdrawal of cash), a reducing trade must cover the initial
    /// margin too unless the account's own free cash paid the fee.
    function trade(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        IPriceOracle oracle,
        address account,
        bytes32 marketId,
        int256 sizeDelta,
        uint256 limitPrice,
        uint32 maxLeverageBps,
        bool paidRelayer
    ) external {
        Fill memory fill = execute(s, oracle, account, marketId, sizeDelta, limitPrice);
        if (!fill.addsRisk && !(paidRelayer && AccountLedger.freeCash(s, account) < 0)) return;
        AccountRisk.Prices memory prices = AccountRisk.prices(oracle, false);
        AccountRisk.remember(prices, fill.index, marketId, fill.feedId, fill.quote);
        Health memory h = AccountRisk.health(s, routes, prices, account);
        if (h.equity < int256(h.initial)) revert IAccountEngine.InsufficientMargin(h.equity, h.initial);
        if (!fill.addsRisk) return;
        if (h.equity <= 0 || h.notional * BPS > uint256(h.equity) * maxLeverageBps) {
            revert IAccountEngine.LeverageAboveMax(h.notional, h.equity, maxLeverageBps);
        }
    }

    function execute(
        EngineStorage storage s,
        IPriceOracle oracle,
        address account,
        bytes32 marketId,
        int256 sizeDelta,
        uint256 limitPrice
    ) internal returns (Fill memory f) {
        if (sizeDelta == 0) revert IAccountEngine.ZeroSize();
        Market memory m = s.markets[marketId];
        if (m.feedId == bytes32(0)) revert IAccountEngine.UnknownMarket(marketId);
        (f.index, f.feedId) = (m.index, m.feedId);
        f.quote = oracle.quote(m.feedId);
        if (f.quote.publishTime + m.maxTradePriceAge < block.timestamp) {
            revert IAccountEngine.PriceNotFresh(m.feedId, f.quote.publishTime, m.maxTradePriceAge);
        }
        MarketState memory state = s.marketStates[marketId];
        f.price = RiskMath.fillPrice(f.quote.mid, state.skew, sizeDelta, m.skewScale);
        if (sizeDelta > 0 ? f.price > limitPrice : f.price < limitPrice) {
            revert IAccountEngine.PriceBeyondLimit(f.price, limitPrice, sizeDelta > 0);
        }
        f.fee = Math.mulDiv(
            RiskMath.notional(PositionMath.abs(sizeDelta), f.price), m.tradingFeeBps, BPS, Math.Rounding.Ceil
        );

        PositionMath.Change memory c = applyFill(s, account, marketId, m.index, state, sizeDelta, f.price, f.fee);
        f.addsRisk = c.addsRisk;
        emit IAccountEngine.Traded(account, marketId, sizeDelta, f.price, c.size, c.entryPrice, c.realisedPnl, f.fee);
    }

    /// @notice Moves the position by `sizeDelta` at `price`: the net size and average entry, the
    /// market's skew and cost basis, and the account's cash (realised PnL less `poolFee`, which the
    /// pool earns). Shared by trades and liquidations (whose fee is not the pool's: poolFee 0).
    function applyFill(
        EngineStorage storage s,
        address account,
        bytes32 marketId,
        uint8 index,
        MarketState memory state,
        int256 sizeDelta,
        uint256 price,
        uint256 poolFee
    ) internal returns (PositionMath.Change memory c) {
        Position memory before = s.positions[account][index];
        c = PositionMath.afterTrade(before.size, before.entryPrice, sizeDelta, price);
        int256 cashDelta = c.realisedPnl - poolFee.toInt256();
        s.positions[account][index] = Position(c.size.toInt128(), c.entryPrice.toUint128());
        s.marketStates[marketId] = MarketState({
            skew: (int256(state.skew) + sizeDelta).toInt128(),
            netBasis: (int256(state.netBasis) + PositionMath.basis(c.size, c.entryPrice)
                    - PositionMath.basis(before.size, before.entryPrice) - cashDelta)
            .toInt128()
        });
        _updateAccount(s, account, index, before.size, c.size, cashDelta);
    }

    /// @dev One write of the header: cash, and the market list when the position opens or closes.
    function _updateAccount(
        EngineStorage storage s,
        address account,
        uint8 index,
        int256 sizeBefore,
        int256 sizeAfter,
        int256 cashDelta
    ) private {
        AccountHeader memory header = s.accounts[account];
        header.cash = (int256(header.cash) + cashDelta).toInt128();
        if (sizeBefore == 0) {
            if (header.markets.length() == PackedIndexList.MAX) {
                revert IAccountEngine.AccountMarketsFull(account, PackedIndexList.MAX);
            }
            header.markets = header.markets.add(index);
        } else if (sizeAfter == 0) {
            header.markets = header.markets.remove(index);
        }
        s.accounts[account] = header;
    }
}
