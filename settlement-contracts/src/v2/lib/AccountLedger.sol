// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {AccountHeader} from "../base/AccountTypes.sol";
import {PackedIndexList} from "./PackedIndexList.sol";

/// @title AccountLedger
/// @notice An account's collateral per (origin chain, token) and its signed cash. A collateral joins
/// the account's packed list with its first credit and leaves it with its last debit, so the risk
/// maths iterates over what the account holds, never over every collateral the engine accepts.
library AccountLedger {
    using PackedIndexList for uint64;
    using SafeCast for int256;

    function credit(EngineStorage storage s, address account, uint8 index, uint256 amount) internal {
        // Nothing to hold: a zero credit must not take one of the account's eight collateral entries.
        if (amount == 0) return;
        AccountHeader storage header = s.accounts[account];
        uint64 list = header.collaterals;
        if (!list.contains(index)) {
            if (list.length() == PackedIndexList.MAX) {
                revert IAccountEngine.AccountCollateralsFull(account, PackedIndexList.MAX);
            }
            header.collaterals = list.add(index);
        }
        s.ledger[account][index] += amount;
    }

    function debit(EngineStorage storage s, address account, uint8 index, uint256 amount) internal {
        uint256 held = s.ledger[account][index];
        if (amount > held) {
            (address token, uint256 chainId) = (s.collaterals[index].token, s.collaterals[index].chainId);
            revert IAccountEngine.InsufficientCollateral(account, chainId, token, held, amount);
        }
        s.ledger[account][index] = held - amount;
        if (held == amount) {
            AccountHeader storage header = s.accounts[account];
            header.collaterals = header.collaterals.remove(index);
        }
    }

    /// @dev Cash less the outstanding fronts (wad): a front is credit to trade on, never to withdraw or
    /// to pay with; negative is the account's debt.
    function freeCash(EngineStorage storage s, address account) internal view returns (int256) {
        return int256(s.accounts[account].cash) - int256(s.fronted[account]);
    }

    /// @dev Pays `amount` (wad) of the account's cash out of the pool.
    function payCash(EngineStorage storage s, address account, uint256 amount) internal {
        AccountHeader storage header = s.accounts[account];
        header.cash = (int256(header.cash) - SafeCast.toInt256(amount)).toInt128();
        s.netCashPaid += SafeCast.toInt256(amount);
    }

    /// @dev Adds `amount` (wad, signed) to the account's cash: a front stands in for collateral in flight.
    function addCash(EngineStorage storage s, address account, int256 amount) internal {
        AccountHeader storage header = s.accounts[account];
        header.cash = (int256(header.cash) + amount).toInt128();
    }

    /// @dev Moves `amount` (wad) of cash from `from` to `to`; the total does not change.
    function moveCash(EngineStorage storage s, address from, address to, uint256 amount) internal {
        int256 value = SafeCast.toInt256(amount);
        AccountHeader storage payer = s.accounts[from];
        payer.cash = (int256(payer.cash) - value).toInt128();
        AccountHeader storage payee = s.accounts[to];
        payee.cash = (int256(payee.cash) + value).toInt128();
    }
}
