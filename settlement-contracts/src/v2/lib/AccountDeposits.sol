// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {EngineStorage} from "../base/AccountStorage.sol";
import {DepositRecord, DepositStatus} from "../base/AccountTypes.sol";
import {AccountLedger} from "./AccountLedger.sol";
import {AccountMessages, Deposit} from "./AccountMessages.sol";

/// @title AccountDeposits
/// @notice What a DEPOSITED does once MessageRoutes accepted it: one record per orderId (a second
/// DEPOSITED of the same order, whatever its bytes, is ignored), the ledger credited, and the trade
/// that rode a non-frontable deposit run in a call of its own so that nothing it does can make the
/// delivery revert. A frontable deposit's credit is kept pending per orderId, outside equity, until
/// `fillDeposit` (which repays the front with it) or `expire` (which cancels it) exist.
/// @dev External (delegatecalled by the engine), to keep the engine's code under EIP-170.
library AccountDeposits {
    /// @dev DEPOSITED is one kind byte then a static tuple of 32-byte words; the routeId is word 5.
    uint256 internal constant ROUTE_ID_OFFSET = 1 + 5 * 32;

    /// @notice The route the trader signed, read before anything is accepted or consumed.
    function routeOf(bytes calldata payload) internal pure returns (bytes32 routeId) {
        uint8 kind = AccountMessages.kindOf(payload);
        if (kind != AccountMessages.DEPOSITED) revert AccountMessages.UnknownKind(kind);
        return abi.decode(payload[ROUTE_ID_OFFSET:ROUTE_ID_OFFSET + 32], (bytes32));
    }

    function onDeposited(EngineStorage storage s, uint256 originChainId, bytes calldata payload) external {
        Deposit memory deposit = AccountMessages.decodeDeposited(payload);
        DepositRecord storage record = s.deposits[deposit.orderId];
        if (record.status != DepositStatus.None) {
            emit IAccountEngine.DepositIgnored(deposit.orderId);
            return;
        }
        uint8 index = s.collateralIndex[originChainId][deposit.token];
        if (index == 0) revert IAccountEngine.UnknownCollateral(originChainId, deposit.token);
        record.account = deposit.account;
        record.collateralIndex = index;
        if (deposit.frontable) {
            record.status = DepositStatus.Pending;
            record.amount = SafeCast.toUint128(deposit.amount);
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
