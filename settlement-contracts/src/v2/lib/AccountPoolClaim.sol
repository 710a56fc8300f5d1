// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {Market, MarketState} from "../base/AccountTypes.sol";

/// @title AccountPoolClaim
/// @notice What the traders owe the LP pool, net, at the oracle's mid prices: the pool's value beyond
/// its own tokens. Σ over markets of `netBasis − skew × mid` is every trader's loss less every
/// trader's gain, realised or open, plus the trading fees (MarketState.netBasis); `netCashPaid` is
/// what of that the pool already paid out in tokens (less what it was paid in), so it counts again
/// beside the tokens it no longer holds. So unrealised PnL and debts not yet settled are in the share
/// price all along, and settling a debt (tokens in, the debt's cash gone) leaves it unchanged (audit
/// attack 3).
/// @dev One oracle read per market with open interest: bounded by the 255 markets an engine may list.
library AccountPoolClaim {
    /// @notice Whether nothing has yet moved the pool's claim: no cash paid or received, no insurance,
    /// no market with open interest or a cost basis.
    function isUntouched(EngineStorage storage s) internal view returns (bool) {
        if (s.netCashPaid != 0 || s.insurance != 0) return false;
        uint8 n = s.marketCount;
        for (uint8 i = 1; i <= n && i != 0; ++i) {
            MarketState memory state = s.marketStates[s.marketIds[i]];
            if (state.skew != 0 || state.netBasis != 0) return false;
        }
        return true;
    }

    function claim(EngineStorage storage s, IPriceOracle oracle, bool fresh) external view returns (int256 value) {
        value = s.netCashPaid;
        uint8 n = s.marketCount;
        for (uint8 i = 1; i <= n && i != 0; ++i) {
            bytes32 marketId = s.marketIds[i];
            MarketState memory state = s.marketStates[marketId];
            value += state.netBasis;
            if (state.skew == 0) continue;
            Market memory m = s.markets[marketId];
            IPriceOracle.Quote memory q = oracle.quote(m.feedId);
            if (fresh && q.publishTime + m.maxTradePriceAge < block.timestamp) {
                revert IAccountEngine.PriceNotFresh(m.feedId, q.publishTime, m.maxTradePriceAge);
            }
            value -= int256(state.skew) * int256(q.mid) / 1e18;
        }
    }
}
