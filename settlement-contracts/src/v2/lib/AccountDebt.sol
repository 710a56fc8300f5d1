// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IPriceOracle} from "../../interfaces/IPriceOracle.sol";
import {RiskMath} from "../../lib/RiskMath.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {IMessageRoutes} from "../interfaces/IMessageRoutes.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {AccountHeader, Collateral, Health} from "../base/AccountTypes.sol";
import {AccountLedger} from "./AccountLedger.sol";
import {AccountRisk} from "./AccountRisk.sol";

/// @title AccountDebt
/// @notice Debts and the waterfall behind them (DESIGN.md "Protocol v2"). An account's debt is its
/// negative free cash (cash less outstanding fronts). A keeper settles it by paying the debt in
/// settlement tokens to the pool and choosing which origin's collateral SEIZE takes: the debt plus
/// `keeperBonusBps` at the collateral's fresh low price, as far as that collateral goes (then the part
/// of the debt it covers). A healthy account's debt with positions open is margin it may carry: a
/// keeper may settle only an account below maintenance (for the bonus) or one without positions (for
/// no bonus while it is solvent). What no collateral
/// can cover — no positions, no collateral, no front outstanding, cash still negative — is bad debt:
/// the insurance fund covers it first, then the pool (its LPs), as a loss in the pool's value.
/// @dev Money in wad USD unless named; tokens move only here and in the engine.
library AccountDebt {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    uint256 internal constant BPS = 10_000;

    struct Env {
        IPriceOracle oracle;
        IERC20 settlement;
        uint256 scale;
        address pool;
    }

    /// @notice Settles the account's debt against (chainId, token) collateral; returns the SEIZE id and
    /// the collateral seized (token units) for the engine to send to that origin.
    function settle(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        Env memory env,
        address account,
        uint256 chainId,
        address token
    ) external returns (bytes32 seizeId, uint256 seized) {
        uint256 debt = debtOf(s, account);
        if (debt == 0) revert IAccountEngine.NoDebt(account);
        uint8 index = s.collateralIndex[chainId][token];
        uint256 held = index == 0 ? 0 : s.ledger[account][index];
        if (held == 0) revert IAccountEngine.InsufficientCollateral(account, chainId, token, 0, 1);
        uint256 covered;
        (seized, covered) = _seizure(s, routes, env.oracle, account, index, debt, held);
        uint256 paid = Math.ceilDiv(covered, env.scale);
        if (paid != 0) env.settlement.safeTransferFrom(msg.sender, env.pool, paid);
        _payIn(s, account, paid * env.scale);
        AccountLedger.debit(s, account, index, seized);
        seizeId = keccak256(abi.encode(block.chainid, address(this), ++s.withdrawalCount));
        emit IAccountEngine.DebtSettled(account, msg.sender, seizeId, chainId, token, seized, paid);
        writeOffIfUnbacked(s, account);
    }

    /// @notice Covers what is left of the account's debt once nothing backs it (isBadDebt).
    function coverBadDebt(EngineStorage storage s, address account) external {
        if (!isBadDebt(s, account)) revert IAccountEngine.NotBadDebt(account);
        _coverBadDebt(s, account);
    }

    /// @notice Covers the account's debt if nothing backs it any more: how a liquidation or a settlement
    /// that took the last backing ends.
    function writeOffIfUnbacked(EngineStorage storage s, address account) internal {
        if (isBadDebt(s, account)) _coverBadDebt(s, account);
    }

    /// @notice Adds `amount` settlement-token units from the caller to the insurance fund (held by the pool).
    function fundInsurance(EngineStorage storage s, Env memory env, uint256 amount) external {
        if (amount == 0) revert IAccountEngine.ZeroAmount();
        env.settlement.safeTransferFrom(msg.sender, env.pool, amount);
        s.insurance += amount * env.scale;
        s.netCashPaid -= (amount * env.scale).toInt256();
        emit IAccountEngine.InsuranceFunded(msg.sender, amount);
    }

    /// @notice The account's debt (wad): its negative free cash, 0 when it owes nothing.
    function debtOf(EngineStorage storage s, address account) internal view returns (uint256) {
        int256 free = AccountLedger.freeCash(s, account);
        return free < 0 ? uint256(-free) : 0;
    }

    /// @notice A debt nothing backs: no positions, no collateral, no front still to be replaced by a deposit.
    function isBadDebt(EngineStorage storage s, address account) internal view returns (bool) {
        AccountHeader memory header = s.accounts[account];
        return header.cash < 0 && header.markets == 0 && header.collaterals == 0 && s.fronted[account] == 0;
    }

    /// @dev A keeper may settle the debt of an account below maintenance at fresh prices, for the
    /// bonus, or of an account without positions, for none when it is solvent (equity ≥ 0): closing at
    /// a loss must not hand a keeper 5% of the loss. A healthy account with positions carries its debt
    /// as margin.
    function _bonusBps(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        AccountRisk.Prices memory prices,
        address account
    ) private view returns (uint256) {
        Health memory h = AccountRisk.health(s, routes, prices, account);
        if (h.equity < int256(h.maintenance)) return s.risk.keeperBonusBps;
        if (s.accounts[account].markets != 0) revert IAccountEngine.AccountHealthy(account, h.equity, h.maintenance);
        return 0;
    }

    /// @dev Collateral worth the debt plus the bonus at its fresh low price, as far as `held` goes, and
    /// the part of the debt that much covers: all of it when the collateral is worth the debt (the
    /// bonus is then what is left over, never taken ahead of the debt), else its value less the bonus.
    function _seizure(
        EngineStorage storage s,
        mapping(bytes32 => IMessageRoutes.Route) storage routes,
        IPriceOracle oracle,
        address account,
        uint8 index,
        uint256 debt,
        uint256 held
    ) private view returns (uint256 seized, uint256 covered) {
        AccountRisk.Prices memory prices = AccountRisk.prices(oracle, true);
        uint256 bonusBps = _bonusBps(s, routes, prices, account);
        Collateral memory c = s.collaterals[index];
        (uint256 low,) = AccountRisk.quote(prices, c.feedId, s.risk.collateralPriceAge);
        uint256 wanted = RiskMath.collateralFor(Math.mulDiv(debt, BPS + bonusBps, BPS), c.decimals, low);
        if (wanted <= held) return (wanted, debt);
        seized = held;
        uint256 value = RiskMath.collateralValue(held, c.decimals, low, 0);
        covered = value >= debt ? debt : Math.mulDiv(value, BPS, BPS + bonusBps);
    }

    /// @dev Tokens paid into the pool for the account: its cash rises, and the pool holds them itself.
    function _payIn(EngineStorage storage s, address account, uint256 amount) private {
        AccountLedger.addCash(s, account, amount.toInt256());
        s.netCashPaid -= amount.toInt256();
    }

    /// @dev The insurance fund gives up its claim first; the pool takes the rest as a loss: the debt
    /// left its claim on the traders (netBasis counted it as the pool's), as if it had been paid in.
    function _coverBadDebt(EngineStorage storage s, address account) private {
        uint256 debt = uint256(-int256(s.accounts[account].cash));
        uint256 fromInsurance = Math.min(debt, s.insurance);
        s.insurance -= fromInsurance;
        uint256 fromPool = debt - fromInsurance;
        s.netCashPaid -= fromPool.toInt256();
        AccountLedger.addCash(s, account, debt.toInt256());
        emit IAccountEngine.BadDebtCovered(account, fromInsurance, fromPool);
    }
}
